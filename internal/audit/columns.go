package audit

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// ColumnRules are the inspection's pass/fail (单项否决) rules on columns and the home
// page, from [columns] in data/audit.toml. At the time of writing the national
// 政府网站与政务新媒体检查指标 fail a site whose home page has not been updated for two
// weeks, that has five or more columns which should be updated and are not, or five
// or more empty columns.
type ColumnRules struct {
	// UpdateWithinDays and UpdateWithinMonths are the update limit of a category
	// that sets none in data/categories.toml; both 0 (the default) leave such a
	// category unchecked, as columns like 机构职能 change rarely.
	UpdateWithinDays   int `toml:"update_within_days"`
	UpdateWithinMonths int `toml:"update_within_months"`
	// HomeWithinDays is how long the home page may go without a new document (14).
	HomeWithinDays int `toml:"home_within_days"`
	// StaleColumns and EmptyColumns are how many stale or empty columns fail the
	// site (5 each).
	StaleColumns int `toml:"stale_columns"`
	EmptyColumns int `toml:"empty_columns"`
}

// DefaultColumnRules are the inspection's thresholds.
func DefaultColumnRules() ColumnRules {
	return ColumnRules{HomeWithinDays: 14, StaleColumns: 5, EmptyColumns: 5}
}

// Limit is how long a column may go without a new document: days or calendar months.
type Limit struct {
	Days, Months int
}

// IsZero reports whether there is no limit.
func (l Limit) IsZero() bool { return l.Days == 0 && l.Months == 0 }

// Deadline is the last day a column last updated on last is still up to date.
func (l Limit) Deadline(last time.Time) time.Time {
	return last.AddDate(0, l.Months, l.Days)
}

// String says the limit in Chinese: "14 天", "6 个月".
func (l Limit) String() string {
	switch {
	case l.Months > 0 && l.Days > 0:
		return fmt.Sprintf("%d 个月 %d 天", l.Months, l.Days)
	case l.Months > 0:
		return fmt.Sprintf("%d 个月", l.Months)
	default:
		return fmt.Sprintf("%d 天", l.Days)
	}
}

// loadColumns reads the update limits that data/categories.toml sets per category
// (update_within_days or update_within_months on a [[category]]) and checks the
// [columns] rules.
func (c *Config) loadColumns(dir string) error {
	r := c.Columns
	if r.UpdateWithinDays < 0 || r.UpdateWithinMonths < 0 || r.HomeWithinDays < 1 || r.StaleColumns < 1 || r.EmptyColumns < 1 {
		return errors.New("data/audit.toml: [columns] 中的天数、月数和栏目数应为正整数（update_within_days、update_within_months 可以为 0，表示不检查）")
	}
	c.limits = map[string]Limit{}
	src, err := os.ReadFile(filepath.Join(dir, "data", "categories.toml"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var cats struct {
		Category []struct {
			Path   string `toml:"path"`
			Days   int    `toml:"update_within_days"`
			Months int    `toml:"update_within_months"`
		} `toml:"category"`
	}
	if _, err := toml.Decode(string(src), &cats); err != nil {
		return fmt.Errorf("data/categories.toml: 格式有误：%w", err)
	}
	for _, k := range cats.Category {
		if k.Days < 0 || k.Months < 0 {
			return fmt.Errorf("data/categories.toml: 主题分类 %q 的 update_within_days、update_within_months 不能为负数", k.Path)
		}
		if k.Days > 0 || k.Months > 0 {
			c.limits[k.Path] = Limit{Days: k.Days, Months: k.Months}
		}
	}
	return nil
}

// LimitOf is the update limit of the category at path: its own, else the default.
func (c *Config) LimitOf(path string) Limit {
	if l, ok := c.limits[path]; ok {
		return l
	}
	return Limit{Days: c.Columns.UpdateWithinDays, Months: c.Columns.UpdateWithinMonths}
}

// Column is one registered category as the inspection sees it.
type Column struct {
	Path   string `json:"path"`
	Count  int    `json:"count"`          // documents in it or below it
	Last   string `json:"last,omitempty"` // the newest one's publication date
	Limit  string `json:"limit,omitempty"`
	Due    string `json:"due,omitempty"` // the day by which a new document is due
	Status string `json:"status"`        // ok, stale, empty, unchecked
	Note   string `json:"note"`
}

// Home is how long the portal has gone without a new document.
type Home struct {
	Last     string `json:"last,omitempty"`
	IdleDays int    `json:"idleDays"`
	Limit    int    `json:"limitDays"`
}

// Verdict is one pass/fail (单项否决) item of the inspection.
type Verdict struct {
	Item      string `json:"item"`      // 首页不更新, 栏目不更新, 空白栏目
	Threshold string `json:"threshold"` // what fails the site
	Value     string `json:"value"`     // what was found
	Pass      bool   `json:"pass"`
}

// columns examines every registered category of the documents in recs on asOf.
func columns(reg *record.Registry, cfg Config, recs []*record.Record, asOf time.Time) ([]Column, Home, []Verdict) {
	last := map[string]time.Time{}
	count := map[string]int{}
	var newest time.Time
	for _, r := range recs {
		d := dayOf(r.Date)
		for _, p := range record.CategoryAncestry(r.Category) {
			count[p]++
			if d.After(last[p]) {
				last[p] = d
			}
		}
		if d.After(newest) {
			newest = d
		}
	}
	cols := []Column{}
	stale, empty := 0, 0
	for _, k := range reg.Categories {
		c := Column{Path: k.Path, Count: count[k.Path]}
		l := cfg.LimitOf(k.Path)
		if !l.IsZero() {
			c.Limit = l.String()
		}
		switch t := last[k.Path]; {
		case c.Count == 0:
			c.Status, c.Note = "empty", "没有任何信息；在网站地图中显示为“暂无信息”。请发布内容，或在不再使用时从 data/categories.toml 中删除该分类"
			empty++
		case l.IsZero():
			c.Last = day(t)
			c.Status, c.Note = "unchecked", "未规定更新周期，不检查"
		default:
			c.Last = day(t)
			due := l.Deadline(t)
			c.Due = day(due)
			if asOf.After(due) {
				c.Status = "stale"
				c.Note = fmt.Sprintf("最近一次发布于 %s，已 %d 天没有更新，超过规定的 %s", day(t), int(asOf.Sub(t).Hours()/24), l)
				stale++
			} else {
				c.Status, c.Note = "ok", fmt.Sprintf("按期更新（应在 %s 前再次更新）", day(due))
			}
		}
		cols = append(cols, c)
	}
	home := Home{Limit: cfg.Columns.HomeWithinDays}
	if !newest.IsZero() {
		home.Last = day(newest)
		home.IdleDays = max(0, int(asOf.Sub(newest).Hours()/24))
	}
	verdicts := []Verdict{
		{Item: "首页不更新", Threshold: fmt.Sprintf("首页超过 %d 天没有新信息", home.Limit),
			Value: homeValue(home), Pass: !newest.IsZero() && home.IdleDays <= home.Limit},
		{Item: "栏目不更新", Threshold: fmt.Sprintf("%d 个以上应更新的栏目超过更新周期未更新", cfg.Columns.StaleColumns),
			Value: fmt.Sprintf("%d 个栏目未按期更新", stale), Pass: stale < cfg.Columns.StaleColumns},
		{Item: "空白栏目", Threshold: fmt.Sprintf("%d 个以上栏目没有任何信息", cfg.Columns.EmptyColumns),
			Value: fmt.Sprintf("%d 个空白栏目", empty), Pass: empty < cfg.Columns.EmptyColumns},
	}
	return cols, home, verdicts
}

func homeValue(h Home) string {
	if h.Last == "" {
		return "网站还没有任何信息"
	}
	return fmt.Sprintf("最近一次发布于 %s，已 %d 天", h.Last, h.IdleDays)
}

// Failed lists the pass/fail items the site fails.
func (rep *Report) Failed() []Verdict {
	return slices.DeleteFunc(slices.Clone(rep.Verdicts), func(v Verdict) bool { return v.Pass })
}

// columnFindings is the stale and empty columns, for the findings table.
func (rep *Report) columnFindings() []Finding {
	var out []Finding
	for _, c := range rep.Columns {
		if c.Status == "stale" || c.Status == "empty" {
			out = append(out, Finding{Kind: c.Status, Title: c.Path, Message: c.Note})
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmp.Compare(a.Kind, b.Kind) })
	return out
}

// writeColumnsText writes the pass/fail items and the columns that need action.
func (rep *Report) writeColumnsText(b *strings.Builder) {
	fmt.Fprintf(b, "\n单项否决指标：")
	if failed := rep.Failed(); len(failed) > 0 {
		fmt.Fprintf(b, "%d 项不合格\n", len(failed))
	} else {
		b.WriteString("均合格\n")
	}
	for _, v := range rep.Verdicts {
		verdict := "合格"
		if !v.Pass {
			verdict = "不合格"
		}
		fmt.Fprintf(b, "  [%s] %s：%s（标准：%s即不合格）\n", verdict, v.Item, v.Value, v.Threshold)
	}
	for _, f := range rep.columnFindings() {
		fmt.Fprintf(b, "  [%s] %s：%s\n", KindName(f.Kind), f.Title, f.Message)
	}
}
