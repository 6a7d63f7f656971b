package record

import (
	"cmp"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad checks the sample site, or the site in $XXGK_BENCH_SITE (one made
// by bench/gen, say), with every document checked ("check") and with their own
// checks taken from a CheckCache filled before ("cached"), side by side.
func BenchmarkLoad(b *testing.B) {
	dir := cmp.Or(os.Getenv("XXGK_BENCH_SITE"), filepath.Join("..", ".."))
	cache := &CheckCache{File: filepath.Join(b.TempDir(), "checks"), Version: "bench"}
	if _, err := LoadCached(dir, cache); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		cache *CheckCache
	}{{"check", nil}, {"cached", cache}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := LoadCached(dir, c.cache); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
