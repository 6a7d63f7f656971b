package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// PreviousDir is where the site published before the current one is kept, beside dest
// and outside what a web server serves, so that a bad publication can be rolled back
// by hand until the next build replaces it.
func PreviousDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+"-previous")
}

// swap publishes the finished tree tmp at dest and keeps the site it replaces at
// PreviousDir(dest). Where the system can, the two directories are exchanged in one
// atomic step, so a web server serving dest sees either the old site or the new one and
// never a missing or half-written directory. Elsewhere dest is moved aside, tmp moved in,
// and the old tree restored on failure.
func swap(tmp, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	prev := PreviousDir(dest)
	os.RemoveAll(prev) // normally gone already: discardPrevious moved it away
	if err := exchange(tmp, dest); err == nil {
		return os.Rename(tmp, prev) // tmp now holds the site that was published
	}
	if err := os.Rename(dest, prev); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		if rerr := os.Rename(prev, dest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}

// discardPrevious moves the site kept from the build before last out of the way and
// deletes it in the background, so that the deletion of thousands of files overlaps the
// build instead of adding to it. It also clears what an interrupted build left. Call the
// returned func before exiting: it waits for the deletion to finish.
func discardPrevious(dest string) (wait func()) {
	prev := PreviousDir(dest)
	trash, _ := filepath.Glob(prev + "-trash-*")
	if _, err := os.Lstat(prev); err == nil {
		t := prev + "-trash-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		if os.Rename(prev, t) == nil {
			trash = append(trash, t)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, t := range trash {
			os.RemoveAll(t)
		}
	}()
	return func() { <-done }
}
