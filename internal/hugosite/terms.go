package hugosite

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/gohugoio/hugo/common/paths"
	"github.com/gohugoio/hugo/config/allconfig"

	"xxgk/internal/overlay"
	"xxgk/internal/record"
)

// termPages returns, by absolute path, a content file (overlay.TermPage) for each
// taxonomy term of the documents Hugo holds that has none on disk, saying what Hugo
// would work out for the term's page: its title, and as its dates the latest of its
// documents'.
//
// Hugo gives a term page without a file of its own its documents' dates by sending
// an event per document and term up its content tree, each handed to every term
// without dates (hugolib.applyAggregatesToTaxonomiesAndTerms): documents × terms ×
// terms, 15–19 s of a city's 100,000 documents and 2,667 publishers, the largest part
// of Hugo's work that grew with the square of the site. A term page with dates of its
// own has no such listener.
//
// It returns nothing for a site on which the dates or titles might be others: one
// whose config.toml maps front matter to dates ([frontmatter]), reads dates from Git,
// sets a cascade, has several languages or no term pages. A term is left to Hugo when
// a document of it has a date with its own UTC offset (Hugo keeps the offset, which
// a page's time zone shows) or when two of its spellings are one page for Hugo.
func termPages(src string, held *record.Set, configs *allconfig.Configs, drafts bool) map[string][]byte {
	conf := configs.Base
	site, err := siteConfig(src)
	if err != nil || len(configs.LanguageConfigMap) > 1 || conf.EnableGitInfo || !conf.IsKindEnabled("term") {
		return nil
	}
	for _, key := range []string{"frontmatter", "cascade"} {
		if _, ok := site[key]; ok {
			return nil
		}
	}
	plurals := map[string]bool{}
	for _, plural := range conf.Taxonomies {
		plurals[plural] = true
	}

	type term struct {
		plural string
		value  string    // as the documents spell it
		latest time.Time // of its documents' dates and its narrower terms'
		left   bool      // to Hugo
	}
	terms := map[string]*term{} // Hugo's page path → term
	keys := map[string]string{} // "/plural/value" → Hugo's page path
	each := func(fn func(r *record.Record, plural, key, value string)) {
		for _, r := range held.Records {
			if r.Draft && !drafts {
				continue
			}
			for _, tx := range overlay.Terms(r) {
				if !plurals[tx.Plural] {
					continue
				}
				for _, v := range tx.Values {
					if v == "" {
						continue
					}
					raw := "/" + tx.Plural + "/" + v
					key, ok := keys[raw]
					if !ok {
						key = paths.NormalizePathStringBasic(raw)
						keys[raw] = key
					}
					fn(r, tx.Plural, key, v)
				}
			}
		}
	}
	each(func(r *record.Record, plural, key, v string) {
		t := terms[key]
		if t == nil {
			t = &term{plural: plural, value: v, left: path.Clean("/"+v) != "/"+v}
			terms[key] = t
		}
		if t.value != v {
			t.left = true
		}
	})
	// A term's page gathers its narrower terms' documents too (categories/规划统计
	// those of categories/规划统计/规划计划): each document's date goes to every term
	// its terms' paths lie under.
	each(func(r *record.Record, _, key, _ string) {
		for k := key; strings.Count(k, "/") >= 2; k = k[:strings.LastIndexByte(k, '/')] {
			if t := terms[k]; t != nil {
				t.left = t.left || !r.DateLocal
				if r.Date.After(t.latest) {
					t.latest = r.Date
				}
			}
		}
	})

	out := map[string][]byte{}
	for _, t := range terms {
		if t.left || t.latest.IsZero() {
			continue
		}
		file := filepath.Join(src, "content", t.plural, filepath.FromSlash(t.value), "_index.md")
		if _, err := os.Lstat(file); err == nil {
			continue // the site's own
		}
		title := t.value
		if conf.CapitalizeListTitles {
			title = conf.C.CreateTitle(t.value)
		}
		out[file] = overlay.TermPage(title, t.latest)
	}
	return out
}
