package record

import (
	"strings"
	"testing"
)

// TestWording: 错别字 in the title and the body, and the site's own 规范表述 and
// forbidden expressions from data/wording.toml, are warnings with file and line.
func TestWording(t *testing.T) {
	fm := strings.Replace(validFM, "2024年工作计划", "2024年工作布署", 1)
	dir := writeSite(t, map[string]string{
		"content/lxzz/2024/a.md": "+++\n" + fm + "+++\n\n## 一、指导思想\n\n再接再励，既使困难也不放松。\n\n临溪职专毕业包分配。\n",
		"data/wording.toml":      "[[term]]\nright = \"临溪县职业中等专业学校\"\nwrong = [\"临溪职专\"]\n\n[[forbidden]]\ntext = \"包分配\"\nreason = \"招生宣传不得承诺就业\"\n",
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Problems {
		if p.Severity != Warning {
			t.Errorf("not a warning: %s", p)
		}
		got = append(got, p.String())
	}
	want := []string{
		"content/lxzz/2024/a.md:2: 提醒：字段 title（标题）：标题中“布署”疑为错别字，应为“部署”",
		"content/lxzz/2024/a.md:12: 提醒：正文中“再接再励”疑为错别字，应为“再接再厉”",
		"content/lxzz/2024/a.md:12: 提醒：正文中“既使”疑为错别字，应为“即使”",
		"content/lxzz/2024/a.md:14: 提醒：正文中“临溪职专”应写作规范表述“临溪县职业中等专业学校”",
		"content/lxzz/2024/a.md:14: 提醒：正文中“包分配”是本站规定不使用的表述（招生宣传不得承诺就业）",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	bad := writeSite(t, map[string]string{"data/wording.toml": "[[term]]\nright = \"x\"\n"})
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "data/wording.toml") {
		t.Errorf("a broken data/wording.toml: %v", err)
	}
}
