package record

import "xxgk/internal/annualreport"

// AnnualReportDocs is what table 1 of publisher's 政府信息公开工作年度报告 counts: the
// publisher's documents whose genre data/genres.toml maps to a row (annual_report_row).
func AnnualReportDocs(recs []*Record, reg *Registry, publisher string) []annualreport.Doc {
	var out []annualreport.Doc
	for _, r := range recs {
		if g, ok := reg.Genre(r.Genre); ok && g.AnnualReportRow != "" && r.Publisher == publisher {
			out = append(out, annualreport.Doc{Row: g.AnnualReportRow, Date: r.Date, Abolished: r.Abolished})
		}
	}
	return out
}

// annualReportCounts warns where a published annual report's table 1 differs from what
// the catalogue counts for its publisher and year: a figure typed by hand, or a
// document added to the catalogue since. A warning, not an error: the report may
// count documents published before the portal existed.
func (s *Set) annualReportCounts() []Problem {
	var out []Problem
	for _, r := range s.Records {
		if r.Genre != annualreport.Genre || r.Year == 0 {
			continue
		}
		src, err := r.Bytes() // never trusted unread (loadChecked): the whole file
		if err != nil {
			continue
		}
		_, body, n, err := SplitFrontMatter(src)
		if err != nil {
			continue
		}
		rep, problems := annualreport.ParseMarkdown(r.Path, body, n+1)
		if structural(problems) {
			continue // reported by the document's own check; the figures are not known
		}
		for _, p := range annualreport.CompareCounts(rep, AnnualReportDocs(s.Records, s.Registry, r.Publisher), r.Year) {
			out = append(out, Problem{File: p.File, Line: p.Line, Severity: Warning, Code: CodeAnnualReportCounts, Message: p.Message()})
		}
	}
	return out
}

func structural(ps []annualreport.Problem) bool {
	for _, p := range ps {
		if p.Rule == "" {
			return true
		}
	}
	return false
}
