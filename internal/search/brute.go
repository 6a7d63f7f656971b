package search

import (
	"slices"
	"strings"
)

// BruteForce answers a query by scanning every document's normalised fields: the
// definition that the index must agree with. It returns matching ids ascending.
func BruteForce(recs []DocRecord, q string) []int {
	terms := ParseQuery(q)
	if !slices.ContainsFunc(terms, func(t Term) bool { return !t.Negative }) {
		return nil
	}
	var out []int
	for id, r := range recs {
		fields := append([]string{r.Title, r.Body}, r.Meta...)
		ok := true
		for _, t := range terms {
			found := slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(Normalize(f), t.Text) })
			if found == t.Negative {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, id)
		}
	}
	return out
}

// Traditional returns s with each simplified character replaced by a traditional one
// that folds to it, for tests that search in traditional script.
func Traditional(s string) string {
	back := map[rune]rune{}
	for t, simp := range fold {
		if old, ok := back[simp]; !ok || t < old { // deterministic choice
			back[simp] = t
		}
	}
	return strings.Map(func(r rune) rune {
		if t, ok := back[r]; ok {
			return t
		}
		return r
	}, s)
}
