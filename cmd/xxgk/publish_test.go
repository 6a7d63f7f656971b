package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xxgk/internal/buildcache"
	"xxgk/internal/publish"
	"xxgk/internal/site"
	"xxgk/internal/testenv"
)

// epoch fixes the clock of every build in these tests (SOURCE_DATE_EPOCH), so that
// two builds of the same input give byte-identical trees to compare against.
const epoch = "1751248800" // 2025-06-30 10:00 in Shanghai

// sampleSite copies the repository's sample site into a new directory.
func sampleSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
		copyInto(t, filepath.Join("../..", p), filepath.Join(src, p))
	}
	return src
}

// tree hashes every file under dir by its path relative to dir.
func tree(t *testing.T, dir string) map[string]string { return testenv.TreeDigest(t, dir) }

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// besideDest waits up to ten seconds (a detached rm deletes the trash) for the
// directory of dest to hold want and the lock file only (and the build cache, with
// nothing a build left inside it, and the spare, if the builds before left one), and
// returns what it holds.
func besideDest(t *testing.T, dest string, want ...string) []string {
	t.Helper()
	want = append(want, filepath.Base(publish.LockFile(dest)))
	slices.Sort(want)
	var names []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		entries, err := os.ReadDir(filepath.Dir(dest))
		if err != nil {
			t.Fatal(err)
		}
		names = names[:0]
		for _, e := range entries {
			if e.Name() == filepath.Base(site.CacheDir(dest)) {
				// The build cache stays; what a build left inside it must not.
				leftovers, _ := filepath.Glob(filepath.Join(site.CacheDir(dest), ".*"))
				for _, l := range leftovers {
					if b := filepath.Base(l); !buildcache.Keeps(b) {
						names = append(names, filepath.Join(e.Name(), filepath.Base(l)))
					}
				}
				continue
			}
			if e.Name() != filepath.Base(publish.SpareDir(dest)) { // kept or not, as the builds before went
				names = append(names, e.Name())
			}
		}
		if slices.Equal(names, want) || time.Now().After(deadline) {
			return names
		}
	}
}

// xxgkBinary builds the command into a temporary directory.
func xxgkBinary(t *testing.T) string {
	t.Helper()
	goTool := testenv.Tool(t, "go", "the Go toolchain")
	bin := filepath.Join(t.TempDir(), "xxgk")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKilledBuilds kills a real xxgk build with SIGKILL at several points — Hugo has
// written the pages, the outputs are half written, the staging directory is complete,
// the directories have been exchanged — and builds again: public/ is at every moment
// either the old site or the new one, complete, and after the next build nothing a
// killed build made is left beside it. The build stops at each point through the
// test-only variable publish.PauseVar, so that the kill lands exactly there.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command: not in -short")
	}
	bin := xxgkBinary(t)
	src := sampleSite(t)
	doc := filepath.Join(src, "content/lxzz/2024/term-plan-2023-2024-2.md")
	if _, err := os.Stat(doc); err != nil {
		t.Fatal(err) // the sample's document this test edits
	}
	oldDoc, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	newDoc := strings.Replace(string(oldDoc), "+++\n\n", "+++\n\n本文已于近日修订。\n\n", 1)
	if newDoc == string(oldDoc) {
		t.Fatal("could not edit the sample document")
	}
	xxgk := func(dest string, env ...string) *exec.Cmd {
		cmd := exec.Command(bin, "build", "--source", src, "--dest", dest)
		cmd.Env = append(os.Environ(), append([]string{"SOURCE_DATE_EPOCH=" + epoch, publish.PauseVar + "="}, env...)...)
		return cmd
	}
	build := func(dest string) {
		t.Helper()
		if out, err := xxgk(dest).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
	}
	write := func(content string) {
		t.Helper()
		writeTestFile(t, doc, content)
	}

	// The two sites every public/ below must equal one of.
	refs := t.TempDir()
	write(string(oldDoc))
	build(filepath.Join(refs, "old"))
	oldTree := tree(t, filepath.Join(refs, "old"))
	write(newDoc)
	build(filepath.Join(refs, "new"))
	newTree := tree(t, filepath.Join(refs, "new"))
	if sameTree(oldTree, newTree) {
		t.Fatal("the edit did not change the site")
	}

	for _, point := range []string{"render", "outputs", "staged", "swap"} {
		t.Run(point, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			write(string(oldDoc))
			build(dest)
			build(dest) // a rollback copy exists, as on a site built before
			write(newDoc)

			cmd := xxgk(dest, publish.PauseVar+"="+point)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			paused := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					if sc.Text() == publish.PausedMessage(point) {
						paused <- true
						return
					}
				}
				paused <- false
			}()
			select {
			case ok := <-paused:
				if !ok {
					cmd.Wait()
					t.Fatalf("the build ended without reaching %s", point)
				}
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				t.Fatalf("the build did not reach %s in two minutes", point)
			}
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			cmd.Wait()

			got := tree(t, dest)
			if !sameTree(got, oldTree) && !sameTree(got, newTree) {
				t.Errorf("killed at %s: public/ is neither the old site nor the new one", point)
			}
			build(dest)
			if got := tree(t, dest); !sameTree(got, newTree) {
				t.Errorf("the build after the kill did not publish the new site")
			}
			if prev := tree(t, publish.PreviousDir(dest)); !sameTree(prev, oldTree) && !sameTree(prev, newTree) {
				t.Errorf("the rollback copy is not a complete site")
			}
			if names := besideDest(t, dest, ".public-previous", "public"); len(names) != 3 {
				t.Errorf("beside public/ after the next build: %v", names)
			}
		})
	}
}

// TestConcurrentBuilds starts three builds of one site at once: each either publishes
// or waits with the Chinese message, none fails, and public/ ends complete.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command: not in -short")
	}
	bin := xxgkBinary(t)
	src := sampleSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	type result struct {
		out []byte
		err error
	}
	results := make(chan result, 3)
	for range 3 {
		go func() {
			cmd := exec.Command(bin, "build", "--source", src, "--dest", dest)
			cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
			out, err := cmd.CombinedOutput()
			results <- result{out, err}
		}()
	}
	for range 3 {
		r := <-results
		if r.err != nil {
			t.Errorf("a concurrent build failed: %v\n%s", r.err, r.out)
		}
		if strings.Contains(string(r.out), "file exists") || strings.Contains(string(r.out), "rename ") {
			t.Errorf("raw Go error shown: %s", r.out)
		}
	}
	ref := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(bin, "build", "--source", src, "--dest", ref)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !sameTree(tree(t, dest), tree(t, ref)) {
		t.Error("after three concurrent builds public/ is not the site")
	}
	if names := besideDest(t, dest, ".public-previous", "public"); len(names) != 3 {
		t.Errorf("beside public/: %v", names)
	}
}

// TestBuildWaitsForLock holds the lock of public/ as another build would: a build
// waits, saying so, and publishes once the lock is free; with --no-wait it exits 1 at
// once with the same cause.
func TestBuildWaitsForLock(t *testing.T) {
	src := sampleSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	t.Setenv("SOURCE_DATE_EPOCH", epoch)
	held, err := publish.Open(dest, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}

	code, _, errs := runCLI("build", "--source", src, "--dest", dest, "--no-wait")
	if code != 1 || !strings.Contains(errs, "另一个构建正在发布到 public") || !strings.Contains(errs, "--no-wait") {
		t.Errorf("--no-wait: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a build refused with --no-wait published")
	}

	type result struct {
		code      int
		out, errs string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runCLI("build", "--source", src, "--dest", dest)
		done <- result{code, out, errs}
	}()
	select {
	case r := <-done:
		t.Fatalf("the build did not wait for the lock: exit %d %s", r.code, r.errs)
	case <-time.After(2 * time.Second):
	}
	held.Close()
	select {
	case r := <-done:
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.errs)
		}
		if !strings.HasPrefix(r.errs, "另一个构建正在发布到 public，等待中…\n") {
			t.Errorf("waiting build's stderr: %q", r.errs)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the build did not go on after the lock was released")
	}
}

// TestDiskFull builds onto a small tmpfs (as root; in CI the test fails rather than
// skips without one): a build that runs out of space says so in Chinese, removes its
// staging directory and leaves public/ exactly as it was.
func TestDiskFull(t *testing.T) {
	src := sampleSite(t)
	t.Setenv("SOURCE_DATE_EPOCH", epoch)
	// How much the site takes, to size the file system: room for it twice over.
	probe := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--source", src, "--dest", probe); code != 0 {
		t.Fatal(errs)
	}
	size := int64(0)
	filepath.WalkDir(probe, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				size += (fi.Size() + 4095) / 4096 * 4096
			}
		}
		return err
	})
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dk", 2*size/1024+512), "tmpfs", mnt).CombinedOutput(); err != nil {
		testenv.Missing(t, fmt.Sprintf("cannot mount a size-limited tmpfs (needs root): %v %s", err, out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	dest := filepath.Join(mnt, "public")
	if code, _, errs := runCLI("build", "--source", src, "--dest", dest); code != 0 {
		t.Fatalf("first build on the tmpfs: %s", errs)
	}
	before := tree(t, dest)

	// An attachment larger than the room left.
	big := make([]byte, size+1<<20)
	writeTestFile(t, filepath.Join(src, "static/attachments/lxzz/big.bin"), string(big))
	code, _, errs := runCLI("build", "--source", src, "--dest", dest)
	if code != 1 {
		t.Fatalf("build on a full disk: exit %d, stderr %q", code, errs)
	}
	t.Logf("stderr: %s", errs)
	for _, want := range []string{"磁盘空间不足", mnt, "上次发布的内容保持不变"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q does not say %q", errs, want)
		}
	}
	if strings.Contains(errs, "no space left") {
		t.Errorf("raw Go error shown: %q", errs)
	}
	if !sameTree(before, tree(t, dest)) {
		t.Error("the failed build changed public/")
	}
	if names := besideDest(t, dest, "public"); len(names) != 2 {
		t.Errorf("left on the full disk beside public/: %v", names)
	}
}
