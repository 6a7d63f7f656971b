package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	preview "xxgk/internal/serve"
)

// TestServeReloadsBrowser: a page open in the browser reloads by itself when its
// document is saved, shows the error page while the document is broken, and comes
// back when it is fixed — with the production CSP and no console errors.
func TestServeReloadsBrowser(t *testing.T) {
	src := t.TempDir()
	for _, name := range []string{"content", "data", "layouts", "static", "config.toml"} {
		from := filepath.Join("..", name)
		if fi, err := os.Stat(from); err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(from)
			os.WriteFile(filepath.Join(src, name), b, 0o644)
			continue
		}
		if err := os.CopyFS(filepath.Join(src, name), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t) // first: skips before a server starts when Chromium is missing
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- preview.Run(ctx, preview.Options{Source: src, Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() { cancel(); <-done })
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatal(err)
	}

	doc := filepath.Join(src, "content/lxzz/2024/enrolment-plan.md")
	// connected waits until the page's live-reload script has its connection: a save
	// before that would go unnoticed by the page.
	connected := func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !run(t, b, chromedp.Evaluate[bool](`!!(window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._isSocketConnected())`)) {
			if time.Now().After(deadline) {
				t.Fatal("the page's live-reload script never connected")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	save := func(old, new string) {
		t.Helper()
		connected()
		s, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(doc, []byte(strings.Replace(string(s), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// waitText waits, without navigating, until the page's h1 reads want: only a
	// reload can change it.
	waitText := func(want string) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			h1 := run(t, b, chromedp.Evaluate[string](`(document.querySelector("h1") || {}).textContent || ""`))
			if strings.Contains(h1, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("page still shows %q, want %q", h1, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	b.do(t, chromedp.Navigate(base+"lxzz/lxzz-2024-00003/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	waitText("2024年招生计划")
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`))
	save("2024年招生计划\"", "2024年招生计划（第二版）\"")
	waitText("（第二版）")
	if run(t, b, chromedp.Evaluate[bool](`window.__notReloaded === true`)) {
		t.Error("the new title appeared without a reload")
	}
	screenshot(t, b, "serve-reloaded")

	save(`genre = "公告"`, `genre = "通知公示"`)
	waitText("页面未能生成")
	text := run(t, b, chromedp.Evaluate[string](`document.body.innerText`))
	for _, want := range []string{"content/lxzz/2024/enrolment-plan.md", "行", "通知公示"} {
		if !strings.Contains(text, want) {
			t.Errorf("error page lacks %q:\n%s", want, text)
		}
	}
	screenshot(t, b, "serve-error")
	for _, p := range b.problems(t) {
		if !strings.Contains(p, "status of 500") { // the error page's own status
			t.Errorf("browser reported: %s", p)
		}
	}

	save(`genre = "通知公示"`, `genre = "公告"`)
	waitText("（第二版）")
	b.checkClean(t)
}
