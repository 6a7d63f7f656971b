package site

import (
	"cmp"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuild builds the sample site, or the site in $XXGK_BENCH_SITE (for example a
// corpus from bench/gen), republishing over the previous result as a real rebuild does.
func BenchmarkBuild(b *testing.B) {
	src := cmp.Or(os.Getenv("XXGK_BENCH_SITE"), repoRoot)
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
			b.Fatal(err)
		}
	}
}
