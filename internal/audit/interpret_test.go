package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xxgk/internal/record"
)

// TestInterpretation: of four 实施方案 (a genre marked needs_interpretation), one has
// its 解读 in time, one late, one none, and one is too recent to judge; a 通知 needs
// none. The 解读 and its policy are linked both ways.
func TestInterpretation(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "genres.toml"), []byte("[[genre]]\nname = \"实施方案\"\nneeds_interpretation = true\n[[genre]]\nname = \"通知\"\n[[genre]]\nname = \"政策解读\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "data", "audit.toml"), []byte("interpret_within_days = 3\n"), 0o644)
	cfg, err := LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := func(index, genre, d, interprets string) *record.Record {
		return &record.Record{Path: "content/qsjyj/" + index + ".md", Index: index, Title: "文件" + index, Publisher: "qsjyj", Genre: genre, Category: "通知公告", Date: date(d), Interprets: interprets}
	}
	set := &record.Set{Registry: &record.Registry{}, Records: []*record.Record{
		doc("qsjyj-2024-00001", "实施方案", "2024-03-01", ""),
		doc("qsjyj-2024-00002", "政策解读", "2024-03-04", "qsjyj-2024-00001"), // day 3: in time
		doc("qsjyj-2024-00003", "实施方案", "2024-04-01", ""),
		doc("qsjyj-2024-00004", "政策解读", "2024-04-05", "qsjyj-2024-00003"), // day 4: late
		doc("qsjyj-2024-00005", "实施方案", "2024-05-01", ""),                 // none
		doc("qsjyj-2024-00006", "通知", "2024-05-02", ""),                   // needs none
		doc("qsjyj-2024-00007", "实施方案", "2024-06-08", ""),                 // asOf is day 2
	}}
	rep := Run(set, cfg, Options{AsOf: date("2024-06-10")})
	var got []string
	for _, f := range rep.Interpretation {
		got = append(got, f.Kind+" "+f.Index)
	}
	if want := "interpretation-late qsjyj-2024-00003 uninterpreted qsjyj-2024-00005"; strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
	if rep.InterpretWithin != 3 || !rep.Flagged() {
		t.Errorf("limit %d, flagged %v", rep.InterpretWithin, rep.Flagged())
	}
	r := rep.Related
	if p := r["qsjyj-2024-00002"].Interprets; p == nil || p.URL != "/qsjyj/qsjyj-2024-00001/" {
		t.Errorf("解读 → policy: %+v", p)
	}
	if by := r["qsjyj-2024-00001"].InterpretedBy; len(by) != 1 || by[0].Index != "qsjyj-2024-00002" || by[0].URL != "/qsjyj/qsjyj-2024-00002/" {
		t.Errorf("policy → 解读: %+v", by)
	}
	if _, ok := r["qsjyj-2024-00005"]; ok {
		t.Error("a policy without 解读 has links")
	}
	var b strings.Builder
	rep.WriteText(&b)
	if !strings.Contains(b.String(), "[缺少政策解读] qsjyj-2024-00005《文件qsjyj-2024-00005》：体裁“实施方案”的文件应同步发布政策解读，发布 40 天后仍没有解读") {
		t.Errorf("text:\n%s", b.String())
	}
}
