package site

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"xxgk/internal/audit"
	"xxgk/internal/clock"
	"xxgk/internal/hugosite"
	"xxgk/internal/linkcheck"
	"xxgk/internal/outputs"
	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/register"
	"xxgk/internal/search"
)

// renderer is one Hugo site (package hugosite) writing into one output directory,
// used once, and what the build writes beside its pages.
type renderer struct {
	hs   *hugosite.Site
	out  string
	opts Options
	set  *record.Set
	data *portalData // the register, the audit and data/xxgk.json of set on the build's day

	// When set: the portal's address before Hugo has built it
	// (hugosite.Site.ConfiguredHome), and how the search index is made (instead of
	// from Hugo's pages).
	home, relHome string
	searchIndex   func() error
	// memo, when set, keeps the register workbooks for the next build.
	memo outputs.Memo
	// there are the files out holds already as links to the cache (plan.clean).
	there map[string]bool
}

// newRenderer loads the site in src (whose documents are set, and d their portal
// data) into Hugo, holding the documents as v says; v's data are d's.
func newRenderer(src, out string, opts Options, set *record.Set, d *portalData, v hugosite.View) (*renderer, error) {
	v.Data = d.json
	if v.Part != nil {
		var err error
		if v.PartData, err = d.forDocuments(v.Part.Records); err != nil {
			return nil, err
		}
	}
	hs, err := hugosite.New(hugosite.Config{Source: src, Out: out, BaseURL: opts.BaseURL, Drafts: opts.Drafts,
		AsOf: d.asOf, Log: opts.Log, Progress: opts.Progress}, set, v)
	if err != nil {
		return nil, err
	}
	return &renderer{hs: hs, out: out, opts: opts, set: set, data: d}, nil
}

func (r *renderer) close() { r.hs.Close() }

// homeURL is the portal's address, absolute and relative, as Hugo gives it (or, before
// Hugo has built the site, as hugosite.Site.ConfiguredHome says it will be).
func (r *renderer) homeURL() (abs, rel string) {
	if r.home != "" {
		return r.home, r.relHome
	}
	return r.hs.Home()
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
	d.json, err = outputs.PortalData(set.Records, d.reg, d.rep)
	return d, err
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

// hugo renders the pages.
func (r *renderer) hugo() error {
	r.phase("生成页面")
	return r.hs.Build()
}

// writeOutputs writes what Hugo does not: the search index, the registers, the
// audit's files and the manifest.
func (r *renderer) writeOutputs() error {
	r.phase("生成搜索索引和信息公开目录")
	// Neither needs anything of the other: on two cores or more they are written
	// side by side (after a save, xxgk serve waits for both).
	var g errgroup.Group
	g.Go(r.writeSearchIndex)
	g.Go(r.writeExports)
	err := g.Wait()
	publish.Pause("outputs")
	return err
}

// writeSearchIndex writes the search index: merged from the shards' segments
// (r.searchIndex) or, in the whole-site build, from every document's text.
func (r *renderer) writeSearchIndex() error {
	if r.searchIndex != nil {
		return r.searchIndex()
	}
	var docs []search.Doc
	for _, d := range r.hs.Documents() {
		docs = append(docs, outputs.SearchDoc(d.Record, r.set.Registry, d.URL, d.Body))
	}
	return outputs.WriteSearch(docs, r.set.Registry, r.out)
}

// writeExports writes the registers, the audit's files, the annual reports' tables
// and the manifest.
func (r *renderer) writeExports() error {
	home, _ := r.homeURL()
	base := strings.TrimSuffix(home, "/")
	if err := outputs.WriteRegisters(r.set, r.data.reg, r.out, base, r.memo); err != nil {
		return fmt.Errorf("写入信息公开目录失败：%w", err)
	}
	if err := outputs.WriteAudit(r.data.rep, r.out, base); err != nil {
		return fmt.Errorf("写入审计结果失败：%w", err)
	}
	if err := writeAnnualReportTables(r.set, r.out); err != nil {
		return fmt.Errorf("写入年度报告表格失败：%w", err)
	}
	if err := outputs.WriteManifest(r.set, r.out, r.data.asOf, r.hs.PageHash); err != nil {
		return fmt.Errorf("写入 manifest.json 失败：%w", err)
	}
	return nil
}

// copyStatic copies static/ into the output: Hugo's Build does not.
func (r *renderer) copyStatic() error {
	r.phase("复制静态文件")
	return r.hs.CopyStatic()
}

// checkLinks fails with a LinkError when a page links to a file the output lacks.
// It returns the number of files in the output, which its walk counts: the check
// comes last, when every file is written.
func (r *renderer) checkLinks() (linkcheck.Result, error) {
	home, _ := r.homeURL()
	res, err := linkcheck.CheckNoted(r.out, home, r.hs.Links())
	if err != nil {
		return res, err
	}
	if len(res.Broken) > 0 {
		return res, newLinkError(r.set, res.Broken)
	}
	return res, nil
}
