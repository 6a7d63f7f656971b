package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xxgk/internal/record"
)

// newSite is a copy of the defect-free parts of the sample site: registries and the
// documents of one school.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyInto(t, "../../data", filepath.Join(dir, "data"))
	copyInto(t, "../../content/lxzz", filepath.Join(dir, "content/lxzz"))
	return dir
}

func TestNewAllocatesAndWritesSkeleton(t *testing.T) {
	dir := newSite(t)
	code, out, errs := runCLI("new", "--source", dir, "--publisher", "lxzz", "--genre", "年度质量报告", "--date", "2025-02-10", "临溪县职业中等专业学校2024年度质量报告（修订版）")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// content/lxzz/2025 holds lxzz-2025-00001 … 00003 in the sample.
	path := strings.TrimSpace(out)
	if path != "content/lxzz/2025/lxzz-2025-00004.md" {
		t.Fatalf("wrote %q", path)
	}
	src, err := os.ReadFile(filepath.Join(dir, path))
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := record.LoadRegistry(dir)
	r, problems := record.Parse(path, src, reg)
	if r == nil || r.Index != "lxzz-2025-00004" || r.Year != 2024 || r.Category != "质量报告/年度质量报告" || r.Date.Format("2006-01-02") != "2025-02-10" {
		t.Errorf("record %+v", r)
	}
	// The only problem is the placeholder the clerk must fill in.
	if len(problems) != 1 || !strings.Contains(problems[0].Message, record.Placeholder) {
		t.Errorf("problems %v", problems)
	}
	for _, h := range []string{"## 一、学校情况", "## 八、主要问题和改进措施"} {
		if !strings.Contains(string(src), h) {
			t.Errorf("skeleton lacks %s", h)
		}
	}

	// The next one gets the next number; a site archetype overrides the built-in one.
	os.MkdirAll(filepath.Join(dir, "archetypes"), 0o755)
	os.WriteFile(filepath.Join(dir, "archetypes/summary.md"), []byte("## 一、本校自定义框架\n"), 0o644)
	_, out, _ = runCLI("new", "--source", dir, "--publisher", "临溪县职业中等专业学校", "--genre", "工作总结", "--date", "2025-03-01", "临溪县职业中等专业学校2024年工作总结")
	path = strings.TrimSpace(out)
	if path != "content/lxzz/2025/lxzz-2025-00005.md" {
		t.Fatalf("second document at %q", path)
	}
	if src, _ := os.ReadFile(filepath.Join(dir, path)); !strings.Contains(string(src), "本校自定义框架") {
		t.Error("site archetype not used")
	}
}

// TestNewDefaultsToToday: without --date a document is dated the build clock's day in
// Shanghai — here SOURCE_DATE_EPOCH's 2025-12-31T16:30:00Z, already 2026-01-01 there.
func TestNewDefaultsToToday(t *testing.T) {
	dir := newSite(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1767198600")
	_, out, errs := runCLI("new", "--source", dir, "--publisher", "lxzz", "--genre", "通知", "关于做好寒假安全工作的通知")
	today := time.Date(2026, 1, 1, 0, 30, 0, 0, record.Shanghai)
	if !strings.HasPrefix(strings.TrimSpace(out), "content/lxzz/"+today.Format("2006")+"/lxzz-"+today.Format("2006")+"-") {
		t.Fatalf("wrote %q (%s)", out, errs)
	}
	src, _ := os.ReadFile(filepath.Join(dir, strings.TrimSpace(out)))
	if !strings.Contains(string(src), "date = "+today.Format("2006-01-02")+"\n") {
		t.Errorf("not dated today in Shanghai:\n%s", src)
	}
}

func TestNewRefusals(t *testing.T) {
	dir := newSite(t)
	// A file already at the next number's place is never overwritten.
	taken := filepath.Join(dir, "content/lxzz/2027/lxzz-2027-00001.md")
	os.MkdirAll(filepath.Dir(taken), 0o755)
	os.WriteFile(taken, []byte("草稿，不是文档"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"exists", []string{"--publisher", "lxzz", "--genre", "通知", "--date", "2027-01-05", "标题"}, 1, "已存在，不会覆盖"},
		{"unknown publisher", []string{"--publisher", "lxz", "--genre", "通知", "标题"}, 1, `是否想写 "lxzz"`},
		{"unknown genre", []string{"--publisher", "lxzz", "--genre", "通告", "标题"}, 1, "data/genres.toml"},
		{"unknown category", []string{"--publisher", "lxzz", "--genre", "通知", "--category", "其他", "标题"}, 1, "data/categories.toml"},
		{"bad date", []string{"--publisher", "lxzz", "--genre", "通知", "--date", "2026/1/5", "标题"}, 2, "不是有效日期"},
		{"no title", []string{"--publisher", "lxzz", "--genre", "通知"}, 2, "xxgk --help"},
		{"no publisher", []string{"--genre", "通知", "标题"}, 2, "publisher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(append([]string{"new", "--source", dir}, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, tt.code, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(taken); string(b) != "草稿，不是文档" {
		t.Error("existing file overwritten")
	}
}
