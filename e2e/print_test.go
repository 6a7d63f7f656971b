package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xxgk/internal/testenv"
)

// pdfText extracts the text of a PDF with poppler's pdftotext (installed by .ci/run).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext", "apt-get install poppler-utils; .ci/run installs it")
	in := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(tool, "-enc", "UTF-8", in, "-")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestPrintDocument prints a document page to PDF as Chromium does and reads the PDF's
// text: the metadata table and the body are there, the navigation, search box, text
// controls and footer are not.
func TestPrintDocument(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/lxzz/lxzz-2024-00001/"), chromedp.WaitVisible(chromedp.CSS(`.font-size`)))
	body := run(t, b, chromedp.Evaluate[string](`document.querySelector(".doc-body p").textContent.slice(0, 20)`))
	var pdf []byte
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		if err == nil {
			pdf = res.Data
		}
		return err
	}))
	if os.Getenv("XXGK_SCREENSHOTS") != "" {
		os.WriteFile(filepath.Join(os.Getenv("XXGK_SCREENSHOTS"), "print-document.pdf"), pdf, 0o644)
	}
	// pdftotext lays text out as on paper: compare without spaces and line breaks.
	text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
	for _, want := range []string{"索引号", "lxzz-2024-00001", "发布机构", "主题分类", strings.Join(strings.Fields(body), "")} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"跳到正文", "主导航", "信息公开目录", "站内搜索", "高对比度", "字号", "打印本页", "订阅（RSS）", "网站地图", "上一篇", "下一篇"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the printed page shows %q", unwanted)
		}
	}
	b.checkClean(t)
}
