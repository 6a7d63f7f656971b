// Package linkcheck finds internal links and asset references in a built site that
// point at no file: in HTML pages (href, src), in feeds and sitemaps (RSS <link>,
// permalink <guid>, <loc>, href attributes) and in the site's scripts and style
// sheets (ES module imports, new URL(…, import.meta.url), CSS url(…)).
package linkcheck

import (
	"bytes"
	"encoding/xml"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Broken is a reference to nothing.
type Broken struct {
	Page string // the page holding the reference, slash-separated, relative to the site
	Ref  string // the reference as written
}

// Check reads every HTML page, feed, sitemap, script and style sheet under dir and
// returns the references to pages or files of the site that do not exist. base is
// the site's address, absolute ("https://xxgk.example.edu.cn/portal/") or a path
// ("/"): references to other hosts, outside its path or of other schemes are not
// the site's and are not checked; absolute ones to its own host are.
func Check(dir, base string) ([]Broken, error) {
	r, err := CheckNoted(dir, base, nil)
	return r.Broken, err
}

// Result is what CheckNoted found of a site.
type Result struct {
	Broken []Broken // the references to nothing, by page then reference
	// Files and Dirs are the site's files of every kind and its directories (the
	// site's own excluded), slash-separated, relative to it, in walk order: what
	// the site holds, for whatever else needs to know, without another walk.
	Files, Dirs []string
}

// Reads reports whether Check reads files of name's kind for references.
func Reads(name string) bool { return checkers[path.Ext(name)] != nil }

// Noted holds the references of files as they were written, so that Check need not
// read and parse them again. It is safe for concurrent use.
//
// A site's files share most of their references (the navigation, the listings), so
// each reference is held once and a file's are numbers: a city's 100,000 pages of
// 60 references each would otherwise be 6 million strings for the collector to
// visit on every cycle.
type Noted struct {
	mu    sync.Mutex
	refs  map[string][]uint32 // file, slash-separated, relative to the site → its references
	ids   map[string]uint32   // reference → its number
	table []string            // number → reference
}

// NewNoted returns an empty Noted.
func NewNoted() *Noted {
	return &Noted{refs: map[string][]uint32{}, ids: map[string]uint32{}}
}

// Note finds the references in src, the contents just written of the file name
// (slash-separated, relative to the site), and keeps them for CheckNoted. Files of
// kinds Check does not read are ignored.
func (n *Noted) Note(name string, src []byte) {
	find := checkers[path.Ext(name)]
	if find == nil {
		return
	}
	var refs []string
	find(src, func(ref string) { refs = append(refs, ref) })
	n.NoteRefs(name, refs)
}

// NoteRefs keeps refs as the references of the file name, noted before (by Note,
// in an earlier build whose page is reused).
func (n *Noted) NoteRefs(name string, refs []string) {
	ids := n.Intern(refs)
	n.mu.Lock()
	n.refs[name] = ids
	n.mu.Unlock()
}

// Intern returns the numbers NoteIDs knows refs by: for files whose references are
// kept as indexes into one table of them (a build cache's entry), the table is
// interned once rather than every file's references one by one. Nil on a nil Noted.
func (n *Noted) Intern(refs []string) []uint32 {
	if n == nil {
		return nil
	}
	ids := make([]uint32, len(refs))
	n.mu.Lock()
	defer n.mu.Unlock()
	for i, r := range refs {
		id, ok := n.ids[r]
		if !ok {
			id = uint32(len(n.table))
			n.ids[r] = id
			n.table = append(n.table, r)
		}
		ids[i] = id
	}
	return ids
}

// NoteIDs keeps the references numbered ids (by Intern) as those of the file name.
// It does nothing on a nil Noted.
func (n *Noted) NoteIDs(name string, ids []uint32) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.refs[name] = ids
	n.mu.Unlock()
}

// Refs returns the references noted of the file name.
func (n *Noted) Refs(name string) []string {
	refs, _ := n.get(name)
	return refs
}

// Forget drops what was noted of the file name: something other than the writer
// that noted it has replaced it.
func (n *Noted) Forget(name string) {
	n.mu.Lock()
	delete(n.refs, name)
	n.mu.Unlock()
}

func (n *Noted) get(name string) ([]string, bool) {
	if n == nil {
		return nil, false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	ids, ok := n.refs[name]
	if !ok {
		return nil, false
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = n.table[id]
	}
	return refs, true
}

// lookup returns the numbers of the references noted of the file name and the
// table they index, which later notes only append to.
func (n *Noted) lookup(name string) (ids []uint32, table []string, ok bool) {
	if n == nil {
		return nil, nil, false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	ids, ok = n.refs[name]
	return ids, n.table, ok
}

// CheckNoted is Check, taking the references of the files in noted (which may be
// nil) from there instead of reading the files. It counts the site's files too: a
// build need not walk its output again to say how many it wrote.
func CheckNoted(dir, base string, noted *Noted) (Result, error) {
	var res Result
	site, err := url.Parse(base)
	if err != nil {
		return res, err
	}
	if !strings.HasSuffix(site.Path, "/") {
		site.Path += "/"
	}
	var pages []page
	// Pages of one directory and kind resolve a reference alike: each such context
	// is a number, so that what a reference resolved to in one is remembered by two
	// numbers rather than by strings hashed on every lookup.
	contexts := map[context]uint32{}
	// One walk lists every file and directory: a reference is then a map lookup
	// rather than a stat, and a site has about a hundred references per page.
	t := tree{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		t[name] = d.IsDir()
		switch {
		case !d.IsDir():
			res.Files = append(res.Files, name)
		case name != ".":
			res.Dirs = append(res.Dirs, name)
		}
		if !d.IsDir() && checkers[path.Ext(p)] != nil {
			c := context{dir: path.Dir(name), html: strings.HasSuffix(name, ".html")}
			id, ok := contexts[c]
			if !ok {
				id = uint32(len(contexts))
				contexts[c] = id
			}
			pages = append(pages, page{file: p, name: name, context: id, html: c.html})
		}
		return nil
	})
	if err != nil {
		return Result{}, err
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
			m := &memo{t: t, site: site, rel: map[uint64]bool{}, read: resolved{}}
			var out []Broken
			for i := w; i < len(pages); i += workers {
				out, errs[i] = m.checkFile(out, &pages[i], noted)
			}
			mu.Lock()
			broken = append(broken, out...)
			mu.Unlock()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return Result{}, err
		}
	}
	slices.SortFunc(broken, func(a, b Broken) int {
		if c := strings.Compare(a.Page, b.Page); c != 0 {
			return c
		}
		return strings.Compare(a.Ref, b.Ref)
	})
	res.Broken = slices.Compact(broken)
	return res, nil
}

// page is a file Check reads the references of.
type page struct {
	file    string // its path
	name    string // slash-separated, relative to the site
	context uint32 // the number of its context
	html    bool   // whether it is an HTML file
}

// context is what the resolution of a relative reference depends on besides the
// site and the reference: the directory of the page holding it (slash-separated,
// relative to the site) and whether that page is an HTML file (see exists).
type context struct {
	dir  string
	html bool
}

// checkers find the references in a file of each kind, calling ref for each.
var checkers = map[string]func(src []byte, ref func(string)){
	".html": htmlRefs,
	".xml":  xmlRefs,
	".js":   jsRefs,
	".mjs":  jsRefs,
	".css":  cssRefs,
}

// tree is every file and directory of the site by its slash-separated path relative
// to the site ("." for the site itself); the value says whether it is a directory.
type tree map[string]bool

// resolved remembers what exists said of the references of files read rather than
// noted: a site's pages share most of theirs (the navigation, the listings they
// belong to), and resolving a reference costs far more than looking it up.
type resolved map[resolvedKey]bool

// resolvedKey is a reference and what its resolution depends on besides the site:
// the directory of the page holding it, unless the reference is page-independent
// (an absolute path or address), and whether that page is an HTML file.
type resolvedKey struct {
	dir, ref string
	html     bool
}

// keyOf is the key of ref found in the page at pageURL.
func keyOf(pageURL *url.URL, ref string) resolvedKey {
	k := resolvedKey{ref: ref, html: strings.HasSuffix(pageURL.Path, ".html")}
	if !independent(ref) {
		k.dir = path.Dir(pageURL.Path)
	}
	return k
}

// independent reports whether ref resolves alike in every page of a kind: it is an
// absolute path or an address with a scheme.
func independent(ref string) bool {
	r := strings.TrimSpace(ref)
	return strings.HasPrefix(r, "/") || hasScheme(r)
}

// hasScheme reports whether ref begins with a URL scheme ("https:", "mailto:").
func hasScheme(ref string) bool {
	for i, c := range ref {
		switch {
		case c == ':':
			return i > 0
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// memo is one worker's memory of what exists said, as resolved is, of references
// noted: by reference number for the page-independent ones (most of a page's: the
// navigation), else by context and reference number. Lookups hash no strings.
type memo struct {
	t     tree
	site  *url.URL
	noted []uint8         // reference number → what is known of it (the ref… bits)
	rel   map[uint64]bool // context<<32 | reference number → exists, of relative references
	read  resolved        // the references of files read

	page    *page   // the page being checked
	pageURL url.URL // its address, once a reference of it was resolved (Path set)
}

// What memo.noted holds of a reference.
const (
	refClassified = 1 << iota // refRelative is set
	refRelative               // its resolution depends on the page's directory
	refHTMLKnown              // in HTML pages, the reference was resolved…
	refHTMLExists             // …and exists
	refOtherKnown             // the same in pages of other kinds
	refOtherExists
)

// checkFile appends to out the broken references of p, those noted or else those
// read from the file.
func (m *memo) checkFile(out []Broken, p *page, noted *Noted) ([]Broken, error) {
	m.page, m.pageURL = p, url.URL{}
	if ids, table, ok := noted.lookup(p.name); ok {
		if len(table) > len(m.noted) {
			m.noted = append(m.noted, make([]uint8, len(table)-len(m.noted))...)
		}
		for _, id := range ids {
			if !m.exists(id, table[id]) {
				out = append(out, Broken{Page: p.name, Ref: table[id]})
			}
		}
		return out, nil
	}
	src, err := os.ReadFile(p.file)
	if err != nil {
		return out, err
	}
	checkers[path.Ext(p.file)](src, func(ref string) {
		k := keyOf(m.at(), ref)
		ok, known := m.read[k]
		if !known {
			ok = exists(m.t, m.site, m.at(), ref)
			m.read[k] = ok
		}
		if !ok {
			out = append(out, Broken{Page: p.name, Ref: ref})
		}
	})
	return out, nil
}

// at is the address of the page being checked, made when first needed: most pages'
// references are all remembered.
func (m *memo) at() *url.URL {
	if m.pageURL.Path == "" {
		m.pageURL.Path = path.Join(m.site.Path, m.page.name)
	}
	return &m.pageURL
}

// exists is exists of the noted reference ref, numbered id, found in the page being
// checked, remembered.
func (m *memo) exists(id uint32, ref string) bool {
	f := m.noted[id]
	if f&refClassified == 0 {
		f = refClassified
		if !independent(ref) {
			f |= refRelative
		}
		m.noted[id] = f
	}
	if f&refRelative != 0 {
		k := uint64(m.page.context)<<32 | uint64(id)
		ok, known := m.rel[k]
		if !known {
			ok = exists(m.t, m.site, m.at(), ref)
			m.rel[k] = ok
		}
		return ok
	}
	known, yes := uint8(refHTMLKnown), uint8(refHTMLExists)
	if !m.page.html {
		known, yes = refOtherKnown, refOtherExists
	}
	if f&known == 0 {
		f |= known
		if exists(m.t, m.site, m.at(), ref) {
			f |= yes
		}
		m.noted[id] = f
	}
	return f&yes != 0
}

// xmlRefs reads an RSS or Atom feed or a sitemap: the text of <link>, <loc> and of a
// <guid> that is a permalink, and every href attribute. A file that is not
// well-formed is reported as a reference to itself that cannot be followed.
func xmlRefs(src []byte, ref func(string)) {
	d := xml.NewDecoder(bytes.NewReader(src))
	var text *strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			text = nil
			permalink := true
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "href":
					ref(a.Value)
				case "isPermaLink":
					permalink = a.Value != "false"
				}
			}
			if n := tok.Name.Local; n == "link" || n == "loc" || n == "guid" && permalink {
				text = &strings.Builder{}
			}
		case xml.CharData:
			if text != nil {
				text.Write(tok)
			}
		case xml.EndElement:
			if text != nil {
				ref(strings.TrimSpace(text.String()))
			}
			text = nil
		}
	}
}

var (
	// import … from "./x.js", import "./x.js", export … from "./x.js", import("./x.js")
	jsImport = regexp.MustCompile(`(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'\n]+)["']`)
	// new URL("../search/", import.meta.url)
	jsURL  = regexp.MustCompile(`new URL\(\s*["']([^"'\n]+)["']\s*,\s*import\.meta\.url\s*\)`)
	cssURL = regexp.MustCompile(`url\(\s*["']?([^"')\s]+)["']?\s*\)`)
)

// jsRefs finds the files a script names relative to itself: the modules it imports
// and the addresses it makes from import.meta.url.
func jsRefs(src []byte, ref func(string)) {
	for _, re := range []*regexp.Regexp{jsImport, jsURL} {
		for _, m := range re.FindAllSubmatch(src, -1) {
			if r := string(m[1]); strings.HasPrefix(r, ".") || strings.HasPrefix(r, "/") {
				ref(r)
			}
		}
	}
}

func cssRefs(src []byte, ref func(string)) {
	for _, m := range cssURL.FindAllSubmatch(src, -1) {
		ref(string(m[1]))
	}
}

// parseRef is url.Parse(ref), without parsing a plain relative path: no scheme,
// query, fragment, escape or control character, as most of the references a page
// holds to pages beside it are, and a city's portal has a hundred thousand pages
// each in a directory of its own.
func parseRef(ref string) (*url.URL, error) {
	if ref == "" || ref[0] == '/' || strings.ContainsAny(ref, ":?#%") || strings.ContainsFunc(ref, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return url.Parse(ref)
	}
	return &url.URL{Path: ref}, nil
}

// exists reports whether ref, found in the file at pageURL, leads to a file of the
// site t (or, when it ends in /, to a page or a directory of the site), or is not the
// site's to check.
func exists(t tree, site, pageURL *url.URL, ref string) bool {
	u, err := parseRef(strings.TrimSpace(ref))
	if err != nil {
		return false
	}
	if u.Scheme != "" || u.Host != "" {
		if site.Host == "" || !strings.EqualFold(u.Host, site.Host) || u.Scheme != "" && u.Scheme != site.Scheme {
			return true // another site, mailto:, data:
		}
		u = &url.URL{Path: u.Path, RawQuery: u.RawQuery} // this site, written in full
		if u.Path == "" {
			u.Path = "/"
		}
	}
	if u.Path == "" {
		return true // a fragment of this page
	}
	p := pageURL.ResolveReference(u).Path
	if !strings.HasPrefix(p, site.Path) {
		return true
	}
	name := path.Clean(strings.TrimPrefix(p, site.Path))
	if strings.HasSuffix(p, "/") {
		if isDir, ok := t[path.Join(name, "index.html")]; ok && !isDir {
			return true
		}
		isDir, ok := t[name]
		return ok && isDir && !strings.HasSuffix(pageURL.Path, ".html")
	}
	isDir, ok := t[name]
	return ok && !isDir
}
