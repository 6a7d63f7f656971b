package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bep/clocks"
	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/htime"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/page"
	"github.com/spf13/afero"

	"xxgk/internal/audit"
	"xxgk/internal/clock"
	"xxgk/internal/linkcheck"
	"xxgk/internal/outputs"
	"xxgk/internal/overlay"
	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/register"
)

// renderer is one site loaded into Hugo, writing into one output directory, used once.
type renderer struct {
	src, out string
	opts     Options
	set      *record.Set
	sfs      *overlay.Fs
	h        *hugolib.HugoSites
	written  *writtenFs
	// bodies are the documents' search text, noted as Hugo writes each page.
	bodies  sync.Map                    // record.Record.Page → string
	pagesOf func() map[string]page.Page // record.Record.Page → the document's page in Hugo, found once per build
	logger  loggers.Logger
	logged  int // errors Hugo had logged before the current build

	shared   *portalData // the portal data given, when computed once for many renderers
	part     *record.Set // the documents Hugo holds, when only some (a shard)
	docsOnly bool        // Hugo renders the documents' pages only (a shard's site)
	asOf     time.Time
	auditCfg audit.Config
	reg      *register.Register // the whole site's register, for the pages and the exports
	rep      *audit.Report
	data     []byte // data/xxgk.json as Hugo last saw it

	// When set: the portal's address before Hugo has built it (configuredHome), and
	// how the search index is made (instead of from Hugo's pages).
	home, relHome string
	searchIndex   func() error
	// memo, when set, keeps the register workbooks for the next build.
	memo outputs.Memo
}

// portalPages are the portal's own pages: they exist on every site, and a site may
// replace one with its own content file of the same name.
var portalPages = map[string]string{"search": "站内搜索", "register": "信息公开目录", "audit": "信息公开审计", "sitemap": "网站地图"}

// view says what a renderer's Hugo site holds of a site's documents.
type view struct {
	// part, when set, is the only documents Hugo sees (a shard), rendered in full.
	part *record.Set
	// stubs, when set, makes Hugo hold every document as its catalogue stub
	// (overlay.Stub) with the excerpt stubs returns: listed, not rendered.
	stubs func(*record.Record) string
	// data, when set, is the portal data computed once for the whole site.
	data *portalData
	// skip is the listings (plural/term) Hugo gives an address but does not render:
	// the build takes their pages from the cache.
	skip []string
}

// newRenderer loads the site in src (whose documents are set) into Hugo, holding
// the documents as v says.
func newRenderer(src, out string, opts Options, set *record.Set, v view) (*renderer, error) {
	held := set
	if v.part != nil {
		held = v.part
	}
	written := held
	if v.stubs != nil {
		written = &record.Set{} // no document's page is written
	}
	r := &renderer{src: src, out: out, opts: opts, set: set, sfs: overlay.New(src, held),
		shared: v.data, part: v.part, written: newWrittenFs(out, written, opts.Progress)}
	if v.part != nil {
		r.sfs.Only = filepath.Join(src, "content")
	}
	r.sfs.Stub = v.stubs
	if v.stubs != nil {
		r.written.wrote = map[string]bool{} // which files are a listing's (keepListings)
	}
	// The cascades newRenderer sets (below) would replace a site's own, which its
	// pages need: such a site renders all its pages in every Hugo site.
	ownCascade := hasCascade(src)
	r.docsOnly = v.part != nil && v.data != nil && !ownCascade
	r.written.links = linkcheck.NewNoted()
	var err error
	if r.auditCfg, err = audit.LoadConfig(src); err != nil {
		return nil, err
	}
	if _, err := r.refreshData(); err != nil {
		return nil, err
	}
	for name, title := range portalPages {
		file := filepath.Join(src, "content", name+".md")
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			r.sfs.AddExtra(file, fmt.Appendf(nil, "+++\ntitle = %q\nlayout = %q\n+++\n", title, name))
		}
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	r.logger = loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: logw, StdErr: logw})

	flags := config.New()
	flags.Set("workingDir", src)
	flags.Set("publishDir", out)
	// Every document stays visible whatever its dates: a document dated today must
	// publish although Hugo's clock runs in UTC, and 废止 documents stay on the site
	// marked as such rather than disappearing.
	flags.Set("buildFuture", true)
	flags.Set("buildExpired", true)
	flags.Set("timeZone", "Asia/Shanghai")
	flags.Set("buildDrafts", opts.Drafts)
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}
	if v.stubs != nil {
		// The stubs' bodies are HTML (escaped text, see overlay.Stub); no other
		// file may be (refuseHTMLContent).
		flags.Set("security", hmaps.Params{"allowContent": []string{`^text/`}})
	}
	link := map[string]any{"render": "link"}
	switch {
	case ownCascade:
	case r.docsOnly:
		// A shard's site renders its documents' pages only: every other page — the
		// home page, listings, portal pages (Markdown directly in content/) — gets its
		// address, for the documents' pages to link to, and is left to the portal's site.
		flags.Set("cascade", []map[string]any{
			{"build": link, "target": map[string]any{"kind": "{home,taxonomy,term,404,robotstxt,sitemap}"}},
			{"build": link, "target": map[string]any{"kind": "page", "path": "/*"}},
		})
	case len(v.skip) > 0:
		flags.Set("cascade", []map[string]any{{"build": link, "target": map[string]any{"path": skipGlob(v.skip)}}})
	}
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          r.sfs,
		Logger:      r.logger,
		Flags:       flags,
		Filename:    filepath.Join(src, "config.toml"),
		Environment: "production",
		Environ:     buildEnviron(),
	})
	if err != nil {
		return nil, translate(src, err)
	}
	flags.Set("publishDirStatic", out)
	flags.Set("publishDirDynamic", out)
	hfs := hugofs.NewFromSourceAndDestination(r.sfs, r.written, flags)
	r.h, err = hugolib.NewHugoSites(deps.DepsCfg{Configs: configs, Fs: hfs, TestLogger: r.logger, StdOut: logw, StdErr: logw})
	if err != nil {
		return nil, translate(src, err)
	}
	r.written.onPage = r.noteBody
	return r, nil
}

func (r *renderer) close() {
	if r.h != nil {
		r.h.Close()
	}
}

// homeURL is the portal's address, absolute and relative, as Hugo gives it (or, before
// Hugo has built the site, as configuredHome says it will be).
func (r *renderer) homeURL() (abs, rel string) {
	if r.home != "" {
		return r.home, r.relHome
	}
	home := r.h.Sites[0].Home()
	return home.Permalink(), home.RelPermalink()
}

// configuredHome is the address of the portal's home page as the configuration
// gives it (baseURL, or --baseURL), known before Hugo builds the site: the same as
// the home page's Permalink and RelPermalink after (TestConfiguredHome).
func (r *renderer) configuredHome() (abs, rel string) {
	base := r.h.Sites[0].Conf.BaseURL()
	abs, rel = base.String(), base.Path()
	if !strings.HasSuffix(abs, "/") {
		abs += "/"
	}
	if !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	return abs, rel
}

// documentPages finds each document's page among the pages Hugo rendered.
func (r *renderer) documentPages() map[string]page.Page {
	m := make(map[string]page.Page, len(r.written.docs))
	for _, p := range r.h.Sites[0].RegularPages() {
		if f := p.File(); f != nil {
			if rec := r.set.ByPath("content/" + strings.TrimPrefix(filepath.ToSlash(f.Path()), "/")); rec != nil {
				m[rec.Page()] = p
			}
		}
	}
	return m
}

// noteBody takes the search text of a document's page (record.Record.Page) from Hugo
// just after Hugo wrote the page, from the content it rendered for it. Asked from
// outside a page's rendering, as after the build, Hugo renders every document's
// Markdown a second time, without the site's render hooks (layouts/_markup), so the
// text would also differ from the page's: a table's caption, an image's label.
func (r *renderer) noteBody(page string) {
	if p := r.pagesOf()[page]; p != nil {
		r.bodies.Store(page, outputs.Body(p))
	}
}

// body is the search text noted for rec while Hugo rendered its page.
func (r *renderer) body(rec *record.Record) (string, bool) {
	v, ok := r.bodies.Load(rec.Page())
	if !ok {
		return "", false
	}
	return v.(string), true
}

func (r *renderer) phase(name string) {
	if r.opts.Phase != nil {
		r.opts.Phase(name)
	}
}

// portalData is what the register and the audit say of a site's records on the
// build's day, and data/xxgk.json made of them for the templates (hugo.Data.xxgk).
type portalData struct {
	asOf time.Time
	reg  *register.Register
	rep  *audit.Report
	json []byte
}

// newPortalData computes the register and the audit of set on the day of now.
func newPortalData(set *record.Set, cfg audit.Config, now time.Time) (*portalData, error) {
	d := &portalData{asOf: clock.Day(now)}
	d.reg = register.Build(set, d.asOf, "")
	d.rep = audit.Run(set, cfg, audit.Options{AsOf: d.asOf})
	var err error
	d.json, err = outputs.PortalData(d.reg, d.rep)
	return d, err
}

// refreshData computes the register and the audit from the current records (or
// takes those given once for the whole site) and gives Hugo the result as
// data/xxgk.json; it reports whether that file changed.
func (r *renderer) refreshData() (bool, error) {
	d := r.shared
	if d == nil {
		var err error
		if d, err = newPortalData(r.set, r.auditCfg, r.opts.now()); err != nil {
			return false, err
		}
	}
	r.asOf, r.reg, r.rep = d.asOf, d.reg, d.rep
	data := d.json
	if r.docsOnly {
		var err error
		if data, err = d.forDocuments(r.part.Records); err != nil {
			return false, err
		}
	}
	if string(data) == string(r.data) {
		return false, nil
	}
	r.data = data
	r.sfs.AddExtra(r.dataFile(), data)
	return true, nil
}

// forDocuments is data/xxgk.json for a Hugo site that renders only the pages of
// recs (a shard): of the portal data, a document's page shows only the links
// between a 解读 and its policy (audit.related), so the shard's site is given those of
// its own documents — the whole site's register and audit would cost every shard's
// site the time to read them, a build time that grows with the square of the site.
func (d *portalData) forDocuments(recs []*record.Record) ([]byte, error) {
	related := map[string]audit.Related{}
	for _, r := range recs {
		if rel, ok := d.rep.Related[r.Index]; ok {
			related[r.Index] = rel
		}
	}
	return json.Marshal(map[string]any{"audit": map[string]any{"related": related}})
}

func (r *renderer) dataFile() string { return filepath.Join(r.src, "data", "xxgk.json") }

// hugo renders the pages.
func (r *renderer) hugo() error {
	r.phase("生成页面")
	r.pagesOf = sync.OnceValue(r.documentPages)
	// No build lock: each build writes to its own temporary directory, and the lock
	// file would be left in the clerk's site directory.
	// Templates ask Hugo's clock (now) whether a document had been abolished: it must
	// say the same day as the register. Hugo keeps its clock in a global, as its own
	// --clock flag does.
	htime.Clock = clocks.Fixed(r.asOf)
	err := r.h.Build(hugolib.BuildCfg{NoBuildLock: true})
	if err != nil {
		err = translate(r.src, err)
	} else if n := r.logger.LoggCount(logg.LevelError); n > r.logged {
		err = fmt.Errorf("构建时出现 %d 个错误（见上方日志），未发布", n-r.logged)
		r.logged = n
	}
	return err
}

// writeOutputs writes what Hugo does not: the search index, the registers, the
// audit's files and the manifest.
func (r *renderer) writeOutputs() error {
	r.phase("生成搜索索引")
	if r.searchIndex != nil {
		if err := r.searchIndex(); err != nil {
			return err
		}
	} else if err := outputs.WriteSearchIndex(r.h, r.set, r.out, r.body); err != nil {
		return err
	}
	publish.Pause("outputs")
	r.phase("生成信息公开目录")
	home, _ := r.homeURL()
	base := strings.TrimSuffix(home, "/")
	if err := outputs.WriteRegisters(r.set, r.reg, r.out, base, r.memo); err != nil {
		return fmt.Errorf("写入信息公开目录失败：%w", err)
	}
	if err := outputs.WriteAudit(r.rep, r.out, base); err != nil {
		return fmt.Errorf("写入审计结果失败：%w", err)
	}
	if err := writeAnnualReportTables(r.set, r.out); err != nil {
		return fmt.Errorf("写入年度报告表格失败：%w", err)
	}
	if err := outputs.WriteManifest(r.set, r.out, r.asOf, r.written.pageHash); err != nil {
		return fmt.Errorf("写入 manifest.json 失败：%w", err)
	}
	return nil
}

// copyStatic copies static/ into the output: Hugo's Build does not.
func (r *renderer) copyStatic() error {
	r.phase("复制静态文件")
	for _, sfs := range r.h.BaseFs.SourceFilesystems.Static {
		if err := copyTree(sfs.Fs, r.out); err != nil {
			return fmt.Errorf("复制 static 目录失败：%w", err)
		}
		if links := r.written.links; links != nil {
			// A static file replaces whatever Hugo wrote at its path.
			afero.Walk(sfs.Fs, "/", func(name string, info fs.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					links.Forget(strings.TrimPrefix(filepath.ToSlash(name), "/"))
				}
				return nil
			})
		}
	}
	return nil
}

// checkLinks fails with a LinkError when a page links to a file the output lacks.
func (r *renderer) checkLinks() error {
	home, _ := r.homeURL()
	broken, err := linkcheck.CheckNoted(r.out, home, r.written.links)
	if err != nil {
		return err
	}
	if len(broken) > 0 {
		return newLinkError(r.set, broken)
	}
	return nil
}
