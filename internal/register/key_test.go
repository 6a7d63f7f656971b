package register

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"xxgk/internal/record"
)

// keyRegister is a register of three documents of two publishers, whose every field
// is set but the last one's 内容概述, 文号 and dates other than 发布日期, so that a
// case can set them.
func keyRegister() *Register {
	set, day := keySet()
	return Build(set, day, "")
}

// keySet is keyRegister's documents, and the day their 有效性 is judged on.
func keySet() (*record.Set, time.Time) {
	set := &record.Set{Registry: &record.Registry{Publishers: []record.Publisher{{Code: "lxzz", Name: "临夏州政府"}, {Code: "jyj", Name: "教育局"}}}}
	day := func(m, d int) time.Time { return time.Date(2025, time.Month(m), d, 9, 30, 0, 0, record.Shanghai) }
	set.Records = []*record.Record{
		{Publisher: "lxzz", Index: "lxzz-2025-00001", Title: "通知", Summary: "概述", Category: "教育", Genre: "通知",
			Date: day(3, 1), DocNumber: "临政发〔2025〕1号", Written: day(2, 20), Abolished: day(12, 31)},
		{Publisher: "jyj", Index: "jyj-2025-00002", Title: "公告", Summary: "摘要", Category: "财政", Genre: "公告",
			Date: day(2, 1), DocNumber: "临教发〔2025〕2号", Written: day(1, 20), Abolished: day(6, 30)},
		{Publisher: "jyj", Index: "jyj-2025-00003", Title: "办法", Category: "财政", Genre: "办法", Date: day(1, 1)},
	}
	return set, time.Date(2025, 9, 1, 0, 0, 0, 0, record.Shanghai)
}

// keyFiles returns register.json and the table's CSV and workbook.
func keyFiles(t *testing.T, reg *Register, baseURL string) [3][]byte {
	t.Helper()
	js, err := reg.JSON()
	if err != nil {
		t.Fatal(err)
	}
	tab := reg.Table(baseURL)
	x, err := tab.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	return [3][]byte{js, tab.CSV(), x}
}

// TestKey: registers whose files differ have different keys, registers whose files
// are the same have one key. A case is named after the field it changes, and every
// field of Register and Entry, the unexported dates the table shows included, must
// have one: a field the key leaves out fails its case, and a field added without a
// case fails the test.
func TestKey(t *testing.T) {
	const base = "https://xxgk.example.cn"
	last := func(r *Register) *Entry { return &r.Entries[len(r.Entries)-1] }
	differ := map[string]func(r *Register, baseURL *string){
		"Register.Version":   func(r *Register, _ *string) { r.Version++ },
		"Register.AsOf":      func(r *Register, _ *string) { r.AsOf = "2025-09-02" },
		"Register.Publisher": func(r *Register, _ *string) { r.Publisher = "jyj" },
		"Register.Documents": func(r *Register, _ *string) { r.Documents++ },
		"Register.Entries":   func(r *Register, _ *string) { r.Entries = r.Entries[:2] },

		"Entry.Seq":           func(r *Register, _ *string) { last(r).Seq = 4 },
		"Entry.Index":         func(r *Register, _ *string) { last(r).Index += "x" },
		"Entry.Title":         func(r *Register, _ *string) { last(r).Title += "x" },
		"Entry.Summary":       func(r *Register, _ *string) { last(r).Summary = "x" },
		"Entry.Publisher":     func(r *Register, _ *string) { last(r).Publisher = "lxzz" },
		"Entry.PublisherName": func(r *Register, _ *string) { last(r).PublisherName += "x" },
		"Entry.Category":      func(r *Register, _ *string) { last(r).Category += "x" },
		"Entry.Genre":         func(r *Register, _ *string) { last(r).Genre += "x" },
		"Entry.Date":          func(r *Register, _ *string) { last(r).Date = "2025-01-02" },
		"Entry.DocNumber":     func(r *Register, _ *string) { last(r).DocNumber = "x" },
		"Entry.Written":       func(r *Register, _ *string) { last(r).Written = "2024-12-01" },
		"Entry.Abolished":     func(r *Register, _ *string) { last(r).Abolished = "2030-01-01" },
		"Entry.Status":        func(r *Register, _ *string) { last(r).Status = "已废止" },
		"Entry.URL":           func(r *Register, _ *string) { last(r).URL += "x/" },
		// The table shows the times, JSON the strings: each counts without the other.
		"Entry.date":      func(r *Register, _ *string) { last(r).date = last(r).date.AddDate(0, 0, 1) },
		"Entry.written":   func(r *Register, _ *string) { last(r).written = last(r).date },
		"Entry.abolished": func(r *Register, _ *string) { last(r).abolished = last(r).date },

		"baseURL":               func(_ *Register, b *string) { *b = "https://other.example.cn" },
		"no baseURL":            func(_ *Register, b *string) { *b = "" },
		"no entries, not empty": func(r *Register, _ *string) { r.Entries = nil },
		"empty, not none":       func(r *Register, _ *string) { r.Entries = []Entry{} },
		"entries swapped":       func(r *Register, _ *string) { r.Entries[0], r.Entries[1] = r.Entries[1], r.Entries[0] },
		"Seq swapped":           func(r *Register, _ *string) { r.Entries[0].Seq, r.Entries[1].Seq = 2, 1 },
		// Length prefixes, not the fields' order alone, keep text from moving between fields.
		"text moved to the next field": func(r *Register, _ *string) {
			e := &r.Entries[0]
			e.Title, e.Summary = e.Title+e.Summary[:3], e.Summary[3:]
		},
	}
	same := map[string]func(r *Register, baseURL *string){
		"built again":             func(*Register, *string) {},
		"baseURL with a slash":    func(_ *Register, b *string) { *b = base + "/" },
		"a date's time of day":    func(r *Register, _ *string) { last(r).date = last(r).date.Add(time.Hour) },
		"a date in UTC, same day": func(r *Register, _ *string) { last(r).date = last(r).date.UTC() },
		"a copy of the entries":   func(r *Register, _ *string) { r.Entries = append([]Entry(nil), r.Entries...) },
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[Register](), reflect.TypeFor[Entry]()} {
		for f := range typ.Fields() {
			if differ[typ.Name()+"."+f.Name] == nil {
				t.Errorf("no case changes %s.%s: does the key show it?", typ.Name(), f.Name)
			}
		}
	}
	want, key := keyFiles(t, keyRegister(), base), keyRegister().Key(base)
	for _, c := range []struct {
		cases map[string]func(*Register, *string)
		same  bool
	}{{differ, false}, {same, true}} {
		for name, change := range c.cases {
			reg, b := keyRegister(), base
			change(reg, &b)
			// The case itself is checked first: that it changes the files, or not.
			if got := keyFiles(t, reg, b); equalFiles(got, want) != c.same {
				t.Errorf("%s: files the same: %v, want %v", name, !c.same, c.same)
				continue
			}
			if (reg.Key(b) == key) != c.same {
				t.Errorf("%s: the files differ %v, the keys %v", name, !c.same, c.same)
			}
		}
	}
}

// TestKeyByPublisher: a publisher's register split off the site's has the key of
// the one Build makes, and the publishers' keys differ from each other's.
func TestKeyByPublisher(t *testing.T) {
	set, day := keySet()
	split := Build(set, day, "").ByPublisher()
	for _, code := range []string{"lxzz", "jyj"} {
		if split[code].Key("") != Build(set, day, code).Key("") {
			t.Errorf("%s: the split register's key is not Build's", code)
		}
	}
	if split["lxzz"].Key("") == split["jyj"].Key("") {
		t.Error("two publishers' registers have one key")
	}
}

func equalFiles(a, b [3][]byte) bool {
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
