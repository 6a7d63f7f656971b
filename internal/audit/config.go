package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// Config is data/audit.toml: the rules the audit applies. Every key is optional.
type Config struct {
	// PublishWithin is the most working days allowed between 成文日期 and 发布日期.
	PublishWithin int `toml:"publish_within_working_days"`
	// QualityReportDue is the month and day ("03-31") of the year after the report
	// year by which a school's 年度质量报告 must be published.
	QualityReportDue string `toml:"quality_report_due"`
	// Holidays are public holidays on weekdays; Workdays are weekend days worked
	// instead (调休).
	Holidays []time.Time `toml:"holidays"`
	Workdays []time.Time `toml:"workdays"`
	// AnnualReportDueByType is [annual_report_due]: for each publisher type, the
	// month-day of the following year by which the 政府信息公开工作年度报告 is due.
	AnnualReportDueByType map[string]string `toml:"annual_report_due"`

	// Columns holds the rules of the inspection's pass/fail items on columns and the
	// home page ([columns] in data/audit.toml); see columns.go.
	Columns ColumnRules `toml:"columns"`

	// InterpretWithin is how many days after a policy its 解读 may follow (3).
	InterpretWithin int `toml:"interpret_within_days"`

	// limits are the update limits data/categories.toml sets per category.
	limits map[string]Limit
	// needsInterpretation are the genres data/genres.toml marks needs_interpretation.
	needsInterpretation map[string]bool

	holidays, workdays map[string]bool
	dueMonth           time.Month
	dueDay             int
}

// DefaultConfig is used where data/audit.toml says nothing.
func DefaultConfig() Config {
	c := Config{PublishWithin: 20, QualityReportDue: "03-31", Columns: DefaultColumnRules(), InterpretWithin: 3}
	c.compile()
	return c
}

// LoadConfig reads data/audit.toml under the site directory dir, if there is one.
func LoadConfig(dir string) (Config, error) {
	c := DefaultConfig()
	name := filepath.Join(dir, "data", "audit.toml")
	src, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		if err := c.loadColumns(dir); err != nil {
			return c, err
		}
		return c, c.loadGenres(dir)
	}
	if err != nil {
		return c, err
	}
	md, err := toml.Decode(string(src), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, fmt.Errorf("data/audit.toml:%d: 格式有误：%s", pe.Position.Line, pe.Message)
		}
		return c, fmt.Errorf("data/audit.toml: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return c, fmt.Errorf("data/audit.toml: 不认识的设置 %q（可用：publish_within_working_days、quality_report_due、holidays、workdays、annual_report_due、interpret_within_days、[columns]）", keys[0].String())
	}
	if err := c.loadColumns(dir); err != nil {
		return c, err
	}
	if err := c.loadGenres(dir); err != nil {
		return c, err
	}
	if c.PublishWithin < 1 {
		return c, fmt.Errorf("data/audit.toml: publish_within_working_days 应为正整数，现为 %d", c.PublishWithin)
	}
	if err := c.compile(); err != nil {
		return c, err
	}
	return c, nil
}

func (c *Config) compile() error {
	due, err := time.Parse("01-02", c.QualityReportDue)
	if err != nil {
		return fmt.Errorf("data/audit.toml: quality_report_due 应写成 月-日，例如 \"03-31\"，现为 %q", c.QualityReportDue)
	}
	c.dueMonth, c.dueDay = due.Month(), due.Day()
	if err := c.checkAnnualReportDue(); err != nil {
		return err
	}
	c.holidays, c.workdays = map[string]bool{}, map[string]bool{}
	for _, d := range c.Holidays {
		c.holidays[d.Format("2006-01-02")] = true
	}
	for _, d := range c.Workdays {
		c.workdays[d.Format("2006-01-02")] = true
	}
	return nil
}

// Due is the day by which the quality report for year must be published.
func (c *Config) Due(year int) time.Time {
	return time.Date(year+1, c.dueMonth, c.dueDay, 0, 0, 0, 0, record.Shanghai)
}

// working reports whether day is a working day.
func (c *Config) working(day time.Time) bool {
	k := day.Format("2006-01-02")
	if c.workdays[k] {
		return true
	}
	if c.holidays[k] {
		return false
	}
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
}

// WorkingDays counts the working days after from, up to and including to.
func (c *Config) WorkingDays(from, to time.Time) int {
	from = dayOf(from)
	to = dayOf(to)
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.working(d) {
			n++
		}
	}
	return n
}

func dayOf(t time.Time) time.Time {
	t = t.In(record.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, record.Shanghai)
}
