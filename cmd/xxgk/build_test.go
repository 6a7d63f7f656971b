package main

import (
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		phase       string
		elapsed     time.Duration
		done, total int
		working     time.Duration
		want        string
	}{
		{"检查文档", 4 * time.Second, 0, 0, 0, "检查文档……（已用 4 秒）"},
		{"生成页面", 6 * time.Second, 0, 100000, 0, "生成页面……（已用 6 秒）"}, // Hugo still reading
		{"生成页面", 30 * time.Second, 12000, 100000, 27300 * time.Millisecond, "生成页面 12,000 / 100,000（12%），预计还需 3 分 21 秒"},
		{"生成页面", 30 * time.Second, 999, 1000, 20 * time.Second, "生成页面 999 / 1,000（99%），预计还需 1 秒"},
		{"生成页面", 9 * time.Second, 1000, 1000, 8 * time.Second, "生成页面……（已用 9 秒）"}, // the listings remain
		{"生成页面", 60 * time.Second, 1000, 2500000, 60 * time.Second, "生成页面 1,000 / 2,500,000（0%），预计还需 41 小时 39 分"},
		{"生成搜索索引和信息公开目录", 70 * time.Second, 1000, 1000, 8 * time.Second, "生成搜索索引和信息公开目录……（已用 70 秒）"},
	} {
		if got := progressLine(tc.phase, tc.elapsed, tc.done, tc.total, tc.working); got != tc.want {
			t.Errorf("progressLine(%s, %d/%d) = %q, want %q", tc.phase, tc.done, tc.total, got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12000: "12,000", 100000: "100,000", 2500000: "2,500,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProgressPace: the estimate counts from the start of the step, not from the
// first page: Hugo spends most of a batch reading and assembling before its first
// page, and an estimate from the first page promised minutes for an hour's build.
func TestProgressPace(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := t0
	p := &progress{start: t0, clock: func() time.Time { return now }}
	p.set("检查文档")
	now = t0.Add(20 * time.Second)
	p.set("生成页面") // the step begins at 20 s
	now = t0.Add(29 * time.Second)
	p.pages(1, 1000) // the first page at 29 s
	p.pages(100, 1000)
	p.set("生成页面") // the same step again: its start stays
	if got, want := p.line(t0.Add(30*time.Second)), "生成页面 100 / 1,000（10%），预计还需 1 分 30 秒"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}
