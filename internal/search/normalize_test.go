package search

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/normalize.json")

// vectors is testdata/normalize.json, shared with the browser client's test.
type vectors struct {
	Normalize []struct {
		Note string `json:"note"`
		In   string `json:"in"`
		Out  string `json:"out"`
	} `json:"normalize"`
	Query []struct {
		Note string `json:"note"`
		In   string `json:"in"`
		Out  []Term `json:"out"`
	} `json:"query"`
}

func readVectors(t *testing.T) vectors {
	t.Helper()
	var v vectors
	b, err := os.ReadFile("testdata/normalize.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNormalizeVectors(t *testing.T) {
	v := readVectors(t)
	for i, c := range v.Normalize {
		if got := Normalize(c.In); got != c.Out {
			if *update {
				v.Normalize[i].Out = got
				continue
			}
			t.Errorf("%s: Normalize(%q) = %q, want %q", c.Note, c.In, got, c.Out)
		}
	}
	for i, c := range v.Query {
		if got := ParseQuery(c.In); !reflect.DeepEqual(got, c.Out) {
			if *update {
				v.Query[i].Out = got
				continue
			}
			t.Errorf("%s: ParseQuery(%q) = %+v, want %+v", c.Note, c.In, got, c.Out)
		}
	}
	if *update {
		b, _ := json.MarshalIndent(v, "", " ")
		os.WriteFile("testdata/normalize.json", append(b, '\n'), 0o644)
	}
}

func TestSimplified(t *testing.T) {
	if got, want := Simplified("發布機構：臨溪縣職業中等專業學校（２０２４）"), "发布机构：临溪县职业中等专业学校（２０２４）"; got != want {
		t.Errorf("Simplified = %q, want %q", got, want)
	}
}

// TestNormalizeHandWritten pins what the vectors mean, so that -update cannot bless a
// regression in the cases that matter most.
func TestNormalizeHandWritten(t *testing.T) {
	for in, want := range map[string]string{
		"２０２４年ＡＢＣ学校":       "2024年abc学校",
		"职业 教育，“双减”工作。":    "职业教育双减工作",
		"職業教育與學校發展":        "职业教育与学校发展",
		"LXJYJ-2024-00012": "lxjyj202400012",
		"临教〔２０２４〕１２号":      "临教202412号",
		"学\u200b校\u202e名":  "学校名",
		"Cafe\u0301":       "café",
		"İstanbul":         "İstanbul",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Normalize(Normalize("職業 裡")); got != Normalize("職業 裡") {
		t.Errorf("Normalize is not idempotent: %q", got)
	}
}
