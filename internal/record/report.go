package record

import (
	"encoding/json"
	"fmt"
	"io"
)

// ReportVersion is the version of the JSON report format; it changes only when a field
// is removed or changes meaning.
const ReportVersion = 1

// Report is the JSON form of a check, written by xxgk check --format json. The format is
// documented in docs/schema.md.
type Report struct {
	Version   int       `json:"version"`
	Documents int       `json:"documents"`
	Errors    int       `json:"errors"`
	Warnings  int       `json:"warnings"`
	Problems  []Problem `json:"problems"`
}

// Report summarises the set for machines.
func (s *Set) Report() Report {
	r := Report{Version: ReportVersion, Documents: len(s.Records), Problems: s.Problems}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	for _, p := range s.Problems {
		if p.Severity == Error {
			r.Errors++
		} else {
			r.Warnings++
		}
	}
	return r
}

// WriteText writes the problems one per line, then a one-line summary, for people.
func (s *Set) WriteText(w io.Writer) error {
	r := s.Report()
	for _, p := range r.Problems {
		if _, err := fmt.Fprintln(w, p); err != nil {
			return err
		}
	}
	var err error
	switch {
	case r.Errors == 0 && r.Warnings == 0:
		_, err = fmt.Fprintf(w, "检查了 %d 篇文档，没有发现问题。\n", r.Documents)
	case r.Errors == 0:
		_, err = fmt.Fprintf(w, "检查了 %d 篇文档：%d 个提醒，可以发布。\n", r.Documents, r.Warnings)
	default:
		_, err = fmt.Fprintf(w, "检查了 %d 篇文档：%d 个错误，%d 个提醒。改正错误后才能发布。\n", r.Documents, r.Errors, r.Warnings)
	}
	return err
}

// WriteJSON writes the report as indented JSON.
func (s *Set) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.Report())
}

// MarshalText gives the severity's name in reports: "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) {
	if s == Warning {
		return []byte("warning"), nil
	}
	return []byte("error"), nil
}
