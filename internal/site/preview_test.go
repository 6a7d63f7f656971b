package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xxgk/internal/clock"
	"xxgk/internal/record"

	"xxgk/internal/testenv"
)

// TestPreviewMatchesBuild: after each kind of change, what the preview has rendered
// incrementally is, file for file, what a fresh xxgk build of the same files writes;
// a saved document's page is served before the rest of the site is rendered, and
// only the shards whose inputs changed are rendered again — after a document is
// saved, its publisher's alone.
func TestPreviewMatchesBuild(t *testing.T) {
	src := t.TempDir()
	for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
		testenv.CopyTree(t, filepath.Join(repoRoot, p), filepath.Join(src, p))
	}
	opts := Options{Source: src, Dest: filepath.Join(t.TempDir(), "preview"), BaseURL: "http://127.0.0.1:1313/", Now: clock.Fixed(sampleNow)}
	p, err := NewPreview(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// The saved documents' pages come first, from their shards' render, into the
	// directory being served. Those must be the pages the whole site's render gives.
	var quick map[string]string
	served := ""
	p.Rendered = func() {
		if p.Dir() != served {
			t.Errorf("the saved pages were put into %s, not into the directory being served, %s", p.Dir(), served)
		}
		quick = treeDigest(t, p.Dir())
	}
	all := len(shards(mustLoad(t, src)))
	// update passes the change on; wantQuick says whether the saved documents' pages
	// must have been rendered first (documents saved) or not (the whole site
	// checked again, or a document removed); wantShards is how many shards must have
	// been rendered again (-1: every one).
	update := func(name string, wantQuick bool, wantShards int, changed ...string) {
		t.Helper()
		for i, c := range changed {
			changed[i] = filepath.Join(src, filepath.FromSlash(c))
		}
		quick = nil
		served = p.Dir()
		if err := p.Update(changed...); err != nil {
			t.Fatal(err)
		}
		if err := p.WriteOutputs(); err != nil {
			t.Fatal(err)
		}
		if p.Dir() == served {
			t.Errorf("%s: the site was rendered into the directory being served", name)
		}
		if dirs, _ := filepath.Glob(filepath.Join(opts.Dest, "site-*")); len(dirs) > 2 {
			t.Errorf("%s: %d rendered directories kept, want the one served and the one before: %v", name, len(dirs), dirs)
		}
		// The directory rendered into is the one served two renders ago, cleared of
		// what this render does not write: a directory left empty would be there.
		if empty := emptyDirs(t, p.Dir()); len(empty) > 0 {
			t.Errorf("%s: empty directories left in the site: %v", name, empty)
		}
		if (quick != nil) != wantQuick {
			t.Fatalf("%s: pages rendered first: %v, want %v", name, quick != nil, wantQuick)
		}
		if wantShards < 0 {
			wantShards = all
		}
		if p.shards.Total != all || p.shards.Rendered != wantShards {
			t.Errorf("%s: shards %+v, want %d of %d rendered", name, p.shards, wantShards, all)
		}
		if quick == nil {
			return
		}
		final := treeDigest(t, p.Dir())
		for _, c := range changed {
			rel, _ := filepath.Rel(src, c)
			r := p.set.ByPath(filepath.ToSlash(rel))
			if r == nil {
				continue
			}
			page := strings.TrimPrefix(r.URL(), "/") + "index.html"
			if quick[page] == "" || quick[page] != final[page] {
				t.Errorf("%s: the page rendered first differs from the whole site's", page)
			}
		}
	}
	replace := func(file, old, new string) {
		t.Helper()
		path := filepath.Join(src, filepath.FromSlash(file))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q", file, old)
		}
		writeFile(t, path, strings.Replace(string(b), old, new, 1))
	}
	doc := "content/lxzz/2024/enrolment-plan.md"
	steps := []struct {
		name   string
		quick  bool // the saved documents' pages are rendered first
		shards int  // shards rendered again, -1 every one
		// walk: the render walks the directory it renders into, the one served two
		// renders before, which lost its inventory when a saved page was put there
		// that the inventory did not list (a new 索引号, a document added).
		walk   bool
		change func() []string
	}{
		{"first build", false, -1, false, func() []string { return nil }},
		{"nothing changed", false, 0, false, func() []string { return []string{"layouts/single.html"} }},
		{"a title edited", true, 1, false, func() []string {
			replace(doc, "2024年招生计划\"", "2024年招生计划（调整）\"")
			return []string{doc}
		}},
		{"a body edited", true, 1, false, func() []string {
			replace(doc, "学制三年", "学制三年（含一年顶岗实习）")
			return []string{doc}
		}},
		{"a document's category and 索引号 changed", true, 1, false, func() []string {
			replace(doc, `index = "lxzz-2024-00003"`, `index = "lxzz-2024-00099"`)
			replace(doc, `category = "业务工作/招生考试"`, `category = "规划统计/规划计划"`)
			return []string{doc}
		}},
		{"a document added", true, 1, false, func() []string {
			b, err := os.ReadFile(filepath.Join(src, doc))
			if err != nil {
				t.Fatal(err)
			}
			s := strings.NewReplacer(`index = "lxzz-2024-00099"`, `index = "lxzz-2024-00100"`, "招生计划（调整）", "招生计划补充说明").Replace(string(b))
			writeFile(t, filepath.Join(src, "content/lxzz/2024/enrolment-plan-2.md"), s)
			return []string{"content/lxzz/2024/enrolment-plan-2.md"}
		}},
		{"a document removed", false, 1, true, func() []string {
			if err := os.Remove(filepath.Join(src, doc)); err != nil {
				t.Fatal(err)
			}
			return []string{doc}
		}},
		{"a mistake, then its fix", true, 1, true, func() []string {
			doc := "content/lxzz/2024/enrolment-summary.md"
			replace(doc, "genre = ", "genre = 1 #")
			var check *CheckError
			if err := p.Update(filepath.Join(src, doc)); !errors.As(err, &check) {
				t.Errorf("a broken document: Update returned %v, want a CheckError", err)
			}
			replace(doc, "genre = 1 #", "genre = ")
			replace(doc, "title = \"", "title = \"（修正）")
			return []string{doc}
		}},
		{"a template edited", false, -1, false, func() []string {
			replace("layouts/single.html", `{{ define "main" }}`, `{{ define "main" }}<p class="preview-note">预览</p>`)
			return []string{"layouts/single.html"}
		}},
		{"a static file edited", false, -1, false, func() []string {
			replace("static/css/site.css", ":root", "/* 预览 */\n:root")
			return []string{"static/css/site.css"}
		}},
		{"a portal page edited", false, -1, false, func() []string {
			replace("content/guide.md", "title = \"", "title = \"（预览）")
			return []string{"content/guide.md"}
		}},
		{"a translation added", false, -1, false, func() []string {
			writeFile(t, filepath.Join(src, "i18n/zh-cn.toml"), "[preview]\nother = \"预览\"\n")
			return []string{"i18n/zh-cn.toml"}
		}},
		{"a registry edited", false, -1, false, func() []string {
			replace("data/publishers.toml", `name = "临溪县职业中等专业学校"`, `name = "临溪县职业中等专业学校（预览）"`)
			return []string{"data/publishers.toml"}
		}},
	}
	for _, s := range steps {
		walks := cleanWalks.Load()
		update(s.name, s.quick, s.shards, s.change()...)
		if walked := cleanWalks.Load() > walks; walked != s.walk {
			t.Errorf("%s: the render walked the directory it rendered into: %v, want %v", s.name, walked, s.walk)
		}
		built := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: built, BaseURL: opts.BaseURL, Now: opts.Now}); err != nil {
			t.Fatalf("%s: build: %v", s.name, err)
		}
		if d := testenv.DiffTrees(treeDigest(t, built), treeDigest(t, p.Dir())); len(d) > 0 {
			t.Errorf("%s: the preview differs from a build in %d files: %v", s.name, len(d), d[:min(len(d), 10)])
		}
	}
	// The directories no longer served are removed in the background, all of them
	// by the time Close returns.
	p.Close()
	entries, _ := os.ReadDir(opts.Dest)
	var left []string
	for _, e := range entries {
		if e.Name() != "cache" && e.Name() != filepath.Base(p.Dir()) && e.Name() != filepath.Base(p.old) {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		t.Errorf("after Close, %s holds besides the served directories: %v", opts.Dest, left)
	}
}

func mustLoad(t testing.TB, src string) *record.Set {
	t.Helper()
	set, err := record.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
