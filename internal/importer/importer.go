package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"xxgk/internal/record"
)

// Options say what to import and how.
type Options struct {
	Site      string // the site directory (holds data/ and content/)
	Publisher string // --publisher: a code or full name, for pages that name no publisher
	Category  string // --category: for pages whose category cannot be found
	Genre     string // --genre: for pages that do not say their genre
	Allocate  bool   // give documents without a usable 索引号 the next free one
	Out       string // write here instead of the site's content/ directory
	DryRun    bool   // write nothing, only report
	Force     bool   // overwrite existing files
}

// UsageError is a mistake in the options, such as an unregistered --publisher.
type UsageError struct{ Msg string }

// Error returns the message, in Chinese, for the command line to print.
func (e UsageError) Error() string { return e.Msg }

// extensions are the files a directory import reads; others are reported as skipped.
// .doc files are read only to be refused with advice.
var extensions = map[string]bool{".txt": true, ".text": true, ".htm": true, ".html": true, ".shtml": true, ".xhtml": true,
	".docx": true, ".pdf": true, ".doc": true, ".wps": true}

// Import converts the files and directories in paths. The error is for a site whose
// registries cannot be read or options that are wrong; files that cannot be read or
// written are reported in the result.
func Import(opts Options, paths []string) (*Result, error) {
	reg, err := record.LoadRegistry(opts.Site)
	if err != nil {
		return nil, err
	}
	if err := checkOptions(&opts, reg); err != nil {
		return nil, err
	}
	res := &Result{DryRun: opts.DryRun}
	var inputs []*input
	for _, p := range paths {
		for _, in := range collect(p) {
			res.Files = append(res.Files, in.file)
			if in.readable {
				inputs = append(inputs, in)
			}
		}
	}
	existing := map[string]string{} // 索引号, and publisher|title|date, → the file using it
	if set, err := record.Load(opts.Site); err == nil {
		for _, r := range set.Records {
			existing[r.Index] = r.Path
			existing[sameDocKey(r.Publisher, r.Title, r.Date)] = r.Path
		}
	}
	metas := convertAll(inputs, reg, opts, existing)

	// Numbers the imported pages carry themselves are never handed out again.
	used, err := record.UsedIndexes(opts.Site)
	if err != nil {
		return nil, err
	}
	for _, m := range metas {
		used = append(used, m.index)
	}
	alloc := reg.NewAllocator(used)
	taken := map[string]bool{} // 索引号 given out in this run
	names := map[string]bool{} // targets in content/_import/ given out in this run
	for i, in := range inputs {
		f, m := in.file, metas[i]
		if f.Err != nil { // an original that could not be read
			continue
		}
		if m.index != "" && taken[m.index] {
			f.note(0, Warning, "索引号 %s 与本次导入的另一个文件相同，已作为注释保留，请核对", m.index)
			m.comments = append(m.comments, "索引号："+m.index)
			m.index, m.allocate = "", opts.Allocate
		}
		if m.allocate {
			switch {
			case m.publisher == "":
				f.note(0, Missing, "无法分配索引号：不知道发布机构")
			case m.date.IsZero():
				f.note(0, Missing, "无法分配索引号：不知道发布日期")
			default:
				if idx, err := alloc.Next(m.publisher, m.date.Year(), m.category); err != nil {
					f.note(0, Warning, "无法分配索引号：%v", err)
				} else {
					m.index = idx
					f.note(0, Extracted, "索引号 %s（新分配）", idx)
				}
			}
		}
		taken[m.index] = m.index != ""
		own := record.DocumentPath(m.publisher, m.date.Year(), m.index) // a page imported again
		if p := existing[sameDocKey(m.publisher, m.title, m.date)]; p != "" && p != own && m.publisher != "" && !m.date.IsZero() {
			f.note(0, Warning, "%s 已有相同的发布机构、标题和发布日期，可能已经导入过；xxgk check 会把两者都列为错误", p)
		}
		finish(f, m, in.body, attach(in, m), reg, opts, names)
		in.body = ""
		if f.Err == nil && m.publisher != "" && !m.date.IsZero() {
			existing[sameDocKey(m.publisher, m.title, m.date)] = f.Target
		}
	}
	for _, f := range res.Files {
		sortNotes(f)
	}
	return res, nil
}

// sameDocKey identifies a document the way the check finds one published twice.
func sameDocKey(publisher, title string, date time.Time) string {
	return publisher + "|" + title + "|" + date.Format("2006-01-02")
}

// input is one file to convert, with its text while it is being converted.
type input struct {
	file  *File
	src   []byte
	lines []Line
	title string  // the page's <title>, or the title in a Word file's properties
	body  string  // the Markdown body, once converted
	kind  string  // "docx" or "pdf" for an original; "" for text and saved pages
	meta  []Field // a saved page's <meta> fields
	media []mediaFile

	path     string // where to read it from, when it is converted
	readable bool   // found, and of a kind the importer converts
}

// collect lists the importable files under p, reading each.
func collect(p string) []*input {
	info, err := os.Stat(p)
	if err != nil {
		return []*input{{file: &File{Source: filepath.ToSlash(p), Err: readError(err)}}}
	}
	if !info.IsDir() {
		return []*input{pending(p)}
	}
	var out []*input
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			out = append(out, &input{file: &File{Source: filepath.ToSlash(q), Err: readError(err)}})
		case d.IsDir() || strings.HasPrefix(d.Name(), "."):
		case !extensions[strings.ToLower(filepath.Ext(q))]:
			f := &File{Source: filepath.ToSlash(q)}
			f.note(0, Warning, "不是文本（.txt）、网页（.html）、Word（.docx）或 PDF 文件，已跳过")
			out = append(out, &input{file: f})
		default:
			out = append(out, pending(q))
		}
		return nil
	})
	return out
}

// pending is a file found on the command line or in a directory, to be read when it is
// converted: a migration's files are not all held in memory at once.
func pending(p string) *input {
	return &input{file: &File{Source: filepath.ToSlash(p)}, path: p, readable: true}
}

// load reads the file, unless its bytes are given, and tells what kind it is; a file
// that cannot be read or imported gets its error.
func (in *input) load() {
	f := in.file
	if in.src == nil && in.path != "" {
		b, err := os.ReadFile(in.path)
		if err != nil {
			f.Err = readError(err)
			return
		}
		in.src = b
	}
	b := in.src
	switch ext := strings.ToLower(path.Ext(f.Source)); {
	case ext == ".doc" || ext == ".wps" || bytes.HasPrefix(b, oleMagic):
		f.Err = errors.New("这是旧版 Word（.doc）或 WPS 文件，无法直接导入：请用 Word 或 WPS 打开，另存为“Word 文档（.docx）”后再导入")
	case ext == ".docx":
		in.kind = "docx"
	case ext == ".pdf" || bytes.HasPrefix(b, []byte("%PDF-")):
		in.kind = "pdf"
	case binary(b):
		f.Err = errors.New("不是文本文件（含有二进制数据）；能导入的是文本（.txt）、网页（.html）、Word（.docx）和 PDF 文件")
	}
	if f.Err != nil {
		in.src = nil
	}
}

// oleMagic starts the old binary Office formats (.doc, .wps, .xls).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// binary reports whether b holds NUL bytes, which no text in a legacy Chinese
// encoding has; UTF-16, which has them, starts with a byte order mark.
func binary(b []byte) bool {
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return false
	}
	return bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0
}

func readError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("文件不存在")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("没有读取权限")
	}
	return fmt.Errorf("无法读取：%w", err)
}

func checkOptions(opts *Options, reg *record.Registry) error {
	if opts.Publisher != "" {
		p, _, ok := matchPublisher(reg, opts.Publisher)
		if !ok || p.Name != opts.Publisher && p.Code != opts.Publisher {
			return UsageError{fmt.Sprintf("--publisher %q 不在 data/publishers.toml 中%s", opts.Publisher, record.Nearest(opts.Publisher, reg.PublisherCodes()))}
		}
		opts.Publisher = p.Code
	}
	if opts.Category != "" && !reg.HasCategory(opts.Category) {
		return UsageError{fmt.Sprintf("--category %q 不在 data/categories.toml 中%s", opts.Category, record.Nearest(opts.Category, reg.CategoryPaths()))}
	}
	if _, ok := reg.Genre(opts.Genre); opts.Genre != "" && !ok {
		return UsageError{fmt.Sprintf("--genre %q 不在 data/genres.toml 中%s", opts.Genre, record.Nearest(opts.Genre, reg.GenreNames()))}
	}
	return nil
}

// isHTML tells a saved page from plain text by its name or its first bytes.
func isHTML(name string, src []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".htm", ".html", ".shtml", ".xhtml":
		return true
	}
	start := strings.ToLower(strings.TrimSpace(string(src[:min(len(src), 512)])))
	return strings.HasPrefix(start, "<!doctype html") || strings.HasPrefix(start, "<html")
}

// convertAll decodes and cleans every input, finds the spam phrases of the whole set,
// and reads each document's metadata and body. The files are converted on all cores;
// only the spam analysis looks at the whole set, in one pass.
func convertAll(inputs []*input, reg *record.Registry, opts Options, existing map[string]string) []*meta {
	all := make([][]Line, len(inputs))
	page := make([]bool, len(inputs))
	parallel(len(inputs), func(i int) {
		in := inputs[i]
		f := in.file
		if in.load(); f.Err != nil {
			return
		}
		if in.kind != "" {
			all[i], page[i] = readOriginal(in), true
			return
		}
		page[i] = isHTML(f.Source, in.src)
		text, enc, note := Decode(in.src, page[i])
		in.src = nil // the text is all that is needed now
		f.Encoding = enc
		if note != "" {
			f.note(0, Warning, "%s", note)
		}
		if page[i] {
			p := extractHTML(text)
			in.lines, in.title, in.meta = p.lines, p.title, p.meta
			if p.scripts > 0 {
				f.note(0, Removed, "网页的脚本、样式和页头 %d 处（不是正文）", p.scripts)
			}
			for _, r := range p.removed {
				f.note(r.No, Removed, "网页导航等正文以外的内容“%s”", r.Text)
			}
		} else {
			in.lines = splitLines(text)
		}
		removePinyin(f, in.lines)
		all[i] = in.lines
	})
	phrases := findSpam(all, reg)
	ctx := newContexts(all, phrases)
	metas := make([]*meta, len(inputs))
	parallel(len(inputs), func(i int) {
		in := inputs[i]
		f := in.file
		if f.Err != nil {
			metas[i] = &meta{}
			return
		}
		lines := removeSpam(f, in.lines, phrases, ctx)
		in.lines, all[i] = nil, nil
		lines = removeChrome(f, lines)
		h, body := readHead(f, lines, !page[i])
		addMetaTags(f, &h, in.meta)
		if h.title == "" && in.title != "" {
			h.title = pageTitle(in.title)
			from := "网页的 <title>"
			if in.kind == "docx" {
				from = "Word 文件属性中的标题"
			}
			f.note(0, Extracted, "正文中没有标题行，标题取自%s“%s”", from, in.title)
		}
		if !page[i] {
			body = joinWrapped(f, body)
		}
		reportDamage(f, body)
		m := resolve(f, h, body, reg, opts, existing)
		metas[i] = &m
		in.body = toMarkdown(f, body)
	})
	return metas
}

// addMetaTags adds a page's <meta> fields to what its header says, for the fields the
// header does not give: the header's own text comes first.
func addMetaTags(f *File, h *head, tags []Field) {
	has := map[string]bool{}
	for _, fl := range h.fields {
		has[fl.Key] = has[fl.Key] || fl.Value != ""
	}
	for _, t := range tags {
		switch {
		case t.Key == "title" && h.title == "":
			h.title = t.Value
			f.note(0, Extracted, "正文中没有标题行，标题取自%s“%s”", t.Label, t.Value)
		case t.Key != "title" && !has[t.Key]:
			h.fields = append(h.fields, fieldAt{t, 0})
			has[t.Key] = true
		}
	}
}

// titleSep separates a page's title from the site's name in its <title>.
var titleSep = regexp.MustCompile(`\s+[-－—|｜]+\s+|\s*[_｜|]\s*|\s*[-－—]{2,}\s*`)

var loneHyphen = regexp.MustCompile(`([^\d\s-－—])[-－—]([^\d\s-－—])`)

// pageTitle is the document's title in a page's <title>, which portals write with the
// site's name before or after it (关于…的通知_临溪县教育局, 临溪县教育局 - 关于…的通知): the
// one part that reads as a title, else the first.
func pageTitle(s string) string {
	// A lone hyphen between words separates too; between digits (2023-2024学年) it does not.
	s = loneHyphen.ReplaceAllString(strings.TrimSpace(s), "$1|$2")
	parts := titleSep.Split(s, -1)
	var titled []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && titleWords.MatchString(simp(p)) {
			titled = append(titled, p)
		}
	}
	if len(titled) == 1 {
		return undoubled(titled[0])
	}
	return undoubled(strings.TrimSpace(parts[0]))
}

// readOriginal reads a Word or PDF original into lines; the original itself is kept,
// to be published beside the document.
func readOriginal(in *input) []Line {
	f := in.file
	var doc officeDoc
	var err error
	switch in.kind {
	case "docx":
		doc, err = readDocx(in.src)
		f.Encoding = "Word（.docx）"
	case "pdf":
		doc, err = readPDF(in.src)
		f.Encoding = "PDF"
	}
	if err != nil {
		f.Err = err
		return nil
	}
	in.lines, in.title, in.media = doc.lines, doc.title, doc.media
	f.note(0, Extracted, "从%s读出 %d 段文字%s", f.Encoding, len(doc.lines), map[bool]string{true: fmt.Sprintf("、%d 张图片（作为附件保留）", len(doc.media))}[len(doc.media) > 0])
	return in.lines
}

// parallel calls work for 0 … n-1 on as many goroutines as there are cores.
func parallel(n int, work func(i int)) {
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				work(i)
			}
		})
	}
	wg.Wait()
}

// finish writes the document: its place, its front matter, what the check still finds
// missing, and the file itself unless this is a dry run.
func finish(f *File, m *meta, body string, files []attachmentFile, reg *record.Registry, opts Options, names map[string]bool) {
	for _, a := range files {
		m.attachments = append(m.attachments, a.Attachment)
		f.note(0, Extracted, "附件“%s”：static/%s", a.Title, a.File)
	}
	fm, err := frontMatter(*m)
	if err != nil {
		f.Err = fmt.Errorf("内部错误：无法写出元数据：%w", err)
		return
	}
	f.Doc = append(fm, body...)
	f.Target = target(f, m, opts, names)
	_, problems := record.Parse(f.Target, f.Doc, reg)
	for _, p := range problems {
		kind := Missing
		if p.Severity == record.Warning {
			kind = Warning
		}
		p.File, p.Line = "", 0
		f.note(0, kind, "%s", strings.TrimPrefix(p.String(), ": "))
	}
	if f.count(Missing) > 0 && !strings.Contains(f.Target, "/_import/") {
		f.note(0, Warning, "补齐以上信息后，xxgk check 才会通过")
	}
	if opts.DryRun {
		return
	}
	dest := filepath.Join(opts.Site, filepath.FromSlash(f.Target))
	if opts.Out != "" {
		dest = filepath.FromSlash(f.Target)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		f.Err = fmt.Errorf("无法建立目录：%w", err)
		return
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if opts.Force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	out, err := os.OpenFile(dest, flag, 0o644)
	if errors.Is(err, fs.ErrExist) {
		f.Err = fmt.Errorf("%s 已存在，不会覆盖（确需覆盖请加 --force）", f.Target)
		return
	}
	if err != nil {
		f.Err = fmt.Errorf("无法写入 %s：%w", f.Target, err)
		return
	}
	if _, err := out.Write(f.Doc); err != nil {
		out.Close()
		f.Err = fmt.Errorf("无法写入 %s：%w", f.Target, err)
		return
	}
	if err := out.Close(); err != nil {
		f.Err = fmt.Errorf("无法写入 %s：%w", f.Target, err)
		return
	}
	static := filepath.Join(opts.Site, "static")
	if opts.Out != "" {
		static = filepath.Join(opts.Out, "static")
	}
	for _, a := range files {
		if err := writeNew(filepath.Join(static, filepath.FromSlash(a.File)), a.data, opts.Force); err != nil {
			f.Err = fmt.Errorf("无法写入附件 static/%s：%w", a.File, err)
			return
		}
	}
	f.Written = true
}

// attachmentFile is an attachment to be written with its document.
type attachmentFile struct {
	record.Attachment
	data []byte
}

// attach lists what an original keeps beside its document: the original itself
// (公开原件) and the images of a Word file, under
// static/attachments/<publisher or _import>/<索引号 or file name>/.
func attach(in *input, m *meta) []attachmentFile {
	if in.kind == "" || in.src == nil {
		return nil
	}
	owner, name := m.publisher, m.index
	if owner == "" {
		owner = "_import"
	}
	if name == "" {
		name = in.file.stem()
	}
	// One plain segment each: a 索引号 may hold a /, and nothing may climb out of static/.
	dir := path.Join("attachments", safeName(owner), safeName(name))
	kind := map[string]string{"docx": "Word 文档", "pdf": "PDF 文件"}[in.kind]
	base := safeName(path.Base(in.file.Source))
	out := []attachmentFile{{record.Attachment{Title: "公开原件（" + kind + "）", File: path.Join(dir, base)}, in.src}}
	for _, img := range in.media {
		n := safeName(img.name)
		out = append(out, attachmentFile{record.Attachment{Title: "图片 " + n, File: path.Join(dir, "images", n)}, img.data})
	}
	return out
}

// safeName keeps letters, digits and - _ . of a file name, so that it is a plain path
// segment in static/.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, s)
	s = strings.TrimLeft(manyDashes.ReplaceAllString(s, "-"), ".-") // never . or .., nor hidden
	if s == "" {
		return "file"
	}
	return s
}

var manyDashes = regexp.MustCompile(`-{2,}`)

// writeNew writes a file, making its directory; an existing file is kept unless force.
func writeNew(name string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	out, err := os.OpenFile(name, flag, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return errors.New("已存在，不会覆盖（确需覆盖请加 --force）")
	}
	if err != nil {
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// target is where the document goes, slash-separated: where xxgk new would put it,
// content/<publisher>/<year>/<索引号 slug>.md, when publisher, date and 索引号 are known, and
// content/_import/<source name>.md otherwise, for the clerk to complete and move.
// --out replaces content/.
func target(f *File, m *meta, opts Options, names map[string]bool) string {
	root := "content"
	if opts.Out != "" {
		root = filepath.ToSlash(opts.Out)
	}
	if m.publisher != "" && !m.date.IsZero() && m.index != "" {
		return path.Join(root, strings.TrimPrefix(record.DocumentPath(m.publisher, m.date.Year(), m.index), "content/"))
	}
	name := path.Join(root, "_import", f.stem()+".md")
	for n := 2; names[name]; n++ {
		name = path.Join(root, "_import", fmt.Sprintf("%s-%d.md", f.stem(), n))
	}
	names[name] = true
	return name
}

// stem is the source file's name without its extension.
func (f *File) stem() string {
	base := path.Base(f.Source)
	return strings.TrimSuffix(base, path.Ext(base))
}

// Convert converts one file held in memory, alone: no spam comparison with other files,
// no 索引号 allocation, nothing written. reg must not be nil. It is what the fuzz test
// drives.
func Convert(name string, src []byte, reg *record.Registry, opts Options) *File {
	opts.DryRun, opts.Allocate = true, false
	in := &input{file: &File{Source: name}, src: src, readable: true}
	metas := convertAll([]*input{in}, reg, opts, nil)
	if in.file.Err == nil {
		finish(in.file, metas[0], in.body, attach(in, metas[0]), reg, opts, map[string]bool{})
	}
	sortNotes(in.file)
	return in.file
}

// sortNotes puts a file's notes in line order, for a report that reads top to bottom:
// what concerns the whole file first, then line by line, then what is still to check
// or fill in.
func sortNotes(f *File) {
	key := func(n Note) int {
		switch {
		case n.Line > 0:
			return n.Line
		case n.Kind == Warning || n.Kind == Missing:
			return math.MaxInt
		}
		return 0
	}
	sort.SliceStable(f.Notes, func(i, j int) bool { return key(f.Notes[i]) < key(f.Notes[j]) })
}
