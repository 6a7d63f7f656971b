// Package testenv is what the tests ask of the machine they run on: whether it is CI,
// where the tools are that some tests need (Chromium, Node, pdftotext), and what a test
// does when one is missing — fail in CI, where .ci/run installs everything, and skip
// elsewhere; and the digest of a built tree the tests compare builds by. It is
// imported by tests and benchmarks only.
package testenv

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// CI reports whether the tests run in CI: the variable CI is set to a true value, as
// .ci/run and CI services set it (CI=true, CI=1). CI=false, CI=0 or an empty CI is not CI.
func CI() bool {
	v := strings.TrimSpace(os.Getenv("CI"))
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b // a value such as "github" is set by some services: CI
}

// Missing fails the test in CI, where what it needs should have been installed, and
// skips it elsewhere. why says what is missing and how to install it.
func Missing(t testing.TB, why string) {
	t.Helper()
	if CI() {
		t.Fatal(why)
	}
	t.Skip(why)
}

// FindChromium finds Chromium the way .ci/run does: $CHROMIUM when set, else chromium
// or chromium-browser on PATH.
func FindChromium() (string, bool) {
	names := []string{"chromium", "chromium-browser"}
	if c := os.Getenv("CHROMIUM"); c != "" {
		names = []string{c}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, true
		}
	}
	return "", false
}

// Chromium is FindChromium for a test: it fails or skips the test (see Missing) when
// Chromium is not there.
func Chromium(t testing.TB) string {
	t.Helper()
	p, ok := FindChromium()
	if !ok {
		Missing(t, "Chromium not found: set CHROMIUM or put chromium on PATH (.ci/run installs it with apt-get install chromium)")
	}
	return p
}

// Tool finds the program name on PATH for a test; install says how to get it.
func Tool(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" not found on PATH ("+install+")")
	}
	return p
}

// TreeDigest maps every file under dir, by its slash-separated path relative to dir,
// to the SHA-256 of its content: two builds' trees compare equal when their digests do.
func TreeDigest(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
