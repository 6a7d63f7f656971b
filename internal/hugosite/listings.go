package hugosite

import (
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gohugoio/hugo/common/paths"
	"github.com/gohugoio/hugo/resources/page"
)

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

// HasCascade says whether the site's config.toml in src sets a cascade of its own,
// which the one that skips listings (View.Skip) or renders a shard's pages only
// (View.PartData) would replace: such a site renders every page.
func HasCascade(src string) bool {
	cfg, err := siteConfig(src)
	if err != nil {
		return true
	}
	_, ok := cfg["cascade"]
	return ok
}

// siteConfig is the site's config.toml in src as TOML reads it.
func siteConfig(src string) (map[string]any, error) {
	var cfg map[string]any
	_, err := toml.DecodeFile(filepath.Join(src, "config.toml"), &cfg)
	return cfg, err
}

// Written is every file Hugo wrote, slash-separated and relative to the output, in
// lexical order: only a Site with View.Stubs notes them, any other has none.
func (s *Site) Written() []string {
	s.written.mu.Lock()
	defer s.written.mu.Unlock()
	return slices.Sorted(maps.Keys(s.written.wrote))
}

// Term is a taxonomy term's page as the Site holds it: its listing.
type Term struct {
	// ID is the listing's id, plural/term, as Hugo's page path before normalising:
	// "categories/规划统计/规划计划".
	ID string
	p  page.Page
	s  *Site
}

// Terms is the term pages Hugo holds, in Hugo's order, whether it rendered them or
// skipped them (View.Skip).
func (s *Site) Terms() []Term {
	var out []Term
	for _, p := range s.h.Sites[0].Pages() {
		if id := termID(p); id != "" {
			out = append(out, Term{ID: id, p: p, s: s})
		}
	}
	return out
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

// Files lists the files of the term's listing that Hugo wrote (slash-separated,
// relative to the output; only a Site with View.Stubs notes which, any other finds
// none): those in its
// directory and in the pages of its pager; the directories of other pages beneath
// it (subcategories, a publisher's documents) are not its, nor the files the build
// writes there (a publisher's register).
func (t Term) Files() ([]string, error) {
	return listingFiles(t.s.out, t.p, t.s.h.Configs.Base.Pagination.Path, t.s.written.wrote)
}

// listingFiles lists the files of the term page p that Hugo wrote under out (those
// in wrote): those in its directory and in the pages of its pager (pagePath, "page"
// by default).
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
	err = WalkFiles(dir, pagePath, func(f string) error {
		if f := filepath.ToSlash(filepath.Join(rel, f)); wrote[f] {
			files = append(files, f)
		}
		return nil
	})
	return files, err
}

// WalkFiles calls fn with the slash-separated path, relative to src, of every file
// under src/dir in lexical order; a missing dir has none. (The build hashes the files
// Hugo reads from a site with it too.)
func WalkFiles(src, dir string, fn func(rel string) error) error {
	root := filepath.Join(src, dir)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel))
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
