package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// FuzzConvert: whatever a legacy file holds, the importer does not panic, and the
// document it produces starts with front matter that TOML and record.Parse can read.
// The seeds are the fixtures.
func FuzzConvert(f *testing.F) {
	paths, _ := filepath.Glob("testdata/legacy/*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), b)
	}
	f.Add("x.html", []byte(`<html><meta charset="big5"><div id="zoom"><h1>标题"引号\</h1><table><tr><td>索引号</td></tr></table>`))
	f.Add("x.txt", []byte("索引号：a\"b\\c\n发布日期：2024-02-30\n+++\n标题\n一、\n"))
	reg, err := record.LoadRegistry("../..")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := Convert(name, src, reg, Options{})
		if file.Err != nil {
			return
		}
		fm, _, _, err := record.SplitFrontMatter(file.Doc)
		if err != nil {
			t.Fatalf("no front matter: %v\n%s", err, file.Doc)
		}
		var v map[string]any
		if _, err := toml.Decode(fm, &v); err != nil {
			t.Fatalf("front matter is not TOML: %v\n%s", err, fm)
		}
		if r, problems := record.Parse(file.Target, file.Doc, reg); r == nil {
			t.Fatalf("record.Parse cannot read the front matter: %v\n%s", problems, fm)
		}
	})
}
