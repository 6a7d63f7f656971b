package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// beside names what is in dest's directory besides the lock file, waiting up to ten
// seconds for it to become want (a detached rm deletes trash after Open returns).
func beside(t *testing.T, dest string, want ...string) []string {
	t.Helper()
	var names []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		entries, err := os.ReadDir(filepath.Dir(dest))
		if err != nil {
			t.Fatal(err)
		}
		names = names[:0]
		for _, e := range entries {
			if e.Name() != filepath.Base(LockFile(dest)) {
				names = append(names, e.Name())
			}
		}
		if slices.Equal(names, want) || time.Now().After(deadline) {
			return names
		}
	}
}

// publishSite publishes a site whose index.html says v.
func publishSite(t *testing.T, dest, v string) {
	t.Helper()
	target, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	dir, err := target.Stage()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "index.html"), v)
	if err := target.Publish(); err != nil {
		t.Fatal(err)
	}
}

func TestPublishKeepsPrevious(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for _, v := range []string{"v1", "v2", "v3"} {
		publishSite(t, dest, v)
	}
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "v3" {
		t.Errorf("published %q, want v3", got)
	}
	if got := readFile(t, filepath.Join(PreviousDir(dest), "index.html")); got != "v2" {
		t.Errorf("previous is %q, want v2", got)
	}
	if names := beside(t, dest, ".public-previous", "public"); !slices.Equal(names, []string{".public-previous", "public"}) {
		t.Errorf("beside public/: %v", names)
	}
	if _, err := os.Stat(LockFile(dest)); err != nil {
		t.Errorf("lock file: %v", err)
	}
}

// stageReusing is publishSite for a build that stages by StageReusing: it returns
// what the directory it was given held, and publishes v, or fails without
// publishing when v is "".
func stageReusing(t *testing.T, dest, v string) (held string) {
	t.Helper()
	target, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	dir, err := target.StageReusing()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "index.html")); err == nil {
		held = string(b)
	}
	if v == "" {
		writeFile(t, filepath.Join(dir, "index.html"), "half")
		return held
	}
	writeFile(t, filepath.Join(dir, "index.html"), v)
	if err := target.Publish(); err != nil {
		t.Fatal(err)
	}
	return held
}

// TestStageReusing: a build that stages by StageReusing renders into the site
// published two builds before (none the first two times), keeps what it gives up as
// the rollback copy as the next spare, and removes its directory when it fails; a
// build that stages afresh gives the spare up.
func TestStageReusing(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for _, step := range []struct{ publish, held, published, previous, spare string }{
		{"v1", "", "v1", "", ""},
		{"v2", "", "v2", "v1", ""},
		{"v3", "", "v3", "v2", "v1"},
		{"v4", "v1", "v4", "v3", "v2"},
		{"", "v2", "v4", "v3", ""}, // a failed build: its directory goes
		{"v5", "", "v5", "v4", "v3"},
		{"v6", "v3", "v6", "v5", "v4"},
		{"fresh", "", "fresh", "v6", ""}, // staged by Stage
	} {
		var held string
		if step.publish == "fresh" {
			publishSite(t, dest, step.publish)
		} else {
			held = stageReusing(t, dest, step.publish)
		}
		if held != step.held {
			t.Errorf("build %q rendered into a directory holding %q, want %q", step.publish, held, step.held)
		}
		for _, d := range []struct{ dir, want string }{{dest, step.published}, {PreviousDir(dest), step.previous}, {SpareDir(dest), step.spare}} {
			got := ""
			if b, err := os.ReadFile(filepath.Join(d.dir, "index.html")); err == nil {
				got = string(b)
			}
			if got != d.want {
				t.Errorf("after build %q, %s holds %q, want %q", step.publish, filepath.Base(d.dir), got, d.want)
			}
		}
	}
	if names := beside(t, dest, ".public-previous", "public"); !slices.Equal(names, []string{".public-previous", "public"}) {
		t.Errorf("beside public/: %v", names)
	}
}

// TestCloseWithoutPublishRemovesStaging: a build that fails after Open leaves the
// published site and its rollback copy as they were, and nothing else.
func TestCloseWithoutPublishRemovesStaging(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, "v1")
	publishSite(t, dest, "v2")
	target, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := target.Stage()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "index.html"), "half")
	target.Close()
	if names := beside(t, dest, ".public-previous", "public"); !slices.Equal(names, []string{".public-previous", "public"}) {
		t.Errorf("beside public/ after a failed build: %v", names)
	}
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "v2" {
		t.Errorf("published %q, want v2", got)
	}
	if got := readFile(t, filepath.Join(PreviousDir(dest), "index.html")); got != "v1" {
		t.Errorf("a failed build gave up the rollback copy: previous is %q, want v1", got)
	}
}

// TestLeftoversRemoved: what killed builds leave — staging directories, trash of an
// rm cut short — is gone after the next Open; the site and its rollback copy are
// untouched.
func TestLeftoversRemoved(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, "v1")
	dir := filepath.Dir(dest)
	for _, name := range []string{".public-building-123", ".public-building-456/a/b", ".public-previous-trash-xyz/c", ".public-previous/d"} {
		writeFile(t, filepath.Join(dir, name, "index.html"), "left")
	}
	writeFile(t, filepath.Join(dir, "other-building-1", "x"), "not ours") // another destination's or the admin's
	target, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	target.Close()
	want := []string{".public-previous", "other-building-1", "public"}
	if names := beside(t, dest, want...); !slices.Equal(names, want) {
		t.Errorf("beside public/: %v, want %v", names, want)
	}
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "v1" {
		t.Errorf("published %q, want v1", got)
	}
}

// TestRecoverMovedAside: a build killed between the two renames of the fallback swap
// leaves no public/ but the old site at PreviousDir; the next Open puts it back.
func TestRecoverMovedAside(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, "v1")
	if err := os.Rename(dest, PreviousDir(dest)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(filepath.Dir(dest), ".public-building-9", "index.html"), "v2")
	target, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	if got := readFile(t, filepath.Join(dest, "index.html")); got != "v1" {
		t.Errorf("after Open public/ holds %q, want the old site v1", got)
	}
}

func TestLock(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}

	_, err = Open(dest, Options{NoWait: true})
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("second Open with NoWait: %v, want a *BusyError", err)
	}
	if want := "另一个构建正在发布到 public"; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--no-wait") {
		t.Errorf("busy message %q", err)
	}

	var mu sync.Mutex
	var said bytes.Buffer
	got := make(chan *Target)
	go func() {
		target, err := Open(dest, Options{Waiting: writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return said.Write(p)
		})})
		if err != nil {
			t.Error(err)
		}
		got <- target
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		s := said.String()
		mu.Unlock()
		if s == "另一个构建正在发布到 public，等待中…\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting build said %q", s)
		}
	}
	select {
	case <-got:
		t.Fatal("second build went ahead while the first held the lock")
	case <-time.After(100 * time.Millisecond):
	}
	first.Close()
	select {
	case second := <-got:
		if second != nil {
			second.Close()
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waiting build did not get the lock after the first released it")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{fmt.Errorf("写入 manifest.json 失败：%w", &fs.PathError{Op: "open", Path: "/srv/public/manifest.json", Err: syscall.ENOSPC}),
			[]string{"写入 manifest.json 失败：无法打开 /srv/public/manifest.json：磁盘空间不足"}},
		{&fs.PathError{Op: "mkdir", Path: "/srv/x", Err: syscall.EACCES}, []string{"无法创建目录 /srv/x：没有权限"}},
		{&fs.PathError{Op: "open", Path: "/srv/x", Err: syscall.EROFS}, []string{"只读"}},
		{&os.LinkError{Op: "rename", Old: "/a", New: "/b", Err: syscall.EEXIST}, []string{"无法把 /a 改名为 /b：已经有同名的文件或目录"}},
		{&fs.PathError{Op: "weird", Path: "/srv/y", Err: syscall.EPIPE}, []string{"无法处理 /srv/y：系统报告的错误：broken pipe"}},
		{errors.New("没有系统错误"), []string{"没有系统错误"}},
	} {
		got := Describe(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got.Error(), w) {
				t.Errorf("Describe(%v) = %q, want it to contain %q", tc.err, got, w)
			}
		}
		if strings.Contains(got.Error(), "permission denied") || strings.Contains(got.Error(), "no space left") {
			t.Errorf("Describe kept Go's English: %q", got)
		}
		if !errors.Is(got, tc.err) {
			t.Errorf("Describe(%v) lost the cause", tc.err)
		}
	}
	if !NoSpace(Describe(&fs.PathError{Op: "write", Path: "/x", Err: syscall.ENOSPC})) || !NoSpace(errors.New("error building site: write /x: no space left on device")) {
		t.Error("NoSpace misses a full disk")
	}
}
