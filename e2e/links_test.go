package e2e

import (
	"bytes"
	"encoding/xml"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNoBrokenLinks crawls the built sample site through the test server from the home
// page, the feeds and the sitemap: every link and asset of every page reached, and
// every address in a feed or the sitemap, must answer 200.
func TestNoBrokenLinks(t *testing.T) {
	base := serve(t)
	root, _ := url.Parse(base + "/")
	seen := map[string]string{} // address → the page that first linked it
	queue := []string{root.String(), root.String() + "index.xml", root.String() + "sitemap.xml", root.String() + "404.html"}
	for _, q := range queue {
		seen[q] = "(start)"
	}
	pages := 0
	for len(queue) > 0 {
		addr := queue[0]
		queue = queue[1:]
		res, err := http.Get(addr)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK && !strings.HasSuffix(addr, "/404.html") {
			t.Errorf("%s (linked from %s): %s", addr, seen[addr], res.Status)
			continue
		}
		var refs []string
		ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		switch {
		case ct == "text/html":
			pages++
			refs = htmlLinks(body)
		case strings.HasSuffix(ct, "/xml") || strings.HasSuffix(ct, "+xml"):
			refs = xmlLinks(t, addr, body)
		}
		from, _ := url.Parse(addr)
		for _, r := range refs {
			u, err := from.Parse(strings.TrimSpace(r))
			if err != nil {
				t.Errorf("%s: bad address %q", addr, r)
				continue
			}
			if u.Host != root.Host || u.Scheme != root.Scheme {
				continue
			}
			u.Fragment = ""
			if s := u.String(); seen[s] == "" {
				seen[s] = addr
				queue = append(queue, s)
			}
		}
	}
	if pages < 80 {
		t.Errorf("the crawl reached only %d pages", pages)
	}
	t.Logf("%d pages, %d addresses", pages, len(seen))
}

func htmlLinks(body []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" || string(k) == "src" {
				out = append(out, string(v))
			}
			if !more {
				break
			}
		}
	}
	return out
}

// xmlLinks reads a feed's item links and a sitemap's addresses.
func xmlLinks(t *testing.T, addr string, body []byte) []string {
	var doc struct {
		Channel string   `xml:"channel>link"`
		Items   []string `xml:"channel>item>link"`
		Locs    []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Errorf("%s: %v", addr, err)
	}
	return append(append(doc.Items, doc.Locs...), doc.Channel)
}
