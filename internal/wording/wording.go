// Package wording finds 错别字 and wrong formulations in official writing: a built-in
// list of common confusions (布署→部署, 再接再励→再接再厉) and a site's own list in
// data/wording.toml of required exact forms (规范表述, with the wrong forms to replace)
// and forbidden expressions. Findings are reminders for a person to read, not errors.
package wording

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"xxgk/internal/search"
)

// Rule is one wrong form and what to write instead. Except lists longer phrases
// containing Wrong in which it is right (既使得 for 既使).
type Rule struct {
	Wrong  string
	Right  string   // "" for a forbidden expression
	Reason string   // why, for forbidden expressions and site rules
	Except []string // contexts in which Wrong is correct
	Term   bool     // a site's 规范表述 rather than a 错别字
	Off    bool     // switches off an earlier rule for the same wrong form
}

// Message says in Chinese what to do about the rule's wrong form.
func (r Rule) Message() string {
	switch {
	case r.Right == "" && r.Reason != "":
		return fmt.Sprintf("“%s”是本站规定不使用的表述（%s）", r.Wrong, r.Reason)
	case r.Right == "":
		return fmt.Sprintf("“%s”是本站规定不使用的表述", r.Wrong)
	case r.Term:
		return fmt.Sprintf("“%s”应写作规范表述“%s”", r.Wrong, r.Right)
	default:
		return fmt.Sprintf("“%s”疑为错别字，应为“%s”", r.Wrong, r.Right)
	}
}

// Builtin returns the built-in confusions.
func Builtin() []Rule { return slices.Clone(builtin) }

// Checker finds the wrong forms of a list of rules in text.
type Checker struct {
	// pairs holds the rules by the first two characters of Wrong, singles those whose
	// Wrong is one character; each longest first.
	pairs   map[[2]rune][]*Rule
	singles map[rune][]*Rule
	// starts marks the characters of the Basic Multilingual Plane that begin a wrong
	// form: most characters of a text begin none, and a bit test is far cheaper than
	// a map lookup.
	starts [0x10000 / 64]uint64
	n      int
}

// New makes a checker of rules. A later rule for the same wrong form replaces an
// earlier one, so that a site's list can correct the built-in one.
func New(rules []Rule) *Checker {
	byWrong := map[string]int{}
	var list []Rule
	for _, r := range rules {
		if r.Wrong == "" {
			continue
		}
		if i, ok := byWrong[r.Wrong]; ok {
			list[i] = r
			continue
		}
		byWrong[r.Wrong] = len(list)
		list = append(list, r)
	}
	c := &Checker{pairs: map[[2]rune][]*Rule{}, singles: map[rune][]*Rule{}}
	list = slices.DeleteFunc(list, func(r Rule) bool { return r.Off })
	c.n = len(list)
	for i := range list {
		r := &list[i]
		f, n := utf8.DecodeRuneInString(r.Wrong)
		if n == len(r.Wrong) {
			c.singles[f] = append(c.singles[f], r)
		} else {
			g, _ := utf8.DecodeRuneInString(r.Wrong[n:])
			c.pairs[[2]rune{f, g}] = append(c.pairs[[2]rune{f, g}], r)
		}
		if f < 0x10000 {
			c.starts[f/64] |= 1 << (f % 64)
		}
	}
	for _, rs := range c.pairs {
		slices.SortStableFunc(rs, func(a, b *Rule) int { return len(b.Wrong) - len(a.Wrong) })
	}
	return c
}

// Len is the number of rules.
func (c *Checker) Len() int { return c.n }

// Match is one wrong form found in a text.
type Match struct {
	Rule  *Rule
	Start int // byte offset
}

// Find returns the wrong forms in s, left to right, not overlapping; at one place the
// longest wrong form wins. Text in traditional characters is not checked: the rules
// are of simplified writing, and some wrong forms there (想像) are right in
// traditional writing.
func (c *Checker) Find(s string) []Match {
	var out []Match
	for i := 0; i < len(s); {
		ch, size := rune(s[i]), 1
		if ch >= utf8.RuneSelf {
			ch, size = utf8.DecodeRuneInString(s[i:])
		}
		if ch < 0x10000 && c.starts[ch/64]&(1<<(ch%64)) == 0 {
			i += size
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		if r := c.match(s, i, c.pairs[[2]rune{ch, next}]); r != nil {
			out = append(out, Match{Rule: r, Start: i})
			i += len(r.Wrong)
		} else if r := c.match(s, i, c.singles[ch]); r != nil {
			out = append(out, Match{Rule: r, Start: i})
			i += len(r.Wrong)
		} else {
			i += size
		}
	}
	// Checked only where something was found: most text has no wrong form.
	if len(out) > 0 && Traditional(s) {
		return nil
	}
	return out
}

// match is the first of rules (longest first) whose wrong form is at s[i:].
func (c *Checker) match(s string, i int, rules []*Rule) *Rule {
	for _, r := range rules {
		if strings.HasPrefix(s[i:], r.Wrong) && !excepted(s, i, r) {
			return r
		}
	}
	return nil
}

// excepted reports whether the wrong form at s[i:] is part of one of its exceptions.
func excepted(s string, i int, r *Rule) bool {
	for _, e := range r.Except {
		k := strings.Index(e, r.Wrong)
		if k >= 0 && i-k >= 0 && strings.HasPrefix(s[i-k:], e) {
			return true
		}
	}
	return false
}

// Traditional reports whether s holds characters that simplified writing does not use.
func Traditional(s string) bool { return search.Simplified(s) != s }

// File is data/wording.toml: a site's own rules.
type File struct {
	// Terms are the required exact forms (规范表述), each with the wrong forms that
	// must be replaced by it.
	Terms []struct {
		Right  string   `toml:"right"`
		Wrong  []string `toml:"wrong"`
		Reason string   `toml:"reason"`
	} `toml:"term"`
	// Forbidden are expressions the site does not use at all.
	Forbidden []struct {
		Text   string `toml:"text"`
		Reason string `toml:"reason"`
	} `toml:"forbidden"`
	// Typos add confusions to the built-in list or, with an empty right, turn one off.
	Typos []struct {
		Wrong string `toml:"wrong"`
		Right string `toml:"right"`
	} `toml:"typo"`
}

// Load reads the site's data/wording.toml, if any, and returns the checker of the
// built-in list with the site's rules added.
func Load(dir string) (*Checker, error) {
	rules := Builtin()
	name := filepath.Join(dir, "data", "wording.toml")
	src, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return New(rules), nil
	}
	if err != nil {
		return nil, err
	}
	site, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return New(append(rules, site...)), nil
}

// Parse reads the rules of a data/wording.toml.
func Parse(src []byte) ([]Rule, error) {
	var f File
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("data/wording.toml:%d: 格式有误：%s", pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("data/wording.toml: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("data/wording.toml: 不认识的设置 %q（可用：[[term]] right、wrong、reason；[[forbidden]] text、reason；[[typo]] wrong、right）", keys[0].String())
	}
	var rules []Rule
	for _, t := range f.Terms {
		if t.Right == "" || len(t.Wrong) == 0 {
			return nil, fmt.Errorf("data/wording.toml: 每个 [[term]] 都要写 right（规范表述）和 wrong（要改正的写法列表），%q 不完整", t.Right)
		}
		for _, w := range t.Wrong {
			if w == "" || strings.Contains(t.Right, w) {
				// A wrong form inside the right one would flag every correct use.
				return nil, fmt.Errorf("data/wording.toml: [[term]] %q 的 wrong 中的 %q 为空或是规范表述的一部分，无法区分", t.Right, w)
			}
			rules = append(rules, Rule{Wrong: w, Right: t.Right, Reason: t.Reason, Term: true})
		}
	}
	for _, x := range f.Forbidden {
		if x.Text == "" {
			return nil, errors.New("data/wording.toml: [[forbidden]] 缺少 text")
		}
		rules = append(rules, Rule{Wrong: x.Text, Reason: x.Reason})
	}
	for _, t := range f.Typos {
		if t.Wrong == "" {
			return nil, errors.New("data/wording.toml: [[typo]] 缺少 wrong")
		}
		rules = append(rules, Rule{Wrong: t.Wrong, Right: t.Right, Off: t.Right == ""})
	}
	return rules, nil
}
