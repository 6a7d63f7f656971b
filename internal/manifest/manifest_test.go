package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xxgk/internal/record"
)

func TestBuildAndRead(t *testing.T) {
	set, err := record.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	built := time.Date(2026, 11, 23, 9, 0, 0, 0, record.Shanghai)
	m, err := Build(set, "", built)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != Version || m.Built != "2026-11-23" || len(m.Documents) != len(set.Records) {
		t.Fatalf("manifest %d documents, version %d, built %s", len(m.Documents), m.Version, m.Built)
	}
	revised := 0
	for i, e := range m.Documents {
		src, err := os.ReadFile(filepath.Join("../..", e.File))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if e.Source != hex.EncodeToString(sum[:]) || e.Index != set.Records[i].Index || e.Page != "" {
			t.Errorf("%s: entry %+v", e.File, e)
		}
		revised += len(e.Revisions)
	}
	if revised == 0 {
		t.Error("the sample has a revised document; the manifest records no revision")
	}
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "manifest.json")
	os.WriteFile(name, b, 0o644)
	back, err := Read(name)
	if err != nil || len(back.Documents) != len(m.Documents) || back.Documents[3].Source != m.Documents[3].Source {
		t.Errorf("read back: %v", err)
	}
	// Two builds of the same sources on the same day are identical.
	again, _ := Build(set, "", built.Add(time.Hour))
	b2, _ := again.JSON()
	if string(b) != string(b2) {
		t.Error("the same sources gave two different manifests")
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"html.json": "<html>", "v9.json": `{"version": 9}`} {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
		if _, err := Read(filepath.Join(dir, name)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
