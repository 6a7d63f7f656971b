package site

import (
	"cmp"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"

	"xxgk/internal/testenv"
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

// BenchmarkPreviewSave measures what xxgk serve does after a clerk saves one document
// (Update, then WriteOutputs: the portal, search index and exports), on a copy of the
// sample site or of $XXGK_BENCH_SITE. The preview's first render is not timed.
func BenchmarkPreviewSave(b *testing.B) {
	src := b.TempDir()
	from := cmp.Or(os.Getenv("XXGK_BENCH_SITE"), repoRoot)
	for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
		if _, err := os.Stat(filepath.Join(from, p)); err == nil {
			testenv.CopyTree(b, filepath.Join(from, p), filepath.Join(src, p))
		}
	}
	set := mustLoad(b, src)
	p, err := NewPreview(Options{Source: src, Dest: filepath.Join(b.TempDir(), "preview")})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if err := p.Update(); err != nil {
		b.Fatal(err)
	}
	// XXGK_BENCH_CPUPROFILE: a CPU profile of the saves alone (go test's -cpuprofile
	// holds the first render too).
	if name := os.Getenv("XXGK_BENCH_CPUPROFILE"); name != "" {
		f, err := os.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	i := 0
	for b.Loop() {
		rec := set.Records[(i*7919)%len(set.Records)]
		i++
		name := filepath.Join(src, filepath.FromSlash(rec.Path))
		raw, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		edited := strings.Replace(string(raw), "title = \"", "title = \"（修订）", 1)
		if err := os.WriteFile(name, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := p.Update(name); err != nil {
			b.Fatal(err)
		}
		if err := p.WriteOutputs(); err != nil {
			b.Fatal(err)
		}
	}
}
