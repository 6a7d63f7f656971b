package publish

import (
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/afero"
)

// WholeFiles wraps fsys so that a file created through it (Create, or OpenFile to
// truncate) appears under its name only once it is closed, whole: it is written to a
// temporary file beside it and renamed over the name. A reader of the directory — the
// preview's server, while Hugo renders into the directory it serves — gets the old file
// or the new one, never half of one.
func WholeFiles(fsys afero.Fs) afero.Fs { return wholeFs{fsys} }

var osFiles = WholeFiles(afero.NewOsFs())

// Create creates name on the operating system's files as WholeFiles does.
func Create(name string) (afero.File, error) { return osFiles.Create(name) }

// WriteFile writes data to name, readable by all (0644), as WholeFiles does.
func WriteFile(name string, data []byte) error {
	return WriteWith(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteWith writes to name, as WholeFiles does, what write writes; nothing when
// write fails.
func WriteWith(name string, write func(io.Writer) error) error {
	f, err := Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.(*wholeFile).abandon()
		return err
	}
	return f.Close()
}

type wholeFs struct{ afero.Fs }

func (w wholeFs) Create(name string) (afero.File, error) {
	f, err := afero.TempFile(w.Fs, filepath.Dir(name), "."+filepath.Base(name)+".part-")
	if err != nil {
		// The error of the file's own name, as Create would give: callers such as
		// Hugo check it to make the directory first.
		return nil, &os.PathError{Op: "open", Path: name, Err: underlying(err)}
	}
	return &wholeFile{File: f, fs: w.Fs, name: name}, nil
}

func (w wholeFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 && flag&os.O_TRUNC != 0 && flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		return w.Create(name)
	}
	return w.Fs.OpenFile(name, flag, perm)
}

func underlying(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// wholeFile is a temporary file that takes its name when closed.
type wholeFile struct {
	afero.File
	fs   afero.Fs
	name string
}

func (f *wholeFile) Name() string { return f.name }

func (f *wholeFile) Close() error {
	tmp := f.File.Name()
	if err := f.File.Close(); err != nil {
		f.fs.Remove(tmp)
		return &os.PathError{Op: "write", Path: f.name, Err: underlying(err)}
	}
	if err := f.fs.Chmod(tmp, 0o644); err != nil { // TempFile makes it 0600
		f.fs.Remove(tmp)
		return err
	}
	if err := f.fs.Rename(tmp, f.name); err != nil {
		f.fs.Remove(tmp)
		return err
	}
	return nil
}

// abandon removes the temporary file without giving it its name.
func (f *wholeFile) abandon() {
	f.File.Close()
	f.fs.Remove(f.File.Name())
}
