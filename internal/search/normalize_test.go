package search

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
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

// TestClientNormalizeParity runs the browser client's normaliser and query parser
// (static/js/search-core.js, in Node) on the shared vectors.
func TestClientNormalizeParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the browser client's tests")
		}
		t.Skip("node not installed")
	}
	foldJSON, err := foldTableJSON()
	if err != nil {
		t.Fatal(err)
	}
	fold := filepath.Join(t.TempDir(), "fold.bin")
	os.WriteFile(fold, gzipBytes(foldJSON), 0o644)
	out, err := exec.Command(node, "testdata/client.mjs", "normalize", "testdata/normalize.json", fold).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Normalize []string `json:"normalize"`
		Query     [][]Term `json:"query"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	v := readVectors(t)
	for i, c := range v.Normalize {
		if got.Normalize[i] != c.Out {
			t.Errorf("%s: JS normalize(%q) = %q, Go %q", c.Note, c.In, got.Normalize[i], c.Out)
		}
	}
	for i, c := range v.Query {
		if len(got.Query[i]) == 0 && len(c.Out) == 0 {
			continue
		}
		if !reflect.DeepEqual(got.Query[i], c.Out) {
			t.Errorf("%s: JS parseQuery(%q) = %+v, Go %+v", c.Note, c.In, got.Query[i], c.Out)
		}
	}
}
