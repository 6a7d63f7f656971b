package record

import (
	"strings"
	"testing"
)

const schemePublishers = `[[publisher]]
code = "sjyj"
name = "临溪市教育局"
type = "bureau"
aliases = ["市教育局"]
index_prefix = "000016872"
index_format = "{prefix}/{year}-{serial:5}"

[[publisher]]
code = "jyb"
name = "临溪省教育厅"
type = "bureau"
index_prefix = "360A05"
index_format = "{prefix}-{category}-{year}-{serial:4}-2"

[[publisher]]
code = "lxzz"
name = "临溪县职业中等专业学校"
type = "school"
parent = "sjyj"
aliases = ["临溪职专"]
`

const schemeCategories = "[[category]]\npath = \"规划统计\"\ncode = \"03\"\n\n[[category]]\npath = \"规划统计/规划计划\"\n\n[[category]]\npath = \"通知公告\"\n"
const schemeGenres = "[[genre]]\nname = \"工作计划\"\ncategory = \"规划统计/规划计划\"\n"

func schemeRegistry(t *testing.T, index string) *Registry {
	t.Helper()
	var src []byte
	if index != "" {
		src = []byte(index)
	}
	reg, err := ParseRegistry([]byte(schemePublishers), []byte(schemeCategories), []byte(schemeGenres), src)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestCheckIndexSchemes: each publisher's numbers are checked against its own scheme,
// with messages that name the scheme and give an example.
func TestCheckIndexSchemes(t *testing.T) {
	reg := schemeRegistry(t, "format = \"{code}-{year}-{serial:5}\"\naccept = [\"{code}-{year}/{serial}\"]\n")
	tests := []struct {
		publisher, index, category, date string
		want                             string // "" for no problem
	}{
		{"sjyj", "000016872/2024-00012", "规划统计/规划计划", "2024-03-01", ""},
		{"sjyj", "000016873/2024-00012", "规划统计/规划计划", "2024-03-01", `索引号 "000016873/2024-00012" 的机构部分不对，是否应为 000016872/2024-00012？本机构的编号规则为 {prefix}/{year}-{serial:5}（例如 000016872/2024-00001）`},
		{"sjyj", "000016872/2024-0012", "规划统计/规划计划", "2024-03-01", `索引号 "000016872/2024-0012" 不符合本机构的编号规则 {prefix}/{year}-{serial:5}（例如 000016872/2024-00001）`},
		{"sjyj", "000016872／2024-00012", "规划统计/规划计划", "2024-03-01", "含有全角字符"},
		{"sjyj", "000016872/2023-00012", "规划统计/规划计划", "2024-03-01", "年份 2023 与发布日期的年份 2024 不一致"},
		{"sjyj", "000016872/2024-00000", "规划统计/规划计划", "2024-03-01", "序号从 1 开始"},
		// The ministry scheme: the category's code, or its nearest ancestor's.
		{"jyb", "360A05-03-2021-0027-2", "规划统计/规划计划", "2021-06-01", ""},
		{"jyb", "360A05-04-2021-0027-2", "规划统计/规划计划", "2021-06-01", "不符合本机构的编号规则 {prefix}-{category}-{year}-{serial:4}-2（例如 360A05-03-2021-0001-2）"},
		{"jyb", "360A05-03-2021-0027-2", "通知公告", "2021-06-01", `主题分类 "通知公告" 在 data/categories.toml 中没有 code`},
		// The site's scheme, with its older accepted form.
		{"lxzz", "lxzz-2024-00003", "规划统计/规划计划", "2024-02-26", ""},
		{"lxzz", "lxzz-2024/3", "规划统计/规划计划", "2024-02-26", ""},
		{"lxzz", "lxzz-2024-3", "规划统计/规划计划", "2024-02-26", "不符合本机构的编号规则 {code}-{year}-{serial:5}（例如 lxzz-2024-00001），或旧规则 {code}-{year}/{serial}"},
		{"lxzz", "lxzj-2024/3", "规划统计/规划计划", "2024-02-26", "是否应为 lxzz-2024/3？"},
	}
	for _, tt := range tests {
		fm := strings.NewReplacer("lxzz-2024-00003", tt.index, `publisher = "lxzz"`, `publisher = "`+tt.publisher+`"`,
			`category = "规划统计/规划计划"`, `category = "`+tt.category+`"`, "2024-02-26", tt.date).Replace(validFM)
		r, problems := Parse("content/x.md", doc(fm), reg)
		var got []string
		for _, p := range problems {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		switch {
		case tt.want == "" && len(problems) > 0:
			t.Errorf("%s %s: unexpected problems:\n%s", tt.publisher, tt.index, all)
		case tt.want == "" && r.Number.Pattern == nil:
			t.Errorf("%s %s: accepted but not read", tt.publisher, tt.index)
		case tt.want != "" && !strings.Contains(all, "content/x.md:3: 字段 index（索引号）：") || !strings.Contains(all, tt.want):
			t.Errorf("%s %s: want %q, got:\n%s", tt.publisher, tt.index, tt.want, all)
		}
	}
}

// TestDefaultSchemeMessages: a site without data/index.toml keeps today's messages.
func TestDefaultSchemeMessages(t *testing.T) {
	reg := schemeRegistry(t, "")
	for index, want := range map[string]string{
		"lxzz-2024-3":     `索引号 "lxzz-2024-3" 格式不对，应为 机构代码-年份-5位序号，例如 lxzz-2024-00001`,
		"lxzj-2024-00003": `索引号 "lxzj-2024-00003" 应以发布机构代码 lxzz- 开头`,
		"lxzz-2024-00000": "索引号的序号从 00001 开始",
	} {
		_, problems := Parse("content/x.md", doc(strings.Replace(validFM, "lxzz-2024-00003", index, 1)), reg)
		if len(problems) != 1 || problems[0].Message != want {
			t.Errorf("%s: got %v, want %q", index, problems, want)
		}
	}
}

func TestRegistrySchemeErrors(t *testing.T) {
	tests := []struct {
		name, pubs, cats, index, want string
	}{
		{"bad site format", schemePublishers, schemeCategories, "format = \"{code}-{yr}-{serial}\"\n", `data/index.toml:1: 编号规则 "{code}-{yr}-{serial}" 无效：不认识 {yr}`},
		{"format without serial", schemePublishers, schemeCategories, "format = \"{code}-{year}\"\n", "data/index.toml:1: 编号规则 \"{code}-{year}\" 无效：用于分配新编号的规则（format）必须含 {serial}"},
		{"{*} in a format", schemePublishers, schemeCategories, "format = \"{*}-{serial}\"\n", "只能用于旧编号规则"},
		{"bad accept", schemePublishers, schemeCategories, "accept = [\"{code}/{year}-{serial\"]\n", "data/index.toml:1: 编号规则 \"{code}/{year}-{serial\" 无效：{ 没有配对的 }"},
		{"unknown key", schemePublishers, schemeCategories, "formats = \"{code}-{serial}\"\n", `data/index.toml:1: 未知字段 "formats"`},
		{"toml syntax", schemePublishers, schemeCategories, "format = {code}\n", "data/index.toml:1: 格式有误"},
		{"bad publisher format", strings.Replace(schemePublishers, `"{prefix}/{year}-{serial:5}"`, `"{prefix}／{year}-{serial:5}"`, 1), schemeCategories, "", "data/publishers.toml:7: 编号规则"},
		{"bad prefix", strings.Replace(schemePublishers, `"000016872"`, `"0000 16872"`, 1), schemeCategories, "", `data/publishers.toml:6: 发布机构 sjyj 的 index_prefix "0000 16872" 只能由半角字母`},
		{"shared alias", strings.Replace(schemePublishers, `"临溪职专"`, `"市教育局"`, 1), schemeCategories, "", `简称 "市教育局" 同时属于发布机构 sjyj 和 lxzz`},
		{"alias is another's name", strings.Replace(schemePublishers, `"临溪职专"`, `"临溪省教育厅"`, 1), schemeCategories, "", `简称 "临溪省教育厅" 同时属于发布机构 jyb 和 lxzz`},
		{"duplicate category code", schemePublishers, schemeCategories + "\n[[category]]\npath = \"财务信息\"\ncode = \"03\"\n", "", `主题分类 规划统计 与 财务信息 的 code 都是 "03"`},
		{"bad category code", schemePublishers, strings.Replace(schemeCategories, `"03"`, `"0-3"`, 1), "", `code "0-3" 只能由半角字母和数字组成`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var index []byte
			if tt.index != "" {
				index = []byte(tt.index)
			}
			_, err := ParseRegistry([]byte(tt.pubs), []byte(tt.cats), []byte(schemeGenres), index)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestAliases: an alias finds its publisher, is suggested, and in front matter is
// accepted with a warning asking for the code.
func TestAliases(t *testing.T) {
	reg := schemeRegistry(t, "")
	if p, ok := reg.PublisherByName("临溪职专"); !ok || p.Code != "lxzz" {
		t.Errorf("PublisherByName(临溪职专) = %v, %v", p, ok)
	}
	r, problems := Parse("content/x.md", doc(strings.Replace(validFM, `publisher = "lxzz"`, `publisher = "临溪职专"`, 1)), reg)
	if r.Publisher != "lxzz" || len(problems) != 1 || problems[0].Severity != Warning || problems[0].Message != `请写发布机构代码 "lxzz"，而不是简称 "临溪职专"` {
		t.Errorf("publisher %q, problems %v", r.Publisher, problems)
	}
	_, problems = Parse("content/x.md", doc(strings.Replace(validFM, `publisher = "lxzz"`, `publisher = "临溪职业"`, 1)), reg)
	if len(problems) == 0 || !strings.Contains(problems[0].Message, `是否想写 "临溪职专"`) {
		t.Errorf("no alias suggested: %v", problems)
	}
}

// TestAllocateInScheme: the next number in each scheme, one past the highest of its
// series, never refilling a gap; numbers of other series and shapes do not count.
func TestAllocateInScheme(t *testing.T) {
	reg := schemeRegistry(t, "")
	used := []string{"000016872/2024-00001", "000016872/2024-00007", "000016872/2023-00040", "000016873/2024-00090",
		"360A05-03-2024-0027-2", "lxzz-2024-00004", "lxzz/2024-00009"}
	a := reg.NewAllocator(used)
	for _, tt := range []struct {
		publisher string
		year      int
		category  string
		want      string
	}{
		{"sjyj", 2024, "", "000016872/2024-00008"},
		{"sjyj", 2024, "", "000016872/2024-00009"},
		{"sjyj", 2023, "", "000016872/2023-00041"},
		{"sjyj", 2025, "", "000016872/2025-00001"},
		{"jyb", 2024, "规划统计/规划计划", "360A05-03-2024-0028-2"},
		{"lxzz", 2024, "", "lxzz-2024-00005"},
	} {
		got, err := a.Next(tt.publisher, tt.year, tt.category)
		if err != nil || got != tt.want {
			t.Errorf("Next(%s, %d) = %q, %v; want %q", tt.publisher, tt.year, got, err, tt.want)
		}
	}
	if _, err := a.Next("jyb", 2024, "通知公告"); err == nil || !strings.Contains(err.Error(), "没有 code") {
		t.Errorf("a category without code: %v", err)
	}
	if !reg.AcceptsIndex("jyb", "360A05-03-2024-0027-2") || reg.AcceptsIndex("jyb", "360A05-99-2024-0027-2") || reg.AcceptsIndex("sjyj", "000016872/2024-00000") {
		t.Error("AcceptsIndex")
	}
}
