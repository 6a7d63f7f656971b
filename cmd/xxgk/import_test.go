package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const legacyFixtures = "../../internal/importer/testdata/legacy"

// importSite is a copy of the whole sample site, to import into and build.
func importSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"config.toml", "data", "layouts", "static", "content"} {
		copyInto(t, filepath.Join("../..", p), filepath.Join(dir, p))
	}
	return dir
}

// completeFixtures copies the legacy fixtures whose publisher can be found, so that
// everything imported from them can pass the check.
func completeFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(legacyFixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "unknown-") {
			copyInto(t, filepath.Join(legacyFixtures, e.Name()), filepath.Join(dir, e.Name()))
		}
	}
	return dir
}

// TestImportCheckBuild imports a directory of legacy pages into a copy of the sample
// site; the check then passes and the built portal has a page for each document,
// with its title.
func TestImportCheckBuild(t *testing.T) {
	site := importSite(t)
	code, out, errs := runCLI("import", "--source", site, "--allocate", completeFixtures(t))
	if code != 0 {
		t.Fatalf("import exit %d: %s%s", code, out, errs)
	}
	if strings.Contains(out, "待补") || !strings.Contains(out, "写入 6 个，其中 0 个还需补充信息") {
		t.Fatalf("report:\n%s", out)
	}
	written := regexp.MustCompile(`→ content/(\w+)/\d{4}/([\w-]+)\.md`).FindAllStringSubmatch(out, -1)
	if len(written) != 6 {
		t.Fatalf("%d documents written:\n%s", len(written), out)
	}
	// The page full of Markdown and HTML look-alikes, with the publisher it lacks.
	code, out, _ = runCLI("import", "--source", site, "--allocate", "--publisher", "lxzz", filepath.Join(legacyFixtures, "unknown-open-day.txt"))
	openDay := regexp.MustCompile(`→ content/lxzz/2024/(lxzz-2024-\d{5})\.md`).FindStringSubmatch(out)
	if code != 0 || openDay == nil {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI("check", "--source", site); code != 0 {
		t.Fatalf("check after import: exit %d\n%s", code, out)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--source", site, "--dest", dest); code != 0 {
		t.Fatalf("build exit %d: %s", code, errs)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "lxzz", openDay[1], "index.html"))
	// The minifier leaves > unescaped in text; a bare URL is linked as everywhere on the site.
	for _, want := range []string{"名额*有限*", "[报名页面](", "扫描&lt;script>alert(1)&lt;/script>二维码", "{{&lt; youtube abc >}}", "王老师_教务处 | 电话", "&amp;amp; 饮水"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page of the open day lacks the literal text %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", ">报名页面</a>", "<em>", "<h1>本次活动", "<hr"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("legacy text became markup: %q", bad)
		}
	}
	for _, w := range written {
		src, err := os.ReadFile(filepath.Join(site, "content", w[1], w[2][len(w[1])+1:len(w[1])+5], w[2]+".md"))
		if err != nil {
			t.Fatal(err)
		}
		title := regexp.MustCompile(`(?m)^title = "(.*)"$`).FindSubmatch(src)
		page, err := os.ReadFile(filepath.Join(dest, w[1], w[2], "index.html"))
		if err != nil || title == nil || !strings.Contains(string(page), string(title[1])) {
			t.Errorf("page of %s: %v, title %q not in it", w[2], err, title)
		}
	}
}

func TestImportIncompleteGoesToImportFolder(t *testing.T) {
	site := importSite(t)
	code, out, _ := runCLI("import", "--source", site, filepath.Join(legacyFixtures, "unknown-open-day.txt"))
	if code != 0 || !strings.Contains(out, "content/_import/unknown-open-day.md") ||
		!strings.Contains(out, "待补：字段 publisher（发布机构）") || !strings.Contains(out, "待补：字段 index（索引号）") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// The check names exactly what the report said was missing.
	code, check, _ := runCLI("check", "--source", site)
	if code != 1 || strings.Count(check, "content/_import/unknown-open-day.md") != 2 {
		t.Errorf("check exit %d:\n%s", code, check)
	}
	// With the publisher given, the same page is complete.
	code, out, _ = runCLI("import", "--source", site, "--publisher", "lxzz", "--allocate", filepath.Join(legacyFixtures, "unknown-open-day.txt"))
	if code != 0 || !strings.Contains(out, "→ content/lxzz/2024/lxzz-2024-") || strings.Contains(out, "待补") {
		t.Errorf("with --publisher: exit %d\n%s", code, out)
	}
}

func TestImportDryRunAndOverwrite(t *testing.T) {
	site := importSite(t)
	plan := filepath.Join(legacyFixtures, "lxzz-work-plan.txt")
	target := filepath.Join(site, "content/lxzz/2024/lxzz-2024-00021.md")

	code, out, _ := runCLI("import", "--source", site, "--dry-run", plan)
	if _, err := os.Stat(target); code != 0 || err == nil || !strings.Contains(out, "试运行") {
		t.Fatalf("dry run: exit %d, stat %v\n%s", code, err, out)
	}
	if code, out, _ = runCLI("import", "--source", site, plan); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	os.WriteFile(target, []byte("已修改"), 0o644)
	code, out, _ = runCLI("import", "--source", site, plan)
	if b, _ := os.ReadFile(target); code != 1 || !strings.Contains(out, "已存在，不会覆盖") || string(b) != "已修改" {
		t.Fatalf("second import: exit %d, file %q\n%s", code, b, out)
	}
	code, out, _ = runCLI("import", "--source", site, "--force", plan)
	if b, _ := os.ReadFile(target); code != 0 || !strings.HasPrefix(string(b), "+++\ntitle = ") {
		t.Fatalf("--force: exit %d, file %q\n%s", code, b, out)
	}

	out2 := t.TempDir()
	code, out, _ = runCLI("import", "--source", site, "--out", out2, plan)
	if _, err := os.Stat(filepath.Join(out2, "lxzz/2024/lxzz-2024-00021.md")); code != 0 || err != nil {
		t.Errorf("--out: exit %d, %v\n%s", code, err, out)
	}
}

func TestImportExitCodes(t *testing.T) {
	site := importSite(t)
	binaryFile := filepath.Join(t.TempDir(), "report.txt")
	os.WriteFile(binaryFile, []byte("PK\x03\x04\x00\x00 a zipped Word file"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no files", []string{"import", "--source", site}, 2, "xxgk --help"},
		{"unknown publisher", []string{"import", "--source", site, "--publisher", "lxz", legacyFixtures}, 2, `是否想写 "lxzz"`},
		{"unknown genre", []string{"import", "--source", site, "--genre", "通告", legacyFixtures}, 2, "data/genres.toml"},
		{"unknown category", []string{"import", "--source", site, "--category", "其他", legacyFixtures}, 2, "data/categories.toml"},
		{"missing file", []string{"import", "--source", site, filepath.Join(site, "none.txt")}, 1, "none.txt：未能导入：文件不存在"},
		{"binary file", []string{"import", "--source", site, "--dry-run", binaryFile}, 1, "不是文本文件"},
		{"old Word file", []string{"import", "--source", site, "--dry-run", "../../internal/importer/testdata/office/old-format.doc"}, 1, "另存为“Word 文档（.docx）”"},
		{"scanned PDF", []string{"import", "--source", site, "--dry-run", "../../internal/importer/testdata/office/scanned-notice.pdf"}, 1, "没有文字层，需要先做文字识别（OCR）"},
		{"no registries", []string{"import", "--source", t.TempDir(), legacyFixtures}, 1, "data/publishers.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(tt.args...)
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Errorf("exit %d, output %q %q; want exit %d mentioning %q", code, out, errs, tt.code, tt.want)
			}
		})
	}
}

// TestImportWordCheckBuild: a Word original becomes a document that passes the check,
// and the built page offers the original for download.
func TestImportWordCheckBuild(t *testing.T) {
	site := importSite(t)
	code, out, _ := runCLI("import", "--source", site, "../../internal/importer/testdata/office/lxzz-training-plan.docx")
	if code != 0 || !strings.Contains(out, "→ content/lxzz/2024/lxzz-2024-00031.md") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI("check", "--source", site); code != 0 {
		t.Fatalf("check after import: exit %d\n%s", code, out)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--source", site, "--dest", dest); code != 0 {
		t.Fatalf("build exit %d: %s", code, errs)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "lxzz", "lxzz-2024-00031", "index.html"))
	if !strings.Contains(string(page), "公开原件（Word 文档）") || !strings.Contains(string(page), "lxzz-training-plan.docx") {
		t.Errorf("the page does not link the original")
	}
	if _, err := os.Stat(filepath.Join(dest, "attachments", "lxzz", "lxzz-2024-00031", "lxzz-training-plan.docx")); err != nil {
		t.Errorf("the original is not published: %v", err)
	}
}
