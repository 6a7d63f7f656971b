package outputs

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/page"

	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/search"
)

// WriteSearchIndex indexes every document Hugo rendered — title, metadata and the
// plain text of the body as Hugo produced it — into out/search/. bodies, when not
// nil, gives the Body of the documents noted while Hugo rendered them; the others
// are asked of Hugo now (which, on a large site whose rendered content Hugo's cache
// has let go of, renders them again).
func WriteSearchIndex(h *hugolib.HugoSites, set *record.Set, out string, bodies func(*record.Record) (string, bool)) error {
	var docs []search.Doc
	for _, p := range h.Sites[0].RegularPages() {
		f := p.File()
		if f == nil {
			continue
		}
		r := set.ByPath("content/" + strings.TrimPrefix(filepath.ToSlash(f.Path()), "/"))
		if r == nil {
			continue // a portal page such as the guide, not a document
		}
		body, ok := "", false
		if bodies != nil {
			body, ok = bodies(r)
		}
		if !ok {
			body = Body(p)
		}
		docs = append(docs, SearchDoc(r, set.Registry, p.RelPermalink(), body))
	}
	return WriteSearch(docs, set.Registry, out)
}

// SearchLabels is what the search index says of the registries: the publishers' names.
func SearchLabels(reg *record.Registry) search.Labels {
	labels := search.Labels{Publishers: map[string]string{}}
	for _, p := range reg.Publishers {
		labels.Publishers[p.Code] = p.Name
	}
	return labels
}

// MergeSearch writes into out/search/ the search index merged from segs, the
// segments of every document (search.Merge): the same files WriteSearch writes for
// the same documents.
func MergeSearch(segs []*search.Segment, reg *record.Registry, out string) error {
	dir := filepath.Join(out, "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := search.Merge(segs, SearchLabels(reg), func(name string, data []byte) error {
		return publish.WriteFile(filepath.Join(dir, name), data)
	}); err != nil {
		return fmt.Errorf("写入搜索索引失败：%w", err)
	}
	return nil
}

// WriteSearch writes the search index of docs into out/search/.
func WriteSearch(docs []search.Doc, reg *record.Registry, out string) error {
	labels := SearchLabels(reg)
	dir := filepath.Join(out, "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := search.Write(docs, labels, func(name string, data []byte) error {
		return publish.WriteFile(filepath.Join(dir, name), data)
	}); err != nil {
		return fmt.Errorf("写入搜索索引失败：%w", err)
	}
	return nil
}

// Body is the plain text of a document's rendered body as the search index holds
// it: Hugo's Plain, whose entities (such as &ldquo;) are decoded here.
func Body(p page.Page) string { return html.UnescapeString(p.Plain(context.Background())) }

// SearchDoc is what the search index holds of the document r: its title, its
// metadata values (the publisher by name and by every alias, so that a query for a
// short form finds it) and body, the plain text of its rendered body.
func SearchDoc(r *record.Record, reg *record.Registry, url, body string) search.Doc {
	pub, _ := reg.Publisher(r.Publisher)
	meta := []string{r.Index, r.DocNumber, pub.Name, r.Publisher, r.Category, r.Genre, r.Source, r.School}
	meta = append(meta, pub.Aliases...)
	meta = append(meta, r.Keywords...)
	return search.Doc{
		Title: r.Title, URL: url, Date: r.Date, Publisher: r.Publisher,
		Category: r.Category, Genre: r.Genre, Year: r.Date.Year(), Index: r.Index,
		DocNumber: r.DocNumber, Meta: nonEmpty(meta), Body: body,
	}
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
