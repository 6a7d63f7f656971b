package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"xxgk/internal/buildcache"
	"xxgk/internal/record"
)

// Preview is a site rendered into a directory of its own and kept up to date as its
// files change, for xxgk serve. It renders as the sharded build does, through a build
// cache of its own: after a save only the shards (publishers' documents) whose inputs
// changed are rendered again, then the portal's pages — the listings whose documents
// changed, the cache gives the others — and the search index, registers and exports,
// into a new directory that takes the served one's place once complete. A Preview is
// not safe for concurrent use.
type Preview struct {
	src, dest string
	opts      Options
	cache     *buildcache.Cache
	set       *record.Set
	pending   map[string]bool // files (absolute) changed since the last successful Update
	// plan is the documents the last Update rendered, whose portal WriteOutputs has
	// yet to render; nil when the served directory is up to date.
	plan   *plan
	served string // the directory being served; "" before the first render
	old    string // the one served before it: a reader may still be reading from it
	// spare is the one served before old, kept to render the next portal into
	// (plan.clean keeps what it still holds of it); "" when there is none.
	spare  string
	gen    int    // directories made so far
	shards Shards // what the last render took from the cache
	inputs string // the site's inputs beside its documents, as last checked (siteInputs)
	// known is each shard as last rendered or read from the cache: a save reads
	// again only the entries whose inputs changed.
	known map[string]*shard

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
	if err := os.RemoveAll(dest); err != nil {
		return nil, err
	}
	cache, err := buildcache.Open(filepath.Join(dest, "cache"))
	if err != nil {
		return nil, err
	}
	return &Preview{src: src, dest: dest, opts: opts, cache: cache, pending: map[string]bool{}}, nil
}

// Dir is the directory that holds the rendered site. It changes each time the
// portal is rendered again: the new directory is served only once it is complete.
func (p *Preview) Dir() string {
	if p.served == "" {
		return filepath.Join(p.dest, "none") // nothing yet: every request finds nothing
	}
	return p.served
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

// Close removes the directory kept for the next render. It holds nothing else
// open: each render's Hugo sites are closed when it ends.
func (p *Preview) Close() {
	if p.spare != "" {
		os.RemoveAll(p.spare)
		p.spare = ""
	}
}

// Update checks and renders again for the files (absolute paths) changed, added or
// removed since the last call; the first call renders everything.
//
// When only documents changed, it checks them again and renders the shards whose
// inputs changed; the saved documents' own pages are put into Dir at
// once and Rendered is called; the portal's pages and the other outputs follow in
// WriteOutputs. Any other change — config.toml, data/, layouts/, static/, the
// portal's own pages under content/ (the guide…) — loads and checks the whole site
// again and renders everything it affects, WriteOutputs' part too. On error — a document that fails the checks (*CheckError), a template Hugo
// cannot render (*hugosite.HugoError), a broken link (*LinkError) — the pages being served
// stay, and the next call retries with these changes as well as its own.
func (p *Preview) Update(changed ...string) error {
	for _, f := range changed {
		p.pending[filepath.Clean(f)] = true
	}
	full := p.set == nil
	var docs []string // relative to the site
	for f := range p.pending {
		rel, err := filepath.Rel(p.src, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		switch top, _, _ := strings.Cut(rel, "/"); {
		case top == "content" && record.IsDocument(strings.TrimPrefix(rel, "content/")):
			docs = append(docs, rel)
		case rel == "config.toml" || top == "content" || top == "layouts" || top == "data" || top == "static" ||
			top == "i18n" || top == "archetypes" || top == "assets":
			full = true
		}
	}
	var err error
	if full {
		err = p.reload()
	} else {
		err = p.render(docs)
	}
	if err == nil {
		clear(p.pending)
	}
	return err
}

// reload checks the whole site again, renders the shards whose inputs changed and
// the portal, and serves the result.
func (p *Preview) reload() error {
	// A change to a template or a registry reloads the site: the documents' own
	// checks are taken from the last load where their inputs are the same.
	exe, err := executableHash()
	if err != nil {
		return err
	}
	set, err := record.LoadCached(p.src, &record.CheckCache{File: buildcache.ChecksFile(p.cache.Dir), Version: exe})
	if err != nil {
		return err
	}
	p.set = set
	if set.HasErrors() {
		return &CheckError{Problems: set.Problems}
	}
	pl, err := p.renderShards("")
	if err != nil {
		return err
	}
	return p.renderPortal(pl)
}

// render checks the documents at docs again and renders their shards; the pages of
// those still there are served at once.
func (p *Preview) render(docs []string) error {
	if err := p.set.Update(docs); err != nil {
		return err
	}
	if p.set.HasErrors() {
		return &CheckError{Problems: p.set.Problems}
	}
	// The site's other inputs are as the last render found them, unless a saved
	// file is there but holds no document: then it counts among them.
	inputs := p.inputs
	for _, rel := range docs {
		if _, err := os.Stat(filepath.Join(p.src, filepath.FromSlash(rel))); err == nil && p.set.ByPath(rel) == nil {
			inputs = ""
		}
	}
	pl, err := p.renderShards(inputs)
	if err != nil {
		return err
	}
	p.plan = pl
	shown, err := p.showSaved(pl, docs)
	if err != nil {
		return err
	}
	if shown && p.Rendered != nil {
		p.Rendered()
	}
	return nil
}

// renderShards plans the current documents and renders the shards the cache does
// not hold under their inputs. inputs is the hash of the site's other inputs when
// they are known, "" to check and hash them again.
func (p *Preview) renderShards(inputs string) (*plan, error) {
	var pl *plan
	var err error
	set := p.set.Published(p.opts.Drafts) // as a build would publish it
	if inputs == "" {
		pl, err = newPlan(p.src, p.opts, set)
	} else {
		pl, err = planWith(p.src, p.opts, set, inputs)
	}
	if err != nil {
		return nil, err
	}
	p.inputs = pl.inputs
	pl.outputsBesideHugo = true
	var stale []*shard
	for _, s := range pl.shards {
		if k := p.known[s.code]; k != nil && k.key == s.key && len(k.done.Docs) == len(s.recs) {
			s.done, s.from = k.done, k.from
		} else if e, ok := p.cache.Load(s.code, s.key); ok && len(e.Docs) == len(s.recs) {
			s.done, s.from = e, p.cache
		} else {
			stale = append(stale, s)
		}
	}
	p.shards = Shards{Total: len(pl.shards), Rendered: len(stale)}
	// A render that fails may have replaced some entries already: none is known then.
	p.known = nil
	if err := renderShards(p.src, p.opts, set, pl.data, stale, p.cache, nil); err != nil {
		return nil, err
	}
	p.known = make(map[string]*shard, len(pl.shards))
	for _, s := range pl.shards {
		p.known[s.code] = s
	}
	return pl, nil
}

// showSaved puts the pages of the documents at docs, as rendered into the cache, in
// place of those being served; it reports whether there were any.
func (p *Preview) showSaved(pl *plan, docs []string) (bool, error) {
	if p.served == "" {
		return false, nil
	}
	// The directory changes under the inventory its render left (plan.clean), which
	// is taken first and amended after: a saved page replaces one it lists, which a
	// render into the directory then counts among the shard's pages that are not
	// links to its entry. A page it does not list (a document added) leaves none:
	// that render must look at what the directory holds.
	inv, _ := p.cache.TakeInventory(p.served)
	by := make(map[string]*shard, len(pl.shards))
	for _, s := range pl.shards {
		by[s.code] = s
	}
	shown := false
	for _, rel := range docs {
		rec := pl.set.ByPath(rel)
		if rec == nil {
			continue // removed, or not a document: the portal's render takes care of it
		}
		s := by[rec.Publisher]
		if inv != nil && slices.Contains(inv.Files, rec.Page()) {
			delete(inv.Shards, s.code)
		} else {
			inv = nil
		}
		if err := placeWhole(s.from.PagePath(s.code, rec.Page()), filepath.Join(p.served, filepath.FromSlash(rec.Page()))); err != nil {
			return false, fmt.Errorf("更新预览页面失败：%w", err)
		}
		shown = true
	}
	if inv != nil {
		if err := p.cache.SaveInventory(p.served, inv); err != nil {
			return false, fmt.Errorf("保存构建缓存失败：%w", err)
		}
	}
	return shown, nil
}

// placeWhole puts the file from at to, replacing what is there at once: a reader of
// to gets the old page or the new one, never none or half of one. The new page is a
// hard link to the cache's where the file system allows (the cache's files are never
// written in place).
func placeWhole(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(to), "."+filepath.Base(to)+".new")
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Link(from, tmp); err != nil {
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
	}
	return os.Rename(tmp, to)
}

// WriteOutputs renders what the last Update left to do: the portal's pages, the
// search index, the registers, the audit's files and the manifest, with the static
// files and the shards' pages, into a new directory; it checks the links and then
// serves that directory in place of the old one. It takes longer than Update, so a
// server calls it after Update has shown the saved pages.
func (p *Preview) WriteOutputs() error {
	if p.plan == nil {
		return nil
	}
	return p.renderPortal(p.plan)
}

// renderPortal renders the portal of pl into a directory of its own and serves it. The
// directory served before stays until the next one replaces it, for readers that
// are still reading from it; the one before that is kept, to render the next portal
// into: placing 10,000 pages into a new directory costs a save more than anything
// else, since the file system makes a directory for each of them (and removing the
// old directory costs as much again).
func (p *Preview) renderPortal(pl *plan) error {
	p.gen++
	out := filepath.Join(p.dest, fmt.Sprintf("site-%d", p.gen))
	if p.spare != "" {
		// Rendered into, it keeps what it holds of this render's pages (plan.clean).
		if err := os.Rename(p.spare, out); err != nil {
			os.RemoveAll(p.spare)
		}
		p.spare = ""
	}
	st := p.shards
	if _, _, err := pl.renderPortal(out, p.cache, &st); err != nil {
		p.keepSpare(out)
		return err
	}
	p.shards = st
	if p.old != "" {
		p.keepSpare(p.old)
	}
	p.old, p.served, p.plan = p.served, out, nil
	return nil
}

// keepSpare keeps the directory dir, no longer served, for the next render.
func (p *Preview) keepSpare(dir string) {
	spare := filepath.Join(p.dest, "spare")
	if err := os.Rename(dir, spare); err != nil {
		os.RemoveAll(dir)
		return
	}
	p.spare = spare
}
