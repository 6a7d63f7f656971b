package record

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"xxgk/internal/scheme"
)

// IndexConfig is data/index.toml: the site's 索引号 scheme. A publisher's index_format
// and index_accept in data/publishers.toml replace Format and Accept for it.
type IndexConfig struct {
	Format string   `toml:"format"` // new numbers are allocated in it; scheme.Default when empty
	Accept []string `toml:"accept"` // also valid, for documents numbered under older schemes
}

// Scheme is the 索引号 scheme one publisher's documents follow.
type Scheme struct {
	Format *scheme.Pattern   // the pattern new numbers are written in
	Accept []*scheme.Pattern // further patterns valid for existing documents
	Vars   scheme.Vars       // the publisher's code and prefix
}

// Patterns returns Format, then Accept.
func (s *Scheme) Patterns() []*scheme.Pattern {
	return append([]*scheme.Pattern{s.Format}, s.Accept...)
}

// builtIn reports whether s is the scheme of a site that never configured one, so
// that its messages can keep describing numbers in words.
func (s *Scheme) builtIn() bool {
	return s.Format.String() == scheme.Default && len(s.Accept) == 0 && s.Vars.Prefix == s.Vars.Code
}

// Describe names the scheme for messages, with an example number of year in the
// category whose code is category ("" for none).
func (s *Scheme) Describe(year int, category string) string {
	v := s.Vars
	if category != "" {
		v.Categories = []string{category}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s（例如 %s）", s.Format, s.Format.Example(v, year))
	for _, p := range s.Accept {
		fmt.Fprintf(&b, "，或旧规则 %s", p)
	}
	return b.String()
}

// IndexNumber is a 索引号 read by its publisher's scheme.
type IndexNumber struct {
	Pattern *scheme.Pattern // the pattern it follows; nil when it follows none
	scheme.Number
}

// Series names the sequence the number belongs to (publisher, pattern and every part
// but the serial), for allocation and gap finding; "" when it has no serial.
func (n IndexNumber) Series(v scheme.Vars) string {
	if n.Pattern == nil || !n.Pattern.HasSerial() {
		return ""
	}
	return v.Code + "\x00" + n.Pattern.Series(v, n.Number)
}

var prefixPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)
var categoryCodePattern = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// parseIndexConfig reads data/index.toml; src nil means the file does not exist.
func parseIndexConfig(src []byte) (IndexConfig, error) {
	var c IndexConfig
	if src != nil {
		md, err := toml.Decode(string(src), &c)
		if err != nil {
			line := 0
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line = pe.Position.Line
			}
			return c, fmt.Errorf("data/index.toml:%d: 格式有误：%s", line, describeTOMLError(err))
		}
		if un := md.Undecoded(); len(un) > 0 {
			return c, fmt.Errorf("data/index.toml:%d: 未知字段 %q：可用 format（新编号的规则）和 accept（旧编号规则的列表）", lineOfKeyIn(src, un[0].String()), un[0].String())
		}
	}
	if c.Format == "" {
		c.Format = scheme.Default
	}
	return c, nil
}

func lineOfKeyIn(src []byte, key string) int {
	for i, l := range strings.Split(string(src), "\n") {
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
			return i + 1
		}
	}
	return 0
}

// compileSchemes builds every publisher's scheme, reporting bad patterns, prefixes,
// aliases and category codes through bad(file, value, msg) with file an index into
// registryFiles (or -1 for data/index.toml).
func (r *Registry) compileSchemes(bad func(file int, value, msg string)) {
	compile := func(file int, src string, format bool) *scheme.Pattern {
		p, err := scheme.Compile(src)
		if err == nil && format {
			err = p.Allocatable()
		}
		if err != nil {
			bad(file, src, err.Error())
			return nil
		}
		return p
	}
	siteFormat := compile(-1, cmp.Or(r.Index.Format, scheme.Default), true)
	var siteAccept []*scheme.Pattern
	for _, a := range r.Index.Accept {
		if p := compile(-1, a, false); p != nil {
			siteAccept = append(siteAccept, p)
		}
	}
	if siteFormat != nil {
		r.siteScheme = &Scheme{Format: siteFormat, Accept: siteAccept}
	}
	r.schemes = map[string]*Scheme{}
	for _, pub := range r.Publishers {
		s := &Scheme{Format: siteFormat, Accept: siteAccept, Vars: scheme.Vars{Code: pub.Code, Prefix: pub.Code}}
		if pub.IndexPrefix != "" {
			if !prefixPattern.MatchString(pub.IndexPrefix) || len(pub.IndexPrefix) > 40 {
				bad(0, pub.IndexPrefix, fmt.Sprintf("发布机构 %s 的 index_prefix %q 只能由半角字母、数字和 - . / _ 组成", pub.Code, pub.IndexPrefix))
			}
			s.Vars.Prefix = pub.IndexPrefix
		}
		if pub.IndexFormat != "" {
			s.Format = compile(0, pub.IndexFormat, true)
		}
		if pub.IndexAccept != nil {
			s.Accept = nil
			for _, a := range pub.IndexAccept {
				if p := compile(0, a, false); p != nil {
					s.Accept = append(s.Accept, p)
				}
			}
		}
		if s.Format != nil {
			r.schemes[pub.Code] = s
		}
	}

	owner := map[string]string{} // name or alias → publisher code
	for _, pub := range r.Publishers {
		owner[pub.Name] = pub.Code
	}
	for _, pub := range r.Publishers {
		for _, a := range pub.Aliases {
			a = strings.TrimSpace(a)
			switch o, taken := owner[a]; {
			case a == "":
				bad(0, pub.Code, fmt.Sprintf("发布机构 %s 的 aliases 中有空的简称", pub.Code))
			case taken && o == pub.Code:
				bad(0, a, fmt.Sprintf("发布机构 %s 的简称 %q 重复（或与全称相同）", pub.Code, a))
			case taken:
				bad(0, a, fmt.Sprintf("简称 %q 同时属于发布机构 %s 和 %s，无法确定指哪一个；请只留给其中一个", a, o, pub.Code))
			default:
				owner[a] = pub.Code
			}
		}
	}

	seen := map[string]string{}
	for _, c := range r.Categories {
		if c.Code == "" {
			continue
		}
		if !categoryCodePattern.MatchString(c.Code) {
			bad(1, c.Code, fmt.Sprintf("主题分类 %s 的 code %q 只能由半角字母和数字组成（它会写进索引号）", c.Path, c.Code))
		} else if other, dup := seen[c.Code]; dup {
			bad(1, c.Code, fmt.Sprintf("主题分类 %s 与 %s 的 code 都是 %q", other, c.Path, c.Code))
		}
		seen[c.Code] = c.Path
	}
}

// Scheme returns the 索引号 scheme of the publisher with code, or nil for an unknown
// publisher.
func (r *Registry) Scheme(code string) *Scheme {
	return r.schemes[code]
}

// CategoryCode is the code {category} stands for in a number of a document in category
// path: the code of the category or, when it has none, of its nearest ancestor with one.
func (r *Registry) CategoryCode(path string) string {
	anc := CategoryAncestry(path)
	for i := len(anc) - 1; i >= 0; i-- {
		for _, c := range r.Categories {
			if c.Path == anc[i] && c.Code != "" {
				return c.Code
			}
		}
	}
	return ""
}

func (r *Registry) categoryCodes() []string {
	var out []string
	for _, c := range r.Categories {
		if c.Code != "" {
			out = append(out, c.Code)
		}
	}
	return out
}

// ReadIndex reads number by the scheme of publisher code for a document in category
// (any registered category when ""): the first of its patterns that accepts it.
func (r *Registry) ReadIndex(code, number, category string) (IndexNumber, bool) {
	s := r.Scheme(code)
	if s == nil {
		return IndexNumber{}, false
	}
	return s.read(r, number, category)
}

func (s *Scheme) read(r *Registry, number, category string) (IndexNumber, bool) {
	v := s.Vars
	if category != "" {
		if c := r.CategoryCode(category); c != "" {
			v.Categories = []string{c}
		}
	} else {
		v.Categories = r.categoryCodes()
	}
	for _, p := range s.Patterns() {
		if n, ok := p.Match(number, v); ok {
			return IndexNumber{Pattern: p, Number: n}, true
		}
	}
	return IndexNumber{}, false
}

// AcceptsIndex reports whether number fits the scheme of publisher code, in any of its
// patterns and for any category, with a serial other than zero.
func (r *Registry) AcceptsIndex(code, number string) bool {
	n, ok := r.ReadIndex(code, number, "")
	return ok && (!n.Pattern.HasSerial() || n.Serial > 0) && !hasFullWidth(number)
}

// checkIndex checks the 索引号 against the publisher's scheme and the publication year,
// and keeps what it read in r.Number.
func (p *parser) checkIndex() {
	r := p.rec
	if r.Index == "" {
		return
	}
	if hasFullWidth(r.Index) {
		p.fail("index", fmt.Sprintf("索引号 %q 含有全角字符，请改用半角字母、数字和连字符 -", r.Index))
		return
	}
	if p.reg == nil {
		return
	}
	s := p.reg.Scheme(r.Publisher)
	if s == nil {
		// An unknown publisher is reported on its own field; the number is still
		// checked against the site's scheme, as if the code were registered.
		if p.reg.siteScheme == nil {
			return
		}
		s = &Scheme{Format: p.reg.siteScheme.Format, Accept: p.reg.siteScheme.Accept,
			Vars: scheme.Vars{Code: r.Publisher, Prefix: r.Publisher, AnyOwner: r.Publisher == ""}}
	}
	year := r.Date.Year()
	if r.Date.IsZero() {
		year = 2024
	}
	if s.Format.HasCategory() && r.Category != "" && p.reg.CategoryCode(r.Category) == "" {
		p.fail("index", fmt.Sprintf("编号规则 %s 含有分类代码 {category}，但主题分类 %q 在 data/categories.toml 中没有 code", s.Format, r.Category))
		return
	}
	n, ok := s.read(p.reg, r.Index, r.Category)
	if !ok {
		// A number of the right shape with another body's code or prefix: say which
		// number was probably meant.
		meant := ""
		other := s.Vars
		other.AnyOwner = true
		other.Categories = p.reg.categoryCodes()
		for _, pat := range s.Patterns() {
			if n, ok := pat.Match(r.Index, other); ok && meant == "" {
				if m := pat.Format(s.Vars, n); m != r.Index {
					meant = m
				}
			}
		}
		describe := s.Describe(year, p.reg.CategoryCode(r.Category))
		switch {
		case s.builtIn() && meant != "":
			p.fail("index", fmt.Sprintf("索引号 %q 应以发布机构代码 %s- 开头", r.Index, r.Publisher))
		case s.builtIn():
			p.fail("index", fmt.Sprintf("索引号 %q 格式不对，应为 机构代码-年份-5位序号，例如 %s-2024-00001", r.Index, orDefault(r.Publisher, "lxzz")))
		case meant != "" && !s.Format.HasCategory():
			p.fail("index", fmt.Sprintf("索引号 %q 的机构部分不对，是否应为 %s？本机构的编号规则为 %s", r.Index, meant, describe))
		default:
			p.fail("index", fmt.Sprintf("索引号 %q 不符合本机构的编号规则 %s", r.Index, describe))
		}
		return
	}
	r.Number = n
	if n.Pattern.HasYear() && !r.Date.IsZero() && n.Year != r.Date.Year() {
		p.fail("index", fmt.Sprintf("索引号 %q 中的年份 %04d 与发布日期的年份 %d 不一致", r.Index, n.Year, r.Date.Year()))
	}
	if n.Pattern.HasSerial() && n.Serial == 0 {
		if s.builtIn() {
			p.fail("index", "索引号的序号从 00001 开始")
		} else {
			p.fail("index", fmt.Sprintf("索引号 %q 的序号从 1 开始", r.Index))
		}
	}
}
