package main

import (
	"encoding/json"
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestCheckGolden runs xxgk check on a site with one file per kind of defect and
// compares both report formats with the golden files.
func TestCheckGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runCLI("check", "--source", "testdata/defects", "--format", format)
			if code != 1 {
				t.Errorf("exit %d, want 1 (stderr %q)", code, errs)
			}
			compareGolden(t, "check."+format+".golden", out)
		})
	}
}

// compareGolden compares out with testdata/name, or rewrites the file with -update.
func compareGolden(t *testing.T, name, out string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s; run go test ./cmd/xxgk -update and review the diff.\ngot:\n%s", golden, out)
	}
}

// TestCheckEveryDefectReported: each defective file is named in the report, the good
// one is not, and the JSON has the documented shape.
func TestCheckEveryDefectReported(t *testing.T) {
	_, out, _ := runCLI("check", "--source", "testdata/defects", "--format", "json")
	var r struct {
		Version, Documents, Errors, Warnings int
		Problems                             []struct {
			File, Field, Severity, Code, Message string
			Line                                 int
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || r.Errors == 0 || r.Warnings != 1 {
		t.Errorf("version %d, %d errors, %d warnings", r.Version, r.Errors, r.Warnings)
	}
	named := map[string]bool{}
	for _, p := range r.Problems {
		named[filepath.Base(p.File)] = true
		if p.Message == "" || (p.Severity != "error" && p.Severity != "warning") {
			t.Errorf("malformed problem %+v", p)
		}
	}
	// ok.md is flawless itself but is named too: index-duplicate.md reuses its 索引号
	// and same-title-date.md its title and date.
	entries, err := os.ReadDir("testdata/defects/content/qszz/2024")
	if err != nil || len(entries) < 2 {
		t.Fatalf("the defect fixtures: %v (%d files)", err, len(entries))
	}
	for _, e := range entries {
		if !named[e.Name()] {
			t.Errorf("%s not reported", e.Name())
		}
	}
}

// TestCheckCodes: each defect is reported with the code of its kind (docs/schema.md),
// which tools match instead of the message's wording.
func TestCheckCodes(t *testing.T) {
	_, out, _ := runCLI("check", "--source", "testdata/defects", "--format", "json")
	var r struct{ Problems []struct{ File, Code string } }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range r.Problems {
		if p.Code == "" {
			t.Errorf("%s: a problem without a code", p.File)
		}
		got[path.Base(p.File)] = append(got[path.Base(p.File)], p.Code)
	}
	for file, want := range map[string]string{
		"abolished-before.md":   "date-order",
		"attachment-escape.md":  "bad-attachment",
		"attachment-missing.md": "attachment-file",
		"bad-date.md":           "front-matter-syntax", // 2024-13-45 is not TOML
		"bad-toml.md":           "front-matter-syntax",
		"bidi-override.md":      "hidden-character",
		"index-duplicate.md":    "duplicate-index",
		"index-format.md":       "index-format",
		"index-fullwidth.md":    "index-fullwidth",
		"index-prefix.md":       "index-publisher",
		"index-year.md":         "index-year",
		"missing-title.md":      "missing-field",
		"notes.html":            "not-markdown",
		"nul-byte.md":           "hidden-character",
		"ok.md":                 "duplicate-index",
		"placeholder.md":        "placeholder",
		"publisher-name.md":     "publisher-name",
		"quoted-date.md":        "bad-date",
		"report-no-year.md":     "missing-year",
		"same-title-date.md":    "duplicate-document",
		"unknown-category.md":   "unknown-category",
		"unknown-genre.md":      "unknown-genre",
		"unknown-key.md":        "unknown-field",
		"unknown-publisher.md":  "unknown-publisher",
		"written-after.md":      "date-order",
	} {
		if !slices.Contains(got[file], want) {
			t.Errorf("%s: codes %v, want %s among them", file, got[file], want)
		}
	}
}

func TestCheckCleanSite(t *testing.T) {
	code, out, _ := runCLI("check", "--source", "../..")
	if code != 0 || !strings.HasSuffix(out, "没有发现问题。\n") {
		t.Errorf("exit %d: %s", code, out)
	}
	if code, _, errs := runCLI("check", "--source", "../..", "--format", "xml"); code != 2 || !strings.Contains(errs, "--format") {
		t.Errorf("bad format: exit %d, %s", code, errs)
	}
}
