package audit

import (
	"context"
	"fmt"
	"strings"

	"xxgk/internal/extlinks"
	"xxgk/internal/record"
)

// LinkFinding is one external address and what asking it gave, with the documents
// that link to it.
type LinkFinding struct {
	extlinks.Result
	Documents []DocLink `json:"documents"`
	Files     []string  `json:"files"`
}

// externalLinks asks every http(s) address in the documents of recs.
func externalLinks(recs []*record.Record, opts extlinks.Options) []LinkFinding {
	var urls []string
	docs := map[string][]*record.Record{}
	for _, r := range recs {
		src, err := r.Bytes()
		if err != nil {
			src = r.Raw // changed since the check: what it held then
		}
		for _, u := range extlinks.Extract(string(src)) {
			if docs[u] == nil {
				urls = append(urls, u)
			}
			docs[u] = append(docs[u], r)
		}
	}
	out := []LinkFinding{}
	for _, res := range extlinks.Sorted(extlinks.Check(context.Background(), urls, opts)) {
		f := LinkFinding{Result: res}
		for _, r := range docs[res.URL] {
			f.Documents = append(f.Documents, linkOf(r))
			f.Files = append(f.Files, r.Path)
		}
		out = append(out, f)
	}
	return out
}

// BrokenLinks are the external links that do not lead to a page.
func (rep *Report) BrokenLinks() []LinkFinding {
	var out []LinkFinding
	for _, l := range rep.ExternalLinks {
		if l.Broken() {
			out = append(out, l)
		}
	}
	return out
}

var linkStatusNames = map[extlinks.Status]string{
	extlinks.Dead: "外部链接失效", extlinks.Timeout: "外部链接超时", extlinks.Loop: "外部链接重定向循环", extlinks.Redirect: "外部链接重定向过多",
}

// linkRows are the broken links as rows of the findings table.
func (rep *Report) linkRows() [][]any {
	var rows [][]any
	for _, l := range rep.BrokenLinks() {
		var idx []string
		for _, d := range l.Documents {
			idx = append(idx, d.Index)
		}
		rows = append(rows, []any{linkStatusNames[l.Status], strings.Join(idx, "；"), l.URL, l.Message, strings.Join(l.Files, "；")})
	}
	return rows
}

// writeLinksText writes the external-link section, when links were checked.
func (rep *Report) writeLinksText(b *strings.Builder) {
	if rep.ExternalLinks == nil {
		return
	}
	broken := rep.BrokenLinks()
	fmt.Fprintf(b, "\n外部链接：检查了 %d 个地址，", len(rep.ExternalLinks))
	if len(broken) == 0 {
		b.WriteString("均可访问\n")
		return
	}
	fmt.Fprintf(b, "%d 个无法访问\n", len(broken))
	for _, l := range broken {
		fmt.Fprintf(b, "  [%s] %s：%s（%s）\n", linkStatusNames[l.Status], l.URL, l.Message, strings.Join(l.Files, "、"))
	}
}
