package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// A Word document (.docx) is a zip of XML parts (ECMA-376, Office Open XML). The parts
// read here are few and documented, so they are read with encoding/xml: the body
// (word/document.xml), its styles (word/styles.xml: which paragraphs are headings),
// its numbering (word/numbering.xml: 一、 1. ① …, which Word computes and does not
// store), its footnotes (word/footnotes.xml), the images it links to
// (word/_rels/document.xml.rels, word/media/) and its title (docProps/core.xml).

// officeDoc is what a Word or PDF original gave: its lines, as a saved page's, its
// title from the file's properties, and the files it carries (images).
type officeDoc struct {
	lines []Line
	title string
	media []mediaFile
}

// mediaFile is an image embedded in a Word document.
type mediaFile struct {
	name string // the name inside the document, e.g. image1.png
	data []byte
}

// maxPart bounds what is read of one part of a .docx, against zip bombs.
const maxPart = 64 << 20

// wordNS is the namespace of WordprocessingML elements and attributes.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// readDocx reads a .docx: paragraphs become lines (headings from their style's outline
// level, numbered paragraphs with their number written out), tables become rows of
// cells (a merged cell's text in every cell it covers), footnotes are written out
// after the paragraph that cites them, images are kept.
func readDocx(src []byte) (officeDoc, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return officeDoc{}, errors.New("不是有效的 Word（.docx）文件：无法按 zip 格式打开")
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	read := func(name string) ([]byte, error) {
		f := parts[name]
		if f == nil {
			return nil, nil
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
		if len(b) > maxPart {
			return nil, fmt.Errorf("%s 超过 %d MB", name, maxPart>>20)
		}
		return b, err
	}
	body, err := read("word/document.xml")
	if err != nil || body == nil {
		return officeDoc{}, errors.New("不是有效的 Word（.docx）文件：缺少正文 word/document.xml")
	}
	d := &docxReader{styles: map[string]*docxStyle{}, nums: map[string]*docxNum{}, footnotes: map[string]string{}, rels: map[string]string{}, counters: map[string][]int{}}
	if b, _ := read("word/styles.xml"); b != nil {
		d.readStyles(b)
	}
	if b, _ := read("word/numbering.xml"); b != nil {
		d.readNumbering(b)
	}
	if b, _ := read("word/footnotes.xml"); b != nil {
		d.readFootnotes(b)
	}
	if b, _ := read("word/_rels/document.xml.rels"); b != nil {
		d.readRels(b)
	}
	var doc officeDoc
	if b, _ := read("docProps/core.xml"); b != nil {
		doc.title = coreTitle(b)
	}
	if err := d.readBody(body); err != nil {
		return officeDoc{}, fmt.Errorf("Word 文件的正文无法读取：%v", err)
	}
	// Metadata the pages' header carries (索引号：… in the running header) comes first;
	// a header that only names the school is not read.
	var names []string
	for name := range parts {
		if strings.HasPrefix(name, "word/header") && strings.HasSuffix(name, ".xml") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	seen := map[string]bool{}
	for _, name := range names {
		b, _ := read(name)
		hd := &docxReader{styles: d.styles, nums: d.nums, footnotes: map[string]string{}, rels: map[string]string{}, counters: map[string][]int{}}
		if b == nil || hd.readBody(b) != nil {
			continue
		}
		for _, l := range hd.lines {
			if !seen[l.Text] && len(metaFields(l)) > 0 {
				seen[l.Text] = true
				doc.lines = append(doc.lines, Line{Text: l.Text, Cells: l.Cells})
			}
		}
	}
	doc.lines = append(doc.lines, d.lines...)
	for _, target := range d.images {
		b, err := read(path.Join("word", target))
		if err == nil && b != nil {
			doc.media = append(doc.media, mediaFile{name: path.Base(target), data: b})
		}
	}
	return doc, nil
}

// docxStyle is what matters of a paragraph style: its name, the outline level that
// makes it a heading, its numbering, and the style it is based on.
type docxStyle struct {
	name, basedOn string
	outline       int // 0 for body text; 1 for 标题 1 …
	numID         string
	ilvl          int
}

// docxNum is one numbering definition: per level, the format and the text around the
// number (%1、).
type docxNum struct {
	levels [9]struct {
		format, text string
		start        int
	}
}

type docxReader struct {
	styles    map[string]*docxStyle
	nums      map[string]*docxNum // numId → its levels
	footnotes map[string]string
	rels      map[string]string // relationship id → target, for images
	counters  map[string][]int  // numId → the current number at each level
	images    []string          // targets of the images, in order
	lines     []Line
}

// attr returns the value of a WordprocessingML attribute (w:val and the like).
func wattr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && (a.Name.Space == wordNS || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

func (d *docxReader) readStyles(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var cur *docxStyle
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "style":
			cur = &docxStyle{ilvl: 0}
			d.styles[wattr(se, "styleId")] = cur
		case "name":
			if cur != nil {
				cur.name = strings.ToLower(wattr(se, "val"))
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn = wattr(se, "val")
			}
		case "outlineLvl":
			if cur != nil {
				n, _ := strconv.Atoi(wattr(se, "val"))
				cur.outline = n + 1
			}
		case "numId":
			if cur != nil {
				cur.numID = wattr(se, "val")
			}
		case "ilvl":
			if cur != nil {
				cur.ilvl, _ = strconv.Atoi(wattr(se, "val"))
			}
		}
	}
}

// style follows a style and the ones it is based on to the first that has an outline
// level or numbering.
func (d *docxReader) style(id string) (outline int, numID string, ilvl int, name string) {
	for i := 0; i < 10 && id != ""; i++ {
		s := d.styles[id]
		if s == nil {
			break
		}
		if name == "" {
			name = s.name
		}
		if outline == 0 {
			outline = s.outline
			if outline == 0 {
				// Word's own heading styles carry their level in the name.
				if n, ok := strings.CutPrefix(s.name, "heading "); ok {
					outline, _ = strconv.Atoi(n)
				}
			}
		}
		if numID == "" && s.numID != "" {
			numID, ilvl = s.numID, s.ilvl
		}
		id = s.basedOn
	}
	return outline, numID, ilvl, name
}

func (d *docxReader) readNumbering(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	abstract := map[string]*docxNum{}
	var cur *docxNum
	lvl := -1
	numID := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "abstractNum":
			cur = &docxNum{}
			abstract[wattr(se, "abstractNumId")] = cur
			for i := range cur.levels {
				cur.levels[i].start = 1
			}
		case "lvl":
			lvl, _ = strconv.Atoi(wattr(se, "ilvl"))
			if lvl < 0 || lvl > 8 {
				lvl = -1
			}
		case "start":
			if cur != nil && lvl >= 0 {
				cur.levels[lvl].start, _ = strconv.Atoi(wattr(se, "val"))
			}
		case "numFmt":
			if cur != nil && lvl >= 0 {
				cur.levels[lvl].format = wattr(se, "val")
			}
		case "lvlText":
			if cur != nil && lvl >= 0 {
				cur.levels[lvl].text = wattr(se, "val")
			}
		case "num":
			numID = wattr(se, "numId")
			cur = nil
		case "abstractNumId":
			if a := abstract[wattr(se, "val")]; a != nil && numID != "" {
				d.nums[numID] = a
			}
		}
	}
}

// number advances the counter of a numbered paragraph and returns its number as
// Word shows it: 一、 （二） 3. ① •.
func (d *docxReader) number(numID string, ilvl int) string {
	n := d.nums[numID]
	if n == nil || ilvl < 0 || ilvl > 8 {
		return ""
	}
	c := d.counters[numID]
	if c == nil {
		c = make([]int, 9)
		d.counters[numID] = c
	}
	if c[ilvl] == 0 {
		c[ilvl] = n.levels[ilvl].start
	} else {
		c[ilvl]++
	}
	for i := ilvl + 1; i < 9; i++ {
		c[i] = 0
	}
	lv := n.levels[ilvl]
	if lv.format == "bullet" {
		return "• "
	}
	if lv.format == "none" {
		return ""
	}
	text := lv.text
	for i := 0; i <= ilvl; i++ {
		v := c[i]
		if v == 0 {
			v = n.levels[i].start
		}
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i+1), formatNumber(v, n.levels[i].format))
	}
	if r := []rune(text); len(r) > 0 && !strings.ContainsRune("、）)．", r[len(r)-1]) {
		text += " "
	}
	return text
}

// formatNumber writes n in one of Word's number formats.
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand":
		return hanCount(n)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune('⑴' + n - 1))
		}
	case "upperLetter":
		if n >= 1 && n <= 26 {
			return string(rune('A' + n - 1))
		}
	case "lowerLetter":
		if n >= 1 && n <= 26 {
			return string(rune('a' + n - 1))
		}
	case "upperRoman", "lowerRoman":
		r := roman(n)
		if format == "lowerRoman" {
			r = strings.ToLower(r)
		}
		return r
	}
	return strconv.Itoa(n)
}

// hanCount writes 1–99 as 一 … 九十九.
func hanCount(n int) string {
	digits := []rune("〇一二三四五六七八九")
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return string(digits[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(digits[n-10])
	case n%10 == 0:
		return string(digits[n/10]) + "十"
	}
	return string(digits[n/10]) + "十" + string(digits[n%10])
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

func (d *docxReader) readFootnotes(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	id := ""
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "footnote":
				id = wattr(t, "id")
				text.Reset()
			case "t":
				var s string
				if dec.DecodeElement(&s, &t) == nil {
					text.WriteString(s)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "footnote" && id != "" {
				if s := collapse(text.String()); s != "" {
					d.footnotes[id] = s
				}
				id = ""
			}
		}
	}
}

func (d *docxReader) readRels(b []byte) {
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &rels) != nil {
		return
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/image") && !strings.Contains(r.Target, "..") && !strings.HasPrefix(r.Target, "/") {
			d.rels[r.ID] = r.Target
		}
	}
}

// coreTitle reads dc:title from docProps/core.xml.
func coreTitle(b []byte) string {
	var core struct {
		Title string `xml:"title"`
	}
	if xml.Unmarshal(b, &core) != nil {
		return ""
	}
	return collapse(core.Title)
}

// paragraph is a w:p being read.
type paragraph struct {
	style, numID string
	ilvl         int
	outline      int // from the paragraph's own properties
	text         strings.Builder
	notes        []string
}

// cell is a w:tc being read.
type cell struct {
	text          strings.Builder
	span          int
	vmerge, vcont bool // starts or continues a vertical merge
}

// readBody reads word/document.xml into lines. Paragraph numbers in a table cell are
// kept in the cell's text.
func (d *docxReader) readBody(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var (
		p        *paragraph
		outer    []*paragraph // paragraphs a text box's paragraphs sit in
		row      []*cell
		c        *cell
		depth    int      // tables inside tables are read into the outer cell
		above    []string // per grid column, the text of a vertically merged cell
		inPPr    bool
		noteRefs int
	)
	line := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				depth++
				if depth == 1 {
					above = nil
				}
			case "tr":
				if depth == 1 {
					row = nil
				}
			case "tc":
				if depth == 1 {
					c = &cell{span: 1}
					row = append(row, c)
				}
			case "gridSpan":
				if c != nil && depth == 1 {
					c.span, _ = strconv.Atoi(wattr(t, "val"))
					c.span = min(max(c.span, 1), 64)
				}
			case "vMerge":
				if c != nil && depth == 1 {
					if wattr(t, "val") == "restart" {
						c.vmerge = true
					} else {
						c.vcont = true
					}
				}
			case "p":
				if p != nil {
					outer = append(outer, p)
				}
				p = &paragraph{ilvl: 0}
			case "pPr":
				inPPr = true
			case "pStyle":
				if p != nil && inPPr {
					p.style = wattr(t, "val")
				}
			case "numId":
				if p != nil && inPPr {
					p.numID = wattr(t, "val")
				}
			case "ilvl":
				if p != nil && inPPr {
					p.ilvl, _ = strconv.Atoi(wattr(t, "val"))
				}
			case "outlineLvl":
				if p != nil && inPPr {
					n, _ := strconv.Atoi(wattr(t, "val"))
					p.outline = n + 1
				}
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return err
				}
				if p != nil {
					p.text.WriteString(s)
				}
			case "tab":
				if p != nil && !inPPr {
					p.text.WriteString(" ")
				}
			case "br", "cr":
				if p != nil {
					p.text.WriteString(" ")
				}
			case "footnoteReference":
				if p != nil {
					if note, ok := d.footnotes[wattr(t, "id")]; ok {
						noteRefs++
						fmt.Fprintf(&p.text, "〔注%d〕", noteRefs)
						p.notes = append(p.notes, fmt.Sprintf("〔注%d〕%s", noteRefs, note))
					}
				}
			case "blip":
				for _, a := range t.Attr {
					if a.Name.Local == "embed" {
						if target, ok := d.rels[a.Value]; ok {
							d.images = append(d.images, target)
							if p != nil {
								fmt.Fprintf(&p.text, "〔图片：%s〕", path.Base(target))
							}
						}
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "pPr":
				inPPr = false
			case "p":
				if p == nil {
					break
				}
				text := collapse(p.text.String())
				outline, numID, ilvl, name := d.style(p.style)
				if p.outline > 0 {
					outline = p.outline
				}
				if p.numID != "" {
					numID, ilvl = p.numID, p.ilvl
				}
				if numID != "" && numID != "0" && text != "" {
					text = d.number(numID, ilvl) + text
				}
				if c != nil && depth > 0 {
					if c.text.Len() > 0 && text != "" {
						c.text.WriteString(" ")
					}
					c.text.WriteString(text)
				} else if text != "" {
					line++
					l := Line{No: line, Text: text}
					switch {
					case name == "title":
						l.Heading = 1
					case outline > 0:
						l.Heading = min(outline+1, 6)
					}
					d.lines = append(d.lines, l)
				}
				for _, n := range p.notes {
					line++
					d.lines = append(d.lines, Line{No: line, Text: n})
				}
				p = nil
				if n := len(outer); n > 0 {
					p, outer = outer[n-1], outer[:n-1]
				}
			case "tc":
				if depth == 1 {
					c = nil
				}
			case "tr":
				if depth != 1 {
					break
				}
				var cells []string
				col := 0
				for _, rc := range row {
					text := collapse(rc.text.String())
					for range rc.span {
						for len(above) <= col {
							above = append(above, "")
						}
						switch {
						case rc.vcont:
							text = above[col]
						default:
							above[col] = text
						}
						cells = append(cells, text)
						col++
					}
				}
				if strings.TrimSpace(strings.Join(cells, "")) != "" {
					line++
					d.lines = append(d.lines, Line{No: line, Text: strings.Join(cells, " "), Cells: cells})
				}
				row = nil
			case "tbl":
				depth--
			}
		}
	}
	return nil
}
