package site

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"xxgk/internal/buildcache"
	"xxgk/internal/record"
)

// A build across machines has two steps. RenderShards, on any number of machines at
// once, renders some publishers' shards into a directory of its own (the layout of
// package buildcache); a build with Options.From then assembles those directories:
// it renders only the portal's pages and publishes everything at once. Every step
// checks the whole site, so all of them must be given the same site and the same
// xxgk: a shard rendered from other inputs is refused, not published.

// ShardsResult describes the shards RenderShards wrote.
type ShardsResult struct {
	Dir       string   // the shard directory
	Codes     []string // the shards it holds now
	Rendered  int      // shards rendered; the others were there already under the same inputs
	Documents int      // their documents
	Elapsed   time.Duration
}

// RenderShards checks the site and renders the shards of the publishers codes (every
// publisher with documents when codes is empty) into dir, for a build with
// Options.From to assemble. A shard already in dir under the same inputs is kept.
func RenderShards(opts Options, codes []string, dir string) (*ShardsResult, error) {
	start := time.Now()
	src, _, err := resolveDirs(opts)
	if err != nil {
		return nil, err
	}
	if opts.Phase != nil {
		opts.Phase("检查文档")
	}
	set, err := record.Load(src)
	if err != nil {
		return nil, err
	}
	if set.HasErrors() {
		return nil, &CheckError{Problems: set.Problems}
	}
	set = set.Published(opts.Drafts)
	opts.loaded(len(set.Records))
	p, err := newPlan(src, opts, set)
	if err != nil {
		return nil, err
	}
	chosen, err := p.choose(codes)
	if err != nil {
		return nil, err
	}
	cache, err := buildcache.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("无法写入分片目录 %s：%w", dir, err)
	}
	var stale []*shard
	for _, s := range chosen {
		if _, ok := s.cached(cache); ok {
			continue
		}
		stale = append(stale, s)
	}
	if opts.Phase != nil {
		opts.Phase("生成页面")
	}
	if err := renderShards(src, opts, set, p.data, stale, cache, nil); err != nil {
		return nil, err
	}
	res := &ShardsResult{Dir: dir, Rendered: len(stale), Elapsed: time.Since(start)}
	for _, s := range chosen {
		res.Codes = append(res.Codes, s.code)
		res.Documents += len(s.recs)
	}
	return res, nil
}

// choose returns the shards of codes, in the plan's order; an unknown code or a
// publisher without documents is an error.
func (p *plan) choose(codes []string) ([]*shard, error) {
	if len(codes) == 0 {
		return p.shards, nil
	}
	var out []*shard
	var bad []string
	for _, code := range codes {
		i := slices.IndexFunc(p.shards, func(s *shard) bool { return s.code == code })
		switch {
		case i >= 0:
			if !slices.Contains(out, p.shards[i]) {
				out = append(out, p.shards[i])
			}
		case hasPublisher(p.set, code):
			bad = append(bad, fmt.Sprintf("发布机构 %s 没有文档，不需要生成分片", code))
		default:
			bad = append(bad, fmt.Sprintf("没有代码为 %s 的发布机构（见 data/publishers.toml）", code))
		}
	}
	if len(bad) > 0 {
		return nil, errors.New(strings.Join(bad, "\n"))
	}
	slices.SortStableFunc(out, func(a, b *shard) int {
		return slices.Index(p.shards, a) - slices.Index(p.shards, b)
	})
	return out, nil
}

func hasPublisher(set *record.Set, code string) bool {
	_, ok := set.Registry.Publisher(code)
	return ok
}

// AssembleError is returned when the shard directories given to assemble lack
// shards or hold shards rendered from other inputs; nothing was published.
type AssembleError struct {
	Missing []string // publishers whose shard no directory holds
	Stale   []string // publishers whose shard was rendered from other inputs
}

func (e *AssembleError) Error() string {
	var b strings.Builder
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "给出的分片目录中缺少这些发布机构的分片：%s\n", strings.Join(e.Missing, "、"))
	}
	if len(e.Stale) > 0 {
		fmt.Fprintf(&b, "这些发布机构的分片与本次构建的站点内容不一致（文档、模板、配置、data/ 或 xxgk 版本不同）：%s\n", strings.Join(e.Stale, "、"))
	}
	b.WriteString("请用同一份站点和同一个 xxgk 重新生成这些分片（xxgk build --shard …）。未发布；上次发布的内容保持不变。")
	return b.String()
}

// assemble finds every shard of p in the directories dirs; it renders none, so it
// returns no stale shards, or an *AssembleError naming what is missing.
func (p *plan) assemble(dirs []string) ([]*shard, error) {
	var caches []*buildcache.Cache
	for _, dir := range dirs {
		caches = append(caches, &buildcache.Cache{Dir: dir})
	}
	e := &AssembleError{}
	for _, s := range p.shards {
		found := false
		for _, c := range caches {
			if got, ok := s.cached(c); ok {
				s.done, s.from, found = got, c, true
				break
			}
		}
		if found {
			continue
		}
		stale := false
		for _, c := range caches {
			if _, err := c.Lookup(s.code); err == nil || !errors.Is(err, fs.ErrNotExist) {
				stale = true
			}
		}
		if stale {
			e.Stale = append(e.Stale, s.code)
		} else {
			e.Missing = append(e.Missing, s.code)
		}
	}
	if len(e.Missing) > 0 || len(e.Stale) > 0 {
		return nil, e
	}
	return nil, nil
}

// Groups splits the shards of the site in src into n groups of about the same
// number of documents, for n machines to render (`xxgk shards --groups N`). Each
// group lists publisher codes in the registry's order; no group is empty unless
// there are fewer shards than n.
func Groups(opts Options, n int) ([][]string, error) {
	src, _, err := resolveDirs(opts)
	if err != nil {
		return nil, err
	}
	set, err := record.Load(src)
	if err != nil {
		return nil, err
	}
	if set.HasErrors() {
		return nil, &CheckError{Problems: set.Problems}
	}
	return groups(shards(set.Published(opts.Drafts)), n), nil
}

// groups gives each shard, largest first, to the group with the fewest documents so far.
func groups(all []*shard, n int) [][]string {
	n = max(1, min(n, len(all)))
	order := slices.Clone(all)
	slices.SortStableFunc(order, func(a, b *shard) int { return len(b.recs) - len(a.recs) })
	load := make([]int, n)
	member := map[*shard]int{}
	for _, s := range order {
		g := slices.Index(load, slices.Min(load))
		member[s] = g
		load[g] += len(s.recs)
	}
	out := make([][]string, n)
	for _, s := range all {
		out[member[s]] = append(out[member[s]], s.code)
	}
	if len(all) == 0 {
		return nil
	}
	return out
}
