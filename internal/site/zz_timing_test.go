package site

import (
	"os"
	"testing"
	"time"

	"xxgk/internal/audit"
	"xxgk/internal/buildcache"
	"xxgk/internal/record"
)

func TestZZTiming(t *testing.T) {
	src := os.Getenv("XXGK_TIMING_SITE")
	if src == "" {
		t.Skip()
	}
	set, _ := record.Load(src)
	var docs []string
	docs = append(docs, set.Records[5000].Path)
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		set.Update(docs)
		t1 := time.Now()
		refuseHTMLContent(src, set)
		t2 := time.Now()
		cfg, _ := audit.LoadConfig(src)
		d, _ := newPortalData(set, cfg, time.Now())
		t3 := time.Now()
		in, _ := siteInputs(src, Options{}, set)
		t4 := time.Now()
		for _, s := range shards(set) {
			shardKey(in, src, s, d)
		}
		t5 := time.Now()
		pl, _ := newPlan(src, Options{}, set)
		t6 := time.Now()
		var sh *shard
		for _, s := range pl.shards {
			if s.code == set.Records[5000].Publisher {
				sh = s
			}
		}
		cache, _ := buildcache.Open(t.TempDir())
		if err := renderBatch(src, Options{}, set, pl.data, []*shard{sh}, cache); err != nil {
			t.Fatal(err)
		}
		t7 := time.Now()
		t.Logf("plan %v shard of %d docs %v", t6.Sub(t5), len(sh.recs), t7.Sub(t6))
		t.Logf("update %v refuse %v portaldata %v (json %d) inputs %v keys %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), len(d.json), t4.Sub(t3), t5.Sub(t4))
	}
}
