package site

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
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
// deletes it, together with anything an interrupted build left. Deleting thousands of
// files takes seconds on a slow disk and competes with rendering, so where the system
// has rm the deletion runs in a detached process that outlives the build; otherwise it
// runs in the background of this one. Call the returned func before exiting.
func discardPrevious(dest string) (wait func()) {
	prev := PreviousDir(dest)
	trash, _ := filepath.Glob(prev + "-trash-*")
	if _, err := os.Lstat(prev); err == nil {
		t := prev + "-trash-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		if os.Rename(prev, t) == nil {
			trash = append(trash, t)
		}
	}
	if len(trash) == 0 {
		return func() {}
	}
	if rm, err := exec.LookPath("rm"); err == nil {
		cmd := exec.Command(rm, append([]string{"-rf", "--"}, trash...)...)
		cmd.SysProcAttr = detached()
		if cmd.Start() == nil {
			go cmd.Wait() // reap it if the build is still running when it ends
			return func() {}
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
