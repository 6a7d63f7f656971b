// Package audit examines a site's publication catalogue the way an administrator
// must every year: 索引号 integrity, timeliness, validity, each school's annual
// quality report, and statistics.
package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"xxgk/internal/extlinks"
	"xxgk/internal/record"
	"xxgk/internal/scheme"
)

// Version is the version of the JSON audit report; it changes only when a field is
// removed or changes meaning. The format is documented in docs/audit.md.
const Version = 1

// Options narrow an audit.
type Options struct {
	Year      int    // publication year of the documents examined; 0 for all
	Publisher string // a publisher code: its documents and those of the bodies under it
	// ReportYear is the year whose quality reports are checked; 0 means the year
	// before AsOf's.
	ReportYear int
	AsOf       time.Time // the day of the audit
	// Links, when set, makes the audit ask every external address the documents
	// link to (xxgk audit --links).
	Links *extlinks.Options
}

// Finding is one problem in the catalogue.
type Finding struct {
	Kind    string   `json:"kind"` // duplicate, gap, order, year, late, abolished, changed, added, removed
	Index   string   `json:"index"`
	Title   string   `json:"title,omitempty"`
	Files   []string `json:"files,omitempty"`
	URL     string   `json:"url,omitempty"`
	Message string   `json:"message"`
}

// School is one line of the quality-report compliance table.
type School struct {
	Seq        int    `json:"seq"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Type       string `json:"type"`                // 学校类型: 公办/民办, 示范校…
	Published  string `json:"published,omitempty"` // 发布时间
	URL        string `json:"url,omitempty"`       // 发布网址, from the site root
	Index      string `json:"index,omitempty"`
	Status     string `json:"status"` // ontime, late, missing, pending
	DaysLate   int    `json:"daysLate,omitempty"`
	Note       string `json:"note"` // 备注
	published  time.Time
	reportPath string
}

// Compliance is the quality-report table for one year.
type Compliance struct {
	Year    int      `json:"year"`
	Due     string   `json:"due"`
	Schools []School `json:"schools"`
	Missing int      `json:"missing"`
	Late    int      `json:"late"`
}

// Count is one cell of the statistics.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Statistics counts the documents examined, like a disclosure annual report.
type Statistics struct {
	Total       int                `json:"total"`
	ByYear      []Count            `json:"byYear"`
	ByPublisher []Count            `json:"byPublisher"`
	ByCategory  []Count            `json:"byCategory"` // top-level categories
	ByGenre     []Count            `json:"byGenre"`
	Matrix      map[string][]Count `json:"publisherByYear"` // publisher code → counts by year
}

// Report is the whole audit.
type Report struct {
	Version    int        `json:"version"`
	AsOf       string     `json:"asOf"`
	Year       int        `json:"year,omitempty"`
	Publisher  string     `json:"publisher,omitempty"`
	Documents  int        `json:"documents"`
	Integrity  []Finding  `json:"integrity"`
	Late       []Finding  `json:"late"`
	Abolished  []Finding  `json:"abolished"`
	Changes    []Finding  `json:"changes,omitempty"`
	Compliance Compliance `json:"compliance"`
	// DisclosureReports is the timeliness of each body's annual report on
	// disclosure work for the report year.
	DisclosureReports DisclosureReports `json:"disclosureReports"`
	Statistics        Statistics        `json:"statistics"`
	// PublishWithin is the working-day limit the timeliness check used.
	PublishWithin int `json:"publishWithinWorkingDays"`
	// Interpretation lists policies without a timely 解读; Related links each
	// document to its 解读 and back, by 索引号 (interpret.go).
	Interpretation []Finding          `json:"interpretation"`
	Related        map[string]Related `json:"related"`
	// InterpretWithin is the limit the interpretation check used; 0 when no genre
	// needs interpretation.
	InterpretWithin int `json:"interpretWithinDays,omitempty"`
	// Columns, Home and Verdicts are the inspection's pass/fail items (columns.go).
	// ExternalLinks are the results of --links, broken ones first.
	ExternalLinks []LinkFinding `json:"externalLinks,omitempty"`
	Columns       []Column      `json:"columns"`
	Home          Home          `json:"home"`
	Verdicts      []Verdict     `json:"verdicts"`
}

// Run audits the documents of set.
func Run(set *record.Set, cfg Config, opts Options) *Report {
	asOf := dayOf(cmp.Or(opts.AsOf, time.Now()))
	scope := scopeOf(set.Registry, opts.Publisher)
	var recs []*record.Record
	for _, r := range set.Records {
		if (opts.Year == 0 || r.Date.Year() == opts.Year) && (opts.Publisher == "" || scope[r.Publisher]) {
			recs = append(recs, r)
		}
	}
	rep := &Report{Version: Version, AsOf: asOf.Format("2006-01-02"), Year: opts.Year, Publisher: opts.Publisher,
		Documents: len(recs), Integrity: integrity(set.Registry, recs), PublishWithin: cfg.PublishWithin,
		Late: []Finding{}, Abolished: []Finding{}}
	for _, r := range recs {
		if !r.Written.IsZero() {
			if n := cfg.WorkingDays(r.Written, r.Date); n > cfg.PublishWithin {
				rep.Late = append(rep.Late, finding("late", r, fmt.Sprintf("成文日期 %s，发布日期 %s，相隔 %d 个工作日，超过规定的 %d 个工作日",
					day(r.Written), day(r.Date), n, cfg.PublishWithin)))
			}
		}
		if !r.Abolished.IsZero() && !dayOf(r.Abolished).After(asOf) {
			rep.Abolished = append(rep.Abolished, finding("abolished", r, fmt.Sprintf("已于 %s 废止；页面和目录中标注为“已废止”，仍可查阅", day(r.Abolished))))
		}
	}
	year := cmp.Or(opts.ReportYear, asOf.Year()-1)
	rep.Compliance = compliance(set, cfg, scope, opts.Publisher, year, asOf)
	rep.DisclosureReports = disclosureReports(set, cfg, scope, opts.Publisher, year, asOf)
	rep.Statistics = statistics(set.Registry, recs)
	rep.Columns, rep.Home, rep.Verdicts = columns(set.Registry, cfg, recs, asOf)
	rep.Related = related(set.Records)
	rep.Interpretation = interpretation(cfg, recs, rep.Related, asOf)
	if opts.Links != nil {
		rep.ExternalLinks = externalLinks(recs, *opts.Links)
	}
	if len(cfg.needsInterpretation) > 0 {
		rep.InterpretWithin = cfg.InterpretWithin
	}
	return rep
}

// scopeOf is the set of publisher codes at or under code.
func scopeOf(reg *record.Registry, code string) map[string]bool {
	in := map[string]bool{code: true}
	for changed := true; changed; {
		changed = false
		for _, p := range reg.Publishers {
			if !in[p.Code] && in[p.Parent] {
				in[p.Code] = true
				changed = true
			}
		}
	}
	return in
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func finding(kind string, r *record.Record, msg string) Finding {
	return Finding{Kind: kind, Index: r.Index, Title: r.Title, Files: []string{r.Path}, URL: r.URL(), Message: msg}
}

// integrity finds reused 索引号, gaps in each series of numbers (a publisher's numbers
// of one pattern and year, or whatever else the pattern holds fixed), serials out of date
// order, and 索引号 whose year is not the publication year.
func integrity(reg *record.Registry, recs []*record.Record) []Finding {
	out := []Finding{}
	byIndex := map[string][]*record.Record{}
	type series struct {
		first *record.Record // the record whose number names the series
		vars  scheme.Vars
		recs  []*record.Record
	}
	bySeries := map[string]*series{}
	var order []string
	for _, r := range recs {
		byIndex[r.Index] = append(byIndex[r.Index], r)
		n, sch := r.Number, reg.Scheme(r.Publisher)
		if n.Pattern == nil || sch == nil {
			continue
		}
		if n.Pattern.HasYear() && n.Year != r.Date.Year() {
			out = append(out, finding("year", r, fmt.Sprintf("索引号中的年份 %d 与发布日期 %s 的年份不一致", n.Year, day(r.Date))))
		}
		key := n.Series(sch.Vars)
		if key == "" {
			continue
		}
		if bySeries[key] == nil {
			bySeries[key] = &series{first: r, vars: sch.Vars}
			order = append(order, key)
		}
		bySeries[key].recs = append(bySeries[key].recs, r)
	}
	for idx, rs := range byIndex {
		if len(rs) < 2 {
			continue
		}
		f := Finding{Kind: "duplicate", Index: idx, Title: rs[0].Title, Message: fmt.Sprintf("索引号被 %d 篇文档重复使用", len(rs))}
		for _, r := range rs {
			f.Files = append(f.Files, r.Path)
		}
		out = append(out, f)
	}
	for _, key := range order {
		s := bySeries[key]
		rs := s.recs
		slices.SortFunc(rs, func(a, b *record.Record) int { return cmp.Compare(a.Number.Serial, b.Number.Serial) })
		have := map[int]bool{}
		for _, r := range rs {
			have[r.Number.Serial] = true
		}
		first, last := rs[0].Number.Serial, rs[len(rs)-1].Number.Serial
		// A series that starts far from 1 usually continues numbers given out before the
		// site existed (a migration): those are summed up, not listed one by one.
		from := 1
		if first-1 > maxListed {
			from = first + 1
		}
		var missing []string
		count := 0
		for n := from; n < last; n++ {
			if have[n] {
				continue
			}
			if count++; count <= maxListed {
				num := s.first.Number
				num.Serial, num.Digits = n, ""
				missing = append(missing, num.Pattern.Format(s.vars, num.Number))
			}
		}
		whose := s.first.Publisher + " 的"
		if s.first.Number.Pattern.HasYear() {
			whose += fmt.Sprintf(" %d 年", s.first.Number.Year)
		}
		if from > 1 {
			out = append(out, Finding{Kind: "gap", Index: rs[0].Index, Files: []string{rs[0].Path}, URL: rs[0].URL(),
				Message: fmt.Sprintf("%s索引号从 %s 开始，之前的 %d 个编号不在本站（如为迁移前发布的文档，可不处理）", whose, rs[0].Index, first-1)})
		}
		if count > 0 {
			list := strings.Join(missing, "、")
			if count > maxListed {
				list += fmt.Sprintf(" 等共 %d 个", count)
			}
			out = append(out, Finding{Kind: "gap", Index: missing[0], Message: fmt.Sprintf("%s索引号不连续，缺少 %s", whose, list)})
		}
		for i := 1; i < len(rs); i++ {
			if a, b := rs[i-1], rs[i]; b.Date.Before(a.Date) && a.Number.Serial != b.Number.Serial {
				out = append(out, Finding{Kind: "order", Index: b.Index, Title: b.Title, Files: []string{a.Path, b.Path}, URL: b.URL(),
					Message: fmt.Sprintf("序号在 %s（%s 发布）之后，发布日期 %s 却更早", a.Index, day(a.Date), day(b.Date))})
			}
		}
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Index, b.Index), strings.Compare(a.Kind, b.Kind))
	})
	return out
}

// maxListed is how many missing numbers of one series a gap finding lists by number.
const maxListed = 20

// compliance checks, for every school in scope, its annual quality report for year.
func compliance(set *record.Set, cfg Config, scope map[string]bool, publisher string, year int, asOf time.Time) Compliance {
	due := cfg.Due(year)
	c := Compliance{Year: year, Due: day(due), Schools: []School{}}
	reports := map[string]*record.Record{}
	for _, r := range set.Records {
		if r.Genre != "年度质量报告" || r.Year != year {
			continue
		}
		school := cmp.Or(r.School, r.Publisher)
		if old, ok := reports[school]; !ok || r.Date.Before(old.Date) {
			reports[school] = r
		}
	}
	for _, p := range set.Registry.Publishers {
		if p.Type != "school" || (publisher != "" && !scope[p.Code]) {
			continue
		}
		s := School{Seq: len(c.Schools) + 1, Code: p.Code, Name: p.Name, Type: p.SchoolType}
		if r, ok := reports[p.Code]; ok {
			s.published, s.reportPath = r.Date, r.Path
			s.Published, s.URL, s.Index = day(r.Date), r.URL(), r.Index
			if late := int(dayOf(r.Date).Sub(due).Hours() / 24); late > 0 {
				s.Status, s.DaysLate = "late", late
				s.Note = fmt.Sprintf("逾期 %d 天发布（应于 %s 前发布）", late, day(due))
				c.Late++
			} else {
				s.Status, s.Note = "ontime", "按时发布"
			}
		} else if asOf.After(due) {
			s.Status, s.Note = "missing", fmt.Sprintf("未发布（应于 %s 前发布）", day(due))
			c.Missing++
		} else {
			s.Status, s.Note = "pending", fmt.Sprintf("尚未发布（截止日期 %s）", day(due))
		}
		c.Schools = append(c.Schools, s)
	}
	return c
}

// statistics counts recs by year, publisher, top-level category and genre.
func statistics(reg *record.Registry, recs []*record.Record) Statistics {
	names := map[string]string{}
	for _, p := range reg.Publishers {
		names[p.Code] = p.Name
	}
	count := func(key func(*record.Record) string, label func(string) string) []Count {
		m := map[string]int{}
		for _, r := range recs {
			m[key(r)]++
		}
		out := []Count{}
		for k, n := range m {
			out = append(out, Count{Key: k, Label: label(k), Count: n})
		}
		slices.SortFunc(out, func(a, b Count) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Key, b.Key)) })
		return out
	}
	same := func(s string) string { return s }
	year := func(r *record.Record) string { return fmt.Sprint(r.Date.Year()) }
	st := Statistics{
		Total:       len(recs),
		ByYear:      count(year, func(s string) string { return s + " 年" }),
		ByPublisher: count(func(r *record.Record) string { return r.Publisher }, func(s string) string { return cmp.Or(names[s], s) }),
		ByCategory:  count(func(r *record.Record) string { top, _, _ := strings.Cut(r.Category, "/"); return top }, same),
		ByGenre:     count(func(r *record.Record) string { return r.Genre }, same),
		Matrix:      map[string][]Count{},
	}
	slices.SortFunc(st.ByYear, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	// One pass over the documents: a pass per publisher would cost the corpus's size
	// times the number of publishers.
	years := map[string]map[string]int{}
	for _, r := range recs {
		ys := years[r.Publisher]
		if ys == nil {
			ys = map[string]int{}
			years[r.Publisher] = ys
		}
		ys[year(r)]++
	}
	for _, p := range st.ByPublisher {
		ys := years[p.Key]
		var row []Count
		for _, y := range st.ByYear {
			row = append(row, Count{Key: y.Key, Label: y.Label, Count: ys[y.Key]})
		}
		st.Matrix[p.Key] = row
	}
	return st
}
