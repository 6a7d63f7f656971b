// Package htmltest reads the pages a test built: a page parsed by its address in the
// built site, the elements in it that match, their attributes and their text. It is
// imported by tests only.
package htmltest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Page reads and parses the HTML page at url (a site path such as /lxzz/, or a file
// such as /search/index.html) under dest, the built site.
func Page(t testing.TB, dest, url string) *html.Node {
	t.Helper()
	path := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(url, "/")))
	if strings.HasSuffix(url, "/") {
		path = filepath.Join(path, "index.html")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("page %s: %v", url, err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("page %s: %v", url, err)
	}
	return doc
}

// Find returns every element below n for which match is true, in document order.
func Find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

// ByTag matches elements named tag that carry class (when class is not empty).
func ByTag(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Data == tag && (class == "" || HasClass(n, class))
	}
}

// HasClass reports whether n's class attribute names class.
func HasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(Attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// Attr is the value of n's attribute key, "" when it has none.
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Text is the text content of n with runs of white space collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
