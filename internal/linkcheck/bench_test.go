package linkcheck

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCheck checks a site shaped like a portal: 2,000 document pages, each with
// the navigation's 60 links to listings and a few to its neighbours and attachments.
func BenchmarkCheck(b *testing.B) {
	dir := b.TempDir()
	write := writer(dir)
	var nav strings.Builder
	for i := range 60 {
		fmt.Fprintf(&nav, `<a href="/categories/c%d/">c</a> `, i)
		write(fmt.Sprintf("categories/c%d/index.html", i), "")
	}
	write("css/site.css", "")
	const pages = 2000
	for i := range pages {
		write(fmt.Sprintf("p%d/d%d/index.html", i%50, i), fmt.Sprintf(`<html><head><link href="/css/site.css"></head><body>%s
			<a href="/p%d/d%d/">prev</a> <a href="../d%d/">next</a> <a href="/files/a%d.pdf">附件</a></body></html>`,
			nav.String(), (i+1)%50, i+1, i+50, i))
		write(fmt.Sprintf("files/a%d.pdf", i), "%PDF")
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Check(dir, "/"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckNoted is BenchmarkCheck with every page's references noted as it was
// written (what xxgk build does): the time is resolving them, not parsing.
func BenchmarkCheckNoted(b *testing.B) {
	dir := b.TempDir()
	write := writer(dir)
	noted := NewNoted()
	var nav strings.Builder
	for i := range 60 {
		fmt.Fprintf(&nav, `<a href="/categories/c%d/">c</a> `, i)
		write(fmt.Sprintf("categories/c%d/index.html", i), "")
	}
	write("css/site.css", "")
	const pages = 20000
	for i := range pages {
		name := fmt.Sprintf("p%d/d%d/index.html", i%500, i)
		src := fmt.Sprintf(`<html><head><link href="/css/site.css"></head><body>%s
			<a href="/p%d/d%d/">prev</a> <a href="../d%d/">next</a> <a href="#s1">一</a> <a href="/files/a%d.pdf">附件</a></body></html>`,
			nav.String(), (i+1)%500, i+1, i+500, i)
		write(name, "")
		noted.Note(name, []byte(src))
		write(fmt.Sprintf("files/a%d.pdf", i), "%PDF")
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := CheckNoted(dir, "/", noted); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTMLRefs finds the references of built pages, by the scanner and by the
// Tokenizer alone. XXGK_BENCH_PAGES is a glob of pages (e.g. those bench/gen's corpus
// builds to: 'bench/.out/site-10000/public/*/*/*/index.html'); without it, this
// repository's public/.
func BenchmarkHTMLRefs(b *testing.B) {
	glob := cmp.Or(os.Getenv("XXGK_BENCH_PAGES"), "../../public/*/*/index.html")
	names, _ := filepath.Glob(glob)
	if len(names) == 0 {
		b.Skip("no pages at " + glob + ": build the site, or set XXGK_BENCH_PAGES")
	}
	var pages [][]byte
	size := 0
	for _, n := range names[:min(len(names), 2000)] {
		p, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		size += len(p)
	}
	for _, f := range []struct {
		name string
		refs func([]byte, func(string))
	}{{"scanner", htmlRefs}, {"tokenizer", tokenizerRefs}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, p := range pages {
					f.refs(p, func(string) {})
				}
			}
		})
	}
}
