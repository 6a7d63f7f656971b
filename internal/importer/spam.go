package importer

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"xxgk/internal/record"
)

// spamLexicon matches the words gambling advertisements are made of. Injected site
// names contain one of them; ordinary school documents never do.
var spamLexicon = regexp.MustCompile(`娱乐城|娱乐场|娱乐平台|娱乐官网|国际娱乐|真人娱乐|真人荷官|博彩|赌场|赌博网|百家乐|彩票网|彩票平台|体育投注|线上投注|网上投注|投注平台|棋牌游戏|老虎机|时时彩|葡京`)

// spamWords are the words of spamLexicon, for a fast test before it; brandWords those
// a brand's shape starts with.
var (
	spamWords  = newTrigger([]string{"娱乐", "博彩", "赌", "百家乐", "彩票", "投注", "棋牌", "老虎机", "时时彩", "葡京", "真人"})
	brandWords = newTrigger([]string{"体育", "娱乐", "棋牌", "电竞", "彩票", "真人", "国际", "博彩", "竞技"})
)

// warning matches the words of a school warning against gambling (严禁参与网络赌博),
// which uses the advertisers' words without being an advertisement.
var warning = regexp.MustCompile(`严禁|禁止|远离|防范|打击|抵制|不得|警惕|拒绝|治理|谨防|识别`)

// brandShape is how betting and casino brands are named when they are not on the word
// list: a gambling word and a storefront word (体育官方平台, 娱乐APP, 国际官网).
var brandShape = regexp.MustCompile(`(?:体育|娱乐|棋牌|电竞|彩票|真人|国际|博彩|竞技)(?:官方平台|官方网站|官方|官网|平台|入口|网址|下载|注册|登录|APP|App|app)`)

// maxSpamRunes bounds what can be an injected phrase: a site name, not a sentence.
const maxSpamRunes = 20

// findSpam returns the injected phrases of an imported set, longest first: a short line
// made of advertising words, or a short line that opens two or more files of the set and
// also turns up inside sentences (where it replaced an ordinary word). Registered
// publisher names are never taken for spam, although they too open many documents.
func findSpam(docs [][]Line, reg *record.Registry) []string {
	phrases := map[string]bool{}
	openers := map[string]int{}
	for _, lines := range docs {
		first := true
		for _, l := range lines {
			if l.Text == "" {
				continue
			}
			short := utf8.RuneCountInString(l.Text) <= maxSpamRunes
			if short && spamWords.scan(simp(l.Text)) != 0 && spamLexicon.MatchString(simp(l.Text)) && !warning.MatchString(simp(l.Text)) {
				phrases[l.Text] = true
			}
			if first && short && !isBreadcrumb(l.Text) && len(metaFields(l)) == 0 {
				openers[l.Text]++
			}
			first = false
		}
		for _, b := range brands(lines, reg) {
			phrases[b] = true
		}
	}
	for s, n := range openers {
		if n < 2 || phrases[s] || isPublisherName(s, reg) || portalWords(s, reg) {
			continue
		}
		for _, lines := range docs {
			for _, l := range lines {
				if l.Text != s && strings.Contains(l.Text, s) {
					phrases[s] = true
				}
			}
		}
	}
	out := make([]string, 0, len(phrases))
	for s := range phrases {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// brands finds a brand that replaced the publisher's name in a document: a line of its
// own or a field's value (来源：…, 发布机构：…) that is a brand's name and that the
// document repeats elsewhere — in its title, its fields or its sentences.
func brands(lines []Line, reg *record.Registry) []string {
	var cands []string
	for _, l := range lines {
		if utf8.RuneCountInString(l.Text) > maxSpamRunes*3 || brandWords.scan(l.Text) == 0 || !brandShape.MatchString(l.Text) {
			continue
		}
		cands = append(cands, l.Text)
		for _, f := range metaFields(l) {
			cands = append(cands, f.Value)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if seen[c] || !brandName(c) || warning.MatchString(simp(c)) || isPublisherName(c, reg) {
			continue
		}
		seen[c] = true
		n := 0
		for _, l := range lines {
			n += strings.Count(l.Text, c)
		}
		if n >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// brandEnd is a brand's shape at the end of a name; latinOrDigit what brands mix in
// (88, APP) and the names of schools' own platforms do not.
var (
	brandEnd     = regexp.MustCompile(brandShape.String() + `$`)
	latinOrDigit = regexp.MustCompile(`[A-Za-z0-9]`)
)

// brandName is a short name that ends in a brand's shape, has Latin letters or digits
// in it and is not a document title (校园体育平台使用须知 is none).
func brandName(s string) bool {
	return utf8.RuneCountInString(s) <= maxSpamRunes && brandEnd.MatchString(s) && latinOrDigit.MatchString(s) && !titleWords.MatchString(simp(s))
}

// portalWords reports whether s is what a portal column or a document is called — a
// first line such as 信息公开 or 通知公告 that many copied pages share — rather than an
// injected name: words of the registries, title words, 信息公开.
func portalWords(s string, reg *record.Registry) bool {
	s = simp(s)
	if titleWords.MatchString(s) || strings.Contains(s, "公开") {
		return true
	}
	if reg == nil {
		return false
	}
	for _, c := range reg.Categories {
		for _, step := range strings.Split(c.Path, "/") {
			if strings.Contains(s, step) || strings.Contains(step, s) {
				return true
			}
		}
	}
	for _, g := range reg.Genres {
		if strings.Contains(s, g.Name) {
			return true
		}
	}
	return false
}

func isPublisherName(s string, reg *record.Registry) bool {
	if reg == nil {
		return false
	}
	for _, p := range reg.Publishers {
		if strings.Contains(s, p.Name) {
			return true
		}
	}
	return false
}

// removeSpam takes the phrases out of lines. A line that is only the phrase goes; inside
// a sentence the phrase is replaced by the word it displaced when the same surroundings
// occur elsewhere in the set with one word only between them, and removed otherwise.
// Advertising words left in a sentence, whose extent is unclear, are reported.
func removeSpam(f *File, lines []Line, phrases []string, ctx *contexts) []Line {
	out := lines[:0:0]
	for _, l := range lines {
		if l.Cells != nil {
			// A table row: each cell is cleaned, and the row's text follows its cells.
			for j := range l.Cells {
				l.Cells[j] = cleanSpam(f, l.No, l.Cells[j], phrases, ctx)
			}
			l.Text = strings.Join(l.Cells, " ")
		} else {
			l.Text = cleanSpam(f, l.No, l.Text, phrases, ctx)
		}
		if l.Text == "" {
			continue
		}
		st := simp(l.Text)
		if spamWords.scan(st) == 0 {
			out = append(out, l)
			continue
		}
		for _, m := range spamLexicon.FindAllString(st, -1) {
			if warning.MatchString(st) {
				break
			}
			f.note(l.No, Warning, "疑似赌博广告用语“%s”，无法确定插入的范围，已保留，请核对", m)
		}
		out = append(out, l)
	}
	return out
}

// cleanSpam takes the phrases out of one line or cell, noting each.
func cleanSpam(f *File, line int, s string, phrases []string, ctx *contexts) string {
	for _, p := range phrases {
		if s == p {
			f.note(line, Removed, "广告插入“%s”", p)
			return ""
		}
		if !strings.Contains(s, p) {
			continue
		}
		// Left to right, each occurrence seeing the repaired text before it.
		var done strings.Builder
		rest := s
		for {
			i := strings.Index(rest, p)
			if i < 0 {
				break
			}
			done.WriteString(rest[:i])
			before, after := done.String(), rest[i+len(p):]
			if word := ctx.displaced(before, after, p); word != "" {
				f.note(line, Repaired, "广告插入“%s”已换回原词“%s”：“…%s%s%s…”", p, word, lastRunes(before, 6), word, firstRunes(after, 6))
				done.WriteString(word)
			} else {
				f.note(line, Removed, "广告插入“%s”：“…%s【%s】%s…”", p, lastRunes(before, 6), p, firstRunes(after, 6))
			}
			rest = after
		}
		done.WriteString(rest)
		s = done.String()
	}
	return s
}

// contextRunes are the lengths of surroundings tried, longest first.
var contextRunes = []int{4, 3, 2}

// A query asks which words stand, somewhere in the set, between left and right.
type query struct{ phrase, left, right string }

// contexts answers queries against the whole imported set. All the queries the set's
// spam phrases raise are answered together in one pass over its distinct lines, so that
// the time grows with the size of the set, not with its square; a query not foreseen
// (the text before it was repaired) is answered by a pass of its own.
type contexts struct {
	lines  []string // the distinct lines and cells of the set
	mu     sync.Mutex
	answer map[query]string // the one word found; "" for none, "\x00" for several
}

// newContexts gathers the queries of every phrase occurrence in docs and answers them.
func newContexts(docs [][]Line, phrases []string) *contexts {
	c := &contexts{answer: map[query]string{}}
	seen := map[string]bool{}
	var texts []string
	for _, lines := range docs {
		for _, l := range lines {
			texts = append(texts, l.Text)
			texts = append(texts, l.Cells...)
		}
	}
	asked := map[query]bool{}
	for _, t := range texts {
		if seen[t] {
			continue
		}
		seen[t] = true
		c.lines = append(c.lines, t)
		for _, p := range phrases {
			for rest, off := t, 0; ; {
				i := strings.Index(rest, p)
				if i < 0 || t == p {
					break
				}
				before, after := t[:off+i], rest[i+len(p):]
				for _, q := range queries(before, after, p) {
					asked[q] = true
				}
				off += i + len(p)
				rest = after
			}
		}
	}
	for q, w := range c.scan(asked) {
		c.answer[q] = w
	}
	return c
}

// queries are the surroundings of one phrase occurrence to look for, longest first.
// Both sides are needed: a phrase that opens or ends a line (a title) has too little
// around it to tell which word it replaced.
func queries(before, after, phrase string) []query {
	var out []query
	for _, n := range contextRunes {
		left, right := lastRunes(before, n), firstRunes(after, n)
		if utf8.RuneCountInString(left+right) < 3 || left == "" || right == "" {
			continue
		}
		out = append(out, query{phrase, left, right})
	}
	return out
}

// scan answers the queries in one pass over the lines: at every place where a query's
// left side ends, a word of 1–8 letters followed by its right side.
func (c *contexts) scan(asked map[query]bool) map[query]string {
	byLeft := map[int]map[string][]query{}
	for q := range asked {
		n := utf8.RuneCountInString(q.left)
		if byLeft[n] == nil {
			byLeft[n] = map[string][]query{}
		}
		byLeft[n][q.left] = append(byLeft[n][q.left], q)
	}
	found := map[query]string{}
	for q := range asked {
		found[q] = ""
	}
	var starts []int // byte offset of each rune of the line
	for _, t := range c.lines {
		starts = starts[:0]
		for i := range t {
			starts = append(starts, i)
		}
		for n, lefts := range byLeft {
			for r := n; r < len(starts); r++ {
				qs := lefts[t[starts[r-n]:starts[r]]]
				for _, q := range qs {
					if w, ok := wordBefore(t[starts[r]:], q.right); ok && !strings.Contains(q.phrase, w) && !strings.Contains(w, q.phrase) && !spamLexicon.MatchString(w) {
						switch found[q] {
						case "":
							found[q] = w
						case w, "\x00":
						default:
							found[q] = "\x00"
						}
					}
				}
			}
		}
	}
	return found
}

// wordBefore finds the shortest word of 1–8 letters or digits at the start of s that
// right follows.
func wordBefore(s, right string) (string, bool) {
	i := 0
	for k := 0; k < 8 && i < len(s); k++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Han, r) && !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return "", false
		}
		i += size
		if strings.HasPrefix(s[i:], right) {
			return s[:i], true
		}
	}
	return "", false
}

// displaced is the word a phrase replaced: the one word found between its surroundings
// elsewhere in the set, trying the longest surroundings first; "" when none or several.
func (c *contexts) displaced(before, after, phrase string) string {
	for _, q := range queries(before, after, phrase) {
		c.mu.Lock()
		w, ok := c.answer[q]
		c.mu.Unlock()
		if !ok {
			w = c.scan(map[query]bool{q: true})[q]
			c.mu.Lock()
			c.answer[q] = w
			c.mu.Unlock()
		}
		switch w {
		case "":
			continue
		case "\x00":
			return ""
		}
		return w
	}
	return ""
}

// firstRunes and lastRunes return the first or last n runes of s, without reading the
// rest of it (they run once per spam phrase of a long line).
func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}
