package register

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"xxgk/internal/record"
)

// Version is the version of register.json; it changes only when a field is removed
// or changes meaning. The format is documented in docs/register.md.
const Version = 1

// Entry is one line of the register.
type Entry struct {
	Seq           int    `json:"seq"`   // 序号, from 1, in register order
	Index         string `json:"index"` // 索引号
	Title         string `json:"title"`
	Summary       string `json:"summary,omitempty"` // 内容概述
	Publisher     string `json:"publisher"`         // code
	PublisherName string `json:"publisherName"`
	Category      string `json:"category"`
	Genre         string `json:"genre"`
	Date          string `json:"date"`                // 发布日期, YYYY-MM-DD
	DocNumber     string `json:"docNumber,omitempty"` // 文号
	Written       string `json:"written,omitempty"`   // 成文日期
	Abolished     string `json:"abolished,omitempty"` // 废止日期
	Status        string `json:"status"`              // 有效 or 已废止 on the day the register was made
	URL           string `json:"url"`

	date, written, abolished time.Time
}

// Register is register.json.
type Register struct {
	Version   int     `json:"version"`
	AsOf      string  `json:"asOf"` // the day 有效性 was judged on
	Publisher string  `json:"publisher,omitempty"`
	Documents int     `json:"documents"`
	Entries   []Entry `json:"entries"`
}

// Build lists every document of set, newest first (then by 索引号), judging 有效性 on
// the day asOf. A non-empty publisher keeps that publisher's documents only.
func Build(set *record.Set, asOf time.Time, publisher string) *Register {
	names := map[string]string{}
	for _, p := range set.Registry.Publishers {
		names[p.Code] = p.Name
	}
	var recs []*record.Record
	for _, r := range set.Records {
		if publisher == "" || r.Publisher == publisher {
			recs = append(recs, r)
		}
	}
	slices.SortStableFunc(recs, func(a, b *record.Record) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Index, b.Index)
	})
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	reg := &Register{Version: Version, AsOf: day(asOf), Publisher: publisher, Documents: len(recs), Entries: []Entry{}}
	for i, r := range recs {
		status := "有效"
		if !r.Abolished.IsZero() && !r.Abolished.After(asOf) {
			status = "已废止"
		}
		reg.Entries = append(reg.Entries, Entry{
			Seq: i + 1, Index: r.Index, Title: r.Title, Summary: r.Summary, Publisher: r.Publisher, PublisherName: names[r.Publisher],
			Category: r.Category, Genre: r.Genre, Date: day(r.Date), DocNumber: r.DocNumber,
			Written: day(r.Written), Abolished: day(r.Abolished), Status: status, URL: r.URL(),
			date: r.Date, written: r.Written, abolished: r.Abolished,
		})
	}
	return reg
}

// ByPublisher splits the whole site's register reg into one register per publisher
// that has documents, each equal to Build for that publisher: the same order (a
// stable sort keeps it when a part is taken out), numbered from 1. One pass over the
// entries, where calling Build for each publisher would read every document once per
// publisher.
func (reg *Register) ByPublisher() map[string]*Register {
	out := map[string]*Register{}
	for _, e := range reg.Entries {
		p := out[e.Publisher]
		if p == nil {
			p = &Register{Version: reg.Version, AsOf: reg.AsOf, Publisher: e.Publisher, Entries: []Entry{}}
			out[e.Publisher] = p
		}
		p.Documents++
		e.Seq = p.Documents
		p.Entries = append(p.Entries, e)
	}
	return out
}

// JSON returns register.json.
func (reg *Register) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(reg, "", "  ")
	return append(b, '\n'), err
}

// Table returns the register as a table for CSV and XLSX, with the columns of the
// 信息公开目录. baseURL, when set, makes the addresses absolute.
func (reg *Register) Table(baseURL string) *Table {
	t := &Table{Name: "信息公开目录", Columns: []Column{
		{"序号", 6}, {"索引号", 20}, {"标题", 50}, {"内容概述", 50}, {"发布机构", 26}, {"主题分类", 22}, {"体裁", 12},
		{"发布日期", 12}, {"成文日期", 12}, {"文号", 22}, {"废止日期", 12}, {"有效性", 8}, {"网址", 40},
	}}
	base := strings.TrimSuffix(baseURL, "/")
	for _, e := range reg.Entries {
		t.Rows = append(t.Rows, []any{e.Seq, e.Index, e.Title, e.Summary, e.PublisherName, e.Category, e.Genre,
			e.date, e.written, e.DocNumber, e.abolished, e.Status, base + e.URL})
	}
	return t
}
