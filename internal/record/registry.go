package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"xxgk/internal/annualreport"
)

// Publisher is one entry of data/publishers.toml: a body that publishes documents.
type Publisher struct {
	Code       string `toml:"code"`
	Name       string `toml:"name"`
	Type       string `toml:"type"` // "bureau" or "school"
	Region     string `toml:"region"`
	Parent     string `toml:"parent"`
	SchoolType string `toml:"school_type"`

	// 索引号 scheme (see IndexConfig): the prefix {prefix} stands for (the code when
	// empty), and patterns that replace the site's format and accept for this body.
	IndexPrefix string   `toml:"index_prefix"`
	IndexFormat string   `toml:"index_format"`
	IndexAccept []string `toml:"index_accept"`

	// Aliases are other names the body is known by (简称, former names); each belongs
	// to one publisher only.
	Aliases []string `toml:"aliases"`

	// Contact is where and how the body receives applications for disclosure
	// (依申请公开, articles 27–29 of the 条例), shown in the 信息公开指南 and on /apply/.
	Contact Contact `toml:"contact"`
}

// Contact is a publisher's channel for applications for disclosure.
type Contact struct {
	Office   string `toml:"office"`   // 受理机构
	Address  string `toml:"address"`  // 通信地址
	Postcode string `toml:"postcode"` // 邮政编码
	Phone    string `toml:"phone"`    // 联系电话
	Fax      string `toml:"fax"`      // 传真
	Email    string `toml:"email"`    // 电子邮箱
	Hours    string `toml:"hours"`    // 受理时间
}

// Category is one entry of data/categories.toml: a node of the subject tree.
type Category struct {
	Path        string `toml:"path"`
	Description string `toml:"description"`
	Code        string `toml:"code"` // what {category} stands for in a 索引号; optional
}

// Genre is one entry of data/genres.toml: a kind of document such as 工作计划.
type Genre struct {
	Name      string `toml:"name"`
	Category  string `toml:"category"`
	Archetype string `toml:"archetype"`
	// AnnualReportRow is the row of table 1 of the 政府信息公开工作年度报告 that documents
	// of this genre are counted in (规章 or 行政规范性文件); empty for none.
	AnnualReportRow string `toml:"annual_report_row"`
}

// Registry holds the controlled vocabularies that front matter is checked against.
type Registry struct {
	Publishers []Publisher
	Categories []Category
	Genres     []Genre
	Index      IndexConfig // data/index.toml

	schemes    map[string]*Scheme // publisher code → its scheme
	siteScheme *Scheme            // the site's format and accept, without a publisher
	// byCode is each publisher's place in Publishers, made by ParseRegistry: every
	// document looks its publisher up, and a city registers thousands. A Registry
	// made otherwise has none, and Publisher searches the list.
	byCode map[string]int
}

// LoadRegistry reads data/publishers.toml, data/categories.toml and data/genres.toml
// under the site directory dir, and data/index.toml when there is one, and checks them.
func LoadRegistry(dir string) (*Registry, error) {
	index, err := os.ReadFile(filepath.Join(dir, "data", "index.toml"))
	if errors.Is(err, fs.ErrNotExist) {
		index = nil
	} else if err != nil {
		return nil, fmt.Errorf("data/index.toml: 无法读取：%v", err)
	}
	var src [3][]byte
	for i, name := range registryFiles {
		b, err := os.ReadFile(filepath.Join(dir, "data", name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("data/%s: 找不到登记表文件，请先建立它", name)
		}
		if err != nil {
			return nil, fmt.Errorf("data/%s: 无法读取：%v", name, err)
		}
		src[i] = b
	}
	return ParseRegistry(src[0], src[1], src[2], index)
}

var registryFiles = [3]string{"publishers.toml", "categories.toml", "genres.toml"}

var codePattern = regexp.MustCompile(`^[a-z0-9]+$`)

// ParseRegistry decodes and checks the three registries and the 索引号 scheme, given
// their contents; index is nil when the site has no data/index.toml.
func ParseRegistry(publishers, categories, genres, index []byte) (*Registry, error) {
	var r Registry
	var err error
	if r.Index, err = parseIndexConfig(index); err != nil {
		return nil, err
	}
	dst := []any{
		&struct {
			P *[]Publisher `toml:"publisher"`
		}{&r.Publishers},
		&struct {
			C *[]Category `toml:"category"`
		}{&r.Categories},
		&struct {
			G *[]Genre `toml:"genre"`
		}{&r.Genres},
	}
	for i, b := range [][]byte{publishers, categories, genres} {
		if _, err := toml.Decode(string(b), dst[i]); err != nil {
			line := 0
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line = pe.Position.Line
			}
			return nil, fmt.Errorf("data/%s:%d: 格式有误：%s", registryFiles[i], line, describeTOMLError(err))
		}
	}
	r.byCode = make(map[string]int, len(r.Publishers))
	for i, p := range r.Publishers {
		if _, dup := r.byCode[p.Code]; !dup {
			r.byCode[p.Code] = i
		}
	}
	var problems []string
	bad := func(file int, src []byte, value, msg string) {
		problems = append(problems, fmt.Sprintf("data/%s:%d: %s", registryFiles[file], lineOfValue(src, value), msg))
	}
	srcs := [][]byte{publishers, categories, genres}
	seen := map[string]bool{}
	for _, p := range r.Publishers {
		switch {
		case !codePattern.MatchString(p.Code):
			bad(0, publishers, p.Code, fmt.Sprintf("发布机构代码 %q 只能由小写英文字母和数字组成（索引号以它开头）", p.Code))
		case seen[p.Code]:
			bad(0, publishers, p.Code, fmt.Sprintf("发布机构代码 %q 重复", p.Code))
		case strings.TrimSpace(p.Name) == "":
			bad(0, publishers, p.Code, fmt.Sprintf("发布机构 %s 缺少 name（全称）", p.Code))
		case p.Type != "bureau" && p.Type != "school":
			bad(0, publishers, p.Code, fmt.Sprintf("发布机构 %s 的 type 应为 bureau（教育行政部门）或 school（学校）", p.Code))
		}
		seen[p.Code] = true
		if msg := contactProblem(p.Contact); msg != "" {
			bad(0, publishers, p.Code, fmt.Sprintf("发布机构 %s 的 [publisher.contact] %s", p.Code, msg))
		}
	}
	for _, p := range r.Publishers {
		if parent, ok := r.Publisher(p.Parent); p.Parent != "" && (!ok || parent.Type != "bureau") {
			bad(0, publishers, p.Parent, fmt.Sprintf("发布机构 %s 的 parent %q 不是登记的教育行政部门代码", p.Code, p.Parent))
		}
	}
	clear(seen)
	for _, c := range r.Categories {
		if c.Path == "" || strings.HasPrefix(c.Path, "/") || strings.HasSuffix(c.Path, "/") || strings.Contains(c.Path, "//") {
			bad(1, categories, c.Path, fmt.Sprintf("主题分类 %q 无效：各级名称用 / 连接，首尾不加 /", c.Path))
		} else if seen[c.Path] {
			bad(1, categories, c.Path, fmt.Sprintf("主题分类 %q 重复", c.Path))
		}
		seen[c.Path] = true
	}
	clear(seen)
	for _, g := range r.Genres {
		if g.Name == "" || seen[g.Name] {
			bad(2, genres, g.Name, fmt.Sprintf("体裁 %q 为空或重复", g.Name))
		} else if !r.HasCategory(g.Category) {
			bad(2, genres, g.Category, fmt.Sprintf("体裁 %s 的默认分类 %q 不在 data/categories.toml 中", g.Name, g.Category))
		} else if row := g.AnnualReportRow; row != "" && row != annualreport.RowRules && row != annualreport.RowNormative {
			bad(2, genres, row, fmt.Sprintf("体裁 %s 的 annual_report_row 只能是 %q 或 %q（年度报告表1的行）", g.Name, annualreport.RowRules, annualreport.RowNormative))
		}
		seen[g.Name] = true
	}
	r.compileSchemes(func(file int, value, msg string) {
		if file < 0 {
			problems = append(problems, fmt.Sprintf("data/index.toml:%d: %s", lineOfValue(index, value), msg))
			return
		}
		bad(file, srcs[file], value, msg)
	})
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return &r, nil
}

var (
	postcodePattern = regexp.MustCompile(`^\d{6}$`)
	// An address a mailto: link can carry: no spaces, quotes, angle brackets or
	// characters that would start another part of the URL.
	emailPattern = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
)

// contactProblem says what is wrong with a publisher's contact fields, if anything.
// The fields are optional; the guide says which are not registered.
func contactProblem(c Contact) string {
	if c.Postcode != "" && !postcodePattern.MatchString(c.Postcode) {
		return fmt.Sprintf("postcode（邮政编码）%q 应为 6 位数字", c.Postcode)
	}
	if c.Email != "" && !emailPattern.MatchString(c.Email) {
		return fmt.Sprintf("email（电子邮箱）%q 不是有效的电子邮箱地址", c.Email)
	}
	return ""
}

// lineOfValue finds the first line of src that quotes value; 0 if none does.
func lineOfValue(src []byte, value string) int {
	if value == "" {
		return 0
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, `"`+value+`"`) || strings.Contains(line, `'`+value+`'`) {
			return i + 1
		}
	}
	return 0
}

// Publisher returns the publisher whose code is code.
func (r *Registry) Publisher(code string) (Publisher, bool) {
	if r.byCode != nil {
		if i, ok := r.byCode[code]; ok {
			return r.Publishers[i], true
		}
		return Publisher{}, false
	}
	for i := range r.Publishers {
		if r.Publishers[i].Code == code {
			return r.Publishers[i], true
		}
	}
	return Publisher{}, false
}

// PublisherByName returns the publisher whose full official name, or one of whose
// aliases, is name.
func (r *Registry) PublisherByName(name string) (Publisher, bool) {
	for _, p := range r.Publishers {
		if p.Name == name {
			return p, true
		}
	}
	for _, p := range r.Publishers {
		for _, a := range p.Aliases {
			if strings.TrimSpace(a) == name {
				return p, true
			}
		}
	}
	return Publisher{}, false
}

// PublisherNames returns every code, full name and alias of every publisher, for
// suggestions when a name is not registered.
func (r *Registry) PublisherNames() []string {
	var out []string
	for _, p := range r.Publishers {
		out = append(out, p.Code, p.Name)
		out = append(out, p.Aliases...)
	}
	return out
}

// PublisherCodes returns the code of every publisher, in registry order.
func (r *Registry) PublisherCodes() []string {
	out := make([]string, len(r.Publishers))
	for i, p := range r.Publishers {
		out[i] = p.Code
	}
	return out
}

// CategoryPaths returns the path of every category, in registry order.
func (r *Registry) CategoryPaths() []string {
	out := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		out[i] = c.Path
	}
	return out
}

// GenreNames returns the name of every genre, in registry order.
func (r *Registry) GenreNames() []string {
	out := make([]string, len(r.Genres))
	for i, g := range r.Genres {
		out[i] = g.Name
	}
	return out
}

// HasCategory reports whether path is a registered category.
func (r *Registry) HasCategory(path string) bool {
	for _, c := range r.Categories {
		if c.Path == path {
			return true
		}
	}
	return false
}

// Genre returns the registered genre called name.
func (r *Registry) Genre(name string) (Genre, bool) {
	for _, g := range r.Genres {
		if g.Name == name {
			return g, true
		}
	}
	return Genre{}, false
}

// CategoryAncestry returns path and every ancestor of it, outermost first:
// "规划统计/规划计划" gives ["规划统计", "规划统计/规划计划"].
func CategoryAncestry(path string) []string {
	parts := strings.Split(path, "/")
	out := make([]string, len(parts))
	for i := range parts {
		out[i] = strings.Join(parts[:i+1], "/")
	}
	return out
}
