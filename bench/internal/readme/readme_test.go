package readme

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	os.WriteFile(path, []byte("# B\n<!-- x:start -->\nold\n<!-- x:end -->\ntail\n"), 0o644)
	if err := Replace(path, "x", "new table\n"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "# B\n<!-- x:start -->\nnew table\n<!-- x:end -->\ntail\n" {
		t.Errorf("got %q", b)
	}
	if err := Replace(path, "y", "t"); err == nil {
		t.Error("missing markers not reported")
	}
}
