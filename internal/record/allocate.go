package record

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"xxgk/internal/scheme"
)

// indexLine finds an index assignment in raw text, so that allocation also sees the
// numbers of files whose front matter is currently broken.
var indexLine = regexp.MustCompile(`(?m)^[ \t]*index[ \t]*=[ \t]*["']([^"'\n]*)["']`)

// DocumentPath is where xxgk new and xxgk import write a document of publisher code
// in year with 索引号 index: content/<code>/<year>/<slug>.md, slash-separated,
// relative to the site directory.
func DocumentPath(code string, year int, index string) string {
	return fmt.Sprintf("content/%s/%d/%s.md", code, year, scheme.Slug(index))
}

// UsedIndexes returns every 索引号 assigned in a content file under the site
// directory dir, broken files included.
func UsedIndexes(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range indexLine.FindAllSubmatch(b, -1) {
			out = append(out, string(m[1]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("无法读取 content 目录：%w", err)
	}
	return out, nil
}

// NextIndex allocates the 索引号 for a new document of publisher in year and category:
// in the publisher's format, one more than the highest serial of that series (same
// year, category and prefix) among used. Gaps are never filled: a number that was used
// once may be cited somewhere already.
func (r *Registry) NextIndex(used []string, publisher string, year int, category string) (string, error) {
	return r.NewAllocator(used).Next(publisher, year, category)
}

// Allocator hands out 索引号 as NextIndex does, for many documents at once: each
// number one more than the last it gave in the same series, none of them used.
type Allocator struct {
	reg  *Registry
	used []string
	next map[string]int // series → next serial
}

// NewAllocator returns an allocator that never hands out a number at or below the
// highest serial of its series among used.
func (r *Registry) NewAllocator(used []string) *Allocator {
	return &Allocator{reg: r, used: used, next: map[string]int{}}
}

// Next allocates the next 索引号 of publisher in year for a document in category.
func (a *Allocator) Next(publisher string, year int, category string) (string, error) {
	s := a.reg.Scheme(publisher)
	if s == nil {
		return "", fmt.Errorf("发布机构 %q 不在 data/publishers.toml 中", publisher)
	}
	v := s.Vars
	if s.Format.HasCategory() {
		c := a.reg.CategoryCode(category)
		if c == "" {
			return "", fmt.Errorf("编号规则 %s 含有分类代码 {category}，但主题分类 %q 在 data/categories.toml 中没有 code", s.Format, category)
		}
		v.Categories = []string{c}
	}
	first, err := s.Format.New(v, year, 1)
	if err != nil {
		return "", err
	}
	n, _ := s.Format.Match(first, v)
	series := IndexNumber{Pattern: s.Format, Number: n}.Series(v)
	serial, ok := a.next[series]
	if !ok {
		highest := 0
		for _, u := range a.used {
			if m, ok := s.Format.Match(u, v); ok && (IndexNumber{Pattern: s.Format, Number: m}).Series(v) == series {
				highest = max(highest, m.Serial)
			}
		}
		serial = highest + 1
	}
	next, err := s.Format.New(v, year, serial)
	if err != nil {
		return "", fmt.Errorf("%s 在 %d 年的索引号已用到第 %d 号，编号规则 %s 的序号位数不够，无法再分配", publisher, year, serial-1, s.Format)
	}
	a.next[series] = serial + 1
	return next, nil
}
