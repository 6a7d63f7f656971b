package site

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xxgk/internal/clock"
	"xxgk/internal/record"

	"xxgk/internal/testenv"
)

// TestReproducibleAcrossDays: with the clock fixed, two builds at different hours of
// one day give byte-identical trees, and the machine's own date appears nowhere; a
// build on the next day differs where dates are decided, and only there.
func TestReproducibleAcrossDays(t *testing.T) {
	src := fixture(t, `-- content/qszz/2024/rules.md --
+++
title = "青石县职业中等专业学校学生宿舍管理办法"
index = "qszz-2024-00002"
publisher = "qszz"
date = 2024-03-01
category = "通知公告"
genre = "通知"
abolished = 2025-03-01
+++

正文。
`)
	build := func(now time.Time) map[string]string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: dest, Now: clock.Fixed(now)}); err != nil {
			t.Fatal(err)
		}
		tree := treeDigest(t, dest)
		today := time.Now().In(record.Shanghai)
		for name := range tree {
			b, err := os.ReadFile(filepath.Join(dest, name))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{today.Format("2006-01-02"), today.Format("2006年1月2日")} {
				if strings.Contains(string(b), d) {
					t.Errorf("%s holds the machine's date %s", name, d)
				}
			}
		}
		return tree
	}
	morning := build(time.Date(2025, 2, 28, 0, 0, 1, 0, record.Shanghai))
	evening := build(time.Date(2025, 2, 28, 23, 59, 59, 0, record.Shanghai))
	if d := testenv.DiffTrees(morning, evening); len(d) > 0 {
		t.Errorf("two builds on one day differ in %v", d)
	}
	// 1 March 2025 00:30 in Shanghai is still 28 February in UTC.
	next := build(time.Date(2025, 2, 28, 16, 30, 0, 0, time.UTC))
	d := testenv.DiffTrees(morning, next)
	for _, want := range []string{"manifest.json", "register.json", "qszz/qszz-2024-00002/index.html"} {
		if !slices.Contains(d, want) {
			t.Errorf("the next day's build does not differ in %s (differs in %v)", want, d)
		}
	}
	if slices.Contains(d, "qszz/qszz-2024-00001/index.html") {
		t.Error("a page without dates to decide changed with the day")
	}
}
