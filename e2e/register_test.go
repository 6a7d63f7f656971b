package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xxgk/internal/record"
)

func scripts(enabled bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !enabled})
		return err
	})
}

// TestRegisterPage: the register lists every document without JavaScript; with it,
// filtering by publisher and sorting by a column work, and what happened is announced.
func TestRegisterPage(t *testing.T) {
	base, _ := serveSite(t, "..")
	set, err := record.Load("..")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	rowCount := `document.querySelectorAll("#register-table tbody tr:not([hidden])").length`

	b.do(t, scripts(false), chromedp.Navigate(base+"/register/"), chromedp.WaitVisible(chromedp.CSS(`#register-table`)))
	if n := run(t, b, chromedp.Evaluate[int](rowCount)); n != len(set.Records) {
		t.Errorf("without JavaScript the register shows %d of %d documents", n, len(set.Records))
	}
	if run(t, b, chromedp.Evaluate[bool](`!document.querySelector("#register-tools").hidden`)) {
		t.Error("filter controls shown although they cannot work without JavaScript")
	}

	b.do(t, scripts(true), chromedp.Navigate(base+"/register/"), chromedp.WaitVisible(chromedp.CSS(`#register-tools select`)))
	screenshot(t, b, "register-1280")
	// Filter by the second publisher in the list.
	name := run(t, b, chromedp.Evaluate[string](`document.querySelector("#register-tools select").options[2].value`))
	b.do(t, chromedp.SetValue(chromedp.CSS(`#register-tools select`), name),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#register-tools select").dispatchEvent(new Event("change"))`))
	want := 0
	for _, r := range set.Records {
		for _, p := range set.Registry.Publishers {
			if p.Code == r.Publisher && p.Name == name {
				want++
			}
		}
	}
	if n := run(t, b, chromedp.Evaluate[int](rowCount)); n != want || want == 0 {
		t.Errorf("filtered by %s: %d rows, want %d", name, n, want)
	}
	if s := run(t, b, chromedp.Text(chromedp.CSS(`#register-status`))); !strings.Contains(s, "筛选后显示") {
		t.Errorf("filtering not announced: %q", s)
	}
	// Sort by 索引号, by keyboard.
	b.do(t, chromedp.Focus(chromedp.CSS(`#register-table th:nth-child(2) button`)), chromedp.KeyEvent("\r"))
	if got := run(t, b, chromedp.AttributeValue(chromedp.CSS(`#register-table th:nth-child(2)`), "aria-sort")).Value; got != "ascending" {
		t.Errorf("aria-sort %q after sorting", got)
	}
	idx := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#register-table tbody tr:not([hidden]) td:nth-child(2)")].map(td => td.textContent)`))
	for i := 1; i < len(idx); i++ {
		if idx[i] < idx[i-1] {
			t.Errorf("not sorted: %s after %s", idx[i], idx[i-1])
		}
	}
	b.checkClean(t)
}

// TestAuditPage: the audit page shows the compliance table in the bureaus' form, the
// statistics as SVG bar charts drawn at build time, and links to the exports, all
// without JavaScript.
func TestAuditPage(t *testing.T) {
	base, dest := serveSite(t, "..")
	b := newBrowser(t)
	b.do(t, scripts(false), chromedp.Navigate(base+"/audit/"), chromedp.WaitVisible(chromedp.CSS(`#compliance`)))
	heads := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".compliance thead th")].map(th => th.textContent)`))
	if strings.Join(heads, " ") != "序号 学校名称 学校类型 发布时间 发布网址 备注" {
		t.Errorf("compliance columns %v", heads)
	}
	if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".compliance tbody tr").length`)); n != 3 {
		t.Errorf("%d schools in the compliance table, want the sample's 3", n)
	}
	if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".chart svg rect").length`)); n < 10 {
		t.Errorf("%d bars in the statistics charts", n)
	}
	for _, f := range []string{"audit/compliance.xlsx", "audit/compliance.csv", "audit/disclosure-reports.xlsx", "audit/disclosure-reports.csv", "audit/statistics.csv", "audit/audit.json", "manifest.json", "register.xlsx", "lxzz/register.csv"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("export missing: %v", err)
		}
	}
	screenshot(t, b, "audit-1280")
	b.checkClean(t)
}
