package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"xxgk/bench/internal/tools"
)

func TestParseSizes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		ok   bool
	}{
		{"1000,10000", []int{1000, 10000}, true},
		{" 1000 , 30000", []int{1000, 30000}, true},
		{"1000", []int{1000}, true},
		{"1000,", nil, false},
		{"1k", nil, false},
		{"0", nil, false},
		{"-5", nil, false},
	} {
		got, err := parseSizes(c.in)
		if (err == nil) != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("parseSizes(%q) = %v, %v", c.in, got, err)
		}
	}
}

func TestRenderTable(t *testing.T) {
	m := func(wall, cpu float64, mb int64) tools.Measurement {
		return tools.Measurement{Wall: time.Duration(wall * float64(time.Second)), CPU: time.Duration(cpu * float64(time.Second)), RSSKB: mb * 1024}
	}
	rs := []result{
		{docs: 1000, pagefind: true, xxgk: m(3, 6, 400), hugo: m(2, 4, 300), hugoPagefind: m(12, 16, 800),
			xFiles: 1400, hFiles: 1262, pfFiles: 1100},
		{docs: 10000, pagefind: true, xxgk: m(40, 60, 3000), hugo: m(20, 40, 2400),
			xFiles: 12000, hFiles: 11678, pfFailed: "signal: killed: out of | memory", pfFailedAfter: m(130, 250, 15448)},
		{docs: 30000, xxgk: m(300, 150, 6000), hugo: m(200, 120, 5000), xFiles: 35000, hFiles: 34000},
	}
	got := renderTable(rs, "2026-12-01", 2, "go1.26.8", 2)
	want := `Measured 2026-12-01 on 2 cores (go1.26.8); medians of 2 runs after a warm-up, the tools alternating within each round.

| documents | tool | files written | wall | CPU | peak RSS | xxgk wall ÷ this | xxgk CPU ÷ this | xxgk peak RSS ÷ this |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 1000 | xxgk build | 1400 | 3.00 s | 6.00 s | 400 MB | — | — | — |
| 1000 | hugo | 1262 | 2.00 s | 4.00 s | 300 MB | **1.50×** | **1.50×** | 1.33× |
| 1000 | hugo + Pagefind 1.6.0 | 1262 + 1100 | 12.00 s | 16.00 s | 800 MB | **0.25×** | **0.38×** | 0.50× |
| 10000 | xxgk build | 12000 | 40.00 s | 60.00 s | 3000 MB | — | — | — |
| 10000 | hugo | 11678 | 20.00 s | 40.00 s | 2400 MB | **2.00×** | **1.50×** | 1.25× |
| 10000 | hugo + Pagefind 1.6.0 | — | Pagefind failed after 130 s wall, 250 s CPU, 15448 MB peak RSS: signal: killed: out of / memory | — | — | — | — | — |
| 30000 | xxgk build | 35000 | 300.00 s | 150.00 s | 6000 MB | — | — | — |
| 30000 | hugo | 34000 | 200.00 s | 120.00 s | 5000 MB | **1.50×** | **1.25×** | 1.20× |
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Every row has as many cells as the header.
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[2:] {
		if n := strings.Count(line, "|"); n != 10 {
			t.Errorf("%d separators in %q", n, line)
		}
	}
}
