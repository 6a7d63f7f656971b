package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCI(t *testing.T) {
	for v, want := range map[string]bool{"": false, "false": false, "0": false, "FALSE": false, " false ": false,
		"true": true, "1": true, "TRUE": true, "github": true} {
		t.Setenv("CI", v)
		if got := CI(); got != want {
			t.Errorf("CI=%q: CI() = %v, want %v", v, got, want)
		}
	}
}

func TestFindChromium(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "my-chrome")
	if err := os.WriteFile(other, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("CHROMIUM", "")
	if p, ok := FindChromium(); !ok || p != fake {
		t.Errorf("on PATH: %q %v, want %q", p, ok, fake)
	}
	t.Setenv("CHROMIUM", other)
	if p, ok := FindChromium(); !ok || p != other {
		t.Errorf("CHROMIUM set: %q %v, want %q", p, ok, other)
	}
	t.Setenv("CHROMIUM", filepath.Join(dir, "none"))
	if p, ok := FindChromium(); ok {
		t.Errorf("CHROMIUM names a missing file, found %q", p)
	}
}
