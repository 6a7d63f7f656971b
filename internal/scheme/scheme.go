// Package scheme implements the 索引号 scheme language: the patterns in
// data/index.toml and data/publishers.toml that say what a publisher's catalogue
// numbers look like, how a number is read back into its year and serial, and how the
// next number is written.
//
// A pattern is literal characters and tokens:
//
//	{code}      the publisher's code in data/publishers.toml
//	{prefix}    the publisher's index_prefix (its code when it has none)
//	{year}      four digits: the publication year
//	{serial}    one or more digits: the serial within the publisher and year
//	{serial:N}  exactly N digits, zero-padded when allocated
//	{category}  the code of the document's category in data/categories.toml
//	{*}         any run of ASCII letters, digits and '-' (accepted numbers only)
//
// For example "{prefix}/{year}-{serial:5}" with prefix 000016872 describes
// 000016872/2024-00012.
package scheme

import (
	"fmt"
	"strconv"
	"strings"
)

// Default is the scheme a site without data/index.toml numbers its documents in.
const Default = "{code}-{year}-{serial:5}"

// MaxLen is the longest 索引号 accepted, in bytes; real schemes stay well below it.
const MaxLen = 100

type kind uint8

const (
	literal kind = iota
	code
	prefix
	year
	serial
	category
	anything
)

type token struct {
	kind  kind
	lit   string // literal text
	width int    // digits of {serial:N}; 0 for {serial}
}

// Pattern is a compiled scheme pattern.
type Pattern struct {
	src    string
	tokens []token
	has    [anything + 1]bool
}

// Error is a pattern that cannot be compiled.
type Error struct {
	Pattern string
	Msg     string // plain Chinese
}

func (e *Error) Error() string { return fmt.Sprintf("编号规则 %q 无效：%s", e.Pattern, e.Msg) }

// Compile reads a pattern. Literal characters must be printable half-width ASCII
// other than space and braces, since a 索引号 is written in them; {year}, {serial}
// and {category} may each appear at most once, so a number has one year and one serial.
func Compile(src string) (*Pattern, error) {
	p := &Pattern{src: src}
	bad := func(format string, a ...any) (*Pattern, error) {
		return nil, &Error{Pattern: src, Msg: fmt.Sprintf(format, a...)}
	}
	if src == "" {
		return bad("规则不能为空")
	}
	if len(src) > MaxLen {
		return bad("规则太长（最多 %d 个字符）", MaxLen)
	}
	rest := src
	for rest != "" {
		if rest[0] != '{' {
			c := rest[0]
			if c == '}' {
				return bad("多了一个 }")
			}
			if c <= ' ' || c >= 0x7f {
				return bad("只能含半角字母、数字和符号（不能有空格、全角字符或汉字），%q 不行", []rune(rest)[0])
			}
			if n := len(p.tokens); n > 0 && p.tokens[n-1].kind == literal {
				p.tokens[n-1].lit += string(c)
			} else {
				p.tokens = append(p.tokens, token{kind: literal, lit: string(c)})
			}
			rest = rest[1:]
			continue
		}
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return bad("{ 没有配对的 }")
		}
		name := rest[1:end]
		rest = rest[end+1:]
		var t token
		switch {
		case name == "code":
			t.kind = code
		case name == "prefix":
			t.kind = prefix
		case name == "year":
			t.kind = year
		case name == "serial":
			t.kind = serial
		case strings.HasPrefix(name, "serial:"):
			n, err := strconv.Atoi(name[len("serial:"):])
			if err != nil || n < 1 || n > 12 {
				return bad("{%s} 的位数应为 1 到 12 的数字，例如 {serial:5}", name)
			}
			t.kind, t.width = serial, n
		case name == "category":
			t.kind = category
		case name == "*":
			t.kind = anything
		default:
			return bad("不认识 {%s}；可用 {code} {prefix} {year} {serial} {serial:N} {category} {*}", name)
		}
		if p.has[t.kind] && (t.kind == year || t.kind == serial || t.kind == category) {
			return bad("{%s} 只能出现一次", name)
		}
		if n := len(p.tokens); n > 0 && adjacentAmbiguous(p.tokens[n-1], t) {
			return bad("两个可变长的部分不能紧挨在一起，中间要有分隔符，例如 -")
		}
		p.has[t.kind] = true
		p.tokens = append(p.tokens, t)
	}
	return p, nil
}

// adjacentAmbiguous reports whether a followed directly by b makes the boundary between
// them a guess: a part of variable length ({serial}, {*}) followed by another token
// rather than by a separator.
func adjacentAmbiguous(a, b token) bool {
	variable := a.kind == anything || a.kind == serial && a.width == 0
	return variable && b.kind != literal
}

// MustCompile is Compile for patterns known to be valid; it panics otherwise.
func MustCompile(src string) *Pattern {
	p, err := Compile(src)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.src }

// HasYear reports whether numbers of this pattern carry their year.
func (p *Pattern) HasYear() bool { return p.has[year] }

// HasSerial reports whether numbers of this pattern carry a serial.
func (p *Pattern) HasSerial() bool { return p.has[serial] }

// HasCategory reports whether numbers of this pattern carry a category code.
func (p *Pattern) HasCategory() bool { return p.has[category] }

// SerialWidth is the number of digits of {serial:N}, or 0 for {serial} of any length.
func (p *Pattern) SerialWidth() int {
	for _, t := range p.tokens {
		if t.kind == serial {
			return t.width
		}
	}
	return 0
}

// Allocatable says why new numbers cannot be written in this pattern: it needs a
// serial to count with, and no part whose content is unknown.
func (p *Pattern) Allocatable() error {
	switch {
	case !p.has[serial]:
		return &Error{Pattern: p.src, Msg: "用于分配新编号的规则（format）必须含 {serial} 或 {serial:N}"}
	case p.has[anything]:
		return &Error{Pattern: p.src, Msg: "{*} 只能用于旧编号规则（accept），不能用于分配新编号"}
	}
	return nil
}

// Vars are the values of a pattern's publisher tokens.
type Vars struct {
	Code   string // {code}
	Prefix string // {prefix}; Code when empty

	// AnyOwner makes {code} and {prefix} match any run of ASCII letters and digits:
	// to tell a number of the right shape but another publisher's from a wrong shape.
	AnyOwner bool

	// Categories are the codes {category} may stand for when reading a number; when
	// writing one, the first. Empty when the pattern has no {category}.
	Categories []string
}

func (v Vars) prefix() string {
	if v.Prefix != "" {
		return v.Prefix
	}
	return v.Code
}

// Number is a 索引号 read by a pattern: the values of its variable parts.
type Number struct {
	Year     int    // {year}; 0 when the pattern has none
	Serial   int    // {serial}; 0 when the pattern has none
	Digits   string // the serial as written, leading zeros kept
	Category string // {category}; "" when the pattern has none
	Rest     []string
}

// Match reads s as a number of pattern p for a publisher with vars v. The whole of s
// must match. A serial of zero is read as 0: whether it is allowed is for the caller.
func (p *Pattern) Match(s string, v Vars) (Number, bool) {
	if len(s) > MaxLen || s == "" {
		return Number{}, false
	}
	m := matcher{p: p, v: v, s: s, failed: map[[2]int]bool{}}
	if !m.match(0, 0) {
		return Number{}, false
	}
	return m.n, true
}

type matcher struct {
	p      *Pattern
	v      Vars
	s      string
	n      Number
	failed map[[2]int]bool // (token, position) pairs known not to match: keeps {*} runs linear-ish
}

// match reports whether tokens from i on match s from pos on, filling m.n on success.
func (m *matcher) match(i, pos int) bool {
	if i == len(m.p.tokens) {
		return pos == len(m.s)
	}
	if m.failed[[2]int{i, pos}] {
		return false
	}
	t := m.p.tokens[i]
	rest := m.s[pos:]
	ok := false
	fixed := func(lit string) bool {
		return lit != "" && strings.HasPrefix(rest, lit) && m.match(i+1, pos+len(lit))
	}
	switch t.kind {
	case literal:
		ok = fixed(t.lit)
	case code, prefix:
		if m.v.AnyOwner {
			run := 0
			for run < len(rest) && isAnyChar(rest[run]) && rest[run] != '-' {
				run++
			}
			for n := run; n >= 1 && !ok; n-- {
				ok = m.match(i+1, pos+n)
			}
		} else if t.kind == code {
			ok = fixed(m.v.Code)
		} else {
			ok = fixed(m.v.prefix())
		}
	case category:
		for _, c := range m.v.Categories {
			if fixed(c) {
				m.n.Category = c
				ok = true
				break
			}
		}
	case year:
		if len(rest) >= 4 && allDigits(rest[:4]) && m.match(i+1, pos+4) {
			m.n.Year, _ = strconv.Atoi(rest[:4])
			ok = true
		}
	case serial:
		lo, hi := t.width, t.width
		if t.width == 0 {
			lo, hi = 1, digitRun(rest)
		}
		for n := min(hi, 18, len(rest)); n >= lo; n-- { // longest first; 18 digits fit an int
			if allDigits(rest[:n]) && m.match(i+1, pos+n) {
				m.n.Digits = rest[:n]
				m.n.Serial, _ = strconv.Atoi(rest[:n])
				ok = true
				break
			}
		}
	case anything:
		run := 0
		for run < len(rest) && isAnyChar(rest[run]) {
			run++
		}
		for n := run; n >= 1; n-- {
			if m.match(i+1, pos+n) {
				m.n.Rest = append([]string{rest[:n]}, m.n.Rest...)
				ok = true
				break
			}
		}
	}
	if !ok {
		m.failed[[2]int{i, pos}] = true
	}
	return ok
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func allDigits(s string) bool { return s != "" && digitRun(s) == len(s) }

func isAnyChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-'
}

// Format writes n in pattern p for a publisher with vars v: the inverse of Match.
func (p *Pattern) Format(v Vars, n Number) string {
	var b strings.Builder
	rest := n.Rest
	for _, t := range p.tokens {
		switch t.kind {
		case literal:
			b.WriteString(t.lit)
		case code:
			b.WriteString(v.Code)
		case prefix:
			b.WriteString(v.prefix())
		case year:
			fmt.Fprintf(&b, "%04d", n.Year)
		case serial:
			switch {
			case n.Digits != "":
				b.WriteString(n.Digits)
			case t.width > 0:
				fmt.Fprintf(&b, "%0*d", t.width, n.Serial)
			default:
				b.WriteString(strconv.Itoa(n.Serial))
			}
		case category:
			c := n.Category
			if c == "" && len(v.Categories) > 0 {
				c = v.Categories[0]
			}
			b.WriteString(c)
		case anything:
			if len(rest) > 0 {
				b.WriteString(rest[0])
				rest = rest[1:]
			}
		}
	}
	return b.String()
}

// New writes the number with serial in year for a publisher with vars v, padding the
// serial to the pattern's width. The error says when the serial does not fit.
func (p *Pattern) New(v Vars, yr, ser int) (string, error) {
	if w := p.SerialWidth(); w > 0 && len(strconv.Itoa(ser)) > w {
		return "", fmt.Errorf("序号 %d 超过了编号规则 %s 的 %d 位", ser, p.src, w)
	}
	return p.Format(v, Number{Year: yr, Serial: ser}), nil
}

// Series names the sequence a number belongs to: everything but its serial. Numbers
// of one series are counted together when allocating and when looking for gaps.
func (p *Pattern) Series(v Vars, n Number) string {
	n.Digits, n.Serial = "#", 0
	return p.src + "\x00" + p.Format(v, n)
}

// Example is a number of pattern p for a publisher with vars v, for messages: the
// first serial of year.
func (p *Pattern) Example(v Vars, yr int) string {
	n := Number{Year: yr, Serial: 1}
	for range strings.Count(p.src, "{*}") {
		n.Rest = append(n.Rest, "0001")
	}
	return p.Format(v, n)
}

// Slug is the form of a 索引号 used in its document's address and file name: ASCII
// letters in lower case, digits and '-' kept, every other character replaced by '-'.
// Numbers in the default scheme are their own slug, so their addresses do not change.
func Slug(number string) string {
	b := []byte(number)
	out := b[:0:0]
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-':
			out = append(out, c)
		case c < 0x80:
			out = append(out, '-')
		case c >= 0xC0: // first byte of a multi-byte character
			out = append(out, '-')
		}
	}
	return string(out)
}
