package outputs

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/gohugoio/hugo/hugolib"

	"xxgk/internal/record"
	"xxgk/internal/search"
)

// WriteSearchIndex indexes every document Hugo rendered — title, metadata and the
// plain text of the body as Hugo produced it — into out/search/.
func WriteSearchIndex(h *hugolib.HugoSites, set *record.Set, out string) error {
	labels := search.Labels{Publishers: map[string]string{}}
	for _, p := range set.Registry.Publishers {
		labels.Publishers[p.Code] = p.Name
	}
	var docs []search.Doc
	ctx := context.Background()
	for _, p := range h.Sites[0].RegularPages() {
		f := p.File()
		if f == nil {
			continue
		}
		r := set.ByPath("content/" + strings.TrimPrefix(filepath.ToSlash(f.Path()), "/"))
		if r == nil {
			continue // a portal page such as the guide, not a document
		}
		// Plain keeps entities such as &ldquo;
		docs = append(docs, SearchDoc(r, labels.Publishers[r.Publisher], p.RelPermalink(), html.UnescapeString(p.Plain(ctx))))
	}
	dir := filepath.Join(out, "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := search.Write(docs, labels, func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}); err != nil {
		return fmt.Errorf("写入搜索索引失败：%w", err)
	}
	return nil
}

// SearchDoc is what the search index holds of the document r: its title, its
// metadata values and body, the plain text of its rendered body.
func SearchDoc(r *record.Record, publisherName, url, body string) search.Doc {
	meta := []string{r.Index, r.DocNumber, publisherName, r.Publisher, r.Category, r.Genre, r.Source, r.School}
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
