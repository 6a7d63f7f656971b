package importer

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"time"

	"github.com/BurntSushi/toml"
)

// AccuracyFields are the metadata fields an accuracy report counts, in report order.
var AccuracyFields = []string{"title", "publisher", "date", "written", "index", "docnumber"}

// Expected is the metadata each page of a test corpus should yield, by file name and
// field. A field a page does not list must stay missing: the page does not have it, or
// not in a form the importer can be sure of.
type Expected map[string]map[string]string

// ReadExpected reads a corpus's expected metadata from a TOML file with one table per
// page file name.
func ReadExpected(file string) (Expected, error) {
	var e Expected
	if _, err := toml.DecodeFile(file, &e); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return e, nil
}

// Tally counts one field over a corpus. Right is a value equal to the expected one, or
// a field left missing that the page does not have; Missing an expected value not
// found; Wrong a value that differs from the expected one or should not be there at
// all, which is worse than missing.
type Tally struct {
	Right, Missing, Wrong int
	Wrongs                []string // "page: got … want …", for the report
	Missings              []string // "page: field", for the report
}

// Accuracy compares the documents of an import with what the corpus expects, field
// by field. Every expected page must have been imported.
func Accuracy(res *Result, want Expected) (map[string]*Tally, error) {
	t := map[string]*Tally{}
	for _, k := range AccuracyFields {
		t[k] = &Tally{}
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		name := path.Base(f.Source)
		exp, ok := want[name]
		if !ok {
			continue
		}
		seen[name] = true
		got, err := importedFields(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		for _, k := range AccuracyFields {
			g, w := got[k], exp[k]
			switch {
			case g == w:
				t[k].Right++
			case g == "":
				t[k].Missing++
				t[k].Missings = append(t[k].Missings, fmt.Sprintf("%s: %s（应为 %q）", name, k, w))
			default:
				t[k].Wrong++
				t[k].Wrongs = append(t[k].Wrongs, fmt.Sprintf("%s: %s = %q, 应为 %q", name, k, g, w))
			}
		}
	}
	for name := range want {
		if !seen[name] {
			return nil, fmt.Errorf("%s: 语料中的页面没有导入", name)
		}
	}
	return t, nil
}

// importedFields reads the counted fields of a document's front matter, dates as
// YYYY-MM-DD. The file name the importer puts in place of a title it did not find
// counts as missing.
func importedFields(f *File) (map[string]string, error) {
	out := map[string]string{}
	parts := bytes.SplitN(f.Doc, []byte("+++\n"), 3)
	if len(parts) != 3 {
		return out, nil // a file that failed has no document
	}
	var fm map[string]any
	if err := toml.Unmarshal(parts[1], &fm); err != nil {
		return nil, err
	}
	for _, k := range AccuracyFields {
		switch v := fm[k].(type) {
		case string:
			out[k] = v
		case time.Time:
			out[k] = v.Format("2006-01-02")
		case nil:
		default: // a local date or date-time
			if s := fmt.Sprint(v); len(s) >= 10 {
				out[k] = s[:10]
			}
		}
	}
	if out["title"] == f.stem() {
		delete(out, "title")
	}
	return out, nil
}

// WriteAccuracy prints the tallies as a table, one row per field, then every wrong value.
func WriteAccuracy(w io.Writer, t map[string]*Tally) {
	fmt.Fprintf(w, "| 字段 | 对 | 缺 | 错 |\n| --- | ---: | ---: | ---: |\n")
	var sum Tally
	var wrongs, missings []string
	for _, k := range AccuracyFields {
		c := t[k]
		fmt.Fprintf(w, "| %s | %d | %d | %d |\n", k, c.Right, c.Missing, c.Wrong)
		sum.Right, sum.Missing, sum.Wrong = sum.Right+c.Right, sum.Missing+c.Missing, sum.Wrong+c.Wrong
		wrongs = append(wrongs, c.Wrongs...)
		missings = append(missings, c.Missings...)
	}
	fmt.Fprintf(w, "| 合计 | %d | %d | %d |\n", sum.Right, sum.Missing, sum.Wrong)
	sort.Strings(wrongs)
	sort.Strings(missings)
	for _, s := range wrongs {
		fmt.Fprintf(w, "错：%s\n", s)
	}
	for _, s := range missings {
		fmt.Fprintf(w, "缺：%s\n", s)
	}
}
