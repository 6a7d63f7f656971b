// Package linkcheck finds internal links and asset references in a built site that
// point at no file.
package linkcheck

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// Broken is a reference to nothing.
type Broken struct {
	Page string // the page holding the reference, slash-separated, relative to the site
	Ref  string // the reference as written
}

// Check reads every HTML page under dir and returns the references (href and src) to
// pages or files of the site that do not exist. basePath is the site's path below
// its host ("/" or e.g. "/portal/"); references outside it, to other hosts or of other
// schemes are not the site's and are not checked.
func Check(dir, basePath string) ([]Broken, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var (
		mu     sync.Mutex
		broken []Broken
		wg     sync.WaitGroup
		errs   = make([]error, len(pages))
	)
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(pages); i += workers {
				b, err := checkPage(dir, basePath, pages[i])
				errs[i] = err
				mu.Lock()
				broken = append(broken, b...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(broken, func(a, b Broken) int {
		if c := strings.Compare(a.Page, b.Page); c != 0 {
			return c
		}
		return strings.Compare(a.Ref, b.Ref)
	})
	return slices.Compact(broken), nil
}

func checkPage(dir, basePath, file string) ([]Broken, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	rel, _ := filepath.Rel(dir, file)
	page := filepath.ToSlash(rel)
	pageURL := &url.URL{Path: path.Join(basePath, page)}
	var out []Broken
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out, nil
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if key := string(k); key == "href" || key == "src" {
				if ref := string(v); !exists(dir, basePath, pageURL, ref) {
					out = append(out, Broken{Page: page, Ref: ref})
				}
			}
			if !more {
				break
			}
		}
	}
}

// exists reports whether ref, found on the page at pageURL, leads to a file of the
// site, or is not the site's to check.
func exists(dir, basePath string, pageURL *url.URL, ref string) bool {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return false
	}
	if u.Scheme != "" || u.Host != "" || u.Path == "" {
		return true // another site, mailto:, or a fragment of this page
	}
	p := pageURL.ResolveReference(u).Path
	if !strings.HasPrefix(p, basePath) {
		return true
	}
	name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, basePath)))
	if strings.HasSuffix(p, "/") {
		name = filepath.Join(name, "index.html")
	}
	fi, err := os.Stat(name)
	return err == nil && !fi.IsDir()
}
