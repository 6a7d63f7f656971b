package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAuditLinks: xxgk audit --links asks the external addresses of the documents —
// here servers on loopback that answer 200, 404, never, and with a redirect loop — and
// reports the dead ones with the documents that hold them.
func TestAuditLinks(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	copyInto(t, "testdata/audit", dir)
	doc := filepath.Join(dir, "content/qsjyj/2024/work-plan.md")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	body := "\n\n参考资料：[上级文件](" + srv.URL + "/ok)、" + srv.URL + "/gone 、<" + srv.URL + "/slow>，以及 " + srv.URL + "/a。\n"
	writeTestFile(t, doc, string(b)+body)

	code, out, errs := runCLI("audit", "--source", dir, "--as-of", "2024-06-30", "--report-year", "2023", "--links", "--links-timeout", "500ms", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var rep struct {
		ExternalLinks []struct {
			URL, Status string
			Files       []string
		} `json:"externalLinks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range rep.ExternalLinks {
		got[strings.TrimPrefix(l.URL, srv.URL)] = l.Status
		if len(l.Files) != 1 || l.Files[0] != "content/qsjyj/2024/work-plan.md" {
			t.Errorf("%s held by %v", l.URL, l.Files)
		}
	}
	want := map[string]string{"/ok": "ok", "/gone": "dead", "/slow": "timeout", "/a": "loop"}
	if len(got) != len(want) {
		t.Errorf("links %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}

	_, text, _ := runCLI("audit", "--source", dir, "--as-of", "2024-06-30", "--links", "--links-timeout", "500ms")
	for _, w := range []string{"外部链接：检查了 4 个地址，3 个无法访问", "[外部链接失效] " + srv.URL + "/gone：服务器返回 404 Not Found（content/qsjyj/2024/work-plan.md）", "[外部链接重定向循环] " + srv.URL + "/a"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if code, _, errs := runCLI("audit", "--source", dir, "--links", "--links-per-host", "0"); code != 2 {
		t.Errorf("--links-per-host 0: exit %d, %q", code, errs)
	}
	// Without --links nothing is asked.
	if _, out, _ := runCLI("audit", "--source", dir, "--as-of", "2024-06-30", "--format", "json"); strings.Contains(out, "externalLinks") {
		t.Error("links checked without --links")
	}
}

// TestBuildReminders: xxgk build reminds of a relative baseURL (the sample's), and not
// when --baseURL gives an absolute one; the sample's identity is complete.
func TestBuildReminders(t *testing.T) {
	code, _, errs := runCLI("build", "--source", "../..", "--dest", filepath.Join(t.TempDir(), "public"))
	if code != 0 || !strings.Contains(errs, `config.toml:3: 提醒：字段 baseURL：网站地址 "/" 不是完整网址`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI("build", "--source", "../..", "--dest", filepath.Join(t.TempDir(), "public"), "--baseURL", "https://xxgk.example.edu.cn/")
	if code != 0 || strings.Contains(errs, "提醒") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
