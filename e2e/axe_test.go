package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xxgk/internal/testenv"
)

// axeSource finds axe-core (installed for the tests by .ci/run, never shipped).
func axeSource(t *testing.T) string {
	t.Helper()
	path := cmp.Or(os.Getenv("XXGK_AXE"), "../.ci/node/node_modules/axe-core/axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		testenv.Missing(t, fmt.Sprintf("axe-core not installed (npm install --prefix .ci/node axe-core@4.14.1; .ci/run installs it): %v", err))
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
// 1280 and 375 CSS pixels, in normal and high-contrast mode: there must be no
// violation. A screenshot of each is kept as a test artefact.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	base := serve(t)
	// 32 pages checked by axe and photographed: a minute alone, twice that on a
	// machine shared with a build (the deadline is the browser's, not a timing).
	b := newBrowserFor(t, 6*time.Minute)
	for _, mode := range []string{"normal", "high-contrast"} {
		if mode == "high-contrast" {
			// Switched on once, remembered on every later page.
			b.do(t, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.contrast-toggle`)), chromedp.Click(chromedp.CSS(`.contrast-toggle`)))
		}
		for _, width := range []int64{1280, 375} {
			for _, p := range pageTypes {
				b.do(t, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
				bg := run(t, b, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
				if (mode == "high-contrast") != (bg == "rgb(0, 0, 0)") {
					t.Errorf("%s in %s mode: background %s", p.path, mode, bg)
				}
				screenshot(t, b, fmt.Sprintf("a11y-%s-%d-%s", pageName(p.path), width, mode))
				checkAxe(t, b, axe, fmt.Sprintf("%s at %d px, %s", p.path, width, mode))
			}
		}
	}
	b.checkClean(t)
}

// pageName makes a file name of a page's address.
func pageName(path string) string {
	path, _, _ = strings.Cut(path, "?")
	if n := strings.Trim(strings.ReplaceAll(path, "/", "-"), "-"); n != "" {
		return n
	}
	return "home"
}

// checkAxe reports every violation on the page in b.
func checkAxe(t *testing.T, b *browser, axe, where string) {
	t.Helper()
	for _, v := range axeRun(t, b, axe) {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprint(n.Target))
		}
		t.Errorf("%s: %s (%s): %s — %s", where, v.ID, v.Impact, v.Help, strings.Join(nodes, " "))
	}
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

// TestHighContrastFollowsSystem: a reader whose system asks for more contrast gets the
// high-contrast colours without choosing them — with or without JavaScript — and can
// turn them off, which is remembered.
func TestHighContrastFollowsSystem(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	bg := func() string {
		return run(t, b, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	}
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-contrast", Value: "more"}}})
		return err
	}))
	b.do(t, scripts(false), chromedp.Navigate(base+"/guide/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if got := bg(); got != "rgb(0, 0, 0)" {
		t.Errorf("without JavaScript, prefers-contrast: more gives background %s", got)
	}
	b.do(t, scripts(true), chromedp.Navigate(base+"/guide/"), chromedp.WaitVisible(chromedp.CSS(`.contrast-toggle`)))
	if pressed := run(t, b, chromedp.AttributeValue(chromedp.CSS(`.contrast-toggle`), "aria-pressed")).Value; pressed != "true" || bg() != "rgb(0, 0, 0)" {
		t.Errorf("with JavaScript: toggle pressed %s, background %s", pressed, bg())
	}
	b.do(t, chromedp.Click(chromedp.CSS(`.contrast-toggle`)), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.contrast-toggle`)))
	if got := bg(); got != "rgb(255, 255, 255)" {
		t.Errorf("turned off, the next page has background %s", got)
	}
	b.checkClean(t)
}
