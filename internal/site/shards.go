package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"xxgk/internal/annualreport"
	"xxgk/internal/audit"
	"xxgk/internal/buildcache"
	"xxgk/internal/hugosite"
	"xxgk/internal/outputs"
	"xxgk/internal/overlay"
	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/search"
)

// A shard is one publisher's documents: their pages show only themselves, their
// publisher's other documents (上一篇, 下一篇), the registries and the portal data, so
// a Hugo site holding only them renders their pages exactly as the whole site would.
type shard struct {
	code string
	recs []*record.Record  // in the set's order
	key  string            // hash of everything the pages are made from
	done *buildcache.Shard // what was rendered, once it was
	from *buildcache.Cache // where done and its pages are
}

// cached returns the entry of s in cache when it was built under s's key and is
// whole: one page per document, and the search segment.
func (s *shard) cached(cache *buildcache.Cache) (*buildcache.Shard, bool) {
	e, ok := cache.Load(s.code, s.key)
	if !ok || len(e.Docs) != len(s.recs) {
		return nil, false
	}
	if _, err := os.Stat(cache.File(s.code, segmentFile)); err != nil {
		return nil, false
	}
	return e, true
}

// shards groups the documents of set by publisher, in the order of the registry.
func shards(set *record.Set) []*shard {
	by := map[string]*shard{}
	var out []*shard
	for _, r := range set.Records {
		s := by[r.Publisher]
		if s == nil {
			s = &shard{code: r.Publisher}
			by[r.Publisher] = s
			out = append(out, s)
		}
		s.recs = append(s.recs, r)
	}
	order := map[string]int{}
	for i, p := range set.Registry.Publishers {
		order[p.Code] = i
	}
	slices.SortStableFunc(out, func(a, b *shard) int { return order[a.code] - order[b.code] })
	return out
}

// maxBatch is how many documents one Hugo site renders at most when shards are
// built: shards are rendered together up to it (a Hugo site costs a fixed time to
// start) and never more (its memory grows with its documents).
var maxBatch = 2000 // a variable for the tests, which render sites in several batches

// batches groups shards, in order, into runs of at most maxBatch documents (a
// larger shard alone).
func batches(stale []*shard, most int) [][]*shard {
	var out [][]*shard
	var cur []*shard
	n := 0
	for _, s := range stale {
		if n > 0 && n+len(s.recs) > most {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, s)
		n += len(s.recs)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// siteInputs is the hash of what every page depends on beside its own documents:
// xxgk itself, the options, config.toml, everything under layouts/, data/ (but the
// portal data xxgk makes), i18n/ and assets/ (templates read them), and the names
// and sizes of static/'s files outside static/attachments (a document's attachments
// count as its own).
func siteInputs(src string, opts Options, set *record.Set) (string, error) {
	h := sha256.New()
	exe, err := executableHash()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "xxgk %s\nformat %d\nbaseURL %q\ndrafts %v\n", exe, buildcache.Format, opts.BaseURL, opts.Drafts)
	if err := hashFile(h, src, "config.toml"); err != nil {
		return "", err
	}
	for _, dir := range []string{"layouts", "data", "i18n", "assets"} {
		err := hugosite.WalkFiles(src, dir, func(rel string) error {
			if rel == "data/xxgk.json" {
				return nil
			}
			return hashFile(h, src, rel)
		})
		if err != nil {
			return "", err
		}
	}
	// The portal's own pages (the guide…): every page links to some of them.
	for _, rel := range set.ContentFiles() {
		if set.ByPath(rel) != nil {
			continue
		}
		if err := hashFile(h, src, rel); err != nil {
			return "", err
		}
	}
	err = hugosite.WalkFiles(src, "static", func(rel string) error {
		if strings.HasPrefix(rel, "static/attachments/") {
			return nil
		}
		fi, err := os.Stat(filepath.Join(src, rel))
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "static %q %d\n", rel, fi.Size())
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h hash.Hash, src, rel string) error {
	f, err := os.Open(filepath.Join(src, rel))
	if os.IsNotExist(err) {
		fmt.Fprintf(h, "absent %q\n", rel)
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "file %q\n", rel)
	_, err = io.Copy(h, f)
	return err
}

// executableHash is the SHA-256 of the running program: a new xxgk renders anew.
var executableHash = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// shardKey is the hash of everything the pages of s are made from: the site's
// inputs, and for each of its documents the bytes that passed the check, whether it
// had been abolished on the build's day (the page says so), the sizes of its
// attachments (the page shows them) and its links to 解读 and policies (from the
// audit, the only part of the portal data a document's page shows).
func shardKey(inputs, src string, s *shard, d *portalData) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nshard %q\n", inputs, s.code)
	for _, r := range s.recs {
		fmt.Fprintf(h, "doc %q %x %v\n", r.Path, r.Sum, abolishedOn(r, d))
		for _, a := range r.Attachments {
			size := int64(-1)
			if fi, err := os.Stat(filepath.Join(src, "static", filepath.FromSlash(a.File))); err == nil {
				size = fi.Size()
			}
			fmt.Fprintf(h, "attachment %q %d\n", a.File, size)
		}
		if rel, ok := d.rep.Related[r.Index]; ok {
			b, _ := json.Marshal(rel)
			fmt.Fprintf(h, "related %s\n", b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// excerptRunes is how much of a document's plain text the portal's listings see
// (.Plain of a listed document): enough for a feed's description.
const excerptRunes = 300

// excerpt is the beginning of text, at most excerptRunes characters, in memory of
// its own (not keeping the whole text alive).
func excerpt(text string) string {
	if utf8.RuneCountInString(text) <= excerptRunes {
		return text
	}
	n := 0
	for i := range text {
		if n == excerptRunes {
			return strings.Clone(text[:i])
		}
		n++
	}
	return text
}

// dropBodies drops the bodies of recs, whose pages are written, keeping their front
// matter: an annual report's body stays, for its tables' workbook.
func dropBodies(recs []*record.Record) {
	for _, r := range recs {
		if r.Genre != annualreport.Genre {
			r.KeepFrontMatter()
		}
	}
}

// renderShards renders the shards stale, in batches, into their cache entries and
// calls rendered, when set, with each shard's documents once its entry is written.
func renderShards(src string, opts Options, set *record.Set, d *portalData, stale []*shard, cache *buildcache.Cache, rendered func([]*record.Record)) error {
	total := 0
	for _, s := range stale {
		total += len(s.recs)
	}
	done := 0
	dirs := &overlay.ContentDirs{} // every batch's Hugo site lists the same content tree
	for _, batch := range batches(stale, maxBatch) {
		o := opts
		if opts.Progress != nil {
			offset := done
			o.Progress = func(n, _ int) { opts.Progress(offset+n, total) }
		}
		if err := renderBatch(src, o, set, d, batch, cache, dirs); err != nil {
			return err
		}
		for _, s := range batch {
			done += len(s.recs)
			if rendered != nil {
				rendered(s.recs)
			}
		}
	}
	return nil
}

// renderBatch renders the documents of the shards in batch in one Hugo site and
// commits an entry for each shard. dirs is shared by the build's batches.
func renderBatch(src string, opts Options, set *record.Set, d *portalData, batch []*shard, cache *buildcache.Cache, dirs *overlay.ContentDirs) error {
	part := &record.Set{Registry: set.Registry}
	for _, s := range batch {
		part.Records = append(part.Records, s.recs...)
	}
	tmp, err := os.MkdirTemp(cache.Dir, ".render-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// The documents' pages are written side by side, as the cache keeps them,
	// rather than each in a directory of its own under tmp (made, then removed).
	flat, err := os.MkdirTemp(cache.Dir, ".pages-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(flat)
	pageFile := func(page string) string { return filepath.Join(flat, buildcache.FlatName(page)) }
	r, err := newRenderer(src, tmp, opts, set, d, hugosite.View{Part: part, Dirs: dirs, PageFile: pageFile})
	if err != nil {
		return err
	}
	defer r.close()
	if err := r.hugo(); err != nil {
		return err
	}
	_, relHome := r.homeURL()
	for _, s := range batch {
		w, err := cache.Create(s.code)
		if err != nil {
			return err
		}
		entry := &buildcache.Shard{Key: s.key}
		var docs []search.Doc
		for _, rec := range s.recs {
			page := rec.Page()
			sum, err := r.hs.PageHash(rec)
			if err != nil {
				w.Abandon()
				return err
			}
			text, _ := r.hs.Body(rec)
			if err := os.Rename(pageFile(page), w.Page(page)); err != nil {
				w.Abandon()
				return err
			}
			entry.AddDoc(buildcache.Doc{Page: page, Sum: hex.EncodeToString(sum[:]), Excerpt: excerpt(text)}, r.hs.Links().Refs(page))
			docs = append(docs, outputs.SearchDoc(rec, set.Registry, relHome+strings.TrimPrefix(rec.URL(), "/"), text))
		}
		if err := writeSegment(w.File(segmentFile), docs, set.Registry); err != nil {
			w.Abandon()
			return fmt.Errorf("写入搜索索引分段失败：%w", err)
		}
		if err := w.Commit(entry); err != nil {
			w.Abandon()
			return err
		}
		s.done, s.from = entry, cache
	}
	return nil
}

// plan is what a sharded build knows before it renders anything: the portal data,
// the site's inputs and each shard's key.
type plan struct {
	src    string
	opts   Options
	set    *record.Set
	data   *portalData
	inputs string
	shards []*shard
	// outputsBesideHugo writes the search index and the exports while Hugo renders
	// the portal's pages: a preview's clerk waits for both. A build writes them first,
	// so that the memory of the one is not added to the other's.
	outputsBesideHugo bool
}

func newPlan(src string, opts Options, set *record.Set) (*plan, error) {
	if err := hugosite.RefuseHTMLContent(src, set); err != nil {
		return nil, err
	}
	inputs, err := siteInputs(src, opts, set)
	if err != nil {
		return nil, err
	}
	return planWith(src, opts, set, inputs)
}

// planWith is newPlan for documents whose site's other inputs are known, checked
// and hashed (a preview after documents alone were saved).
func planWith(src string, opts Options, set *record.Set, inputs string) (*plan, error) {
	cfg, err := audit.LoadConfig(src)
	if err != nil {
		return nil, err
	}
	p := &plan{src: src, opts: opts, set: set, shards: shards(set), inputs: inputs}
	if p.data, err = newPortalData(set, cfg, opts.now()); err != nil {
		return nil, err
	}
	for _, s := range p.shards {
		s.key = shardKey(p.inputs, src, s, p.data)
	}
	return p, nil
}

// lookup finds in cache the shards of p built under their keys; it returns the others.
func (p *plan) lookup(cache *buildcache.Cache) (stale []*shard) {
	for _, s := range p.shards {
		if e, ok := s.cached(cache); ok {
			s.done, s.from = e, cache
		} else {
			stale = append(stale, s)
		}
	}
	return stale
}

// Shards says how a build came by its documents' pages and its listings.
type Shards struct {
	Total    int // shards (publishers with documents)
	Rendered int // shards whose pages were rendered, the others' came from the cache

	Listings         int // taxonomy terms with a listing
	ListingsRendered int // listings rendered, the others' came from the cache

	// PortalRendered says that Hugo rendered the portal's pages; else every one of
	// them (its own and the listings) came from the cache.
	PortalRendered bool
}

// renderSharded renders the site shard by shard: each shard's document pages come
// from the cache when nothing they are made from changed (or, with opts.From, from
// the shard directories given), else from a Hugo site holding only that shard's
// documents; then one Hugo site that holds every document as a catalogue stub
// (overlay.Stub) renders the portal's own pages — home, listings (those whose
// documents changed), feeds, sitemap, register, audit, search — unless none of them
// would change (portalKey), and the search index, registers, exports and manifest
// are written from what the shards noted.
func renderSharded(src, out string, opts Options, set *record.Set, cache *buildcache.Cache) (rendered, error) {
	var st Shards
	p, err := newPlan(src, opts, set)
	if err != nil {
		return rendered{}, err
	}
	var stale []*shard
	if len(opts.From) > 0 {
		if stale, err = p.assemble(opts.From); err != nil {
			return rendered{}, err
		}
	} else {
		stale = p.lookup(cache)
	}
	st.Total, st.Rendered = len(p.shards), len(stale)
	// A shard's documents' bodies go once its pages are written (or found written):
	// the portal needs their front matter only, and the memory is the next batches'.
	for _, s := range p.shards {
		if s.done != nil {
			dropBodies(s.recs)
		}
	}
	if err := renderShards(src, opts, set, p.data, stale, cache, dropBodies); err != nil {
		return rendered{}, err
	}
	pages, files, err := p.renderPortal(out, cache, &st)
	return rendered{pages: pages, files: files, shards: st}, err
}

// renderPortal renders the portal's pages into out, or places them from the cache
// when nothing they are made from changed, and puts the shards' pages beside them.
// out may hold a site rendered before (see clean). It returns the portal's pages
// (Result.Pages) and the number of files in out.
func (p *plan) renderPortal(out string, cache *buildcache.Cache, st *Shards) (pages, files int, err error) {
	excerpts := make(map[string]string, len(p.set.Records)) // record.Record.Page → excerpt
	for _, s := range p.shards {
		for _, doc := range s.done.Docs {
			excerpts[doc.Page] = doc.Excerpt
		}
	}
	prints := make(map[*record.Record][32]byte, len(p.set.Records))
	for _, rec := range p.set.Records {
		prints[rec] = stubPrint(rec, excerpts[rec.Page()], p.data)
	}
	ls := listingsOf(p.set)
	listingKeys(p.inputs, ls, p.set, prints)
	key := portalKey(p.inputs, p.set, prints, ls, p.data)
	reused := map[string]buildcache.Listing{}
	var skip []string
	var kept buildcache.Listing // the portal's own pages, when reused with every listing
	if cached := cache.Listings(); cached != nil && !hugosite.HasCascade(p.src) {
		for _, l := range ls {
			if c, ok := cached[l.id]; ok && c.Key == l.key {
				reused[l.id] = c
				skip = append(skip, l.id)
			}
		}
		if c, ok := cached[portalID]; ok && c.Key == key && len(reused) == len(ls) {
			kept = c
		}
	}
	whole := kept.Key != ""
	st.Listings, st.ListingsRendered, st.PortalRendered = len(ls), len(ls)-len(reused), !whole
	placing := maps.Clone(reused) // the listings whose files are placed from the cache
	if whole {
		placing[portalID] = kept
	}
	inv, _ := cache.TakeInventory(out)
	there, err := p.clean(out, inv, cache, placing)
	if err != nil {
		return 0, 0, fmt.Errorf("整理输出目录 %s 失败：%w", out, err)
	}
	v := hugosite.View{Skip: skip, Stubs: func(rec *record.Record) string { return excerpts[rec.Page()] }}
	r, err := newRenderer(p.src, out, p.opts, p.set, p.data, v)
	if err != nil {
		return 0, 0, err
	}
	defer r.close()
	r.there = there
	for _, s := range p.shards {
		if err := s.from.PlaceMissing(s.code, s.done, out, there); err != nil {
			return 0, 0, fmt.Errorf("复制缓存的页面失败：%w", err)
		}
		ids := r.hs.Links().Intern(s.done.Refs)
		for i, doc := range s.done.Docs {
			sum, err := hex.DecodeString(doc.Sum)
			if err != nil || len(sum) != 32 || doc.Page != s.recs[i].Page() {
				return 0, 0, fmt.Errorf("构建缓存 %s 中 %s 的记录已损坏：请删除这个目录后重新构建", s.from.Dir, s.code)
			}
			var links []uint32
			if ids != nil {
				links = make([]uint32, len(doc.Links))
				for j, l := range doc.Links {
					links[j] = ids[l]
				}
			}
			r.hs.NoteDone(doc.Page, [32]byte(sum), links)
		}
	}
	// The search index, registers, audit and manifest need nothing of the portal's
	// pages: a build writes them before Hugo renders those, so that the memory each
	// takes (the index's merge, Hugo's catalogue) is not added to the other's; a
	// preview, which a clerk waits for, beside Hugo (p.outputsBesideHugo).
	r.home, r.relHome = r.hs.ConfiguredHome()
	r.searchIndex = func() error { return p.writeSearchIndex(r.out, cache) }
	// The memo's keys are of the registers' content; another xxgk may write other
	// files of the same content, and must not be given this one's.
	exe, err := executableHash()
	if err != nil {
		return 0, 0, err
	}
	r.memo = func(key [32]byte, make func() ([]byte, error)) ([]byte, error) {
		return cache.Memo(sha256.Sum256(append([]byte(exe), key[:]...)), make)
	}
	besideHugo := p.outputsBesideHugo && !whole
	outputs := make(chan error, 1)
	if besideHugo {
		go func() { outputs <- r.writeOutputs() }()
	} else if err := r.writeOutputs(); err != nil {
		return 0, 0, err
	}
	pages = kept.Pages
	if whole {
		if err := r.placePortal(cache, ls, reused, kept); err != nil {
			return 0, 0, fmt.Errorf("复制缓存的页面失败：%w", err)
		}
	} else {
		err := r.hugo()
		if besideHugo {
			// Waited for even when Hugo failed: it writes into out.
			if oerr := <-outputs; oerr != nil {
				err = oerr
			}
		}
		if err != nil {
			return 0, 0, err
		}
	}
	if err := cache.PruneMemo(); err != nil {
		return 0, 0, fmt.Errorf("整理构建缓存失败：%w", err)
	}
	publish.Pause("render")
	if !whole {
		if err := r.keepListings(cache, ls, reused, key); err != nil {
			return 0, 0, fmt.Errorf("保存构建缓存失败：%w", err)
		}
		pages = r.hs.Pages()
	}
	if err := r.copyStatic(); err != nil {
		return 0, 0, err
	}
	r.phase("检查链接")
	res, err := r.checkLinks()
	if err != nil {
		return 0, 0, err
	}
	if err := cache.SaveInventory(out, p.inventory(out, res.Files, res.Dirs, cache, ls, key)); err != nil {
		return 0, 0, fmt.Errorf("保存构建缓存失败：%w", err)
	}
	return pages, len(res.Files), nil
}

// clean readies out, which may hold a site rendered before (a directory reused:
// making a directory for every document's page costs a file system more than the
// pages do), for the pages of p: it keeps the documents' pages that are links to the
// files p places there already and the directories p's documents' pages go into,
// and removes every other file and directory. It returns the pages it kept, which
// need not be placed again. With inv, the inventory the build that rendered out
// left of it, it need not walk out: a shard's pages are links to the files p places
// when their entry is the one they were placed from, and so are the files of the
// listings placing (by id) when the listings kept in cache are those they were
// placed from; those are kept and returned too.
func (p *plan) clean(out string, inv *buildcache.Inventory, cache *buildcache.Cache, placing map[string]buildcache.Listing) (map[string]bool, error) {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	keep := make(map[string]*shard, len(p.set.Records)) // page → its shard
	need := map[string]bool{}                           // directories of those pages
	for _, s := range p.shards {
		for _, d := range s.done.Docs {
			keep[d.Page] = s
			for dir := path.Dir(d.Page); dir != "." && !need[dir]; dir = path.Dir(dir) {
				need[dir] = true
			}
		}
	}
	if inv != nil {
		if there, ok := p.cleanListed(out, inv, keep, need, cache, placing); ok {
			return there, nil
		}
		// Something the inventory does not list is in out: walk it after all.
	}
	cleanWalks.Add(1)
	there := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(out, func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, name)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if rel != "." && !need[rel] {
				dirs = append(dirs, name)
			}
			return nil
		}
		if s, ok := keep[rel]; ok && buildcache.SameFile(s.from.PagePath(s.code, rel), name) {
			there[rel] = true
			return nil
		}
		return os.Remove(name)
	})
	if err != nil {
		return nil, err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Remove(dirs[i]); err != nil {
			return nil, err
		}
	}
	return there, nil
}

// cleanWalks counts the walks clean made, and cleanKeptListed the listings' files
// it kept (as links to the cache's), for tests.
var cleanWalks, cleanKeptListed atomic.Int64

// cleanListed is clean for an out that holds what inv lists: false when it holds
// more than that (a directory to be removed is not empty, or one kept was changed)
// or something else.
func (p *plan) cleanListed(out string, inv *buildcache.Inventory, keep map[string]*shard, need map[string]bool, cache *buildcache.Cache, placing map[string]buildcache.Listing) (map[string]bool, bool) {
	placed := map[*shard]bool{} // shards whose pages in out are links to their entry now
	for _, s := range p.shards {
		now, ok := s.from.Stamp(s.code, s.done.Key)
		placed[s] = ok && inv.Shards[s.code] == now
	}
	listed := map[string]bool{} // files of listings that are links to the cache's now
	for id, l := range placing {
		if now, ok := cache.ListingStamp(l.Key); ok && inv.Listings[id] == now {
			for _, f := range l.Files {
				if !strings.Contains(f.Path, "/") {
					// The top's time is not kept (publishing renames it), so nothing
					// would tell that a file there was replaced: placed again.
					continue
				}
				listed[f.Path] = true
				for dir := path.Dir(f.Path); dir != "." && !need[dir]; dir = path.Dir(dir) {
					need[dir] = true
				}
			}
		}
	}
	// A directory kept that is not a document's own is as it was left, or a file
	// may have been put there since.
	for _, d := range inv.Dirs {
		if t, ok := inv.Times[d]; ok && need[d] && dirTime(filepath.Join(out, filepath.FromSlash(d))) != t {
			return nil, false
		}
	}
	there := map[string]bool{}
	for _, f := range inv.Files {
		if s, ok := keep[f]; ok && placed[s] {
			there[f] = true
			continue
		}
		if listed[f] {
			there[f] = true
			cleanKeptListed.Add(1)
			continue
		}
		if err := os.Remove(filepath.Join(out, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, false // not as listed (a directory now?): the walk sees what it is
		}
	}
	dirs := slices.Clone(inv.Dirs)
	slices.Sort(dirs)
	for i := len(dirs) - 1; i >= 0; i-- { // a directory's own come after it
		if need[dirs[i]] {
			continue
		}
		err := os.Remove(filepath.Join(out, filepath.FromSlash(dirs[i])))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, false
		}
	}
	return there, true
}

// dirTime is the modification time of the directory dir in Unix nanoseconds; -1
// when it cannot be read.
func dirTime(dir string) int64 {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return -1
	}
	return fi.ModTime().UnixNano()
}

// inventory is what a sharded build leaves in out, for clean two builds later: the
// files and directories out holds (from the link check's walk), each shard's entry,
// the version of the listings kept in cache (all of ls and the portal's own pages,
// under key: their files in out are links to those) and the times of the
// directories but the documents' own (a city has 100,000 of those).
func (p *plan) inventory(out string, files, dirs []string, cache *buildcache.Cache, ls []*listing, key string) *buildcache.Inventory {
	inv := &buildcache.Inventory{
		Shards: make(map[string]buildcache.EntryStamp, len(p.shards)), Listings: make(map[string]buildcache.EntryStamp, len(ls)+1),
		Files: files, Dirs: dirs, Times: map[string]int64{},
	}
	own := map[string]bool{} // the documents' pages' directories
	for _, s := range p.shards {
		if st, ok := s.from.Stamp(s.code, s.done.Key); ok {
			inv.Shards[s.code] = st
		}
		for _, d := range s.done.Docs {
			own[path.Dir(d.Page)] = true
		}
	}
	if st, ok := cache.ListingStamp(key); ok {
		inv.Listings[portalID] = st
		for _, l := range ls {
			inv.Listings[l.id] = buildcache.EntryStamp{Dir: st.Dir, Key: l.key, Entry: st.Entry}
		}
	}
	for _, d := range dirs {
		if !own[d] {
			inv.Times[d] = dirTime(filepath.Join(out, filepath.FromSlash(d)))
		}
	}
	return inv
}

// segmentFile is the name of a shard's search segment in its cache entry.
const segmentFile = "search.seg"

// writeSegment writes into name the search segment of docs (search.BuildSegment): what
// the search index holds of a shard, for the index to be merged from every shard's.
func writeSegment(name string, docs []search.Doc, reg *record.Registry) error {
	var codes []string
	for _, d := range docs {
		if !slices.Contains(codes, d.Publisher) {
			codes = append(codes, d.Publisher)
		}
	}
	seg, err := search.BuildSegment(docs, outputs.SearchLabels(reg, codes...))
	if err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := seg.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeSearchIndex writes the search index of every document, merged from the
// shards' segments (search.Merge streams them: memory is not the corpus's texts),
// through the segments of groups of shards that cache keeps (searchGroups).
func (p *plan) writeSearchIndex(out string, cache *buildcache.Cache) error {
	segs, err := p.searchGroups(cache)
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	if err != nil {
		return fmt.Errorf("构建缓存中的搜索索引分段已损坏：请删除构建缓存目录后重新构建（%w）", err)
	}
	return outputs.MergeSearch(segs, p.set.Registry, out)
}

// groupEvery is how many shards a group of searchGroups has on average.
const groupEvery = 64

// shardGroups cuts shards, in order, into runs for searchGroups: a run ends after a
// shard whose code hashes to a multiple of groupEvery, so that a publisher added
// or removed changes its own run only, and documents added change none.
func shardGroups(shards []*shard) [][]*shard {
	var out [][]*shard
	start := 0
	for i, s := range shards {
		h := fnv.New32a()
		h.Write([]byte(s.code))
		if h.Sum32()%groupEvery == 0 || i == len(shards)-1 {
			out = append(out, shards[start:i+1])
			start = i + 1
		}
	}
	return out
}

// searchGroups returns the segments the search index is merged from: for each run
// of shardGroups, the merge of its shards' segments (search.MergeSegments), kept in
// cache under the run's shards' keys and segment files, or the shard's own segment
// for a run of one. After one shard changed, the index is merged from the runs'
// segments, a few dozen, of which one is merged again, not from every shard's: a
// merge over thousands of segments costs several times one over a few dozen of the
// same documents (search.BenchmarkMergeSegments).
func (p *plan) searchGroups(cache *buildcache.Cache) ([]*search.Segment, error) {
	var out []*search.Segment
	used := map[string]bool{}
	for _, g := range shardGroups(p.shards) {
		if len(g) == 1 {
			s, err := search.OpenSegment(g[0].from.File(g[0].code, segmentFile))
			if err != nil {
				return out, err
			}
			out = append(out, s)
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "search group %d\n", search.SegmentFormat)
		names := make([]string, len(g))
		for i, s := range g {
			names[i] = s.from.File(s.code, segmentFile)
			st, err := os.Stat(names[i])
			if err != nil {
				return out, err
			}
			fmt.Fprintf(h, "%q %s %d %d\n", s.code, s.key, st.Size(), st.ModTime().UnixNano())
		}
		key := hex.EncodeToString(h.Sum(nil))
		used[key] = true
		if s, err := search.OpenSegment(cache.SearchGroup(key)); err == nil {
			out = append(out, s)
			continue
		}
		if err := keepGroup(cache, key, names); err != nil {
			return out, err
		}
		s, err := search.OpenSegment(cache.SearchGroup(key))
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, cache.PruneSearchGroups(used)
}

// keepGroup merges the segments in the files names into one and keeps it in cache
// under key.
func keepGroup(cache *buildcache.Cache, key string, names []string) error {
	segs, err := search.OpenSegments(names)
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	merged, err := search.MergeSegments(segs)
	if err != nil {
		return err
	}
	return cache.KeepSearchGroup(key, func(w io.Writer) error {
		_, err := merged.WriteTo(w)
		return err
	})
}

// CacheDir is the build cache used for dest when none is named: .<name>-cache beside
// it, outside what is published.
func CacheDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+"-cache")
}

// buildShards renders the site into out through the build cache opts names (or a
// temporary one with opts.NoCache).
func buildShards(src, out, dest string, opts Options, set *record.Set) (rendered, error) {
	dir := opts.Cache
	if opts.NoCache {
		tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+"-nocache-")
		if err != nil {
			return rendered{}, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if dir == "" {
		dir = CacheDir(dest)
	}
	cache, err := buildcache.Open(dir)
	if err != nil {
		return rendered{}, fmt.Errorf("无法使用构建缓存 %s：%w", dir, err)
	}
	return renderSharded(src, out, opts, set, cache)
}
