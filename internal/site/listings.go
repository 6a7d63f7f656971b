package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

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

// stubPrint is what a document's stub makes of every listing it is on: what its stub
// is made of (overlay.Stub: the derived keys, the front matter, the excerpt) and
// whether the document had been abolished on the build's day. The front matter is
// its hash, so that the documents need not be read when their checks are trusted.
func stubPrint(r *record.Record, excerpt string, d *portalData) [32]byte {
	h := sha256.New()
	derived, fm := overlay.Derive(r), r.FrontMatterSum()
	fmt.Fprintf(h, "stub %d %d\n", len(derived), len(excerpt))
	h.Write(derived)
	h.Write(fm[:])
	io.WriteString(h, excerpt)
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

// portalID is the id under which the cache keeps the portal's own pages: every file
// the portal's Hugo site writes that is no listing's (the home page, the taxonomies'
// pages, the register, audit, search and sitemap pages, sitemap.xml, robots.txt…).
// A term's id always has a slash.
const portalID = "portal"

// portalKey is the key of the portal's own pages: everything the portal's Hugo site
// reads — the site's inputs, the portal data (hugo.Data.xxgk, which also dates the
// register), every document's stub print and every listing's key. While it is
// unchanged, and every listing is reused too, the whole portal comes from the cache
// and Hugo does not load the site at all.
func portalKey(inputs string, set *record.Set, prints map[*record.Record][32]byte, ls []*listing, d *portalData) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nportal\n%d\n", inputs, len(d.json))
	h.Write(d.json)
	for _, r := range set.Records {
		p := prints[r]
		fmt.Fprintf(h, "\n%q ", r.Page())
		h.Write(p[:])
	}
	for _, l := range ls {
		fmt.Fprintf(h, "\n%q %s", l.id, l.key)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// placeKept puts the files of l, kept by the last build, into out (but for those
// there already, r.there) and notes their links.
func (r *renderer) placeKept(cache *buildcache.Cache, l buildcache.Listing) error {
	if err := cache.PlaceListing(l, r.out, r.there); err != nil {
		return err
	}
	if links := r.hs.Links(); links != nil {
		for _, f := range l.Files {
			links.NoteRefs(f.Path, f.Links)
		}
	}
	return nil
}

// placePortal puts the portal's pages kept by the last build — its own pages (kept)
// and every listing's — into out, in place of a render by Hugo.
func (r *renderer) placePortal(cache *buildcache.Cache, ls []*listing, reused map[string]buildcache.Listing, kept buildcache.Listing) error {
	for _, l := range ls {
		if err := r.placeKept(cache, reused[l.id]); err != nil {
			return err
		}
	}
	return r.placeKept(cache, kept)
}

// keepListings notes the listings Hugo rendered (those not in reused) with their
// files and links, places the reused ones from the cache into out, and keeps them
// all, with the portal's own pages under key, for the next build.
func (r *renderer) keepListings(cache *buildcache.Cache, ls []*listing, reused map[string]buildcache.Listing, key string) error {
	want := make(map[string]*listing, len(ls))
	for _, l := range ls {
		want[l.id] = l
	}
	keep := make(map[string]buildcache.Listing, len(ls)+1)
	links := r.hs.Links()
	listed := map[string]bool{} // files Hugo wrote that are a listing's
	for _, t := range r.hs.Terms() {
		id := t.ID
		l := want[id]
		if l == nil {
			continue
		}
		if cached, ok := reused[id]; ok {
			if err := r.placeKept(cache, cached); err != nil {
				return err
			}
			keep[id] = cached
			continue
		}
		files, err := t.Files()
		if err != nil {
			return err
		}
		kept := buildcache.Listing{Key: l.key}
		for _, f := range files {
			kept.Files = append(kept.Files, buildcache.File{Path: f, Links: links.Refs(f)})
			listed[f] = true
		}
		keep[id] = kept
	}
	own := buildcache.Listing{Key: key, Pages: r.hs.Pages()}
	for _, f := range r.hs.Written() {
		if !listed[f] {
			own.Files = append(own.Files, buildcache.File{Path: f, Links: links.Refs(f)})
		}
	}
	keep[portalID] = own
	return cache.SaveListings(r.out, keep)
}
