package outputs

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"xxgk/internal/buildcache"
	"xxgk/internal/record"
	"xxgk/internal/register"
)

var asOf = time.Date(2026, 11, 23, 12, 0, 0, 0, record.Shanghai)

// synthetic is a set of n documents over n/37 publishers (as bench/gen's corpora
// spread them), three more publishers without documents, and some documents with
// every optional field of the register set.
func synthetic(n int) *record.Set {
	set := &record.Set{Registry: &record.Registry{}}
	pubs := max(1, n/37)
	for i := range pubs + 3 {
		set.Registry.Publishers = append(set.Registry.Publishers, record.Publisher{Code: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("机构%d", i), Type: "school"})
	}
	for i := range n {
		code := fmt.Sprintf("p%04d", (i*7)%pubs)
		r := &record.Record{Publisher: code, Index: fmt.Sprintf("%s-2024-%05d", code, i), Title: fmt.Sprintf("关于第%d项工作的通知", i),
			Category: "教育", Genre: "通知", Date: time.Date(2024, 1, 1+i%300, 0, 0, 0, 0, record.Shanghai)}
		if i%5 == 0 {
			r.Summary, r.DocNumber = "=内容概述", fmt.Sprintf("教字〔2024〕%d号", i)
			r.Written = r.Date.AddDate(0, 0, -3)
			r.Abolished = r.Date.AddDate(2, 0, 0)
		}
		set.Records = append(set.Records, r)
	}
	return set
}

// readTree returns every file under dir by its path relative to dir.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestWriteRegistersMemo: the files written through a memo — the build that fills
// it and the one that reads it back — are byte for byte those written without one,
// and a register that changed is made again, not taken from the memo.
func TestWriteRegistersMemo(t *testing.T) {
	set := synthetic(400)
	const base = "https://xxgk.example.cn/"
	write := func(set *record.Set, memo Memo) map[string][]byte {
		t.Helper()
		out := t.TempDir()
		if err := WriteRegisters(set, register.Build(set, asOf, ""), out, base, memo); err != nil {
			t.Fatal(err)
		}
		return readTree(t, out)
	}
	compare := func(name string, got, want map[string][]byte) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", name, len(got), len(want))
		}
		for path, w := range want {
			if !bytes.Equal(got[path], w) {
				t.Errorf("%s: %s differs from the file written without a memo", name, path)
			}
		}
	}
	want := write(set, nil)
	if len(want) != 3*(1+400/37) {
		t.Fatalf("%d files written, want three for the site and for each of %d publishers", len(want), 400/37)
	}
	cache, err := buildcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	compare("first build", write(set, cache.Memo), want)
	compare("second build", write(set, cache.Memo), want)

	// One document's title changed: its publisher's files and the site's change.
	set.Records[0].Title += "（修订）"
	want = write(set, nil)
	compare("after an edit", write(set, cache.Memo), want)
}

// BenchmarkWriteRegisters writes the registers of 8,000 documents over 216
// publishers, side by side without a memo (every file made) and with a memo warm
// from the build before, as a rebuild that changed no register finds it, into a
// directory whose publishers' directories are there but not their files.
func BenchmarkWriteRegisters(b *testing.B) {
	set := synthetic(8000)
	site := register.Build(set, asOf, "")
	cache, err := buildcache.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		memo Memo
	}{{"none", nil}, {"warm", cache.Memo}} {
		b.Run("memo="+bm.name, func(b *testing.B) {
			out := b.TempDir()
			if err := WriteRegisters(set, site, out, "https://xxgk.example.cn/", bm.memo); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				// A build's out has no register files left (site's clean removes
				// them): writing over old files costs ext4 more than the files do.
				b.StopTimer()
				for path := range readTree(b, out) {
					if err := os.Remove(filepath.Join(out, path)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if err := WriteRegisters(set, site, out, "https://xxgk.example.cn/", bm.memo); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
