package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
)

// TestWholeFiles: until Close, the name holds the old content; after it, the new one,
// with the usual permissions and no temporary file left.
func TestWholeFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "index.html")
	writeFile(t, name, "old")
	f, err := Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new, ")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "old" {
		t.Errorf("while written the file reads %q, want the old content", got)
	}
	if _, err := f.Write([]byte("whole")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "new, whole" {
		t.Errorf("after Close: %q", got)
	}
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", fi.Mode(), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("left in the directory: %v (%v)", entries, err)
	}

	// A missing directory is reported as Create reports it, so Hugo makes it and retries.
	_, err = WholeFiles(afero.NewOsFs()).Create(filepath.Join(dir, "a", "b.html"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("in a missing directory: %v, want ErrNotExist", err)
	}
	if err := WriteFile(filepath.Join(dir, "c.bin"), []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "c.bin")); !bytes.Equal(b, []byte{1, 2, 3}) {
		t.Errorf("WriteFile wrote %v", b)
	}
	// OpenFile to truncate goes the same way; to read, as it is.
	wf, err := WholeFiles(afero.NewOsFs()).OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wf.(*wholeFile); !ok {
		t.Errorf("OpenFile to truncate gave a %T", wf)
	}
	wf.Close()
}
