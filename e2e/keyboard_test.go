package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pageTypes are one page of each kind the portal has, with an element that shows
// the page is ready.
var pageTypes = []struct{ path, ready string }{
	{"/", "main"},
	{"/lxzz/lxzz-2024-00001/", "main"},
	{"/lxzz/", "main"},
	{"/categories/", "main"},
	{"/categories/%E8%A7%84%E5%88%92%E7%BB%9F%E8%AE%A1/", "main"},
	{"/years/2024/", "main"},
	{"/genres/", "main"},
	{"/guide/", "main"},
	{"/lxjyj/lxjyj-2026-00001/", "main"}, // 政府信息公开工作年度报告: tables of figures
	{"/apply/", "main"},                  // 政府信息公开申请表
	{"/search/?q=%E8%B4%A8%E9%87%8F%E6%8A%A5%E5%91%8A", "#search-filters h2"},
	{"/register/", "#register-tools select"},
	{"/audit/", "main"},
	{"/sitemap/", "main"},
	{"/404.html", "main"},
}

// structure lists what is wrong with the page's structure: landmarks, headings,
// data tables, and controls smaller than 44×44 CSS pixels (links inside running
// text and table cells excepted, as WCAG 2.5.5 allows).
const structure = `(() => {
	const out = [];
	for (const sel of ["header", "nav", "main", "footer"]) if (!document.querySelector(sel)) out.push("no <" + sel + "> landmark");
	const hs = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(h => h.getClientRects().length);
	if (hs.filter(h => h.tagName === "H1").length !== 1) out.push(hs.filter(h => h.tagName === "H1").length + " h1 elements");
	let prev = 0;
	for (const h of hs) {
		const level = +h.tagName[1];
		if (level > prev + 1) out.push("heading " + h.tagName + " " + JSON.stringify(h.textContent.slice(0, 30)) + " after h" + prev);
		prev = level;
	}
	for (const t of document.querySelectorAll("main table")) {
		const name = t.id || t.className || "table";
		if (!t.caption || !t.caption.textContent.trim()) out.push(name + " has no caption");
		if (!t.querySelector("th")) out.push(name + " has no header cells");
		for (const th of t.querySelectorAll("th")) if (!th.getAttribute("scope")) out.push(name + ": th without scope: " + th.textContent.slice(0, 20));
	}
	const controls = [...document.querySelectorAll("button, input:not([type=hidden]), select, summary, nav a, .pager a, .facet a")]
		.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden" && !e.closest(".skip-link"));
	for (const e of controls) {
		const r = e.getBoundingClientRect();
		if (r.width < 44 || r.height < 44) out.push("target " + e.tagName + " " + JSON.stringify(e.textContent.trim().slice(0, 20)) + " is " + Math.round(r.width) + "×" + Math.round(r.height));
	}
	return out;
})()`

// focusables marks every visible element that Tab should reach and remembers how
// it looks without focus.
const focusables = `(() => {
	window.__unfocused = new Map();
	const style = e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" "); };
	window.__focusStyle = style;
	for (const e of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']")) {
		if (e.closest("[hidden]") || !e.getClientRects().length && !e.matches(".skip-link") || e.disabled) continue;
		window.__unfocused.set(e, style(e));
	}
	return window.__unfocused.size;
})()`

// focused describes the focused element after a Tab: "" when it shows a visible focus
// indicator that differs from its look without focus.
const focused = `(() => {
	const e = document.activeElement;
	if (!window.__unfocused.has(e)) return "";
	const before = window.__unfocused.get(e);
	window.__unfocused.delete(e);
	const s = getComputedStyle(e);
	const now = window.__focusStyle(e);
	const visible = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== "none";
	return now !== before && visible ? "" : e.tagName + " " + JSON.stringify(e.textContent.trim().slice(0, 30)) + " has no visible focus indicator";
})()`

// TestKeyboardAndStructure checks every page type in Chromium: the skip link is the
// first thing Tab reaches and moves focus to the main content; header, nav, main and
// footer landmarks; one h1 and no skipped heading level; data tables with captions
// and scoped header cells; every control reachable by Tab and visibly focused; touch
// targets of at least 44×44 CSS pixels; a text-size control of at least three steps
// up to 200% that is remembered from page to page.
func TestKeyboardAndStructure(t *testing.T) {
	base := serve(t)
	b := newBrowserFor(t, 5*time.Minute)
	for _, width := range []int64{1280, 375} {
		for _, p := range pageTypes {
			where := fmt.Sprintf("%s at %d px", p.path, width)
			b.do(t, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
			for _, problem := range run(t, b, chromedp.Evaluate[[]string](structure)) {
				t.Errorf("%s: %s", where, problem)
			}
			if width != 1280 {
				continue
			}
			// Keyboard: from the top of the page.
			b.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
			total := run(t, b, chromedp.Evaluate[int](focusables))
			b.do(t, chromedp.KeyEvent("\t"))
			if !run(t, b, chromedp.Evaluate[bool](`document.activeElement.matches(".skip-link")`)) {
				t.Errorf("%s: Tab first reaches %s, not the skip link", where, run(t, b, chromedp.Evaluate[string](`document.activeElement.outerHTML.slice(0, 80)`)))
			}
			for i := 0; i < total+20; i++ {
				if msg := run(t, b, chromedp.Evaluate[string](focused)); msg != "" {
					t.Errorf("%s: %s", where, msg)
				}
				if run(t, b, chromedp.Evaluate[int](`window.__unfocused.size`)) == 0 {
					break
				}
				b.do(t, chromedp.KeyEvent("\t"))
			}
			if left := run(t, b, chromedp.Evaluate[[]string](`[...window.__unfocused.keys()].map(e => e.tagName + " " + e.textContent.trim().slice(0, 30))`)); len(left) > 0 {
				t.Errorf("%s: Tab never reaches %v", where, left)
			}
			// The skip link moves focus to the main content.
			b.do(t, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"))
			if id := run(t, b, chromedp.Evaluate[string](`document.activeElement.id`)); id != "main" {
				t.Errorf("%s: the skip link moved focus to %q, not main", where, id)
			}
		}
	}

	// Text size: at least three steps up to 200%, remembered on the next page.
	b.do(t, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.font-size`)))
	steps := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-font-size]")].map(b => b.dataset.fontSize)`))
	if len(steps) < 4 || steps[len(steps)-1] != "200" {
		t.Errorf("text-size steps %v: want at least three above 100, up to 200", steps)
	}
	b.do(t, chromedp.Click(chromedp.CSS(`button[data-font-size="200"]`)))
	for _, p := range pageTypes {
		b.do(t, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		if fs := run(t, b, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).fontSize`)); fs != "32px" {
			t.Errorf("%s: text size %s after choosing 200%% on another page", p.path, fs)
		}
	}
	b.do(t, chromedp.Click(chromedp.CSS(`button[data-font-size="100"]`)))
	b.checkClean(t)
}

// TestZoom200: at 200% browser zoom (a 1280-pixel window showing 640 CSS pixels at
// twice the density) and with the text-size control at 200% on a 320-pixel screen,
// no page type scrolls sideways.
func TestZoom200(t *testing.T) {
	base := serve(t)
	b := newBrowserFor(t, 4*time.Minute)
	scrolls := func(where string) {
		if run(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			wide := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 3).map(e => e.tagName + "." + e.className)`))
			t.Errorf("%s scrolls sideways (too wide: %v)", where, wide)
		}
	}
	zoom := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 640, Height: 450, DeviceScaleFactor: 2})
		return err
	})
	for _, p := range pageTypes {
		b.do(t, zoom, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		scrolls(p.path + " at 200% zoom")
	}
	screenshot(t, b, "zoom200-404")
	b.do(t, chromedp.EmulateViewport(320, 800), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.font-size`)),
		chromedp.Click(chromedp.CSS(`button[data-font-size="200"]`)))
	for _, p := range pageTypes {
		b.do(t, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		scrolls(p.path + " at 320 px with 200% text")
	}
	screenshot(t, b, "text200-320-404")
	if !strings.Contains(run(t, b, chromedp.Evaluate[string](`document.documentElement.className`)), "fs-200") {
		t.Error("200% text not applied")
	}
	b.checkClean(t)
}
