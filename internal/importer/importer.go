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
	"sort"
	"strings"
	"time"

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
var extensions = map[string]bool{".txt": true, ".text": true, ".htm": true, ".html": true, ".shtml": true, ".xhtml": true}

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
		finish(f, m, in.body, reg, opts, names)
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
	title string // the page's <title>
	body  string // the Markdown body, once converted

	readable bool // read without error and of a kind the importer converts
}

// collect lists the importable files under p, reading each.
func collect(p string) []*input {
	info, err := os.Stat(p)
	if err != nil {
		return []*input{{file: &File{Source: filepath.ToSlash(p), Err: readError(err)}}}
	}
	if !info.IsDir() {
		return []*input{read(p)}
	}
	var out []*input
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			out = append(out, &input{file: &File{Source: filepath.ToSlash(q), Err: readError(err)}})
		case d.IsDir() || strings.HasPrefix(d.Name(), "."):
		case !extensions[strings.ToLower(filepath.Ext(q))]:
			f := &File{Source: filepath.ToSlash(q)}
			f.note(0, Warning, "不是文本（.txt）或网页（.html）文件，已跳过")
			out = append(out, &input{file: f})
		default:
			out = append(out, read(q))
		}
		return nil
	})
	return out
}

func read(p string) *input {
	f := &File{Source: filepath.ToSlash(p)}
	b, err := os.ReadFile(p)
	if err != nil {
		f.Err = readError(err)
		return &input{file: f}
	}
	if binary(b) {
		f.Err = errors.New("不是文本文件（含有二进制数据），可能是 Word、WPS 或 PDF 文件；请先另存为文本（.txt）或网页（.html）再导入")
		return &input{file: f}
	}
	return &input{file: f, src: b, readable: true}
}

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
// and reads each document's metadata and body.
func convertAll(inputs []*input, reg *record.Registry, opts Options, existing map[string]string) []*meta {
	var all [][]Line
	for _, in := range inputs {
		f := in.file
		page := isHTML(f.Source, in.src)
		text, enc, note := Decode(in.src, page)
		f.Encoding = enc
		if note != "" {
			f.note(0, Warning, "%s", note)
		}
		if page {
			p := extractHTML(text)
			in.lines, in.title = p.lines, p.title
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
		all = append(all, in.lines)
	}
	phrases := findSpam(all, reg)
	corpus := make([][]Line, len(all))
	for i, lines := range all {
		corpus[i] = append([]Line(nil), lines...)
	}
	metas := make([]*meta, len(inputs))
	for i, in := range inputs {
		f := in.file
		lines := removeSpam(f, in.lines, phrases, corpus)
		lines = removeChrome(f, lines)
		h, body := readHead(f, lines)
		if h.title == "" && in.title != "" {
			h.title = undoubled(strings.TrimSpace(strings.SplitN(in.title, " - ", 2)[0]))
			h.title = strings.TrimSpace(strings.SplitN(h.title, "_", 2)[0])
			f.note(0, Extracted, "正文中没有标题行，标题取自网页的 <title>“%s”", in.title)
		}
		if !isHTML(f.Source, in.src) {
			body = joinWrapped(f, body)
		}
		reportDamage(f, body)
		m := resolve(f, h, body, reg, opts, existing)
		metas[i] = &m
		in.body = toMarkdown(f, body)
	}
	return metas
}

// finish writes the document: its place, its front matter, what the check still finds
// missing, and the file itself unless this is a dry run.
func finish(f *File, m *meta, body string, reg *record.Registry, opts Options, names map[string]bool) {
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
	f.Written = true
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
	finish(in.file, metas[0], in.body, reg, opts, map[string]bool{})
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
