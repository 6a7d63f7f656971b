// Package site orchestrates a build of the disclosure portal: it checks every
// document, plans the build in shards (a publisher's documents) kept in the build
// cache, has Hugo render them and the portal's pages (package hugosite) into a
// temporary directory, writes what Hugo does not — the search index, the registers,
// the audit, the manifest, the annual reports' workbooks —, copies static files,
// checks the links, and publishes the result by swapping it in only when everything
// succeeded; Preview does the same, incrementally, for xxgk serve.
package site

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"xxgk/internal/audit"
	"xxgk/internal/buildcache"
	"xxgk/internal/hugosite"
	"xxgk/internal/linkcheck"
	"xxgk/internal/publish"
	"xxgk/internal/record"
)

// Options says what to build and where.
type Options struct {
	Source  string // the site directory; "" means the current directory
	Dest    string // where the portal is published; "" means Source/public
	BaseURL string // overrides config.toml's baseURL when set
	Drafts  bool   // renders documents marked draft = true too (for previews)
	NoWait  bool   // fails at once, instead of waiting, when another build publishes to Dest

	// Cache is the build cache, where each shard's pages are kept for the next build
	// to reuse (package buildcache); "" means .<dest>-cache beside Dest.
	Cache string
	// NoCache renders every shard afresh and keeps nothing for the next build.
	NoCache bool
	// From, when set, is shard directories written by RenderShards (on this machine
	// or others): the build assembles them, rendering no shard itself.
	From []string
	// WholeSite renders every page from one Hugo site holding every document, as
	// builds did before shards: the reference the sharded build is tested against.
	WholeSite bool

	// Now is the clock every date decision is taken from (see package clock): the
	// register's 有效性, the audit, the manifest, the 已废止 notices. Nil: the system clock.
	Now func() time.Time

	// Log receives Hugo's warnings and the notice that the build waits for another
	// one. Nil discards them.
	Log io.Writer
	// Phase, when set, is told the name of each step as it starts (for progress display).
	Phase func(name string)
	// Loaded, when set, is told how many documents the build renders once they are
	// read and checked, before anything is rendered (the CLI sizes Go's memory limit
	// by it).
	Loaded func(docs int)
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
	Records  *record.Set      // the checked documents; after a sharded build their Raw holds the front matter only (record.Record.KeepFrontMatter), but for annual reports
	Shards   Shards           // what the shards' pages came from (zero with Options.WholeSite)
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

// Located is the problems found, warnings among them.
func (e *CheckError) Located() []record.Problem { return e.Problems }

// Build checks and builds the site described by opts and publishes it to opts.Dest.
// On any error the previous contents of opts.Dest are left untouched. Builds of one
// destination run one at a time (package publish holds the lock beside it).
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
	checks, err := opts.checkCache(dest)
	if err != nil {
		return nil, err
	}
	set, err := record.LoadCached(src, checks)
	if err != nil {
		return nil, err
	}
	if set.HasErrors() {
		return nil, &CheckError{Problems: set.Problems}
	}
	set = set.Published(opts.Drafts)
	opts.loaded(len(set.Records))
	// The documents are sound: wait for any other build publishing here, then stage.
	target, err := publish.Open(dest, publish.Options{NoWait: opts.NoWait, Waiting: opts.Log})
	if err != nil {
		return nil, failure(dest, err)
	}
	defer target.Close()
	// A sharded build makes the directory hold its site whatever it held (plan.clean):
	// it renders into the site published two builds before, whose documents' pages,
	// links to the cache, are mostly in place already. Without a cache none would be.
	stage := target.StageReusing
	if opts.WholeSite || opts.NoCache {
		stage = target.Stage
	}
	tmp, err := stage()
	if err != nil {
		return nil, failure(dest, err)
	}

	phase("生成页面")
	var out rendered
	if opts.WholeSite {
		out, err = render(src, tmp, opts, set)
	} else {
		out, err = buildShards(src, tmp, dest, opts, set)
	}
	if err != nil {
		return nil, failure(dest, err)
	}
	phase("发布")
	publish.Pause("staged")
	if err := target.Publish(); err != nil {
		return nil, failure(dest, err)
	}
	return &Result{
		Dest: dest, Pages: out.pages, Files: out.files, Elapsed: time.Since(start),
		Warnings: set.Problems, Records: set, Shards: out.shards,
	}, nil
}

// rendered is what rendering the site made of its output directory.
type rendered struct {
	pages  int    // pages Hugo rendered
	files  int    // files in the directory, counted by the link check: nothing is written after it
	shards Shards // what the shards' pages came from (zero for the whole site)
}

// failure is what Build reports when it fails after the checks: errors of its own
// kinds as they are, a full disk and other system errors in plain Chinese, each saying
// that the published site is unchanged.
func failure(dest string, err error) error {
	var ce *CheckError
	var he *hugosite.HugoError
	var le *LinkError
	var be *publish.BusyError
	var ae *AssembleError
	switch {
	case publish.NoSpace(err):
		return &publish.Error{Err: err, Msg: fmt.Sprintf("磁盘空间不足：%s 所在的磁盘（或磁盘配额）已满，写不下新生成的网站。"+
			"本次构建的临时文件已删除，未发布；上次发布的内容保持不变。请清理磁盘空间后重新构建。", filepath.Dir(dest))}
	case errors.As(err, &ce), errors.As(err, &he), errors.As(err, &le), errors.As(err, &be), errors.As(err, &ae):
		return err
	}
	return &publish.Error{Err: err, Msg: publish.Describe(err).Error() + "\n未发布；上次发布的内容保持不变。"}
}

// checkCache is where a build keeps what checking each document found, in the
// build cache (nil when the build keeps none).
func (o Options) checkCache(dest string) (*record.CheckCache, error) {
	if o.NoCache || o.WholeSite {
		return nil, nil
	}
	exe, err := executableHash()
	if err != nil {
		return nil, err
	}
	// Trusted: a build reads only the documents of the shards it renders again.
	return &record.CheckCache{File: buildcache.ChecksFile(cmp.Or(o.Cache, CacheDir(dest))), Version: exe, Trust: true}, nil
}

// loaded tells Loaded, when set, that the build renders docs documents.
func (o Options) loaded(docs int) {
	if o.Loaded != nil {
		o.Loaded(docs)
	}
}

// now is the build's clock.
func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
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

// render runs Hugo on the site in src, writing into out.
func render(src, out string, opts Options, set *record.Set) (rendered, error) {
	cfg, err := audit.LoadConfig(src)
	if err != nil {
		return rendered{}, err
	}
	d, err := newPortalData(set, cfg, opts.now())
	if err != nil {
		return rendered{}, err
	}
	r, err := newRenderer(src, out, opts, set, d, hugosite.View{})
	if err != nil {
		return rendered{}, err
	}
	defer r.close()
	if err := r.hugo(); err != nil {
		return rendered{}, err
	}
	publish.Pause("render")
	if err := r.writeOutputs(); err != nil {
		return rendered{}, err
	}
	if err := r.copyStatic(); err != nil {
		return rendered{}, err
	}
	// Every page is there now: no link may lead nowhere.
	r.phase("检查链接")
	res, err := r.checkLinks()
	if err != nil {
		return rendered{}, err
	}
	return rendered{pages: r.hs.Pages(), files: len(res.Files)}, nil
}

// ExportHugoSource checks the site in src and writes into out a copy of it as Hugo
// reads it during xxgk build (hugosite.Export): every document carries its derived
// keys. The plain hugo command run on out renders the same pages, which is how bench/
// measures what xxgk adds to Hugo.
func ExportHugoSource(src, out string) error {
	set, err := record.Load(src)
	if err != nil {
		return err
	}
	if set.HasErrors() {
		return &CheckError{Problems: set.Problems}
	}
	return hugosite.Export(src, out, set)
}

// LinkError is returned when a built page links to a page or file the site does not
// have; nothing was published.
type LinkError struct {
	// Problems has one problem per broken reference, naming the file to correct: the
	// document (record.CodeBrokenLink) or, for pages the templates make, the page in
	// the output (record.CodeTemplateLink).
	Problems []record.Problem
}

func (e *LinkError) Error() string {
	const most = 50
	var b strings.Builder
	for _, p := range e.Problems[:min(len(e.Problems), most)] {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	if len(e.Problems) > most {
		fmt.Fprintf(&b, "……另有 %d 个未列出\n", len(e.Problems)-most)
	}
	fmt.Fprintf(&b, "发现 %d 个失效链接，未发布；上次发布的内容保持不变。", len(e.Problems))
	return b.String()
}

// Located is the broken references.
func (e *LinkError) Located() []record.Problem { return e.Problems }

// Located is the shape every failure of a build that can be pinned to files shares —
// *CheckError, *hugosite.HugoError, *LinkError: problems with a file, a line where
// known, a stable code and a message, so that the preview and other tools show them
// alike and tell their kinds apart by code.
type Located interface {
	error
	Located() []record.Problem
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
			e.Problems = append(e.Problems, record.Problem{File: src, Severity: record.Error, Code: record.CodeBrokenLink,
				Message: fmt.Sprintf("正文或附件中的链接 %s 指向的页面或文件不存在，请改正或删除这个链接", b.Ref)})
		} else {
			e.Problems = append(e.Problems, record.Problem{File: b.Page, Severity: record.Error, Code: record.CodeTemplateLink,
				Message: fmt.Sprintf("页面中的链接 %s 指向的页面或文件不存在（这个页面由 layouts/ 中的模板生成，请检查模板）", b.Ref)})
		}
	}
	return e
}
