package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// auditArgs audits the fixture site with its known defects: a reused 索引号, a gap,
// a serial out of date order, a late notice, an abolished document, a school that
// published its quality report late and one that did not publish it, and changes
// against an earlier build's manifest (one registered as a revision, one not, one
// document removed, two added).
var auditArgs = []string{"audit", "--source", "testdata/audit", "--as-of", "2024-06-30", "--report-year", "2023",
	"--since", "testdata/audit-old-manifest.json"}

func TestAuditGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runCLI(append(auditArgs, "--format", format)...)
			if code != 1 {
				t.Errorf("exit %d, want 1 (findings); stderr %q", code, errs)
			}
			compareGolden(t, "audit."+format+".golden", out)
		})
	}
}

// TestAuditFindsEachDefect names what the fixture holds, so that a golden file
// refreshed with -update cannot silently lose a finding.
func TestAuditFindsEachDefect(t *testing.T) {
	_, out, _ := runCLI(append(auditArgs, "--format", "json")...)
	var rep struct {
		Version    int
		Integrity  []struct{ Kind, Index, Message string }
		Late       []struct{ Index string }
		Abolished  []struct{ Index string }
		Changes    []struct{ Kind, Index string }
		Compliance struct {
			Due     string
			Schools []struct{ Code, Status, Note string }
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Integrity {
		got = append(got, f.Kind+" "+f.Index)
	}
	for _, f := range rep.Late {
		got = append(got, "late "+f.Index)
	}
	for _, f := range rep.Abolished {
		got = append(got, "abolished "+f.Index)
	}
	for _, f := range rep.Changes {
		got = append(got, f.Kind+" "+f.Index)
	}
	for _, s := range rep.Compliance.Schools {
		got = append(got, s.Status+" "+s.Code)
	}
	want := []string{
		"gap qsjyj-2024-00003", "order qsjyj-2024-00004", "duplicate qszz-2024-00001",
		"late qsjyj-2024-00002", "abolished qsjyj-2023-00001",
		"added qsjx-2024-00001", "removed qsjyj-2022-00009", "changed qsjyj-2024-00001", "added qszz-2024-00001", "revised qszz-2024-00001",
		"ontime qszz", "late qsjx", "missing qsms",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Version != 1 || rep.Compliance.Due != "2024-03-31" {
		t.Errorf("version %d, due %s", rep.Version, rep.Compliance.Due)
	}
}

func TestAuditCSV(t *testing.T) {
	_, out, _ := runCLI(append(auditArgs, "--format", "csv")...)
	body, ok := bytes.CutPrefix([]byte(out), []byte("\ufeff"))
	if !ok {
		t.Fatal("CSV without a byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// header, 3 integrity, 1 late, 1 abolished, 5 changes; 6 empty and 1 stale
	// column, 2 failed pass/fail items (idle home page, empty columns).
	if len(rows) != 1+3+1+1+5+7+2 || rows[0][0] != "类别" || rows[1][0] != "索引号缺号" {
		t.Errorf("%d rows: %v", len(rows), rows[:2])
	}
}

func TestAuditUsage(t *testing.T) {
	for _, args := range [][]string{
		{"audit", "--source", "testdata/audit", "--format", "xml"},
		{"audit", "--source", "testdata/audit", "--publisher", "nosuch"},
		{"audit", "--source", "testdata/audit", "--as-of", "2024/06/30"},
	} {
		if code, _, errs := runCLI(args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	// One publisher: the bureau's own documents and its schools'.
	code, out, _ := runCLI("audit", "--source", "testdata/audit", "--as-of", "2024-06-30", "--report-year", "2023", "--publisher", "qsjx", "--format", "json")
	var rep struct {
		Documents  int
		Compliance struct{ Schools []struct{ Code string } }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code != 1 || rep.Documents != 1 || len(rep.Compliance.Schools) != 1 {
		t.Errorf("--publisher qsjx: exit %d, %d documents, %d schools", code, rep.Documents, len(rep.Compliance.Schools))
	}
}
