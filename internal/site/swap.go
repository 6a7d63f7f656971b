package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// swap publishes the finished tree tmp at dest. Where the system can, the two
// directories are exchanged in one atomic step, so a web server serving dest sees
// either the old site or the new one and never a missing or half-written directory.
// Elsewhere dest is moved aside, tmp moved in, and the old tree restored on failure.
func swap(tmp, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	if err := exchange(tmp, dest); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous site
	}
	old := filepath.Join(filepath.Dir(tmp), filepath.Base(tmp)+"-old")
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		if rerr := os.Rename(old, dest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}
