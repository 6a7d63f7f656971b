package audit

import (
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

// DocLink names a document for a link: its 索引号, title, address and date.
type DocLink struct {
	Index string `json:"index"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  string `json:"date"`
}

// Related is what a document is linked to as policy or 解读.
type Related struct {
	Interprets    *DocLink  `json:"interprets,omitempty"`    // the policy this 解读 explains
	InterpretedBy []DocLink `json:"interpretedBy,omitempty"` // the 解读 of this policy, oldest first
}

func linkOf(r *record.Record) DocLink {
	return DocLink{Index: r.Index, Title: r.Title, URL: r.URL(), Date: day(r.Date)}
}

// related links every 解读 (a document with interprets) and its policy both ways, keyed
// by 索引号. The check has made sure the policy exists.
func related(recs []*record.Record) map[string]Related {
	byIndex := make(map[string]*record.Record, len(recs))
	for _, r := range recs {
		byIndex[r.Index] = r
	}
	out := map[string]Related{}
	for _, r := range recs {
		p, ok := byIndex[r.Interprets]
		if r.Interprets == "" || !ok {
			continue
		}
		rel := out[r.Index]
		l := linkOf(p)
		rel.Interprets = &l
		out[r.Index] = rel
		pr := out[p.Index]
		pr.InterpretedBy = append(pr.InterpretedBy, linkOf(r))
		out[p.Index] = pr
	}
	for k, rel := range out {
		slices.SortFunc(rel.InterpretedBy, func(a, b DocLink) int {
			return strings.Compare(a.Date+a.Index, b.Date+b.Index)
		})
		out[k] = rel
	}
	return out
}

// interpretation finds the documents of genres marked needs_interpretation that have
// no 解读 published within cfg.InterpretWithin days of them. A policy published less
// than that before asOf may still get one and is not reported.
func interpretation(cfg Config, recs []*record.Record, rel map[string]Related, asOf time.Time) []Finding {
	out := []Finding{}
	for _, r := range recs {
		if !cfg.needsInterpretation[r.Genre] || r.Interprets != "" {
			continue
		}
		due := dayOf(r.Date).AddDate(0, 0, cfg.InterpretWithin)
		by := rel[r.Index].InterpretedBy
		switch {
		case len(by) == 0 && asOf.After(due):
			out = append(out, finding("uninterpreted", r, fmt.Sprintf("体裁“%s”的文件应同步发布政策解读，发布 %d 天后仍没有解读（解读文件用 interprets = \"%s\" 指向本文件）",
				r.Genre, int(asOf.Sub(dayOf(r.Date)).Hours()/24), r.Index)))
		case len(by) > 0:
			first, _ := time.ParseInLocation("2006-01-02", by[0].Date, record.Shanghai)
			if first.After(due) {
				out = append(out, finding("interpretation-late", r, fmt.Sprintf("解读 %s 于 %s 发布，晚于文件发布 %d 天，超过规定的 %d 天",
					by[0].Index, by[0].Date, int(first.Sub(dayOf(r.Date)).Hours()/24), cfg.InterpretWithin)))
			}
		}
	}
	return out
}

// loadGenres reads which genres data/genres.toml marks needs_interpretation = true.
func (c *Config) loadGenres(dir string) error {
	if c.InterpretWithin < 0 {
		return fmt.Errorf("data/audit.toml: interpret_within_days 不能为负数，现为 %d", c.InterpretWithin)
	}
	c.needsInterpretation = map[string]bool{}
	src, err := os.ReadFile(filepath.Join(dir, "data", "genres.toml"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var genres struct {
		Genre []struct {
			Name  string `toml:"name"`
			Needs bool   `toml:"needs_interpretation"`
		} `toml:"genre"`
	}
	if _, err := toml.Decode(string(src), &genres); err != nil {
		return fmt.Errorf("data/genres.toml: 格式有误：%w", err)
	}
	for _, g := range genres.Genre {
		if g.Needs {
			c.needsInterpretation[g.Name] = true
		}
	}
	return nil
}
