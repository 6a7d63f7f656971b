package draft

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

// ReportRequest says which 政府信息公开工作年度报告 to start.
type ReportRequest struct {
	Site      string    // the site directory
	Publisher string    // a publisher code (or full name)
	Year      int       // the year reported on
	Now       time.Time // the moment of writing: the report is dated on its day
}

// CreateReport writes the annual report on disclosure work of a publisher for a year,
// in the national format, and returns its path relative to the site. Table 1 is
// counted from the publisher's documents; the other figures and the texts come from
// data/reports/<code>-<year>.toml, and what that file does not give is 0 and marked
// 【待填写】. It refuses an unknown publisher, a year that is not over, a report that
// exists already, and figures that break the format's arithmetic.
func CreateReport(req ReportRequest) (string, error) {
	set, err := record.Load(req.Site)
	if err != nil {
		return "", err
	}
	reg := set.Registry
	pub, err := findPublisher(reg, req.Publisher)
	if err != nil {
		return "", err
	}
	genre, ok := reg.Genre(annualreport.Genre)
	if !ok {
		return "", fmt.Errorf("data/genres.toml 中没有登记体裁“%s”，请先登记（见 docs/annualreport.md）", annualreport.Genre)
	}
	now := req.Now.In(record.Shanghai)
	if req.Year >= now.Year() {
		return "", fmt.Errorf("%d 年还没有结束（今天是 %s），只能编写已经过去的年度的报告", req.Year, now.Format("2006-01-02"))
	}
	if req.Year < 2008 {
		return "", fmt.Errorf("报告年度 %d 不对：《政府信息公开条例》自 2008 年起施行", req.Year)
	}
	for _, r := range set.Records {
		if r.Genre == annualreport.Genre && r.Publisher == pub.Code && r.Year == req.Year {
			return "", fmt.Errorf("%s 的 %d 年度报告已经有了：%s，不会再写一份", pub.Name, req.Year, r.Path)
		}
	}
	rep, err := figures(req.Site, pub.Code, req.Year)
	if err != nil {
		return "", err
	}
	annualreport.CountDocuments(rep, record.AnnualReportDocs(set.Records, reg, pub.Code), req.Year)
	title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", pub.Name, req.Year)
	return place(req.Site, reg, pub.Code, genre.Category, now, func(index string) ([]byte, error) {
		var fm record.FrontMatter
		fm.String("title", title)
		fm.String("index", index)
		fm.String("publisher", pub.Code)
		fm.Date("date", now)
		fm.String("category", genre.Category)
		fm.String("genre", genre.Name)
		fm.Int("year", req.Year)
		head, err := fm.Bytes()
		if err != nil {
			return nil, err
		}
		body := annualreport.Render(rep)
		return append(head, append(body, '\n')...), nil
	})
}

// figures reads the publisher's figures file for year, if there is one, and refuses
// it when a figure it gives breaks the format's arithmetic.
func figures(site, code string, year int) (*annualreport.Report, error) {
	rel := annualreport.FiguresPath(code, year)
	src, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		src = nil // every figure missing: the report is all 【待填写】
	} else if err != nil {
		return nil, err
	}
	rep, problems := annualreport.ParseFigures(rel, src)
	for _, p := range annualreport.Check(rep) {
		if p.Line > 0 { // a figure the file gives, not one still missing
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.String()
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	return rep, nil
}
