package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

// The sample's 政府信息公开工作年度报告 (临溪县教育局, 2025).
const reportPage = "/lxjyj/lxjyj-2026-00001/"

// TestAnnualReportTables: every table of the national format is on the page with
// its label as a visible caption, column and row headings scoped, its figures named
// by their column on a 320-pixel screen where each row is a card and nothing
// scrolls sideways; axe finds nothing there; the Excel download is linked.
func TestAnnualReportTables(t *testing.T) {
	axe := axeSource(t)
	base := serve(t)
	b := newBrowser(t)
	for _, width := range []int64{1280, 320} {
		b.do(t, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+reportPage), chromedp.WaitVisible(chromedp.CSS("table.figures")))
		captions := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.figures caption")].map(c => c.textContent.trim())`))
		if len(captions) != len(annualreport.Tables) {
			t.Fatalf("%d px: captions %q", width, captions)
		}
		for i, tab := range annualreport.Tables {
			if captions[i] != tab.Label {
				t.Errorf("%d px: table %d caption %q, want %q", width, i+1, captions[i], tab.Label)
			}
		}
		// Every figure cell is headed by a column heading and a row heading.
		unheaded := run(t, b, chromedp.Evaluate[int](`[...document.querySelectorAll("table.figures td[data-label]")].filter(td => {
			const tr = td.parentElement, th = tr.querySelector("th[scope=row]");
			const col = td.closest("table").querySelectorAll("thead th[scope=col]")[td.cellIndex - 1];
			return !th || !col || col.textContent.trim() !== td.dataset.label;
		}).length`))
		if unheaded != 0 {
			t.Errorf("%d px: %d figures without their row and column headings", width, unheaded)
		}
		if run(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			t.Errorf("%d px: the report scrolls sideways", width)
		}
		// No table scrolls inside its own region either.
		if n := run(t, b, chromedp.Evaluate[int](`[...document.querySelectorAll(".figures-wrap")].filter(w => w.scrollWidth > w.clientWidth + 1).length`)); width == 320 && n > 0 {
			t.Errorf("320 px: %d tables scroll sideways in their region", n)
		}
		if width == 320 {
			// A card shows each figure with its column's name beside it.
			label := run(t, b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table.figures td[data-label]"), "::before").content`))
			if !strings.Contains(label, "本年制发件数") {
				t.Errorf("320 px: a figure's label shows as %s", label)
			}
		}
		screenshot(t, b, "annual-report-"+strconv.Itoa(int(width)))
		checkAxe(t, b, axe, reportPage+" at "+strconv.Itoa(int(width))+" px")
	}
	href := run(t, b, chromedp.Evaluate[string](`document.querySelector(".report-download a").getAttribute("href")`))
	if href != reportPage+"report-tables.xlsx" {
		t.Errorf("download link %q", href)
	}
	b.checkClean(t)
}

// TestGuideListsContacts: the 信息公开指南 shows, for every publisher in
// data/publishers.toml, its 受理机构, address, postcode, phone, fax, hours and its
// e-mail as a mailto: link.
func TestGuideListsContacts(t *testing.T) {
	reg, err := record.LoadRegistry("..")
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/guide/"), chromedp.WaitVisible(chromedp.CSS(".contacts")))
	for _, p := range reg.Publishers {
		sel := "#contact-" + p.Code
		text := run(t, b, chromedp.Evaluate[string](`(document.querySelector("`+sel+`")?.parentElement.textContent || "").replace(/\s+/g, "")`))
		c := p.Contact
		for _, want := range []string{p.Name, c.Office, c.Address, c.Postcode, c.Phone, c.Fax, c.Email, c.Hours} {
			if want != "" && !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
				t.Errorf("guide, %s: lacks %q", p.Code, want)
			}
		}
		if c.Email == "" {
			continue
		}
		mail := run(t, b, chromedp.Evaluate[string](`document.querySelector("`+sel+`").parentElement.querySelector("a[href^='mailto:']")?.getAttribute("href") || ""`))
		if !strings.HasPrefix(mail, "mailto:"+c.Email+"?") {
			t.Errorf("guide, %s: e-mail link %q", p.Code, mail)
		}
	}
	if n := len(reg.Publishers); n < 2 || run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".contact").length`)) != n {
		t.Errorf("guide lists %d publishers' contacts", n)
	}
	b.checkClean(t)
}

// TestApplyFormPrintsOnOnePage prints /apply/ to A4 as Chromium does: one page, with
// the form's fields and without the navigation; on screen the e-mail channels are
// mailto: links.
func TestApplyFormPrintsOnOnePage(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/apply/"), chromedp.WaitVisible(chromedp.CSS(".apply-form")))
	mails := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".apply-channels a[href^='mailto:']").length`))
	if mails == 0 {
		t.Error("no mailto: link on /apply/")
	}
	var pdf []byte
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		if err == nil {
			pdf = res.Data
		}
		return err
	}))
	if dir := os.Getenv("XXGK_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "print-apply.pdf"), pdf, 0o644)
	}
	if n := pdfPages(t, pdf); n != 1 {
		t.Errorf("/apply/ prints on %d A4 pages, want 1", n)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
	for _, want := range []string{"政府信息公开申请表", "受理机构", "公民", "法人或者其他组织", "统一社会信用代码", "所需信息的内容描述", "所需信息的用途", "获取信息的方式", "电子邮件", "申请人签名或者盖章"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed form lacks %q", want)
		}
	}
	for _, unwanted := range []string{"跳到正文", "站内搜索", "信息公开目录", "打印申请表"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the printed form shows %q", unwanted)
		}
	}
	b.checkClean(t)
}

// pdfPages counts a PDF's pages with poppler's pdfinfo (installed with pdftotext).
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	tool, err := exec.LookPath("pdfinfo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfinfo is not installed; .ci/run installs poppler-utils")
		}
		t.Skip("pdfinfo not found (apt-get install poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, in).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
