package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xxgk/internal/record"
)

// columnSite is a site with six registered categories: 新闻动态 (two weeks) last
// updated 2026-03-01, 通知公告 (six months) 2025-12-20, 规划计划 with no limit of its
// own, and 机构职能, 预算决算 and 收费项目 holding nothing.
func columnSite(t *testing.T, audit string) (*record.Set, Config) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "categories.toml"), []byte(`
[[category]]
path = "新闻动态"
update_within_days = 14
[[category]]
path = "通知公告"
update_within_months = 6
[[category]]
path = "规划计划"
[[category]]
path = "机构职能"
[[category]]
path = "财务信息"
[[category]]
path = "财务信息/收费项目"
`), 0o644)
	os.WriteFile(filepath.Join(dir, "data", "audit.toml"), []byte(audit), 0o644)
	cfg, err := LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	reg := &record.Registry{Publishers: []record.Publisher{{Code: "qsjyj", Name: "青山县教育局", Type: "bureau"}}}
	for _, p := range []string{"新闻动态", "通知公告", "规划计划", "机构职能", "财务信息", "财务信息/收费项目"} {
		reg.Categories = append(reg.Categories, record.Category{Path: p})
	}
	doc := func(n int, cat, d string) *record.Record {
		return &record.Record{Path: fmt.Sprintf("content/qsjyj/%d.md", n), Index: fmt.Sprintf("qsjyj-%s-%05d", d[:4], n), Publisher: "qsjyj", Category: cat, Date: date(d), Genre: "通知"}
	}
	set := &record.Set{Registry: reg, Records: []*record.Record{
		doc(1, "新闻动态", "2026-02-10"), doc(2, "新闻动态", "2026-03-01"),
		doc(3, "通知公告", "2025-12-20"), doc(4, "规划计划", "2024-01-05"),
	}}
	return set, cfg
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		name, audit, asOf string
		want              []string // path:status
		home              int
		verdicts          string
	}{
		{"all up to date", "", "2026-03-15", []string{"新闻动态:ok", "通知公告:ok", "规划计划:unchecked", "机构职能:empty", "财务信息:empty", "财务信息/收费项目:empty"}, 14, "首页不更新:true 栏目不更新:true 空白栏目:true"},
		{"news stale after 14 days", "", "2026-03-16", []string{"新闻动态:stale", "通知公告:ok", "规划计划:unchecked", "机构职能:empty", "财务信息:empty", "财务信息/收费项目:empty"}, 15, "首页不更新:false 栏目不更新:true 空白栏目:true"},
		{"notices stale after six months", "", "2026-06-21", []string{"新闻动态:stale", "通知公告:stale", "规划计划:unchecked", "机构职能:empty", "财务信息:empty", "财务信息/收费项目:empty"}, 112, "首页不更新:false 栏目不更新:true 空白栏目:true"},
		{"notices on their last day", "", "2026-06-20", []string{"新闻动态:stale", "通知公告:ok", "规划计划:unchecked", "机构职能:empty", "财务信息:empty", "财务信息/收费项目:empty"}, 111, "首页不更新:false 栏目不更新:true 空白栏目:true"},
		{"default limit and lower thresholds", "[columns]\nupdate_within_days = 30\nstale_columns = 2\nempty_columns = 3\nhome_within_days = 30\n", "2026-03-20",
			[]string{"新闻动态:stale", "通知公告:ok", "规划计划:stale", "机构职能:empty", "财务信息:empty", "财务信息/收费项目:empty"}, 19, "首页不更新:true 栏目不更新:false 空白栏目:false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, cfg := columnSite(t, tc.audit)
			rep := Run(set, cfg, Options{AsOf: date(tc.asOf)})
			var got []string
			for _, c := range rep.Columns {
				got = append(got, c.Path+":"+c.Status)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("columns %v, want %v", got, tc.want)
			}
			if rep.Home.IdleDays != tc.home || rep.Home.Last != "2026-03-01" {
				t.Errorf("home %+v, want %d idle days since 2026-03-01", rep.Home, tc.home)
			}
			var vs []string
			for _, v := range rep.Verdicts {
				vs = append(vs, fmt.Sprintf("%s:%v", v.Item, v.Pass))
			}
			if strings.Join(vs, " ") != tc.verdicts {
				t.Errorf("verdicts %v, want %s", vs, tc.verdicts)
			}
			if failed := strings.Contains(tc.verdicts, "false"); rep.Flagged() != failed && failed {
				t.Errorf("Flagged() = %v with failing items", rep.Flagged())
			}
		})
	}
}

func TestColumnsEmptyFailsSite(t *testing.T) {
	set, cfg := columnSite(t, "[columns]\nempty_columns = 3\n")
	rep := Run(set, cfg, Options{AsOf: date("2026-03-02")})
	failed := rep.Failed()
	if len(failed) != 1 || failed[0].Item != "空白栏目" || failed[0].Value != "3 个空白栏目" || failed[0].Threshold != "3 个以上栏目没有任何信息" {
		t.Fatalf("failed items %+v", failed)
	}
	if !rep.Flagged() {
		t.Error("a failing item does not flag the report")
	}
	var b strings.Builder
	rep.WriteText(&b)
	for _, want := range []string{"单项否决指标：1 项不合格", "[不合格] 空白栏目：3 个空白栏目（标准：3 个以上栏目没有任何信息即不合格）", "[空白栏目] 机构职能：没有任何信息", "[合格] 首页不更新：最近一次发布于 2026-03-01，已 1 天"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	csv := string(rep.FindingsTable().CSV())
	if !strings.Contains(csv, "单项否决,,空白栏目,3 个空白栏目") || !strings.Contains(csv, "空白栏目,,财务信息/收费项目,") {
		t.Errorf("CSV:\n%s", csv)
	}
}

func TestColumnRulesErrors(t *testing.T) {
	for _, src := range []string{"[columns]\nhome_within_days = 0\n", "[columns]\nstale_columns = -1\n", "[columns]\nnews = 3\n"} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		os.WriteFile(filepath.Join(dir, "data", "audit.toml"), []byte(src), 0o644)
		if _, err := LoadConfig(dir); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}
