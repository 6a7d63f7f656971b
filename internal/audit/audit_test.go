package audit

import (
	"fmt"
	"testing"
	"time"

	"xxgk/internal/record"
)

// synthetic is a set of n documents spread over n/37 publishers and seven years, as
// in bench/gen's corpora.
func synthetic(n int) *record.Set {
	set := &record.Set{Registry: &record.Registry{}}
	pubs := max(1, n/37)
	for i := range pubs {
		set.Registry.Publishers = append(set.Registry.Publishers, record.Publisher{Code: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("机构%d", i), Type: "school"})
	}
	serial := map[string]int{}
	for i := range n {
		code := fmt.Sprintf("p%04d", (i*7)%pubs)
		d := time.Date(2019+i%7, 1, 1+i/pubs%300, 0, 0, 0, 0, record.Shanghai)
		serial[fmt.Sprint(code, d.Year())]++ // contiguous, in date order: no findings
		set.Records = append(set.Records, &record.Record{Publisher: code, Index: fmt.Sprintf("%s-%d-%05d", code, d.Year(), serial[fmt.Sprint(code, d.Year())]), Title: "标题",
			Category: "教育/规划", Genre: "通知", Date: d})
	}
	return set
}

// TestStatisticsMatrix: each cell of the publisher × year table is the number of
// that publisher's documents of that year, counted here one document at a time.
func TestStatisticsMatrix(t *testing.T) {
	set := synthetic(2000)
	st := statistics(set.Registry, set.Records)
	want := map[string]int{}
	for _, r := range set.Records {
		want[fmt.Sprint(r.Publisher, r.Date.Year())]++
	}
	if len(st.Matrix) != len(set.Registry.Publishers) {
		t.Fatalf("%d rows, want %d", len(st.Matrix), len(set.Registry.Publishers))
	}
	cells := 0
	for code, row := range st.Matrix {
		if len(row) != len(st.ByYear) {
			t.Errorf("%s: %d columns, want %d", code, len(row), len(st.ByYear))
		}
		for i, c := range row {
			if c.Key != st.ByYear[i].Key || c.Count != want[code+c.Key] {
				t.Errorf("%s %s: %d, want %d", code, c.Key, c.Count, want[code+c.Key])
			}
			cells += c.Count
		}
	}
	if cells != len(set.Records) {
		t.Errorf("the table holds %d documents, want %d", cells, len(set.Records))
	}
}

// BenchmarkRun audits corpora of two sizes; ns/doc shows whether the cost per
// document grows with the corpus.
func BenchmarkRun(b *testing.B) {
	cfg := DefaultConfig()
	for _, n := range []int{3000, 30000} {
		set := synthetic(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Run(set, cfg, Options{AsOf: time.Date(2026, 11, 23, 0, 0, 0, 0, record.Shanghai)})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
		})
	}
}
