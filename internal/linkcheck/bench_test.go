package linkcheck

import (
	"fmt"
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
