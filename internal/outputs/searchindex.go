package outputs

import (
	"fmt"
	"os"
	"path/filepath"

	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/search"
)

// SearchLabels is what the search index says of the registries: the publishers' names.
//
// With codes, only those publishers': a shard's segment needs its own publisher's,
// and a city registers thousands.
func SearchLabels(reg *record.Registry, codes ...string) search.Labels {
	labels := search.Labels{Publishers: map[string]string{}}
	if len(codes) == 0 {
		for _, p := range reg.Publishers {
			labels.Publishers[p.Code] = p.Name
		}
	}
	for _, code := range codes {
		if p, ok := reg.Publisher(code); ok {
			labels.Publishers[code] = p.Name
		}
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
