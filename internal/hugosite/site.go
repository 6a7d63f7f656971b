// Package hugosite drives Hugo through hugolib for a build of the disclosure portal:
// it loads a site into Hugo through the overlay file system (package overlay), as a
// View says — every document, one shard's, or every document as a catalogue stub —
// renders it into an output directory, and tells the build what Hugo did: each
// document's page and search text, the hashes of the pages written, their links, the
// files written, the home page's address, and Hugo's errors located in the clerk's
// files (HugoError). What the build makes of that — the search index, the registers,
// the cache, publication — is package site's.
package hugosite

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
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

	"xxgk/internal/linkcheck"
	"xxgk/internal/overlay"
	"xxgk/internal/publish"
	"xxgk/internal/record"
)

// Config says where a Site reads and writes and how Hugo renders it.
type Config struct {
	Source  string // the site directory, absolute
	Out     string // the directory Hugo writes into
	BaseURL string // overrides config.toml's baseURL when set
	Drafts  bool   // renders documents marked draft = true too
	// AsOf is the build's day: the templates' clock (now), which must say the same
	// day as the register.
	AsOf time.Time
	// Log receives Hugo's warnings and errors; nil discards them.
	Log io.Writer
	// Progress, when set, is told each time Hugo has written a document's page how
	// many of the documents' pages are written and how many there are. Hugo's
	// workers call it concurrently.
	Progress func(done, total int)
}

// View says what a Site's Hugo site holds of a site's documents.
type View struct {
	// Part, when set, is the only documents Hugo sees (a shard), rendered in full.
	Part *record.Set
	// Stubs, when set, makes Hugo hold every document as its catalogue stub
	// (overlay.Stub) with the excerpt Stubs returns: listed, not rendered.
	Stubs func(*record.Record) string
	// Data is data/xxgk.json as Hugo reads it (hugo.Data.xxgk): the portal data.
	Data []byte
	// PartData, when set with Part, makes Hugo render the pages of Part's documents
	// only, reading PartData as data/xxgk.json: of the portal data, what those pages
	// show. A site with a cascade of its own (HasCascade) renders every page anyway,
	// from Data.
	PartData []byte
	// Skip is the listings (plural/term) Hugo gives an address but does not render:
	// the build takes their pages from elsewhere (its cache).
	Skip []string
	// Dirs, when set with Part, is what the Hugo sites of the other parts of the
	// build found of the content directories on disk (overlay.Fs.Dirs).
	Dirs *overlay.ContentDirs
	// PageFile, when set, is the file Hugo writes each document's page
	// (record.Record.Page) into instead of its place under the output directory:
	// a build that moves the pages into its cache has no use for a directory per
	// page, which costs a file system more to make and remove than the page.
	PageFile func(page string) string
}

// hugoTermDates leaves the term pages' dates to Hugo (termPages): for the tests that
// show that the pages come out the same.
var hugoTermDates bool

// hugoOrder leaves the order of the stubs' pages to Hugo (stubOrder): for the tests
// that show that the pages come out the same.
var hugoOrder bool

// Site is one site loaded into Hugo, writing into one output directory, built once.
type Site struct {
	src, out string
	set      *record.Set
	sfs      *overlay.Fs
	h        *hugolib.HugoSites
	written  *writtenFs
	// bodies are the documents' search text, noted as Hugo writes each page.
	bodies  sync.Map                    // record.Record.Page → string
	pagesOf func() map[string]page.Page // record.Record.Page → the document's page in Hugo, found once per build
	logger  loggers.Logger
	logged  int // errors Hugo had logged before the current build
	asOf    time.Time
}

// portalPages are the portal's own pages: they exist on every site, and a site may
// replace one with its own content file of the same name.
var portalPages = map[string]string{"search": "站内搜索", "register": "信息公开目录", "audit": "信息公开审计", "sitemap": "网站地图"}

// New loads the site in cfg.Source (whose documents are set) into Hugo, holding the
// documents as v says. Nothing is rendered before Build.
func New(cfg Config, set *record.Set, v View) (*Site, error) {
	src, out := cfg.Source, cfg.Out
	held := set
	if v.Part != nil {
		held = v.Part
	}
	written := held
	if v.Stubs != nil {
		written = &record.Set{} // no document's page is written
	}
	s := &Site{src: src, out: out, set: set, sfs: overlay.New(src, held), asOf: cfg.AsOf,
		written: newWrittenFs(out, written, cfg.Progress, v.PageFile)}
	if v.Part != nil {
		s.sfs.Only, s.sfs.Dirs = filepath.Join(src, "content"), v.Dirs
	}
	s.sfs.Stub = v.Stubs
	if v.Stubs != nil {
		s.written.wrote = map[string]bool{} // which files are a listing's (Term.Files)
	}
	// The cascades New sets (below) would replace a site's own, which its pages
	// need: such a site renders all its pages in every Hugo site.
	ownCascade := HasCascade(src)
	docsOnly := v.Part != nil && v.PartData != nil && !ownCascade
	s.written.links = linkcheck.NewNoted()
	data := v.Data
	if docsOnly {
		data = v.PartData
	}
	s.sfs.AddExtra(filepath.Join(src, "data", "xxgk.json"), data)
	for name, title := range portalPages {
		file := filepath.Join(src, "content", name+".md")
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			s.sfs.AddExtra(file, fmt.Appendf(nil, "+++\ntitle = %q\nlayout = %q\n+++\n", title, name))
		}
	}
	logw := cfg.Log
	if logw == nil {
		logw = io.Discard
	}
	s.logger = loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: logw, StdErr: logw})

	flags := config.New()
	flags.Set("workingDir", src)
	flags.Set("publishDir", out)
	// Every document stays visible whatever its dates: a document dated today must
	// publish although Hugo's clock runs in UTC, and 废止 documents stay on the site
	// marked as such rather than disappearing.
	flags.Set("buildFuture", true)
	flags.Set("buildExpired", true)
	flags.Set("timeZone", "Asia/Shanghai")
	flags.Set("buildDrafts", cfg.Drafts)
	if cfg.BaseURL != "" {
		flags.Set("baseURL", cfg.BaseURL)
	}
	if v.Stubs != nil {
		// The stubs' bodies are HTML (escaped text, see overlay.Stub); no other
		// file may be (RefuseHTMLContent).
		flags.Set("security", hmaps.Params{"allowContent": []string{`^text/`}})
	}
	link := map[string]any{"render": "link"}
	switch {
	case ownCascade:
	case docsOnly:
		// A shard's site renders its documents' pages only: every other page — the
		// home page, listings, portal pages (Markdown directly in content/) — gets its
		// address, for the documents' pages to link to, and is left to the portal's site.
		flags.Set("cascade", []map[string]any{
			{"build": link, "target": map[string]any{"kind": "{home,taxonomy,term,404,robotstxt,sitemap}"}},
			{"build": link, "target": map[string]any{"kind": "page", "path": "/*"}},
		})
	case len(v.Skip) > 0:
		flags.Set("cascade", []map[string]any{{"build": link, "target": map[string]any{"path": skipGlob(v.Skip)}}})
	}
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          s.sfs,
		Logger:      s.logger,
		Flags:       flags,
		Filename:    filepath.Join(src, "config.toml"),
		Environment: "production",
		Environ:     buildEnviron(),
	})
	if err != nil {
		return nil, s.translate(err)
	}
	if v.Stubs != nil && !hugoOrder {
		s.sfs.Order = stubOrder(src, held, configs)
	}
	if !hugoTermDates {
		files := termPages(src, held, configs, cfg.Drafts)
		for _, name := range slices.Sorted(maps.Keys(files)) {
			s.sfs.AddExtra(name, files[name])
		}
	}
	flags.Set("publishDirStatic", out)
	flags.Set("publishDirDynamic", out)
	hfs := hugofs.NewFromSourceAndDestination(s.sfs, s.written, flags)
	s.h, err = hugolib.NewHugoSites(deps.DepsCfg{Configs: configs, Fs: hfs, TestLogger: s.logger, StdOut: logw, StdErr: logw})
	if err != nil {
		return nil, s.translate(err)
	}
	s.written.onPage = s.noteBody
	return s, nil
}

// Close releases Hugo's resources.
func (s *Site) Close() {
	if s.h != nil {
		s.h.Close()
	}
}

// Home is the portal's address, absolute and relative, as Hugo gives the home page
// once built.
func (s *Site) Home() (abs, rel string) {
	home := s.h.Sites[0].Home()
	return home.Permalink(), home.RelPermalink()
}

// ConfiguredHome is the address of the portal's home page as the configuration
// gives it (baseURL, or Config.BaseURL), known before Hugo builds the site: the
// same as Home after (TestConfiguredHome).
func (s *Site) ConfiguredHome() (abs, rel string) {
	base := s.h.Sites[0].Conf.BaseURL()
	abs, rel = base.String(), base.Path()
	if !strings.HasSuffix(abs, "/") {
		abs += "/"
	}
	if !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	return abs, rel
}

// Pages is how many pages Hugo holds (documents, listings, feeds' owners…).
func (s *Site) Pages() int { return len(s.h.Sites[0].Pages()) }

// documentOf is the document whose page p is, nil when p is none's (a portal page
// such as the guide, a listing).
func (s *Site) documentOf(p page.Page) *record.Record {
	f := p.File()
	if f == nil {
		return nil
	}
	return s.set.ByPath("content/" + strings.TrimPrefix(filepath.ToSlash(f.Path()), "/"))
}

// documentPages finds each document's page among the pages Hugo rendered.
func (s *Site) documentPages() map[string]page.Page {
	m := make(map[string]page.Page, len(s.written.docs))
	for _, p := range s.h.Sites[0].RegularPages() {
		if rec := s.documentOf(p); rec != nil {
			m[rec.Page()] = p
		}
	}
	return m
}

// Document is a document's page as Hugo rendered it.
type Document struct {
	Record *record.Record
	URL    string // the page's address from the host's root (RelPermalink)
	Body   string // the search text of its body (see Body)
}

// Documents is every document's page Hugo rendered, in Hugo's order, with its
// search text: noted while Hugo wrote the page, or else asked of Hugo now (which, on
// a large site whose rendered content Hugo's cache has let go of, renders it again).
func (s *Site) Documents() []Document {
	var docs []Document
	for _, p := range s.h.Sites[0].RegularPages() {
		rec := s.documentOf(p)
		if rec == nil {
			continue
		}
		text, ok := s.Body(rec)
		if !ok {
			text = body(p)
		}
		docs = append(docs, Document{Record: rec, URL: p.RelPermalink(), Body: text})
	}
	return docs
}

// body is the plain text of a document's rendered body as the search index holds
// it: Hugo's Plain, whose entities (such as &ldquo;) are decoded here.
func body(p page.Page) string { return html.UnescapeString(p.Plain(context.Background())) }

// noteBody takes the search text of a document's page (record.Record.Page) from Hugo
// just after Hugo wrote the page, from the content it rendered for it. Asked from
// outside a page's rendering, as after the build, Hugo renders every document's
// Markdown a second time, without the site's render hooks (layouts/_markup), so the
// text would also differ from the page's: a table's caption, an image's label.
func (s *Site) noteBody(page string) {
	if p := s.pagesOf()[page]; p != nil {
		s.bodies.Store(page, body(p))
	}
}

// Body is the search text noted for rec while Hugo rendered its page: the plain
// text of its body, entities decoded; false when Hugo wrote no page for rec.
func (s *Site) Body(rec *record.Record) (string, bool) {
	v, ok := s.bodies.Load(rec.Page())
	if !ok {
		return "", false
	}
	return v.(string), true
}

// Build renders the pages into the output directory; a failure is a *HugoError
// where Hugo says where it happened.
func (s *Site) Build() error {
	s.pagesOf = sync.OnceValue(s.documentPages)
	// No build lock: each build writes to its own temporary directory, and the lock
	// file would be left in the clerk's site directory.
	// Templates ask Hugo's clock (now) whether a document had been abolished: it must
	// say the same day as the register. Hugo keeps its clock in a global, as its own
	// --clock flag does.
	htime.Clock = clocks.Fixed(s.asOf)
	err := s.h.Build(hugolib.BuildCfg{NoBuildLock: true})
	if err != nil {
		err = s.translate(err)
	} else if n := s.logger.LoggCount(logg.LevelError); n > s.logged {
		err = fmt.Errorf("构建时出现 %d 个错误（见上方日志），未发布", n-s.logged)
		s.logged = n
	}
	return err
}

// CopyStatic copies the site's static files into the output: Hugo's Build does not.
// A static file replaces whatever Hugo wrote at its path, and its links too.
func (s *Site) CopyStatic() error {
	for _, sfs := range s.h.BaseFs.SourceFilesystems.Static {
		if err := copyTree(sfs.Fs, s.out); err != nil {
			return fmt.Errorf("复制 static 目录失败：%w", err)
		}
		if links := s.written.links; links != nil {
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
		outf, err := publish.Create(target) // whole: the preview serves this directory
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
