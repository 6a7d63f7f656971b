// Package search builds the portal's full-text index and reads it back.
//
// Matching is exact: after normalisation, a document matches a term if and only if
// one of its fields (title, a metadata value, the body) contains the term. The index
// stores character unigrams and bigrams with positions, so no dictionary segmentation
// decides what can be found. The browser client in static/js/search-core.js reads the
// same files with the same rules; testdata/normalize.json holds the vectors both sides
// are tested against.
package search

import (
	"bufio"
	"bytes"
	"embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// OpenCC's dictionaries (Apache-2.0, see opencc/LICENSE): traditional → simplified
// characters, and Taiwan/Hong Kong variant forms → the standard traditional form.
//
//go:embed opencc/TSCharacters.txt opencc/TWVariantsRev.txt opencc/HKVariantsRev.txt
var openccFS embed.FS

// fold maps a character to the one it is searched as (traditional → simplified).
var fold = buildFold()

func readPairs(name string) map[rune]rune {
	data, err := openccFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	m := map[rune]rune{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		key, vals, ok := strings.Cut(line, "\t")
		first, _, _ := strings.Cut(vals, " ") // the first candidate is OpenCC's default
		if !ok || utf8.RuneCountInString(key) != 1 || utf8.RuneCountInString(first) != 1 {
			continue
		}
		k, _ := utf8.DecodeRuneInString(key)
		v, _ := utf8.DecodeRuneInString(first)
		m[k] = v
	}
	return m
}

func buildFold() map[rune]rune {
	variants := readPairs("opencc/TWVariantsRev.txt")
	for k, v := range readPairs("opencc/HKVariantsRev.txt") {
		variants[k] = v
	}
	ts := readPairs("opencc/TSCharacters.txt")
	step := func(r rune) rune {
		if v, ok := variants[r]; ok {
			r = v
		}
		if v, ok := ts[r]; ok {
			r = v
		}
		return r
	}
	keys := map[rune]bool{}
	for k := range variants {
		keys[k] = true
	}
	for k := range ts {
		keys[k] = true
	}
	m := map[rune]rune{}
	for k := range keys {
		// Follow the chain to its end so that folding is idempotent.
		r := k
		for range 8 {
			next := step(r)
			if next == r {
				break
			}
			r = next
		}
		if r != k {
			m[k] = r
		}
	}
	return m
}

// foldRune lower-cases Latin, Greek and Cyrillic letters and folds traditional
// characters to simplified ones. Case folding stops below U+0530 and skips U+0130
// because those are the letters whose lower case is one character in both Go and
// JavaScript.
func foldRune(r rune) rune {
	if r < 0x530 && r != 0x130 {
		r = unicode.ToLower(r)
	}
	if v, ok := fold[r]; ok {
		return v
	}
	return r
}

// searchable reports whether a normalised character takes part in matching. Spaces,
// punctuation and symbols are ignored, so 职业 教育 and 职业教育 are the same text.
func searchable(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Normalize returns s as the index sees it: NFKC (full-width forms become ordinary
// ones), Latin case folded, traditional characters folded to simplified, and only
// letters and digits kept.
func Normalize(s string) string {
	return string(NormalizeRunes(s))
}

// Simplified returns s with every traditional character folded to its simplified form
// and everything else — punctuation, spaces, width — left as it was.
func Simplified(s string) string {
	return strings.Map(func(r rune) rune {
		if v, ok := fold[r]; ok {
			return v
		}
		return r
	}, s)
}

// NormalizeRunes is Normalize returning characters.
func NormalizeRunes(s string) []rune {
	if !nfkcStable(s) {
		s = norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
	}
	out := make([]rune, 0, len(s)/2)
	for _, r := range s {
		r = foldRune(r)
		if searchable(r) {
			out = append(out, r)
		}
	}
	return out
}

// nfkcStable reports whether NFKC can be skipped for s: every character is ASCII, a
// CJK unified ideograph, or common Chinese punctuation (which NFKC maps, if at all,
// to characters that are dropped anyway). Most Chinese text is, and NFKC is the
// costliest step of indexing. FuzzNormalize checks that the result is the same.
func nfkcStable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r >= 0x80 && (r < 0x4e00 || r > 0x9fff) && !strings.ContainsRune(stablePunct, r) {
					return false
				}
			}
			return true
		}
	}
	return true
}

const stablePunct = "\u3000、。〈〉《》「」『』【】〔〕“”‘’—…·，：；（）！？％．／－～＃＆＊＋＝＜＞＠［］｛｝｜＿"
