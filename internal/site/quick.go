package site

import (
	"os"
	"path/filepath"
	"time"

	"xxgk/internal/record"
)

// slowRender is how long Hugo may take to render a change before a preview renders
// the saved documents' own pages first: Hugo checks every rendered page against each
// change, which on a site of thousands of documents takes seconds or more.
const slowRender = time.Second

// quickPages renders the pages of the documents at rels (checked, in p.set) from a
// small Hugo site that holds only their publishers' documents and the portal pages —
// everything a document's page shows — and puts them into the served directory. The
// person who saved sees the change at once; the incremental build that follows
// renders the listings and everything else the change affects, the same pages among
// them, byte for byte.
func (p *Preview) quickPages(rels []string) (rendered bool, err error) {
	publishers := map[string]bool{}
	var pages []string
	for _, rel := range rels {
		if r := p.set.ByPath(rel); r != nil {
			publishers[r.Publisher] = true
			pages = append(pages, filepath.FromSlash(r.Page()))
		}
	}
	if len(pages) == 0 {
		return false, nil // portal pages such as the guide: Hugo renders them quickly
	}
	part := &record.Set{Registry: p.set.Registry}
	for _, r := range p.set.Records {
		if publishers[r.Publisher] {
			part.Records = append(part.Records, r)
		}
	}
	tmp, err := os.MkdirTemp(p.dest, "quick-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	r, err := newRenderer(p.src, tmp, p.opts, p.set, view{part: part, data: p.r.portal()})
	if err != nil {
		return false, err
	}
	defer r.close()
	if err := r.hugo(); err != nil {
		return false, err
	}
	for _, page := range pages {
		// A rename replaces the page whole: a reader never gets half of it.
		staged := filepath.Join(tmp, page)
		target := filepath.Join(p.r.out, page)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return false, err
		}
		if err := os.Rename(staged, target); err != nil {
			return false, err
		}
	}
	return true, nil
}
