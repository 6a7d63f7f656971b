package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Line is one line of a legacy document on its way to Markdown: a paragraph of plain
// text, a heading or row of a saved page, with the line it came from for the report.
type Line struct {
	No      int      // 1-based line of the source text, or of the page's extracted text
	Text    string   // the text, whitespace collapsed
	Heading int      // 1–6 when the page marked it up as <h1>…<h6>
	Cells   []string // the cells when the line is a row of a page's <table>
	Broken  bool     // the line follows a <br> in the same block of a page
}

// dropped are elements that never carry the document's text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Form: true, atom.Select: true, atom.Button: true, atom.Input: true, atom.Textarea: true,
	atom.Svg: true, atom.Object: true, atom.Embed: true, atom.Nav: true, atom.Aside: true,
	atom.Footer: true, atom.Head: true,
}

// chromeClass matches the id or class of portal furniture: menus, share buttons,
// font-size switches, footers, friendly links, related lists.
var chromeClass = regexp.MustCompile(`(?i)(^|[\s_-])(nav|navbar|menu|sidebar|side|footer|foot|share|bdshare|bshare|copyright|friendlink|links|toolbar|fontsize|font-size|search|topbar|top|header|logo|related|xgwz)($|[\s_-])`)

// articleClass matches the containers CMSs put the article in.
var articleClass = regexp.MustCompile(`(?i)(^|[\s_-])(article|content|detail|zoom|trs_editor|wenzhang|newscontent|main-text|text|con|bt_content)($|[\s_-])`)

// blocks end a line when they start or end.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.Table: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Header: true, atom.Main: true,
	atom.Center: true, atom.Td: true, atom.Th: true,
}

// page is what extractHTML found in a saved page.
type page struct {
	lines   []Line
	title   string  // the <title>, a fallback for the document title
	removed []Line  // furniture dropped from the page, verbatim, with its line
	scripts int     // scripts and styles dropped
	meta    []Field // the page's <meta> fields of government sites (ArticleTitle, PubDate …)
}

// metaTags are the <meta> names government sites' pages carry by rule, with the field
// each gives: the CMS wrote them from its own catalogue, so they are as good as a label.
// (Keywords is not among them: sites fill it with their own words.)
var metaTags = map[string]Field{
	"articletitle":  {Key: "title", Label: "网页元数据 ArticleTitle"},
	"pubdate":       {Key: "date", Label: "网页元数据 PubDate"},
	"contentsource": {Key: "source", Label: "网页元数据 ContentSource"},
}

// extractHTML takes the article out of a saved page: navigation, scripts, share widgets
// and the like are dropped; when the page marks an article container, text outside it is
// dropped too, except the breadcrumb, the metadata table and the <h1>, which the
// importer reads. Everything dropped is returned for the report.
func extractHTML(src string) page {
	doc, err := html.Parse(strings.NewReader(src))
	var p page
	if err != nil { // x/net/html accepts any input; kept for safety
		p.lines = splitLines(src)
		return p
	}
	if t := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
		p.title = collapse(textOf(t))
	}
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Meta {
			if f, ok := metaTags[strings.ToLower(attr(n, "name"))]; ok && collapse(attr(n, "content")) != "" {
				f.Value = collapse(attr(n, "content"))
				p.meta = append(p.meta, f)
			}
		}
	}
	article := find(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Article || n.Type == html.ElementNode && (articleClass.MatchString(attr(n, "id")) || articleClass.MatchString(attr(n, "class")))
	})
	w := &walker{article: article, page: &p, src: src}
	// Text is looked for from the body on, not in the <title>.
	if i := strings.Index(strings.ToLower(src), "<body"); i >= 0 {
		w.cursor, w.line = i, strings.Count(src[:i], "\n")
	}
	w.walk(doc, article == nil)
	w.flush()
	return p
}

type walker struct {
	page    *page
	src     string // the page's source, to find the line each piece of text is on
	cursor  int    // how far into src text has been found
	line    int    // the source line of the text found last
	first   string // the first text of the line being built
	layouts map[*html.Node]bool
	article *html.Node
	cur     strings.Builder
	cells   []string
	heading int
	inside  bool // within the article (or no article container found)
	inCell  int  // depth of data-table cells being read

	keepNext bool // the line kept last was a label whose value is on the next line
	broken   bool // the line being built follows a <br> in the same block
}

func (w *walker) walk(n *html.Node, inside bool) {
	if n == w.article {
		w.flush()
		inside = true
	}
	if n.Type == html.ElementNode {
		if dropped[n.DataAtom] || (n.DataAtom != atom.Body && n != w.article && !contains(n, w.article) &&
			(chromeClass.MatchString(attr(n, "id")) || chromeClass.MatchString(attr(n, "class"))) && !hasH1(n)) {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Head, atom.Noscript, atom.Template:
				w.page.scripts++
			default:
				if t := collapse(textOf(n)); t != "" {
					w.page.removed = append(w.page.removed, Line{No: w.locate(firstText(n)), Text: t})
				}
			}
			return
		}
	}
	switch n.Type {
	case html.TextNode:
		if w.first == "" {
			w.first = strings.TrimSpace(n.Data)
		}
		w.cur.WriteString(n.Data)
		w.inside = inside
	case html.ElementNode:
		switch {
		case (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && !w.layout(n):
			w.endCell()
			w.inCell++
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, inside)
			}
			w.inCell--
			w.endCell()
			return
		case n.DataAtom == atom.Br && w.heading > 0:
			// A title broken over two lines of one heading is one title.
			w.cur.WriteString(headingBreak)
		case blocks[n.DataAtom] && w.inCell > 0:
			// Word's HTML wraps every cell's text in <p>: still one cell.
			w.cur.WriteString(" ")
		case n.DataAtom == atom.Br && w.inCell == 0:
			// The line after a <br> continues the same block (a title broken over lines).
			if w.flush() {
				w.broken = true
			}
			return
		case blocks[n.DataAtom]:
			w.flush()
			if h := headingLevel(n.DataAtom); h > 0 {
				w.heading = h
			}
			if n.DataAtom == atom.Li {
				w.cur.WriteString(listMarker(n))
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, inside)
			}
			w.flush()
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inside)
	}
}

// headingBreak stands for a <br> inside a heading until the line is flushed; the
// parts are joined without a space, as a Chinese title is written.
const headingBreak = "\x00"

var joinBreaks = regexp.MustCompile(`\s*\x00\s*`)

// layout reports whether the cell is part of a table used to lay the page out rather
// than to hold data: one that holds headings, lists or other tables, or a cell of more
// than 200 characters. Its cells are read as blocks of text. (Paragraphs do not count:
// Word puts a <p> in every cell of a data table.)
func (w *walker) layout(cell *html.Node) bool {
	table := cell.Parent
	for table != nil && table.DataAtom != atom.Table {
		table = table.Parent
	}
	if table == nil {
		return false
	}
	if v, ok := w.layouts[table]; ok {
		return v
	}
	v := false
	for c := range table.Descendants() {
		switch c.DataAtom {
		case atom.Table, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			v = true
		case atom.Td, atom.Th:
			v = utf8.RuneCountInString(collapse(textOf(c))) > 200
		}
		if v {
			break
		}
	}
	if w.layouts == nil {
		w.layouts = map[*html.Node]bool{}
	}
	w.layouts[table] = v
	return v
}

func (w *walker) endCell() {
	w.cells = append(w.cells, collapse(w.cur.String()))
	w.cur.Reset()
}

// flush ends the current line, keeping or dropping it depending on where it was, and
// reports whether a line was kept.
func (w *walker) flush() bool {
	var l Line
	if w.cells != nil {
		if t := collapse(w.cur.String()); t != "" {
			w.cells = append(w.cells, t)
		}
		cells := w.cells[:0]
		for _, c := range w.cells {
			if c != "" {
				cells = append(cells, c)
			}
		}
		if len(cells) > 0 {
			l = Line{Text: strings.Join(cells, " "), Cells: append([]string(nil), cells...)}
		}
	} else {
		l = Line{Text: collapse(w.cur.String()), Heading: w.heading}
		if strings.Contains(l.Text, headingBreak) {
			l.Text = joinBreaks.ReplaceAllString(l.Text, "")
		}
	}
	first := w.first
	w.cur.Reset()
	l.Broken, w.broken = w.broken, false
	w.cells, w.heading, w.first = nil, 0, ""
	if l.Text == "" {
		return false
	}
	l.No = w.locate(first)
	// Outside the article only the header is kept: a metadata label alone on its line
	// (<dt>发文字号</dt>) keeps the value after it too.
	label := false
	if w.article != nil && !w.inside {
		_, label = labelAlone(l.Text)
		if l.Heading != 1 && !isBreadcrumb(l.Text) && len(metaFields(l)) == 0 && !label && !w.keepNext {
			w.page.removed = append(w.page.removed, l)
			return false
		}
	}
	w.keepNext = label
	w.page.lines = append(w.page.lines, l)
	return true
}

// locate finds the source line of a piece of text: the first place after the text
// found last where its beginning, up to any character HTML may have written as an
// entity, occurs. When it cannot be found the line of the text before is kept.
func (w *walker) locate(text string) int {
	if i := strings.IndexAny(text, "&<>\"' \u00a0\n"); i >= 0 {
		text = text[:i]
	}
	if text != "" {
		if i := strings.Index(w.src[w.cursor:], text); i >= 0 {
			w.line += strings.Count(w.src[w.cursor:w.cursor+i], "\n")
			w.cursor += i
		}
	}
	return w.line + 1
}

// firstText is the first non-blank text inside n.
func firstText(n *html.Node) string {
	t := find(n, func(c *html.Node) bool { return c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" })
	if t == nil {
		return ""
	}
	return strings.TrimSpace(t.Data)
}

// listMarker starts a list item: its number in an ordered list, a bullet otherwise.
func listMarker(li *html.Node) string {
	if li.Parent == nil || li.Parent.DataAtom != atom.Ol {
		return "• "
	}
	n := 1
	for s := li.PrevSibling; s != nil; s = s.PrevSibling {
		if s.DataAtom == atom.Li {
			n++
		}
	}
	return strconv.Itoa(n) + ". "
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func contains(n, target *html.Node) bool {
	for ; target != nil; target = target.Parent {
		if target == n {
			return true
		}
	}
	return false
}

func hasH1(n *html.Node) bool {
	return find(n, func(c *html.Node) bool { return c.DataAtom == atom.H1 }) != nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse trims s and turns every run of white space (ideographic and no-break spaces
// included) into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// splitLines numbers the lines of plain text.
func splitLines(s string) []Line {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []Line
	for i, t := range strings.Split(s, "\n") {
		out = append(out, Line{No: i + 1, Text: collapse(strings.ReplaceAll(t, "\x00", ""))})
	}
	return out
}
