package site

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/afero"

	"xxgk/internal/publish"
	"xxgk/internal/record"
)

// Preview is a site rendered into a directory of its own and kept up to date as its
// files change, for xxgk serve. After each change it renders again only what the
// change affects. A Preview is not safe for concurrent use.
type Preview struct {
	src, dest string
	opts      Options
	set       *record.Set
	r         *renderer         // nil until the site is loaded
	pending   map[string]bool   // files (absolute) changed since the last successful render
	placed    map[string]string // content file → placement of the document as last rendered
	slow      bool              // Hugo's last render took longer than slowRender

	// Rendered, when set, is told that the pages of the documents just saved are in
	// Dir, rendered ahead of the rest of the site (see Update).
	Rendered func()
}

// NewPreview prepares a preview of the site opts.Source in the directory opts.Dest,
// which it owns: its contents are replaced. Nothing is rendered before Update.
func NewPreview(opts Options) (*Preview, error) {
	src, dest, err := resolveDirs(opts)
	if err != nil {
		return nil, err
	}
	if opts.Dest == "" {
		return nil, fmt.Errorf("预览需要单独的输出目录，不能写入 %s", dest)
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	return &Preview{src: src, dest: dest, opts: opts, pending: map[string]bool{}}, nil
}

// Dir is the directory that holds the rendered site. It changes when the whole site
// is loaded again, which renders into a second directory while the first is served.
func (p *Preview) Dir() string {
	if p.r == nil {
		return filepath.Join(p.dest, "a")
	}
	return p.r.out
}

// Source is the site directory.
func (p *Preview) Source() string { return p.src }

// Warnings are the problems of the current documents that do not stop publication.
func (p *Preview) Warnings() []record.Problem {
	if p.set == nil {
		return nil
	}
	return p.set.Problems
}

// Close releases Hugo's resources.
func (p *Preview) Close() {
	if p.r != nil {
		p.r.close()
		p.r = nil
	}
}

// Update renders the pages again for the files (absolute paths) changed, added or
// removed since the last call; the first call renders everything. When Hugo has
// been slow to render (a large site) and documents were edited in place, their own
// pages are rendered first and Rendered is called before the rest follows. On error — a
// document that fails the checks (*CheckError), a template Hugo cannot render
// (*HugoError) — the pages already rendered stay, and the next call retries with
// these changes as well as its own.
func (p *Preview) Update(changed ...string) error {
	for _, f := range changed {
		p.pending[filepath.Clean(f)] = true
	}
	var docs, static, hugo []string // docs and static relative to the site
	reload := p.r == nil
	for f := range p.pending {
		rel, err := filepath.Rel(p.src, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		switch {
		case rel == "config.toml" || rel == "data/audit.toml" || rel == "data/wording.toml" || isRegistry(rel):
			reload = true
		case top == "static":
			static = append(static, strings.TrimPrefix(rel, "static/"))
		case top == "content" || top == "layouts" || top == "data" || top == "i18n" || top == "archetypes" || top == "assets":
			if top == "content" {
				docs = append(docs, rel)
			}
			hugo = append(hugo, f)
		}
	}
	var err error
	if reload {
		err = p.reload()
	} else {
		err = p.render(docs, hugo, static)
	}
	if err == nil {
		clear(p.pending)
	}
	return err
}

// isRegistry reports whether rel is one of the registries every document is checked
// against: a change there can change what is wrong with any document.
func isRegistry(rel string) bool {
	return slices.Contains([]string{"data/publishers.toml", "data/categories.toml", "data/genres.toml"}, rel)
}

// reload loads the whole site again into a new Hugo and renders every page, into
// the directory not being served, which then takes the other's place.
func (p *Preview) reload() error {
	set, err := record.Load(p.src)
	if err != nil {
		return err
	}
	p.set = set
	if set.HasErrors() {
		return &CheckError{Problems: set.Problems}
	}
	out := filepath.Join(p.dest, "a")
	if p.r != nil && p.r.out == out {
		out = filepath.Join(p.dest, "b")
	}
	// Pages of the previous configuration must not linger.
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	r, err := newRenderer(p.src, out, p.opts, set, view{watch: true})
	if err != nil {
		return err
	}
	start := time.Now()
	if err := r.hugo(); err != nil {
		r.close()
		return err
	}
	p.slow = time.Since(start) > slowRender
	if err := r.copyStatic(); err != nil {
		r.close()
		return err
	}
	p.Close()
	p.r = r
	p.placed = make(map[string]string, len(set.Records))
	for _, rec := range set.Records {
		p.placed[rec.Path] = placement(rec)
	}
	return nil
}

// render checks the changed documents and renders what depends on the changes.
func (p *Preview) render(docs, hugo, static []string) error {
	if err := p.set.Update(docs); err != nil {
		return err
	}
	if p.set.HasErrors() {
		return &CheckError{Problems: p.set.Problems}
	}
	for _, rel := range docs {
		if placement(p.set.ByPath(rel)) != p.placed[rel] {
			// Hugo renders again the pages that show a document, but not the overviews
			// that count the terms, nor does it remove a page whose address is gone:
			// a document added, removed or moved to another address or term reloads
			// the whole site.
			return p.reload()
		}
	}
	if p.slow && len(docs) > 0 && p.Rendered != nil {
		if rendered, err := p.quickPages(docs); err != nil {
			return err
		} else if rendered {
			p.Rendered()
		}
	}
	for _, rel := range docs {
		p.r.sfs.SetDoc(filepath.Join(p.src, filepath.FromSlash(rel)), p.set.ByPath(rel))
		p.placed[rel] = placement(p.set.ByPath(rel))
	}
	events := make([]fsnotify.Event, 0, len(hugo)+1)
	for _, f := range hugo {
		op := fsnotify.Write
		if _, err := os.Stat(f); err != nil {
			op = fsnotify.Remove
		}
		events = append(events, fsnotify.Event{Name: f, Op: op})
	}
	if len(events) > 0 {
		start := time.Now()
		if err := p.r.hugo(events...); err != nil {
			return err
		}
		p.slow = time.Since(start) > slowRender
	}
	for _, rel := range static {
		if err := copyStaticFile(filepath.Join(p.src, "static", filepath.FromSlash(rel)), filepath.Join(p.r.out, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("复制 static/%s 失败：%w", rel, err)
		}
	}
	return nil
}

// placement is where a document appears on the site: its address, terms and date.
func placement(r *record.Record) string {
	if r == nil {
		return ""
	}
	return strings.Join([]string{r.URL(), r.Publisher, r.Category, r.Genre, r.Date.Format(time.DateOnly)}, "\x00")
}

// WriteOutputs writes what the pages link to besides pages — the search index, the
// registers, the audit's files, the manifest — for the pages as they are now, and
// checks the links. It takes longer than Update, so a server calls it after Update
// has shown the change.
func (p *Preview) WriteOutputs() error {
	if p.r == nil {
		return nil
	}
	// The register and the audit pages come from data/xxgk.json: brought up to date
	// here rather than in Update, since every change Hugo is told of costs it a pass
	// over every page, and the page just saved is what someone is waiting for.
	changed, err := p.r.refreshData()
	if err != nil {
		return err
	}
	if changed {
		if err := p.r.hugo(fsnotify.Event{Name: p.r.dataFile(), Op: fsnotify.Write}); err != nil {
			return err
		}
	}
	if err := p.r.writeOutputs(); err != nil {
		return err
	}
	return p.r.checkLinks()
}

// copyStaticFile copies a file or directory of static/ into the output, or removes
// its copy when it was removed.
func copyStaticFile(from, to string) error {
	fi, err := os.Stat(from)
	if os.IsNotExist(err) {
		return os.RemoveAll(to)
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return copyTree(afero.NewBasePathFs(afero.NewOsFs(), from), to)
	}
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return publish.WriteFile(to, b)
}
