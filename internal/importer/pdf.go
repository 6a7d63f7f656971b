package importer

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// errNoTextLayer is the error for a PDF that holds only images of its pages.
var errNoTextLayer = errors.New("没有文字层，需要先做文字识别（OCR）")

// maxPDFPages bounds the pages read of one PDF.
const maxPDFPages = 2000

// glyph is a piece of text placed on a PDF page.
type glyph struct {
	x, y, w, size float64
	s             string
}

// pdfLine is one line of a page: its glyphs in reading order and where it sits.
type pdfLine struct {
	y, size     float64 // baseline and the size of most of its text
	left, right float64
	cells       []string  // the text, split where a gap is wider than one and a half characters
	gaps        []float64 // where each cell after the first starts
	page        int
}

// readPDF reads the text layer of a PDF (with github.com/ledongthuc/pdf, which maps
// the fonts' codes to Unicode), page by page in reading order: glyphs grouped into
// lines by their baseline, lines top to bottom. Running headers and footers (the same
// line at the top or bottom of several pages, page numbers) are dropped, the lines of
// a paragraph are joined, rows whose text has wide gaps become table rows, and the
// largest text at the top of the first page is the title.
func readPDF(src []byte) (officeDoc, error) {
	type result struct {
		doc officeDoc
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := parsePDF(src)
		done <- result{doc, err}
	}()
	// A damaged file must not stall a whole migration.
	select {
	case r := <-done:
		return r.doc, r.err
	case <-time.After(pdfTimeout):
		return officeDoc{}, fmt.Errorf("PDF 文件在 %v 内没有读完，可能已损坏；请用其他软件另存为 PDF 后再导入", pdfTimeout)
	}
}

// pdfTimeout bounds the time one PDF may take to read.
var pdfTimeout = time.Minute

func parsePDF(src []byte) (doc officeDoc, err error) {
	defer func() {
		if r := recover(); r != nil { // the library panics on some malformed files
			doc, err = officeDoc{}, fmt.Errorf("PDF 文件无法读取（可能已损坏）：%v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(src), int64(len(src)))
	if errors.Is(err, pdf.ErrInvalidPassword) {
		return officeDoc{}, errors.New("PDF 文件设置了密码保护，请先另存为不加密的 PDF 再导入")
	}
	if err != nil {
		return officeDoc{}, fmt.Errorf("PDF 文件无法读取（可能已损坏）：%v", err)
	}
	var pages [][]pdfLine
	for i := 1; i <= min(r.NumPage(), maxPDFPages); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		pages = append(pages, pageLines(pageGlyphs(p), len(pages)+1))
	}
	text := 0
	for _, p := range pages {
		text += len(p)
	}
	if text == 0 {
		return officeDoc{}, errNoTextLayer
	}
	removeRunning(pages)
	doc.lines = joinPDFLines(pages)
	return doc, nil
}

// pageLines groups a page's glyphs into lines, top to bottom. A line's baseline is
// that of its largest glyphs, so that a raised footnote mark stays in its line.
func pageLines(glyphs []glyph, page int) []pdfLine {
	sort.SliceStable(glyphs, func(i, j int) bool { return glyphs[i].y > glyphs[j].y })
	var out []pdfLine
	for i := 0; i < len(glyphs); {
		base, size := glyphs[i].y, glyphs[i].size
		j := i + 1
		for ; j < len(glyphs) && base-glyphs[j].y <= 0.6*max(size, glyphs[j].size, 1); j++ {
			if glyphs[j].size > size {
				base, size = glyphs[j].y, glyphs[j].size
			}
		}
		row := glyphs[i:j]
		sort.SliceStable(row, func(a, b int) bool { return row[a].x < row[b].x })
		l := makeLine(row, page)
		l.y = base
		out = append(out, l)
		i = j
	}
	return out
}

// makeLine writes a row of glyphs as text: a space where the gap is wider than half a
// character, a new cell where it is wider than two. Small raised digits after text are
// a footnote mark.
func makeLine(row []glyph, page int) pdfLine {
	sizes := map[float64]int{}
	for _, g := range row {
		sizes[math.Round(g.size)] += utf8.RuneCountInString(g.s)
	}
	size, most := 0.0, -1
	for s, n := range sizes {
		if n > most || n == most && s > size {
			size, most = s, n
		}
	}
	l := pdfLine{y: row[0].y, size: size, left: row[0].x, page: page}
	var cur strings.Builder
	end := row[0].x
	for k := 0; k < len(row); k++ {
		g := row[k]
		gap := g.x - end
		switch {
		case k > 0 && gap > 1.5*size:
			l.cells = append(l.cells, collapse(cur.String()))
			l.gaps = append(l.gaps, g.x)
			cur.Reset()
		case k > 0 && gap > 0.5*size && !isHanEdge(cur.String(), g.s), k > 0 && gap > 0.8*size:
			cur.WriteString(" ") // a space between words, or a wide one (　) between characters
		}
		s := g.s
		if g.size < 0.8*size && isDigits(s) {
			// A footnote mark, raised after text or opening the note at the foot.
			for k+1 < len(row) && row[k+1].size < 0.8*size && isDigits(row[k+1].s) {
				k++
				s += row[k].s
			}
			s = "〔注" + s + "〕"
		}
		cur.WriteString(s)
		end = max(end, row[k].x+row[k].w)
	}
	l.cells = append(l.cells, collapse(cur.String()))
	l.right = end
	return l
}

// isHanEdge reports whether the text on both sides of a gap is Chinese, which is
// written without spaces.
func isHanEdge(before, after string) bool {
	r1, _ := utf8.DecodeLastRuneInString(before)
	r2, _ := utf8.DecodeRuneInString(after)
	return (unicode.Is(unicode.Han, r1) || unicode.IsPunct(r1)) && (unicode.Is(unicode.Han, r2) || unicode.IsPunct(r2))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// pageNumber is a line that only numbers the page.
var pageNumber = regexp.MustCompile(`^(?:第\s*\d+\s*页(?:\s*[/，,、]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|[-—–]?\s*\d{1,4}\s*[-—–]?|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$`)

// removeRunning drops running headers and footers: the top and bottom lines of a page
// that are page numbers, or that recur (digits aside) at the top or bottom of other pages.
func removeRunning(pages [][]pdfLine) {
	key := func(l pdfLine) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, strings.Join(l.cells, " "))
	}
	seen := map[string]int{}
	for _, p := range pages {
		for _, i := range edges(p) {
			seen[key(p[i])]++
		}
	}
	for pi, p := range pages {
		drop := map[int]bool{}
		for _, i := range edges(p) {
			t := strings.Join(p[i].cells, " ")
			if pageNumber.MatchString(t) || len(pages) > 1 && seen[key(p[i])] >= 2 {
				drop[i] = true
			}
		}
		var kept []pdfLine
		for i, l := range p {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		pages[pi] = kept
	}
}

// edges are the indexes of a page's first two and last two lines.
func edges(p []pdfLine) []int {
	var out []int
	for i := range p {
		if i < 2 || i >= len(p)-2 {
			out = append(out, i)
		}
	}
	return out
}

// joinPDFLines makes the document's lines: a table row's continuation lines go into
// its cells, a paragraph's lines are joined (a line that reaches the right margin
// continues on the next when that starts at the left margin), and the largest text at
// the top of the first page is the title.
func joinPDFLines(pages [][]pdfLine) []Line {
	var all []pdfLine
	for _, p := range pages {
		all = append(all, p...)
	}
	if len(all) == 0 {
		return nil
	}
	// The body's size and margins are those of most lines.
	sizes := map[float64]int{}
	left, right := math.Inf(1), math.Inf(-1)
	for _, l := range all {
		sizes[l.size]++
		left, right = min(left, l.left), max(right, l.right)
	}
	body, most := 0.0, -1
	for s, n := range sizes {
		if n > most {
			body, most = s, n
		}
	}
	var out []Line
	titleDone := false
	var header *pdfLine // the table row with the most cells so far, for the columns of the rows after it
	for i := 0; i < len(all); i++ {
		l := all[i]
		// Continuation lines of a table row: close below, every piece under a cell.
		for len(l.cells) > 1 && i+1 < len(all) && all[i+1].page == l.page && l.y-all[i+1].y < 1.6*l.size && continuesRow(l, all[i+1]) {
			l = mergeRow(l, all[i+1])
			i++
		}
		if len(l.cells) > 1 {
			if header == nil || len(l.cells) >= len(header.cells) {
				header = &l
			} else if cells, ok := underColumns(*header, l); ok {
				l.cells = cells // a row with merged cells: its pieces under their columns
			}
			out = append(out, Line{No: len(out) + 1, Text: strings.Join(l.cells, " "), Cells: l.cells})
			continue
		}
		header = nil
		text := l.cells[0]
		if m := footnoteLine.FindStringSubmatch(text); m != nil && l.size < 0.9*body {
			text = "〔注" + m[1] + "〕" + m[2]
		}
		heading := 0
		if !titleDone && l.page == 1 && l.size >= 1.3*body && len(out) < 8 {
			heading, titleDone = 1, true
		}
		// A paragraph's lines: this one ends at the right margin, the next starts at
		// the left margin (or, in a centred title or header, is centred too), in the
		// same size, one line below.
		for i+1 < len(all) {
			n := all[i+1]
			centred := math.Abs((n.left+n.right)/2-(left+right)/2) < l.size && n.left > left+2*l.size
			if len(n.cells) != 1 || n.size != l.size || l.right < right-1.5*l.size || n.left > left+0.5*l.size && !centred ||
				n.page == l.page && l.y-n.y > 1.8*l.size || endsSentence(text) {
				break
			}
			text += joiner(text, n.cells[0]) + n.cells[0]
			l = n
			i++
		}
		out = append(out, Line{No: len(out) + 1, Text: text, Heading: heading})
	}
	return out
}

// endsSentence reports whether s ends like the end of a paragraph.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？：；", r)
}

// joiner is what goes between two joined lines: a space between Latin words or
// numbers, nothing where either side is Chinese.
func joiner(a, b string) string {
	r1, _ := utf8.DecodeLastRuneInString(a)
	r2, _ := utf8.DecodeRuneInString(b)
	if r1 < utf8.RuneSelf && r2 < utf8.RuneSelf && (unicode.IsLetter(r1) || unicode.IsDigit(r1)) && (unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
		return " "
	}
	return ""
}

// footnoteLine is a footnote at the foot of a page, in smaller type: 1 产教融合：…
var footnoteLine = regexp.MustCompile(`^(\d{1,3})\s*(\S.*)$`)

// continuesRow reports whether n holds the rest of the cells of row l: each of its
// pieces starts under one of l's cells, and not under the first.
func continuesRow(l, n pdfLine) bool {
	starts := append([]float64{l.left}, l.gaps...)
	pieces := append([]float64{n.left}, n.gaps...)
	if math.Abs(pieces[0]-starts[0]) < l.size {
		return false
	}
	for _, p := range pieces {
		if column(starts, p, l.size) < 0 {
			return false
		}
	}
	return true
}

// column is the index of the cell start x is under, or -1.
func column(starts []float64, x, size float64) int {
	for i, s := range starts {
		if x >= s-size && (i+1 == len(starts) || x < starts[i+1]-size) {
			return i
		}
	}
	return -1
}

// mergeRow appends n's pieces to the cells of l they stand under.
func mergeRow(l, n pdfLine) pdfLine {
	starts := append([]float64{l.left}, l.gaps...)
	pieces := append([]float64{n.left}, n.gaps...)
	cells := append([]string(nil), l.cells...)
	for k, p := range pieces {
		if c := column(starts, p, l.size); c >= 0 {
			cells[c] += joiner(cells[c], n.cells[k]) + n.cells[k]
		}
	}
	l.cells = cells
	l.y = n.y
	return l
}

// mat is a PDF transformation matrix [a b c d e f].
type mat [6]float64

var identity = mat{1, 0, 0, 1, 0, 0}

// mul is m × n: first m, then n.
func (m mat) mul(n mat) mat {
	return mat{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// textState is the part of the graphics state that places text (PDF 32000-1, 9.3).
type textState struct {
	ctm, tm, tlm               mat
	font                       *pdf.Font
	size, tc, tw, th, tl, rise float64
}

// pageGlyphs interprets a page's content stream and returns every glyph shown, with
// its place and size in the page's coordinates. (The library's own Content() adds a
// newline after each TJ and decodes it as a glyph of the font, so the text operators
// are interpreted here, with the library's parser and font decoders.)
func pageGlyphs(p pdf.Page) []glyph {
	if p.V.Key("Contents").Kind() == pdf.Null {
		return nil
	}
	fonts := map[string]*pdf.Font{}
	g := textState{ctm: identity, tm: identity, tlm: identity, th: 1}
	var stack []textState
	var out []glyph
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	show := func(raw string) {
		if g.font == nil {
			return
		}
		enc := g.font.Encoder()
		if enc == nil {
			return
		}
		text := []rune(enc.Decode(raw))
		for i, r := range text {
			code := 0
			if i < len(raw) && len(text) == len(raw) {
				code = int(raw[i])
			}
			w := g.font.Width(code) / 1000
			if w == 0 || len(text) != len(raw) {
				w = 1 // a CID font's widths are elsewhere: a wide character, or half of one
				if r < 0x2E80 {
					w = 0.5
				}
			}
			trm := mat{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(g.tm).mul(g.ctm)
			size := math.Hypot(trm[2], trm[3])
			if s := string(r); strings.TrimSpace(s) != "" && r != unicode.ReplacementChar {
				out = append(out, glyph{x: trm[4], y: trm[5], w: w * size * g.th, size: size, s: s})
			}
			tx := (w*g.size + g.tc) * g.th
			if r == ' ' {
				tx += g.tw * g.th
			}
			g.tm = mat{1, 0, 0, 1, tx, 0}.mul(g.tm)
		}
	}
	nextLine := func(tx, ty float64) {
		g.tlm = mat{1, 0, 0, 1, tx, ty}.mul(g.tlm)
		g.tm = g.tlm
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = mat{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}.mul(g.ctm)
			}
		case "BT":
			g.tm, g.tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					font := p.Font(name)
					f = &font
					fonts[name] = f
				}
				g.font, g.size = f, num(args, 1)
			}
		case "Tc":
			g.tc = num(args, 0)
		case "Tw":
			g.tw = num(args, 0)
		case "Tz":
			g.th = num(args, 0) / 100
		case "TL":
			g.tl = num(args, 0)
		case "Ts":
			g.rise = num(args, 0)
		case "Td":
			nextLine(num(args, 0), num(args, 1))
		case "TD":
			g.tl = -num(args, 1)
			nextLine(num(args, 0), num(args, 1))
		case "Tm":
			if len(args) == 6 {
				g.tm = mat{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}
				g.tlm = g.tm
			}
		case "T*":
			nextLine(0, -g.tl)
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(args, 0), num(args, 1)
				args = args[2:]
			}
			nextLine(0, -g.tl)
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			for i := 0; i < args[0].Len(); i++ {
				x := args[0].Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					g.tm = mat{1, 0, 0, 1, -x.Float64() / 1000 * g.size * g.th, 0}.mul(g.tm)
				}
			}
		}
	})
	return out
}

// underColumns places the pieces of a row that has fewer cells than the table's widest
// row under the columns they start in, leaving the columns a merged cell covers empty.
func underColumns(header, l pdfLine) ([]string, bool) {
	starts := append([]float64{header.left}, header.gaps...)
	pieces := append([]float64{l.left}, l.gaps...)
	cells := make([]string, len(starts))
	last := -1
	for k, p := range pieces {
		c := column(starts, p, header.size)
		if c <= last {
			return nil, false
		}
		cells[c], last = l.cells[k], c
	}
	return cells, true
}
