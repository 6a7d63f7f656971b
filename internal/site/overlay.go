package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"
	"github.com/spf13/afero/mem"

	"xxgk/internal/record"
)

// derivedKeys is the number of front-matter lines derive adds to each document.
// Hugo reports content positions in the rewritten file; subtracting this gives the
// line in the file the clerk wrote.
const derivedKeys = 5

// derive returns the front-matter lines xxgk adds to a document before Hugo reads it:
// the stable URL and the taxonomy terms, computed from the validated record rather
// than left to the file's location or to hand-written copies of the same facts.
func derive(r *record.Record) []byte {
	var b bytes.Buffer
	enc := toml.NewEncoder(&b)
	// One key per Encode call keeps the order fixed and each key on one line.
	for _, kv := range []struct {
		k string
		v any
	}{
		{"url", r.URL()},
		{"publishers", []string{r.Publisher}},
		{"categories", record.CategoryAncestry(r.Category)},
		{"genres", []string{r.Genre}},
		{"years", []string{strconv.Itoa(r.Date.Year())}},
	} {
		if err := enc.Encode(map[string]any{kv.k: kv.v}); err != nil {
			panic(err) // strings and string slices always encode
		}
	}
	return b.Bytes()
}

// rewrite inserts the derived keys right after the opening +++, where they are
// top-level keys whatever tables the clerk's front matter ends with.
func rewrite(src []byte, r *record.Record) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	out := make([]byte, 0, len(src)+256)
	out = append(out, first...)
	out = append(out, '\n')
	out = append(out, derive(r)...)
	return append(out, rest...)
}

// sourceFS is the file system Hugo reads the site from: the real directory, with
// every document replaced by its rewritten form held in memory. The files on disk
// are never written.
func sourceFS(dir string, set *record.Set) (afero.Fs, error) {
	o := &overlayFs{Fs: afero.NewOsFs(), files: make(map[string]*mem.FileData, len(set.Records))}
	for _, r := range set.Records {
		path := filepath.Join(dir, filepath.FromSlash(r.Path))
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: 无法读取：%w", r.Path, err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		fd := mem.CreateFile(path)
		h := mem.NewFileHandle(fd)
		if _, err := h.Write(rewrite(src, r)); err != nil {
			return nil, err
		}
		mem.SetModTime(fd, fi.ModTime())
		o.files[path] = fd
	}
	return o, nil
}

// overlayFs serves some files from memory and everything else from the base file system.
// Directory listings come from the base: every replaced file exists there too.
type overlayFs struct {
	afero.Fs
	files map[string]*mem.FileData
}

func (o *overlayFs) Open(name string) (afero.File, error) {
	if fd, ok := o.files[filepath.Clean(name)]; ok {
		return mem.NewReadOnlyFileHandle(fd), nil
	}
	return o.Fs.Open(name)
}

func (o *overlayFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if _, ok := o.files[filepath.Clean(name)]; ok && flag == os.O_RDONLY {
		return o.Open(name)
	}
	return o.Fs.OpenFile(name, flag, perm)
}

func (o *overlayFs) Stat(name string) (os.FileInfo, error) {
	if fd, ok := o.files[filepath.Clean(name)]; ok {
		return mem.GetFileInfo(fd), nil
	}
	return o.Fs.Stat(name)
}

// LstatIfPossible keeps Hugo, which prefers Lstat, from seeing the files on disk.
func (o *overlayFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if fd, ok := o.files[filepath.Clean(name)]; ok {
		return mem.GetFileInfo(fd), true, nil
	}
	if l, ok := o.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := o.Fs.Stat(name)
	return fi, false, err
}

// ExportHugoSource writes into out a copy of the site in src as Hugo reads it during
// xxgk build: every document carries its derived keys. The plain hugo command run on
// out renders the same pages, which is how bench/ measures what xxgk adds to Hugo.
func ExportHugoSource(src, out string) error {
	set, err := record.Load(src)
	if err != nil {
		return err
	}
	if set.HasErrors() {
		return &CheckError{Problems: set.Problems}
	}
	for _, dir := range []string{"config.toml", "layouts", "static", "data", "content"} {
		from := filepath.Join(src, dir)
		err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			target := filepath.Join(out, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if r := set.ByPath(filepath.ToSlash(rel)); r != nil {
				b = rewrite(b, r)
			}
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
