package wording

import (
	"fmt"
	"strings"
	"testing"
)

// TestBuiltin: the list is long enough, and it never flags right text: no right form
// (and no exception) contains any rule's wrong form.
func TestBuiltin(t *testing.T) {
	rules := Builtin()
	if len(rules) < 150 {
		t.Errorf("%d built-in rules, want at least 150", len(rules))
	}
	c := New(rules)
	if c.Len() != len(rules) {
		t.Errorf("%d rules after removing duplicates, %d written: a wrong form is listed twice", c.Len(), len(rules))
	}
	for _, r := range rules {
		if r.Right == "" || r.Wrong == r.Right || strings.Contains(r.Right, r.Wrong) {
			t.Errorf("rule %s→%s cannot work", r.Wrong, r.Right)
		}
		if m := c.Find(r.Right); len(m) > 0 {
			t.Errorf("the right form %q is flagged as %q", r.Right, m[0].Rule.Wrong)
		}
		for _, e := range r.Except {
			if !strings.Contains(e, r.Wrong) {
				t.Errorf("exception %q of %s does not contain it", e, r.Wrong)
			}
			if m := c.Find(e); len(m) > 0 {
				t.Errorf("exception %q is flagged as %q", e, m[0].Rule.Wrong)
			}
		}
	}
}

func TestFind(t *testing.T) {
	c := New(Builtin())
	tests := []struct{ text, want string }{
		{"各校要认真布署，再接再励。", "布署→部署@15 再接再励→再接再厉@24"},
		{"既使遇到困难，也要按时完成。", "既使→即使@0"},
		{"既使得学生受益，又减轻了家庭负担。", ""},
		{"他激动得不能自已。自已的事自己做。", "自已→自己@27"},
		{"按造价的百分之五计提，按造要求执行。", "按造→按照@33"},
		{"本年度部署工作任务，即使困难也要完成。", ""},
		{"", ""},
		{"学籍管理和学藉管理", "学藉→学籍@15"},
		{"學校的實訓條件比想像中好。", ""}, // traditional: 想像 is right there
		{"学校的实训条件比想像中好。", "想像→想象@24"},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range c.Find(tt.text) {
			got = append(got, fmt.Sprintf("%s→%s@%d", m.Rule.Wrong, m.Rule.Right, m.Start))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Find(%q) = %v, want %s", tt.text, got, tt.want)
		}
	}
}

func TestSiteRules(t *testing.T) {
	rules, err := Parse([]byte(`
[[term]]
right = "临溪县职业中等专业学校"
wrong = ["临溪县职业中专学校", "临溪职专"]
reason = "学校登记的全称"

[[forbidden]]
text = "包分配"
reason = "招生宣传不得承诺就业"

[[typo]]
wrong = "度过难关"
right = ""

[[typo]]
wrong = "登陆系统"
right = "登录系统"
`))
	if err != nil {
		t.Fatal(err)
	}
	c := New(append(Builtin(), rules...))
	var got []string
	for _, m := range c.Find("临溪职专毕业包分配，登陆系统查询，共同度过难关。临溪县职业中等专业学校欢迎你。") {
		got = append(got, m.Rule.Message())
	}
	want := []string{"“临溪职专”应写作规范表述“临溪县职业中等专业学校”", "“包分配”是本站规定不使用的表述（招生宣传不得承诺就业）", "“登陆系统”疑为错别字，应为“登录系统”"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c.Len() != len(Builtin())+3 { // 2 terms + forbidden + new typo - the switched-off one
		t.Errorf("%d rules", c.Len())
	}
}

func TestParseErrors(t *testing.T) {
	for src, want := range map[string]string{
		"[[term]]\nright = \"x\"\n":                     "不完整",
		"[[term]]\nright = \"临溪县\"\nwrong = [\"溪县\"]\n": "规范表述的一部分",
		"[[forbidden]]\nreason = \"x\"\n":               "缺少 text",
		"[[typo]]\nright = \"x\"\n":                     "缺少 wrong",
		"[[words]]\nx = 1\n":                            "不认识的设置",
		"[[term]\n":                                     "data/wording.toml:2: 格式有误",
	} {
		if _, err := Parse([]byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
}

func FuzzParseAndFind(f *testing.F) {
	f.Add([]byte("[[term]]\nright = \"部署\"\nwrong = [\"布署\"]\n"), "布署再接再励既使得")
	f.Add([]byte("[[forbidden]]\ntext = \"包\"\n"), "包分配")
	f.Add([]byte(""), "\xff\xfe既使")
	f.Fuzz(func(t *testing.T, src []byte, text string) {
		rules, err := Parse(src)
		if err != nil {
			return
		}
		c := New(append(Builtin(), rules...))
		last := -1
		for _, m := range c.Find(text) {
			if m.Start <= last || !strings.HasPrefix(text[m.Start:], m.Rule.Wrong) {
				t.Fatalf("match %+v at %d in %q", m.Rule, m.Start, text)
			}
			last = m.Start
		}
	})
}

// BenchmarkFind: one document body's worth of ordinary text (about 6 KB) against the
// built-in list.
func BenchmarkFind(b *testing.B) {
	c := New(Builtin())
	text := strings.Repeat("学校坚持立德树人，深化产教融合、校企合作，全面提高技术技能人才培养质量。", 60)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		c.Find(text)
	}
}
