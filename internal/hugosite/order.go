package hugosite

import (
	"bytes"
	"cmp"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gohugoio/hugo/config/allconfig"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"xxgk/internal/record"
)

// stubOrder is each of set's documents' place, from 1, in Hugo's default order of
// pages (newest first, then by title through the site language's collator), for the
// portal's site of stubs to weigh each document by in its taxonomies
// (overlay.Fs.Order). Hugo orders every term's pages when the portal's listings are
// made, comparing two pages' weights, dates and titles one pair at a time through
// the pages and one collator locked for the whole site; weighed, it compares two
// numbers held beside the pages (at 100,000 documents, side by side, its sorts of
// the terms' pages took 13.9 s of CPU unweighed and 4.6 s weighed, and Hugo's sorts
// in all 24.9 s and 11.6 s). Documents equal in date and title get the same place,
// which leaves their order to Hugo (by path).
//
// It returns nil, and Hugo orders the pages itself, for a site on which Hugo's
// order might be another: one that maps front matter to dates, sets a cascade or
// has several languages (as termPages), has a document that sets its own weight
// or whose title has spaces around it (record.Record.OwnOrder), or a page other
// than the documents that may be listed in a term (pageInTerms), unweighed.
func stubOrder(src string, set *record.Set, configs *allconfig.Configs) map[*record.Record]int {
	site, err := siteConfig(src)
	if err != nil || len(configs.LanguageConfigMap) != 1 {
		return nil
	}
	for _, key := range []string{"frontmatter", "cascade"} {
		if _, ok := site[key]; ok {
			return nil
		}
	}
	if slices.ContainsFunc(set.Records, func(r *record.Record) bool { return r.OwnOrder }) {
		return nil
	}
	if pageInTerms(src, set, configs) {
		return nil
	}
	lang := slices.Collect(maps.Keys(configs.LanguageConfigMap))[0]
	return orderBy(set.Records, siteCollator(lang))
}

// siteCollator is the collator Hugo orders the titles of the language lang's pages
// by (langs.NewLanguage).
func siteCollator(lang string) *collate.Collator {
	tag, err := language.Parse(lang)
	if err != nil {
		return collate.New(language.English)
	}
	return collate.New(tag)
}

// orderBy places docs newest first (by the second, as Hugo compares dates), then by
// their titles' collation keys under c, equal ones sharing a place.
func orderBy(docs []*record.Record, c *collate.Collator) map[*record.Record]int {
	type entry struct {
		r   *record.Record
		sec int64
		key []byte
	}
	var buf collate.Buffer
	entries := make([]entry, len(docs))
	for i, r := range docs {
		entries[i] = entry{r, r.Date.Unix(), bytes.Clone(c.KeyFromString(&buf, r.Title))}
		buf.Reset()
	}
	compare := func(a, b entry) int {
		return cmp.Or(cmp.Compare(b.sec, a.sec), bytes.Compare(a.key, b.key))
	}
	slices.SortFunc(entries, compare)
	order := make(map[*record.Record]int, len(entries))
	place := 0
	for i, e := range entries {
		if i == 0 || compare(entries[i-1], e) != 0 {
			place++
		}
		order[e.r] = place
	}
	return order
}

// pageInTerms reports whether a content file that is not a document (a portal page,
// a section's _index.md) may be a page of a taxonomy term, or change the documents'
// order: its front matter names a taxonomy or sets a cascade, or is not TOML that
// says it does not.
func pageInTerms(src string, set *record.Set, configs *allconfig.Configs) bool {
	for _, f := range set.ContentFiles() {
		if !strings.HasSuffix(f, ".md") || record.IsDocument(strings.TrimPrefix(f, "content/")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(f)))
		if err != nil {
			return true
		}
		if head := bytes.TrimLeft(b, "\ufeff \t\r\n"); len(head) == 0 || !bytes.ContainsAny(head[:1], "+-{") {
			continue // no front matter
		}
		fm, _, _, err := record.SplitFrontMatter(b)
		if err != nil {
			return true
		}
		var keys map[string]any
		if _, err := toml.Decode(fm, &keys); err != nil {
			return true
		}
		for k := range keys {
			if strings.EqualFold(k, "cascade") {
				return true // it may weigh, date or list the pages below it
			}
			for _, plural := range configs.Base.Taxonomies {
				if strings.EqualFold(k, plural) {
					return true
				}
			}
		}
	}
	return false
}
