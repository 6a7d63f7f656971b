package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"xxgk/internal/outputs"
	"xxgk/internal/record"
	"xxgk/internal/search"
	"xxgk/internal/site"
)

// pageTemplate is one document page of the bench site: the document part of the portal's
// single.html (title, the metadata table, the body), without the portal's navigation.
// Pagefind indexes only <main data-pagefind-body>. Everything in it that xxgk's index
// does not hold either (the row labels, the dates) carries data-pagefind-ignore, so
// both engines index the same text: title, the metadata values xxgk puts into
// search.Doc.Meta, and the body.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .R.Title }} - {{ .PubName }}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<main id="main" data-pagefind-body>
<article class="document">
<h1>{{ .R.Title }}</h1>
<table class="meta-table">
<caption data-pagefind-ignore>文件信息</caption>
<tbody>
<tr><th scope="row" data-pagefind-ignore>索引号</th><td>{{ .R.Index }}</td></tr>
<tr><th scope="row" data-pagefind-ignore>发布机构</th><td><a href="/{{ .R.Publisher }}/">{{ .PubName }}</a></td></tr>
<tr data-pagefind-ignore><th scope="row">发布日期</th><td><time datetime="{{ .Date }}">{{ .Date }}</time></td></tr>
{{- with .Written }}
<tr data-pagefind-ignore><th scope="row">成文日期</th><td>{{ . }}</td></tr>{{ end }}
{{- with .R.DocNumber }}
<tr><th scope="row" data-pagefind-ignore>文号</th><td>{{ . }}</td></tr>{{ end }}
<tr><th scope="row" data-pagefind-ignore>主题分类</th><td>{{ .R.Category }}</td></tr>
<tr><th scope="row" data-pagefind-ignore>体裁分类</th><td>{{ .R.Genre }}</td></tr>
{{- with .R.Year }}
<tr data-pagefind-ignore><th scope="row">报告年度</th><td>{{ . }}年</td></tr>{{ end }}
{{- with .R.School }}
<tr><th scope="row" data-pagefind-ignore>学校代码</th><td>{{ . }}</td></tr>{{ end }}
{{- if .R.Keywords }}
<tr><th scope="row" data-pagefind-ignore>关键词</th><td>{{ range $i, $k := .R.Keywords }}{{ if $i }}；{{ end }}{{ $k }}{{ end }}</td></tr>{{ end }}
{{- with .R.Source }}
<tr><th scope="row" data-pagefind-ignore>信息来源</th><td>{{ . }}</td></tr>{{ end }}
</tbody>
</table>
<div class="doc-body">
{{ .Body }}
</div>
</article>
</main>
</body>
</html>
`))

// pagePath is where the page of r lives in the bench site: its portal address.
func pagePath(siteDir string, r *record.Record) string {
	return filepath.Join(siteDir, filepath.FromSlash(strings.Trim(r.URL(), "/")), "index.html")
}

// loadCorpus reads and checks the generated corpus as a build does.
func loadCorpus(dir string) (*record.Set, error) {
	set, err := record.Load(dir)
	if err != nil {
		return nil, err
	}
	if set.HasErrors() {
		return nil, fmt.Errorf("%s: the corpus has errors, e.g. %s", dir, set.Problems[0])
	}
	return set, nil
}

// writePages renders every document of the corpus into siteDir, in parallel.
func writePages(set *record.Set, siteDir string) error {
	names := map[string]string{}
	for _, p := range set.Registry.Publishers {
		names[p.Code] = p.Name
	}
	return parallel(len(set.Records), func() func(i int) error {
		md := goldmark.New(goldmark.WithExtensions(extension.Table)) // raw HTML is omitted: the default
		var body, out bytes.Buffer
		return func(i int) error {
			r := set.Records[i]
			_, src, _, err := record.SplitFrontMatter(r.Raw)
			if err != nil {
				return fmt.Errorf("%s: %v", r.Path, err)
			}
			body.Reset()
			if err := md.Convert(src, &body); err != nil {
				return fmt.Errorf("%s: %v", r.Path, err)
			}
			data := struct {
				R             *record.Record
				PubName       string
				Date, Written string
				Body          template.HTML
			}{R: r, PubName: names[r.Publisher], Date: r.Date.Format("2006-01-02"), Body: template.HTML(body.String())}
			if !r.Written.IsZero() {
				data.Written = r.Written.Format("2006-01-02")
			}
			out.Reset()
			if err := pageTemplate.Execute(&out, data); err != nil {
				return err
			}
			p := pagePath(siteDir, r)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			return os.WriteFile(p, out.Bytes(), 0o644)
		}
	})
}

// parallel calls the func that each worker gets from newWorker for every i in [0, n),
// on GOMAXPROCS workers, and returns the first error.
func parallel(n int, newWorker func() func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			for i := range next {
				if err := work(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// copySearchPage builds this repository's sample site once and copies its search
// page, scripts and style sheets into siteDir, so that the bench site is searched
// with the real page.
func copySearchPage(repo, siteDir string) error {
	tmp, err := os.MkdirTemp("", "xxgk-search-page-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dest := filepath.Join(tmp, "public")
	if _, err := site.Build(site.Options{Source: repo, Dest: dest}); err != nil {
		return fmt.Errorf("building the sample site for its search page: %w", err)
	}
	for _, d := range []string{"js", "css"} {
		if err := os.CopyFS(filepath.Join(siteDir, d), os.DirFS(filepath.Join(dest, d))); err != nil {
			return err
		}
	}
	for _, f := range []string{"search/index.html", "favicon.svg"} {
		b, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(siteDir, f)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(siteDir, f), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pagefindHarness is the page that runs Pagefind's own search API in the browser and
// shows the first 20 results as the portal's search page does: the same number of
// result records fetched, title, address and excerpt each. Module scripts only, as
// the portal's CSP requires.
const pagefindHarness = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Pagefind</title>
<script type="module" src="/pf/bench.js"></script>
</head>
<body>
<p>Pagefind: <span id="count"></span></p>
<ol id="results"></ol>
</body>
</html>
`

const pagefindScript = `// Searches with Pagefind's JavaScript API and shows the first 20 results.
const PAGE_SIZE = 20;
const q = new URLSearchParams(location.search).get("q") ?? "";

async function pagefind() {
  const pf = await import("/pagefind/pagefind.js");
  await pf.init?.();
  return pf;
}

// __pfAll returns the total and the ids of all results of q (for the recall check,
// not timed): an id names a fragment file, which holds the page's address.
window.__pfAll = async query => {
  const pf = await pagefind();
  const r = await pf.search(query);
  const results = r ? r.results : [];
  return { total: results.length, ids: results.map(x => x.id) };
};

const count = document.getElementById("count");
if (q) {
  try {
    const pf = await pagefind();
    const r = await pf.search(q);
    const results = r ? r.results : [];
    const shown = await Promise.all(results.slice(0, PAGE_SIZE).map(x => x.data()));
    const list = document.getElementById("results");
    for (const d of shown) {
      const a = document.createElement("a");
      a.href = d.url;
      a.textContent = d.meta?.title ?? d.url;
      const p = document.createElement("p");
      p.textContent = d.excerpt.replace(/<[^>]*>/g, "");
      const li = document.createElement("li");
      li.append(a, p);
      list.append(li);
    }
    count.textContent = String(results.length);
  } catch (e) {
    count.dataset.error = String(e);
    console.warn(e);
  }
  count.dataset.done = "1";
}
`

// writePagefindHarness writes /pf/index.html and /pf/bench.js.
func writePagefindHarness(siteDir string) error {
	dir := filepath.Join(siteDir, "pf")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(pagefindHarness), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "bench.js"), []byte(pagefindScript), 0o644)
}

// indexOnly is the child process that xxgk's indexing is measured in: it reads the
// corpus's metadata as a build does, takes each body's plain text from the bench
// site's HTML (as Pagefind does; a real build gets it from Hugo), and writes the index
// into siteDir/search/ with search.Write. search.Doc is filled exactly as
// internal/outputs/searchindex.go fills it.
func indexOnly(siteDir, corpus string) error {
	set, err := loadCorpus(corpus)
	if err != nil {
		return err
	}
	labels := search.Labels{Publishers: map[string]string{}}
	for _, p := range set.Registry.Publishers {
		labels.Publishers[p.Code] = p.Name
	}
	docs := make([]search.Doc, len(set.Records))
	err = parallel(len(set.Records), func() func(i int) error {
		return func(i int) error {
			r := set.Records[i]
			b, err := os.ReadFile(pagePath(siteDir, r))
			if err != nil {
				return err
			}
			body, err := bodyText(b)
			if err != nil {
				return fmt.Errorf("%s: %v", pagePath(siteDir, r), err)
			}
			docs[i] = outputs.SearchDoc(r, set.Registry, r.URL(), body)
			return nil
		}
	})
	if err != nil {
		return err
	}
	dir := filepath.Join(siteDir, "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	_, err = search.Write(docs, labels, func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	})
	return err
}

// blocks are the elements whose start and end separate text, as line breaks.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Thead: true, atom.Tbody: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Blockquote: true, atom.Pre: true, atom.Br: true, atom.Hr: true, atom.Caption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Section: true,
}

// bodyText returns the plain text of the page's <div class="doc-body">: its text with
// a line break between blocks and table cells, runs of white space collapsed.
func bodyText(page []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", err
	}
	body := find(doc, func(n *html.Node) bool {
		if n.DataAtom != atom.Div {
			return false
		}
		for _, a := range n.Attr {
			if a.Key == "class" && a.Val == "doc-body" {
				return true
			}
		}
		return false
	})
	if body == nil {
		return "", fmt.Errorf("no doc-body")
	}
	var b strings.Builder
	var text func(n *html.Node)
	text = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		block := n.Type == html.ElementNode && blocks[n.DataAtom]
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		text(c)
	}
	return collapse(b.String()), nil
}

// collapse replaces each run of white space by a line break if it holds one, else by
// a space, and trims the ends.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space, newline := false, false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			newline = newline || r == '\n'
			continue
		}
		if space && b.Len() > 0 {
			if newline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		space, newline = false, false
		b.WriteRune(r)
	}
	return b.String()
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

// pagefindAddresses reads Pagefind's fragment files — gzip, a "pagefind_dcd" signature,
// then JSON: one page's fragment, or a group of them by id — and returns each page's
// address by fragment id, the id of a search result.
func pagefindAddresses(bundle string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(bundle, "fragment", "*.pf_fragment"))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		js, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		js, ok := bytes.CutPrefix(js, []byte("pagefind_dcd"))
		if !ok {
			return nil, fmt.Errorf("%s: not a Pagefind fragment", f)
		}
		var one struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(js, &one); err == nil && one.URL != "" {
			out[strings.TrimSuffix(filepath.Base(f), ".pf_fragment")] = one.URL
			continue
		}
		var group map[string]struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(js, &group); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for id, frag := range group {
			out[id] = frag.URL
		}
	}
	return out, nil
}

// dirSize returns the number and total size of the regular files under dir, leaving
// out the names skip accepts.
func dirSize(dir string, skip func(rel string) bool) (files int, size int64) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if skip != nil && skip(filepath.ToSlash(rel)) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			files++
			size += info.Size()
		}
		return nil
	})
	return files, size
}
