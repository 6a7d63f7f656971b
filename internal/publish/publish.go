// Package publish puts a finished site in place at its destination directory, and is
// the only code that touches what lies beside it. One build at a time publishes to a
// destination: it holds a lock on a file beside it (flock), so two builds started
// together by cron or by hand wait for each other instead of renaming over each other.
// Under the lock a build removes what killed builds left (staging directories, the
// trash of earlier rollback copies), renders into a staging directory beside the
// destination (so the last step is a rename on one file system), and swaps it in
// atomically, keeping the site it replaced as PreviousDir(dest) for rollback by hand
// and, for a build that can render over an old site (StageReusing), the one before
// that as SpareDir(dest), to render the next site into.
package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Options says how to wait for the lock.
type Options struct {
	// NoWait makes Open fail with a *BusyError at once when another build holds the
	// lock, instead of waiting for it.
	NoWait bool
	// Waiting is told, in a line of Chinese, that the build waits for another. Nil: not told.
	Waiting io.Writer
}

// Target is a destination directory locked for one build. Close it when done.
type Target struct {
	dest      string
	lock      *os.File
	discard   func() // waits for the removal of trash directories
	retired   int    // trash directories named so far, to keep their names apart
	staged    string
	reusing   bool // staged is a spare (StageReusing)
	published bool
}

// SpareDir is where a build that stages by StageReusing keeps the site published two
// builds before, beside dest, for the next such build to render into.
func SpareDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+"-spare")
}

// BusyError is returned by Open with NoWait when another build holds the lock.
type BusyError struct{ Dest string }

func (e *BusyError) Error() string {
	return fmt.Sprintf("另一个构建正在发布到 %s；使用了 --no-wait，本次不等待，未发布。", filepath.Base(e.Dest))
}

// WaitingMessage is the line a build prints while it waits for another to finish.
func WaitingMessage(dest string) string {
	return fmt.Sprintf("另一个构建正在发布到 %s，等待中…", filepath.Base(dest))
}

// LockFile is the file beside dest that builds lock. It is never removed: removing a
// lock file another process is waiting on would let a third one lock a new file.
func LockFile(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".lock")
}

// PreviousDir is where the site published before the current one is kept, beside dest
// and outside what a web server serves, so that a bad publication can be rolled back
// by hand until the next build replaces it.
func PreviousDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+"-previous")
}

func stagingPrefix(dest string) string { return "." + filepath.Base(dest) + "-building-" }

func trashPrefix(dest string) string { return PreviousDir(dest) + "-trash-" }

// Open locks dest (an absolute path) for one build, waiting for another build that
// holds it unless o.NoWait, and then cleans up beside it: staging directories of
// killed builds are removed (in the background: on a slow disk that takes seconds) and
// a site a killed build had moved aside is put back. The rollback copy is kept: only
// Publish gives it up, so a build that fails leaves both public/ and its rollback.
func Open(dest string, o Options) (*Target, error) {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, Describe(err)
	}
	f, err := os.OpenFile(LockFile(dest), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, Describe(err)
	}
	locked, err := tryLock(f)
	if err == nil && !locked {
		if o.NoWait {
			f.Close()
			return nil, &BusyError{Dest: dest}
		}
		if o.Waiting != nil {
			fmt.Fprintln(o.Waiting, WaitingMessage(dest))
		}
		err = lock(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("无法锁定 %s：%s", LockFile(dest), Explain(err))
	}
	t := &Target{dest: dest, lock: f}
	if err := t.recover(); err != nil {
		f.Close()
		return nil, err
	}
	t.discard = discard(t.leftovers())
	return t, nil
}

// recover puts back the published site when a build was killed between moving it
// aside and moving the new one in (where the system cannot exchange directories in
// one step): dest is missing but the site it held is at PreviousDir.
func (t *Target) recover() error {
	if _, err := os.Lstat(t.dest); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	prev := PreviousDir(t.dest)
	if _, err := os.Lstat(prev); err != nil {
		return nil
	}
	if err := os.Rename(prev, t.dest); err != nil {
		return Describe(err)
	}
	return nil
}

// leftovers moves the staging directories of killed builds under trash names, and
// returns every trash directory, those of earlier builds whose removal was cut short
// included.
// Only the holder of the lock creates staging directories, so any found now is a
// killed build's.
func (t *Target) leftovers() []string {
	dir := filepath.Dir(t.dest)
	entries, _ := os.ReadDir(dir)
	var trash, move []string
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		switch {
		case strings.HasPrefix(name, trashPrefix(t.dest)):
			trash = append(trash, name)
		case strings.HasPrefix(e.Name(), stagingPrefix(t.dest)):
			move = append(move, name)
		}
	}
	for _, m := range move {
		trash = append(trash, t.retire(m)...)
	}
	return trash
}

// retire moves dir out of the way under a trash name and returns what is left to
// delete: the trash directory, or dir itself if it could be neither moved nor removed.
func (t *Target) retire(dir string) []string {
	t.retired++
	to := trashPrefix(t.dest) + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(t.retired)
	if os.Rename(dir, to) == nil {
		return []string{to}
	}
	if os.RemoveAll(dir) != nil {
		return []string{dir}
	}
	return nil
}

// discard deletes the directories trash. Deleting thousands of files takes seconds on a
// slow disk and competes with rendering, so where the system has rm the deletion runs
// in a detached process that outlives the build; otherwise it runs in the background
// of this one. The returned func waits for the latter.
func discard(trash []string) (wait func()) {
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

// Stage creates the directory the new site is written into, beside dest.
func (t *Target) Stage() (string, error) {
	dir, err := os.MkdirTemp(filepath.Dir(t.dest), stagingPrefix(t.dest))
	if err != nil {
		return "", Describe(err)
	}
	t.staged = dir
	return dir, nil
}

// StageReusing is Stage for a build that makes the directory hold its site and
// nothing else whatever it holds already: the directory is the site published two
// builds before, when there is one (SpareDir), else a new one. A site of 100,000
// documents has a directory per document's page: making them again for every build
// and deleting as many costs more than the pages that changed. Publish then keeps the
// site it gives up as the rollback copy as the next spare.
func (t *Target) StageReusing() (string, error) {
	spare := SpareDir(t.dest)
	if _, err := os.Lstat(spare); err != nil {
		t.reusing = true
		return t.Stage()
	}
	dir := filepath.Join(filepath.Dir(t.dest), stagingPrefix(t.dest)+"spare-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := os.Rename(spare, dir); err != nil {
		return "", Describe(err)
	}
	t.staged, t.reusing = dir, true
	return dir, nil
}

// Publish puts the staged site at dest and keeps the site it replaces at
// PreviousDir(dest). Where the system can, the two directories are exchanged in one
// atomic step, so a web server serving dest sees either the old site or the new one and
// never a missing or half-written directory. Elsewhere dest is moved aside, the new
// site moved in, and the old one put back on failure (or by the next Open, if the
// build is killed in between).
func (t *Target) Publish() error {
	// The rollback copy of the build before last goes only now that a complete new
	// site is ready: renamed away at once, deleted in the background.
	var old []string
	if _, err := os.Lstat(SpareDir(t.dest)); err == nil {
		old = t.retire(SpareDir(t.dest)) // a build that staged afresh needs none
	}
	if _, err := os.Lstat(PreviousDir(t.dest)); err == nil {
		if _, err := os.Lstat(t.dest); err == nil {
			// A build that reused the spare keeps the rollback copy it gives up as the
			// next one (there is no spare now: this build renders into it).
			if !t.reusing || os.Rename(PreviousDir(t.dest), SpareDir(t.dest)) != nil {
				old = append(old, t.retire(PreviousDir(t.dest))...)
			}
		}
	}
	if len(old) > 0 {
		wait, rest := t.discard, discard(old)
		t.discard = func() { wait(); rest() }
	}
	if err := swap(t.staged, t.dest); err != nil {
		return fmt.Errorf("无法把新生成的网站换到 %s：%s", t.dest, Explain(err))
	}
	t.published = true
	return nil
}

func swap(tmp, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	prev := PreviousDir(dest)
	os.RemoveAll(prev) // normally gone already: Open moved it away
	if err := exchange(tmp, dest); err == nil {
		Pause("swap")
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

// Close removes the staging directory unless it was published, and releases the
// lock. (A spare that a failed build rendered into goes too: the build may have
// failed for want of disk space.)
func (t *Target) Close() {
	if t.staged != "" && !t.published {
		os.RemoveAll(t.staged)
	}
	t.discard()
	t.lock.Close() // closing the file releases the lock
}
