// Package site builds the disclosure portal: it checks every document, drives Hugo
// through hugolib into a temporary directory, copies static files, and publishes the
// result by swapping it in only when everything succeeded.
package site

import (
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gohugoio/hugo/common/herrors"
	"github.com/spf13/afero"

	"xxgk/internal/linkcheck"
	"xxgk/internal/overlay"
	"xxgk/internal/record"
)

// Options says what to build and where.
type Options struct {
	Source  string // the site directory; "" means the current directory
	Dest    string // where the portal is published; "" means Source/public
	BaseURL string // overrides config.toml's baseURL when set
	Drafts  bool   // renders documents marked draft = true too (for previews)

	// Log receives Hugo's warnings. Nil discards them.
	Log io.Writer
	// Phase, when set, is told the name of each step as it starts (for progress display).
	Phase func(name string)
	// Progress, when set, is told each time Hugo has written a document's page how
	// many of the documents' pages are written and how many there are. Hugo's
	// workers call it concurrently.
	Progress func(done, total int)
}

// Result describes a successful build.
type Result struct {
	Dest     string           // absolute path of the published directory
	Pages    int              // pages Hugo rendered (documents, listings, feeds' owners…)
	Files    int              // files in the published directory
	Elapsed  time.Duration    // wall time of the whole build
	Warnings []record.Problem // problems that did not stop publication
	Records  *record.Set
}

// CheckError is returned when documents fail the checks; nothing was published.
type CheckError struct {
	Problems []record.Problem
}

func (e *CheckError) Error() string {
	var b strings.Builder
	n := 0
	for _, p := range e.Problems {
		if p.Severity == record.Error {
			n++
		}
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "发现 %d 处错误，未发布；上次发布的内容保持不变。", n)
	return b.String()
}

// Build checks and builds the site described by opts and publishes it to opts.Dest.
// On any error the previous contents of opts.Dest are left untouched.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	phase := opts.Phase
	if phase == nil {
		phase = func(string) {}
	}
	src, dest, err := resolveDirs(opts)
	if err != nil {
		return nil, err
	}

	phase("检查文档")
	set, err := record.Load(src)
	if err != nil {
		return nil, err
	}
	if set.HasErrors() {
		return nil, &CheckError{Problems: set.Problems}
	}
	// The documents are sound: the rollback copy from the build before last can go.
	defer discardPrevious(dest)()

	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, fmt.Errorf("无法创建输出目录的上级目录：%w", err)
	}
	// The temporary tree sits beside dest so that the final rename stays on one file system.
	tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+"-building-")
	if err != nil {
		return nil, fmt.Errorf("无法创建临时目录：%w", err)
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(tmp)
		}
	}()

	phase("生成页面")
	pages, err := render(src, tmp, opts, set)
	if err != nil {
		return nil, err
	}
	files, err := countFiles(tmp)
	if err != nil {
		return nil, err
	}
	phase("发布")
	if err := swap(tmp, dest); err != nil {
		return nil, fmt.Errorf("无法发布到 %s：%w", dest, err)
	}
	published = true
	return &Result{
		Dest: dest, Pages: pages, Files: files, Elapsed: time.Since(start),
		Warnings: set.Problems, Records: set,
	}, nil
}

func resolveDirs(opts Options) (src, dest string, err error) {
	src, err = filepath.Abs(cmp.Or(opts.Source, "."))
	if err != nil {
		return "", "", err
	}
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return "", "", fmt.Errorf("站点目录 %s 不存在", src)
	}
	if _, err := os.Stat(filepath.Join(src, "config.toml")); err != nil {
		return "", "", fmt.Errorf("站点目录 %s 中没有 config.toml，请确认 --source 指向站点根目录", src)
	}
	dest, err = filepath.Abs(cmp.Or(opts.Dest, filepath.Join(src, "public")))
	if err != nil {
		return "", "", err
	}
	if dest == src || strings.HasPrefix(src, dest+string(filepath.Separator)) {
		return "", "", fmt.Errorf("输出目录 %s 不能是站点目录或其上级目录：发布时会整体替换输出目录", dest)
	}
	return src, dest, nil
}

// render runs Hugo on the site in src, writing into out, and returns the page count.
func render(src, out string, opts Options, set *record.Set) (int, error) {
	r, err := newRenderer(src, out, opts, set, false)
	if err != nil {
		return 0, err
	}
	defer r.close()
	if err := r.hugo(); err != nil {
		return 0, err
	}
	if err := r.writeOutputs(); err != nil {
		return 0, err
	}
	if err := r.copyStatic(); err != nil {
		return 0, err
	}
	// Every page is there now: no link may lead nowhere.
	r.phase("检查链接")
	if err := r.checkLinks(); err != nil {
		return 0, err
	}
	return len(r.h.Sites[0].Pages()), nil
}

// buildEnviron is the environment Hugo sees: the process's, without HUGO_* variables,
// so that a stray variable on one machine cannot make its build differ from another's.
func buildEnviron() []string {
	env := []string{"XXGK=1"} // never empty: an empty list makes Hugo read os.Environ
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUGO") {
			env = append(env, kv)
		}
	}
	return env
}

// copyTree copies every file of the static file system fsys into dir.
func copyTree(fsys afero.Fs, dir string) error {
	return afero.Walk(fsys, "/", func(path string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := fsys.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		outf, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(outf, in); err != nil {
			outf.Close()
			return err
		}
		return outf.Close()
	})
}

func countFiles(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return n, err
}

// templateAt finds Go template positions such as "template: single.html:3:12:" in
// Hugo's messages; the last one is the innermost, where the mistake is.
var templateAt = regexp.MustCompile(`template: ([^:"]+\.[a-z]+):(\d+)`)

// translate turns a Hugo error into one that names the clerk's file and line.
func translate(src string, err error) error {
	msg := strings.ReplaceAll(err.Error(), src+string(filepath.Separator), "")
	if m := templateAt.FindAllStringSubmatch(msg, -1); m != nil {
		last := m[len(m)-1]
		line, _ := strconv.Atoi(last[2])
		return &HugoError{File: "layouts/" + last[1], Line: line, Kind: "模板", Msg: msg}
	}
	for _, fe := range herrors.UnwrapFileErrors(err) {
		pos := fe.Position()
		if pos.Filename == "" {
			continue
		}
		name := pos.Filename
		if rel, rerr := filepath.Rel(src, name); rerr == nil && !strings.HasPrefix(rel, "..") {
			name = filepath.ToSlash(rel)
		}
		line := pos.LineNumber
		if strings.HasPrefix(name, "content/") && record.IsDocument(strings.TrimPrefix(name, "content/")) && line > overlay.DerivedKeys {
			line -= overlay.DerivedKeys
		}
		kind := "文件"
		if strings.HasPrefix(name, "layouts/") {
			kind = "模板"
		}
		return &HugoError{File: name, Line: line, Kind: kind, Msg: msg}
	}
	return &HugoError{Msg: msg}
}

// HugoError is a failure reported by Hugo while rendering, located where possible.
type HugoError struct {
	File string // relative to the site directory, when known
	Line int
	Kind string // 模板 or 文件
	Msg  string // Hugo's message, with the site directory's path removed
}

// Reason is Hugo's message without the wrapping that repeats where it happened.
func (e *HugoError) Reason() string { return cleanHugoMessage(e.Msg) }

func (e *HugoError) Error() string {
	msg := e.Reason()
	if e.File == "" {
		return "生成页面失败：" + msg + "\n未发布；上次发布的内容保持不变。"
	}
	return fmt.Sprintf("%s:%d: 生成页面失败，请检查这个%s的第 %d 行：%s\n未发布；上次发布的内容保持不变。", e.File, e.Line, e.Kind, e.Line, msg)
}

// cleanHugoMessage drops Hugo's repeated wrapping prefixes, keeping the cause.
func cleanHugoMessage(s string) string {
	s = strings.TrimPrefix(s, "error building site: ")
	for _, marker := range []string{"execute of template failed: ", "apply base template failed: "} {
		if i := strings.LastIndex(s, marker); i >= 0 {
			s = s[i+len(marker):]
		}
	}
	return s
}

// LinkError is returned when a built page links to a page or file the site does not
// have; nothing was published.
type LinkError struct {
	Lines []string // one per broken reference, naming the file to correct
}

func (e *LinkError) Error() string {
	const most = 50
	shown := e.Lines[:min(len(e.Lines), most)]
	more := ""
	if len(e.Lines) > most {
		more = fmt.Sprintf("\n……另有 %d 个未列出", len(e.Lines)-most)
	}
	return strings.Join(shown, "\n") + more + fmt.Sprintf("\n发现 %d 个失效链接，未发布；上次发布的内容保持不变。", len(e.Lines))
}

// newLinkError names, for each broken reference, the document it was written in or,
// for pages the templates make, the page.
func newLinkError(set *record.Set, broken []linkcheck.Broken) *LinkError {
	docs := map[string]string{}
	for _, r := range set.Records {
		docs[r.Page()] = r.Path
	}
	e := &LinkError{}
	for _, b := range broken {
		if src, ok := docs[b.Page]; ok {
			e.Lines = append(e.Lines, fmt.Sprintf("%s: 正文或附件中的链接 %s 指向的页面或文件不存在，请改正或删除这个链接", src, b.Ref))
		} else {
			e.Lines = append(e.Lines, fmt.Sprintf("%s: 页面中的链接 %s 指向的页面或文件不存在（这个页面由 layouts/ 中的模板生成，请检查模板）", b.Page, b.Ref))
		}
	}
	return e
}
