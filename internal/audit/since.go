package audit

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"xxgk/internal/manifest"
)

// Compare lists what changed between the manifest of an earlier build and the
// current one: documents added, removed, and changed — flagged when the change has no
// 修订记录 entry dated on or after the earlier build.
func Compare(old, cur *manifest.Manifest) []Finding {
	out := []Finding{}
	// Documents are matched by 索引号; where one is (wrongly) used twice, by file too.
	before := map[string][]manifest.Entry{}
	for _, e := range old.Documents {
		before[e.Index] = append(before[e.Index], e)
	}
	// take removes and returns the earlier entry for e: the one with the same file if
	// there is one, else (unless exact) any with the same 索引号.
	take := func(e manifest.Entry, exact bool) (manifest.Entry, bool) {
		list := before[e.Index]
		i := slices.IndexFunc(list, func(o manifest.Entry) bool { return o.File == e.File })
		if i < 0 && !exact && len(list) > 0 {
			i = 0
		}
		if i < 0 {
			return manifest.Entry{}, false
		}
		o := list[i]
		before[e.Index] = slices.Delete(list, i, i+1)
		return o, true
	}
	olds := make([]manifest.Entry, len(cur.Documents))
	found := make([]bool, len(cur.Documents))
	for _, exact := range []bool{true, false} {
		for i, e := range cur.Documents {
			if !found[i] {
				olds[i], found[i] = take(e, exact)
			}
		}
	}
	for i, e := range cur.Documents {
		o, ok := olds[i], found[i]
		f := Finding{Index: e.Index, Files: []string{e.File}, URL: e.URL}
		switch {
		case !ok:
			f.Kind, f.Message = "added", "上次发布（"+old.Built+"）之后新发布"
		case o.Source == e.Source:
			continue
		case slices.ContainsFunc(e.Revisions, func(d string) bool { return d >= old.Built }):
			f.Kind, f.Message = "revised", "发布后有修改，已登记修订记录"
		default:
			f.Kind, f.Message = "changed", "上次发布（"+old.Built+"）之后内容有修改，但没有登记修订记录（revisions）"
		}
		out = append(out, f)
	}
	for _, o := range slices.Concat(slices.Collect(maps.Values(before))...) {
		out = append(out, Finding{Kind: "removed", Index: o.Index, Files: []string{o.File}, URL: o.URL,
			Message: "上次发布时有这篇文档，现已删除；已公开的信息应标注废止而不是删除"})
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Index, b.Index), strings.Compare(a.Kind, b.Kind))
	})
	return out
}

// Flagged reports whether the report holds anything an administrator must act on:
// catalogue defects, late publication, unregistered changes, missing or late quality
// reports.
func (rep *Report) Flagged() bool {
	for _, f := range rep.findings() {
		if f.Kind != "abolished" && f.Kind != "added" && f.Kind != "revised" {
			return true
		}
	}
	return rep.Compliance.Missing > 0 || rep.Compliance.Late > 0 || rep.DisclosureReports.Missing > 0 || rep.DisclosureReports.Late > 0 ||
		len(rep.Failed()) > 0 || len(rep.BrokenLinks()) > 0
}
