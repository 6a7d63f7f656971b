package e2e

import (
	"path/filepath"
	"testing"

	"xxgk/internal/site"
	"xxgk/internal/testenv"
)

// TestShardedHostileSite: on the hostile site — script in every field, a 10 MB
// document, zero-width characters, links of every scheme — the sharded build
// publishes byte for byte what one Hugo site holding every document publishes.
func TestShardedHostileSite(t *testing.T) {
	src := hostileSite(t)
	out := t.TempDir()
	trees := map[string]map[string]string{}
	for name, opts := range map[string]site.Options{
		"whole":   {WholeSite: true},
		"sharded": {NoCache: true},
	} {
		opts.Source, opts.Dest = src, filepath.Join(out, name)
		if _, err := site.Build(opts); err != nil {
			t.Fatalf("%s build: %v", name, err)
		}
		trees[name] = testenv.TreeDigest(t, opts.Dest)
	}
	if len(trees["whole"]) < 20 {
		t.Fatalf("only %d files built", len(trees["whole"]))
	}
	for path, sum := range trees["whole"] {
		if trees["sharded"][path] != sum {
			t.Errorf("%s differs", path)
		}
	}
	for path := range trees["sharded"] {
		if _, ok := trees["whole"][path]; !ok {
			t.Errorf("%s only in the sharded build", path)
		}
	}
}
