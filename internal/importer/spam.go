package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"xxgk/internal/record"
)

// spamLexicon matches the words gambling advertisements are made of. Injected site
// names contain one of them; ordinary school documents never do.
var spamLexicon = regexp.MustCompile(`娱乐城|娱乐场|娱乐平台|娱乐官网|国际娱乐|真人娱乐|真人荷官|博彩|赌场|赌博网|百家乐|彩票网|彩票平台|体育投注|线上投注|网上投注|投注平台|棋牌游戏|老虎机|时时彩|葡京`)

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
			if short && spamLexicon.MatchString(simp(l.Text)) && !warning.MatchString(simp(l.Text)) {
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
// own or a field's value (来源：…, 发布机构：…) of brand shape that the document repeats
// elsewhere — in its title, its fields or its sentences.
func brands(lines []Line, reg *record.Registry) []string {
	var cands []string
	for _, l := range lines {
		if utf8.RuneCountInString(l.Text) > maxSpamRunes*3 {
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
		if seen[c] || utf8.RuneCountInString(c) > maxSpamRunes || !brandShape.MatchString(c) || warning.MatchString(simp(c)) || isPublisherName(c, reg) {
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
func removeSpam(f *File, lines []Line, phrases []string, corpus [][]Line) []Line {
	out := lines[:0:0]
	memo := map[string]string{}
	for _, l := range lines {
		if l.Cells != nil {
			// A table row: each cell is cleaned, and the row's text follows its cells.
			for j := range l.Cells {
				l.Cells[j] = cleanSpam(f, l.No, l.Cells[j], phrases, corpus, memo)
			}
			l.Text = strings.Join(l.Cells, " ")
		} else {
			l.Text = cleanSpam(f, l.No, l.Text, phrases, corpus, memo)
		}
		if l.Text == "" {
			continue
		}
		for _, m := range spamLexicon.FindAllString(simp(l.Text), -1) {
			if warning.MatchString(simp(l.Text)) {
				break
			}
			f.note(l.No, Warning, "疑似赌博广告用语“%s”，无法确定插入的范围，已保留，请核对", m)
		}
		out = append(out, l)
	}
	return out
}

// cleanSpam takes the phrases out of one line or cell, noting each.
func cleanSpam(f *File, line int, s string, phrases []string, corpus [][]Line, memo map[string]string) string {
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
			if word := displacedMemo(before, after, p, corpus, memo); word != "" {
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

// displacedMemo is displaced, remembered per surroundings: a phrase injected a
// thousand times in the same place is looked up once.
func displacedMemo(before, after, phrase string, corpus [][]Line, memo map[string]string) string {
	key := phrase + "\x00" + lastRunes(before, 4) + "\x00" + firstRunes(after, 4) + "\x00" + fmt.Sprint(before == "", after == "")
	if w, ok := memo[key]; ok {
		return w
	}
	w, _ := displaced(before, after, phrase, corpus)
	memo[key] = w
	return w
}

// displaced looks through the set for the surroundings of a spam phrase with a single
// word between them: that word is what the phrase replaced.
func displaced(before, after, phrase string, corpus [][]Line) (string, bool) {
	for _, n := range []int{4, 3, 2} {
		left, right := lastRunes(before, n), firstRunes(after, n)
		// Both sides are needed: a phrase that opens or ends a line (a title) has too
		// little around it to tell which word it replaced.
		if utf8.RuneCountInString(left+right) < 3 || left == "" || right == "" {
			continue
		}
		pat := regexp.QuoteMeta(left) + `([\p{Han}A-Za-z0-9]{1,8}?)` + regexp.QuoteMeta(right)
		if before == "" {
			pat = "^" + pat
		}
		if after == "" {
			pat += "$"
		}
		re := regexp.MustCompile(pat)
		found := map[string]bool{}
		for _, lines := range corpus {
			for _, l := range lines {
				for _, m := range re.FindAllStringSubmatch(l.Text, -1) {
					if !strings.Contains(phrase, m[1]) && !strings.Contains(m[1], phrase) && !spamLexicon.MatchString(m[1]) {
						found[m[1]] = true
					}
				}
			}
		}
		if len(found) == 1 {
			for w := range found {
				return w, true
			}
		}
		if len(found) > 1 {
			return "", false
		}
	}
	return "", false
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
