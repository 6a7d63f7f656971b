package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"xxgk/internal/draft"
	"xxgk/internal/search"
)

// copySample copies the repository's sample site into a temporary directory, for a
// test to edit.
func copySample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "data", "layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", "..", name))); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncBuffer is the terminal of a server under test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start serves the site in src on a random loopback port and returns its address.
func start(t *testing.T, src string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	term := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: src, Port: 0, Log: term, Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	select {
	case u := <-ready:
		return strings.TrimSuffix(u, "/"), term
	case err := <-done:
		t.Fatalf("Run returned before serving: %v\n%s", err, term)
	case <-time.After(2 * time.Minute):
		t.Fatalf("not ready after 2 minutes:\n%s", term)
	}
	return "", nil
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(b)
}

// waitFor polls url until its body satisfies ok, for at most a minute.
func waitFor(t *testing.T, url, what string, ok func(status int, body string) bool, term *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		status, _, body := get(t, url)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not served after a minute (status %d)\nterminal:\n%s", what, status, term)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestServeFollowsEdits: an edited title is served, a broken front matter shows the
// error page naming the file and line, the fix recovers, and a document made by
// xxgk new appears — all without a restart.
func TestServeFollowsEdits(t *testing.T) {
	src := copySample(t)
	base, term := start(t, src)
	doc := filepath.Join(src, "content/lxzz/2024/enrolment-plan.md")
	page := base + "/lxzz/lxzz-2024-00003/"

	status, h, body := get(t, page)
	if status != 200 || !strings.Contains(body, "临溪县职业中等专业学校2024年招生计划") {
		t.Fatalf("document page: status %d, body lacks its title:\n%.300s", status, body)
	}
	for k, v := range SecurityHeaders {
		if h.Get(k) != v {
			t.Errorf("header %s = %q, want %q", k, h.Get(k), v)
		}
	}
	if !strings.Contains(body, `src="/livereload.js?`) {
		t.Error("page lacks the live-reload script")
	}
	if b, _ := os.ReadFile(filepath.Join(src, "public", "index.html")); b != nil {
		t.Error("serve wrote into the site's public/")
	}

	edit(t, doc, "临溪县职业中等专业学校2024年招生计划", "临溪县职业中等专业学校2024年招生计划（试行稿）")
	waitFor(t, page, "edited title", func(s int, b string) bool { return s == 200 && strings.Contains(b, "（试行稿）") }, term)
	// The listings that show the title follow too, then the register and the search index.
	waitFor(t, base+"/lxzz/", "edited title in the publisher's listing", func(s int, b string) bool { return strings.Contains(b, "（试行稿）") }, term)
	waitFor(t, base+"/register/", "edited title in the register page", func(s int, b string) bool { return strings.Contains(b, "（试行稿）") }, term)
	waitFor(t, base+"/register.csv", "edited title in register.csv", func(s int, b string) bool { return strings.Contains(b, "（试行稿）") }, term)
	ix, err := search.Open(httpFS(base + "/search/"))
	if err != nil {
		t.Fatal(err)
	}
	if ids, _, err := ix.Search("试行稿"); err != nil || len(ids) != 1 {
		t.Errorf("search for the new words: %d results, %v; want the edited document", len(ids), err)
	}

	edit(t, doc, `genre = "公告"`, `genre = "通知公示"`)
	body = waitFor(t, page, "error page", func(s int, b string) bool { return s == 500 }, term)
	line := lineOf(t, doc, "genre =")
	for _, want := range []string{"页面未能生成", "content/lxzz/2024/enrolment-plan.md", fmt.Sprintf("第 %d 行", line), "体裁", "通知公示", `src="/livereload.js?`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(term.String(), fmt.Sprintf("content/lxzz/2024/enrolment-plan.md:%d:", line)) {
		t.Errorf("terminal does not name the file and line:\n%s", term)
	}
	// Files the pages use are still served while the error is shown.
	if s, _, _ := get(t, base+"/css/site.css"); s != 200 {
		t.Errorf("site.css: %d during an error", s)
	}

	edit(t, doc, `genre = "通知公示"`, `genre = "公告"`)
	waitFor(t, page, "recovered page", func(s int, b string) bool { return s == 200 && strings.Contains(b, "（试行稿）") }, term)

	// A template mistake is shown with its file and line, and fixed the same way.
	layout := filepath.Join(src, "layouts/single.html")
	edit(t, layout, `{{ define "main" }}`, `{{ define "main" }}{{ .Params.index | nosuchfunc }}`)
	body = waitFor(t, page, "template error page", func(s int, b string) bool { return s == 500 }, term)
	for _, want := range []string{"layouts/single.html", "第 1 行", "nosuchfunc"} {
		if !strings.Contains(body, want) {
			t.Errorf("template error page lacks %q:\n%s", want, body)
		}
	}
	edit(t, layout, `{{ .Params.index | nosuchfunc }}`, ``)
	waitFor(t, page, "page after the template fix", func(s int, b string) bool { return s == 200 && strings.Contains(b, "（试行稿）") }, term)

	// A configuration change loads the site into a new Hugo.
	edit(t, filepath.Join(src, "config.toml"), `title = "临溪县教育信息公开平台"`, `title = "临溪县教育信息公开平台（预览）"`)
	waitFor(t, base+"/", "new site title", func(s int, b string) bool {
		return s == 200 && strings.Contains(b, "临溪县教育信息公开平台（预览）")
	}, term)

	path, err := draft.Create(draft.Request{Site: src, Publisher: "lxzz", Genre: "工作总结", Title: "2026年预览测试工作总结",
		Date: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// A new draft still holds placeholders, which the check refuses: the error page
	// names it; once written, it is served.
	waitFor(t, page, "error page for the new draft", func(s int, b string) bool { return s == 500 && strings.Contains(b, filepath.Base(path)) }, term)
	fillDraft(t, filepath.Join(src, path))
	waitFor(t, base+"/lxzz/", "new document in the listing", func(s int, b string) bool { return s == 200 && strings.Contains(b, "2026年预览测试工作总结") }, term)
}

// httpFS reads files over HTTP, for the search index's Go reader.
type httpFS string

func (h httpFS) Open(name string) (fs.File, error) {
	res, err := http.Get(string(h) + name)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fs.ErrNotExist
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return fstest.MapFS{name: {Data: b}}.Open(name)
}

// fillDraft replaces what xxgk new leaves for the clerk to write.
func fillDraft(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "【待填写】", "本学期各项工作按计划完成")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineOf(t *testing.T, file, prefix string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), prefix) {
			return n
		}
	}
	t.Fatalf("%s has no line starting %q", file, prefix)
	return 0
}

// TestServeRefusesTraversal: no request reaches a file outside the rendered site,
// however the path is written; the site's own files are served with their types.
func TestServeRefusesTraversal(t *testing.T) {
	src := copySample(t)
	base, _ := start(t, src)
	host := strings.TrimPrefix(base, "http://")
	for _, p := range []string{"/../config.toml", "/%2e%2e/config.toml", "/%2E%2E/%2E%2E/etc/passwd", "/..%2fconfig.toml", "/css/..%2f..%2fconfig.toml",
		"/..\\config.toml", "/%5c..%5cconfig.toml", "/css/%00", "/./../content/lxzz/2024/enrolment-plan.md"} {
		status, body := rawGet(t, host, p)
		if status != 400 && status != 404 {
			t.Errorf("GET %s: status %d, want 400 or 404", p, status)
		}
		if strings.Contains(body, "baseURL") || strings.Contains(body, "+++") || strings.Contains(body, "root:") {
			t.Errorf("GET %s served a file from outside the site:\n%.200s", p, body)
		}
	}
	for p, want := range map[string]string{
		"/":                 "text/html; charset=utf-8",
		"/css/site.css":     "text/css; charset=utf-8",
		"/js/search.js":     "text/javascript; charset=utf-8",
		"/register.csv":     "text/csv; charset=utf-8",
		"/register.xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"/search/meta.bin":  "application/octet-stream",
		"/index.xml":        "application/xml; charset=utf-8",
		"/audit/audit.json": "application/json",
	} {
		status, h, _ := get(t, base+p)
		if status != 200 || h.Get("Content-Type") != want {
			t.Errorf("GET %s: %d %q, want 200 %q", p, status, h.Get("Content-Type"), want)
		}
	}
	if status, _, body := get(t, base+"/no/such/page/"); status != 404 || !strings.Contains(body, "<h1") {
		t.Errorf("missing page: status %d, want the site's 404 page", status)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/search/meta.bin", nil)
	req.Header.Set("Range", "bytes=0-9")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusPartialContent {
		t.Errorf("Range request: %d, want 206 (the search index reads parts of files)", res.StatusCode)
	}
}

// rawGet sends path exactly as written, which net/http's client would clean.
func rawGet(t *testing.T, host, path string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	// Go's server answers even a request it cannot parse with a status (400): no
	// readable answer, a dropped connection among them, is a failure, not a refusal.
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: no readable response: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the response: %v", path, err)
	}
	return res.StatusCode, string(b)
}
