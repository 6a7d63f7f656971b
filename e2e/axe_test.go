package e2e

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource finds axe-core (installed for the tests by .ci/run, never shipped).
func axeSource(t *testing.T) string {
	t.Helper()
	path := cmp.Or(os.Getenv("XXGK_AXE"), "../.ci/node/node_modules/axe-core/axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is needed: %v (.ci/run installs it with npm)", err)
		}
		t.Skipf("axe-core not installed (npm install --prefix .ci/node axe-core@4.14.1): %v", err)
	}
	return string(b)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules on every page type at
// 1280 and 375 CSS pixels: there must be no violation.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	base := serve(t)
	b := newBrowser(t)
	pages := []struct{ path, ready string }{
		{"/", "main"},
		{"/lxzz/lxzz-2024-00001/", "main"},
		{"/lxzz/", "main"},
		{"/categories/", "main"},
		{"/categories/%E8%A7%84%E5%88%92%E7%BB%9F%E8%AE%A1/", "main"},
		{"/years/2024/", "main"},
		{"/genres/", "main"},
		{"/guide/", "main"},
		{"/search/?q=%E8%B4%A8%E9%87%8F%E6%8A%A5%E5%91%8A", "#search-filters h2"},
		{"/register/", "#register-tools select"},
		{"/audit/", "main"},
		{"/404.html", "main"},
	}
	for _, width := range []int64{1280, 375} {
		for _, p := range pages {
			b.do(t, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
			for _, v := range axeRun(t, b, axe) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target))
				}
				t.Errorf("%s at %d px: %s (%s): %s — %s", p.path, width, v.ID, v.Impact, v.Help, strings.Join(where, " "))
			}
		}
	}
	b.checkClean(t)
}

// axeRun runs axe-core's WCAG 2.1 A and AA rules on the page in b.
func axeRun(t *testing.T, b *browser, axe string) []axeViolation {
	t.Helper()
	js := axe + `;axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestAxeSeesViolations proves the check: a page with an unlabelled field, an image
// without a text alternative and grey-on-white text must be reported.
func TestAxeSeesViolations(t *testing.T) {
	axe := axeSource(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body><main>`+
			`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">`+
			`<p style="color:#ccc">浅灰色的文字</p></main></body></html>`)
	}))
	defer srv.Close()
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS(`main`)))
	var ids []string
	for _, v := range axeRun(t, b, axe) {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"image-alt", "label", "color-contrast"} {
		if !strings.Contains(strings.Join(ids, " "), want) {
			t.Errorf("axe did not report %s; reported %v", want, ids)
		}
	}
}
