package search

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Term is one part of a query, normalised.
type Term struct {
	Text     string `json:"text"`
	Negative bool   `json:"negative,omitempty"`
}

// ParseQuery splits a query into terms: spaces separate terms, "quoted phrases" (also
// “…”) keep their spaces, and a leading - excludes a term. Terms that normalise to
// nothing are dropped.
func ParseQuery(q string) []Term {
	q = norm.NFKC.String(q)
	var terms []Term
	rs := []rune(q)
	for i := 0; i < len(rs); {
		if isSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !isSpace(rs[i+1]) {
			neg = true
			i++
		}
		var b strings.Builder
		if rs[i] == '"' || rs[i] == '“' {
			i++
			for i < len(rs) && rs[i] != '"' && rs[i] != '”' {
				b.WriteRune(rs[i])
				i++
			}
			i++ // the closing quote, if any
		} else {
			for i < len(rs) && !isSpace(rs[i]) {
				b.WriteRune(rs[i])
				i++
			}
		}
		if t := Normalize(b.String()); t != "" {
			terms = append(terms, Term{Text: t, Negative: neg})
		}
	}
	return terms
}

// cover returns the offsets of the bigrams whose positions prove a term of n ≥ 3
// characters: every other one, and the last.
func cover(n int) []int {
	var offs []int
	for o := 0; o < n-1; o += 2 {
		offs = append(offs, o)
	}
	if offs[len(offs)-1] != n-2 {
		offs = append(offs, n-2)
	}
	return offs
}

// isSpace reports whether r separates terms. The set is spelled out (it is
// JavaScript's \s plus U+0085) so that the browser client splits queries identically.
func isSpace(r rune) bool {
	return r >= 0x2000 && r <= 0x200a || strings.ContainsRune("\t\n\v\f\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff", r)
}
