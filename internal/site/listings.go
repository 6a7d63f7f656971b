package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gohugoio/hugo/common/paths"
	"github.com/gohugoio/hugo/resources/page"

	"xxgk/internal/buildcache"
	"xxgk/internal/overlay"
	"xxgk/internal/record"
)

// A listing is one taxonomy term's pages on the portal: its listing, the pages of
// its pager and its feed. What they show is the term's documents as catalogue stubs
// (title, dates, metadata, the feed's excerpt), the term's subterms and counts (from
// the same documents), a publisher's parent and the registries; so a listing whose
// documents' stubs did not change is the same as in the last build, and the build
// takes it from the cache instead of asking Hugo to render it again.
type listing struct {
	id   string // plural/term, as Hugo's page path before normalising: "categories/规划统计/规划计划"
	recs []*record.Record
	key  string
}

// listingsOf groups the documents of set by term, in a fixed order.
func listingsOf(set *record.Set) []*listing {
	by := map[string]*listing{}
	for _, r := range set.Records {
		for _, t := range overlay.Terms(r) {
			for _, v := range t.Values {
				id := t.Plural + "/" + v
				l := by[id]
				if l == nil {
					l = &listing{id: id}
					by[id] = l
				}
				l.recs = append(l.recs, r)
			}
		}
	}
	out := make([]*listing, 0, len(by))
	for _, l := range by {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *listing) int { return strings.Compare(a.id, b.id) })
	return out
}

// stubPrint is what a document's stub makes of every listing it is on: the stub and
// whether the document had been abolished on the build's day.
func stubPrint(r *record.Record, excerpt string, d *portalData) [32]byte {
	h := sha256.New()
	h.Write(overlay.Stub(r, excerpt))
	fmt.Fprintf(h, "\nabolished %v", abolishedOn(r, d))
	return [32]byte(h.Sum(nil))
}

// abolishedOn says whether r had been abolished on the build's day: its pages and
// listings say so.
func abolishedOn(r *record.Record, d *portalData) bool {
	return !r.Abolished.IsZero() && !r.Abolished.After(d.asOf)
}

// listingKeys sets the key of each listing: the site's inputs, its documents' stub
// prints and, for a publisher, whether its parent has a page (its listing links there).
func listingKeys(inputs string, ls []*listing, set *record.Set, prints map[*record.Record][32]byte) {
	hasDocs := map[string]bool{}
	for _, r := range set.Records {
		hasDocs[r.Publisher] = true
	}
	for _, l := range ls {
		h := sha256.New()
		fmt.Fprintf(h, "%s\nlisting %q\n", inputs, l.id)
		for _, r := range l.recs {
			p := prints[r]
			h.Write(p[:])
		}
		if code, ok := strings.CutPrefix(l.id, "publishers/"); ok {
			if pub, ok := set.Registry.Publisher(code); ok && pub.Parent != "" {
				fmt.Fprintf(h, "parent %q %v\n", pub.Parent, hasDocs[pub.Parent])
			}
		}
		l.key = hex.EncodeToString(h.Sum(nil))
	}
}

// skipGlob is the glob of Hugo page paths (a cascade target) of the listings ids.
func skipGlob(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = globQuote(paths.NormalizePathStringBasic("/" + id))
	}
	return "{" + strings.Join(quoted, ",") + "}"
}

// globQuote escapes the characters a glob gives a meaning to.
func globQuote(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]{},\!`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// hasCascade says whether the site's config.toml sets a cascade of its own, which
// the one that skips listings would replace: such a site renders every listing.
func hasCascade(src string) bool {
	var cfg map[string]any
	if _, err := toml.DecodeFile(filepath.Join(src, "config.toml"), &cfg); err != nil {
		return true
	}
	_, ok := cfg["cascade"]
	return ok
}

// listingFiles lists the files of the term page p that Hugo wrote under out (those
// in wrote): those in its directory and in the pages of its pager (pagePath, "page"
// by default); the directories of other pages beneath it (subcategories, a
// publisher's documents) are not its, nor the files xxgk writes there (a
// publisher's register).
func listingFiles(out string, p page.Page, pagePath string, wrote map[string]bool) ([]string, error) {
	rel, err := url.PathUnescape(strings.TrimPrefix(p.RelPermalink(), "/"))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(out, filepath.FromSlash(rel))
	var files []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if f := filepath.ToSlash(filepath.Join(rel, e.Name())); !e.IsDir() && wrote[f] {
			files = append(files, f)
		}
	}
	err = walkFiles(dir, pagePath, func(f string) error {
		if f := filepath.ToSlash(filepath.Join(rel, f)); wrote[f] {
			files = append(files, f)
		}
		return nil
	})
	return files, err
}

// termID is the listing id of Hugo's term page p, "" for other pages.
func termID(p page.Page) string {
	if p.Kind() != "term" {
		return ""
	}
	d, ok := p.Data().(page.Data)
	if !ok {
		return ""
	}
	plural, _ := d["Plural"].(string)
	term, _ := d["Term"].(string)
	if plural == "" || term == "" {
		return ""
	}
	return plural + "/" + term
}

// keepListings notes the listings Hugo rendered (those not in reused) with their
// files and links, places the reused ones from the cache into out, and keeps them
// all for the next build.
func (r *renderer) keepListings(cache *buildcache.Cache, ls []*listing, reused map[string]buildcache.Listing) error {
	want := make(map[string]*listing, len(ls))
	for _, l := range ls {
		want[l.id] = l
	}
	keep := make(map[string]buildcache.Listing, len(ls))
	pagePath := r.h.Configs.Base.Pagination.Path
	for _, p := range r.h.Sites[0].Pages() {
		id := termID(p)
		l := want[id]
		if l == nil {
			continue
		}
		if cached, ok := reused[id]; ok {
			if err := cache.PlaceListing(cached, r.out); err != nil {
				return err
			}
			for _, f := range cached.Files {
				if r.written.links != nil {
					r.written.links.NoteRefs(f.Path, f.Links)
				}
			}
			keep[id] = cached
			continue
		}
		files, err := listingFiles(r.out, p, pagePath, r.written.wrote)
		if err != nil {
			return err
		}
		kept := buildcache.Listing{Key: l.key}
		for _, f := range files {
			kept.Files = append(kept.Files, buildcache.File{Path: f, Links: r.written.links.Refs(f)})
		}
		keep[id] = kept
	}
	return cache.SaveListings(r.out, keep)
}
