package search

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"
)

// BenchmarkWrite indexes the documents of an existing index again. Point
// XXGK_BENCH_INDEX at a built site's search directory (e.g. one built from bench/gen's
// corpus); the whole-pipeline comparison with Pagefind is bench/search.
func BenchmarkWrite(b *testing.B) {
	dir := os.Getenv("XXGK_BENCH_INDEX")
	if dir == "" {
		b.Skip("XXGK_BENCH_INDEX not set")
	}
	docs, err := indexDocs(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(docs, Labels{}, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// indexDocs reads back the documents of the index in dir, each record's publisher
// name standing for its code.
func indexDocs(dir string) ([]Doc, error) {
	ix, err := Open(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	docs := make([]Doc, ix.Meta.Docs)
	for id := range docs {
		r, err := ix.Record(id)
		if err != nil {
			return nil, err
		}
		d, _ := time.Parse("2006-01-02", r.Date)
		docs[id] = Doc{Title: r.Title, URL: r.URL, Date: d, Publisher: r.Publisher, Category: r.Category,
			Genre: r.Genre, Year: d.Year(), Index: r.Index, DocNumber: r.DocNumber, Meta: r.Meta, Body: r.Body}
	}
	return docs, nil
}

// BenchmarkWriteVsMerge compares, on a generated portal of n documents in 100
// publisher shards, indexing every document (Write) with merging the shards'
// cached segments, read from files (Merge), and with an incremental rebuild after
// one document is edited (its shard's segment built again and written, then the
// merge). It also times Write as it was before segments (referenceWrite). It
// reports each in seconds and the ratios to Write; run with -benchtime=1x. With
// XXGK_BENCH_INDEX set (see BenchmarkWrite) it measures that index's documents, in
// shards by publisher, instead.
func BenchmarkWriteVsMerge(b *testing.B) {
	corpora := map[string]func() []Doc{}
	if dir := os.Getenv("XXGK_BENCH_INDEX"); dir != "" {
		docs, err := indexDocs(dir)
		if err != nil {
			b.Fatal(err)
		}
		corpora[fmt.Sprint("index/docs=", len(docs))] = func() []Doc { return docs }
	} else {
		for _, n := range []int{1000, 10000} {
			corpora[fmt.Sprint("generated/docs=", n)] = func() []Doc { return genDocs(genOptions{n: n, seed: 1, portal: true}) }
		}
	}
	for _, name := range sortedKeys(corpora) {
		b.Run(name, func(b *testing.B) {
			docs := corpora[name]()
			labels := Labels{Publishers: map[string]string{}}
			byPub := map[string][]Doc{}
			for _, p := range genPortalPublishers {
				labels.Publishers[p.code] = p.name
			}
			for _, d := range docs {
				byPub[d.Publisher] = append(byPub[d.Publisher], d)
			}
			codes := sortedKeys(byPub)
			dir := b.TempDir()
			files := make([]string, len(codes))
			var union []Doc
			for i, code := range codes {
				union = append(union, byPub[code]...)
				files[i] = filepath.Join(dir, code)
				if err := writeSegmentFile(files[i], byPub[code], labels); err != nil {
					b.Fatal(err)
				}
			}
			discard := func(string, []byte) error { return nil }
			var ref, write, merge, incr time.Duration
			b.ResetTimer()
			for b.Loop() {
				tr := time.Now()
				if _, err := referenceWrite(union, labels, discard); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				if _, err := Write(union, labels, discard); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := mergeFiles(files, labels, discard); err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				edited := slices.Clone(byPub[codes[0]])
				edited[0].Body += "本文件已于近日修订，修订后的内容自发布之日起施行。"
				if err := writeSegmentFile(files[0], edited, labels); err != nil {
					b.Fatal(err)
				}
				if err := mergeFiles(files, labels, discard); err != nil {
					b.Fatal(err)
				}
				t3 := time.Now()
				ref, write, merge, incr = ref+t0.Sub(tr), write+t1.Sub(t0), merge+t2.Sub(t1), incr+t3.Sub(t2)
			}
			k := float64(b.N)
			b.ReportMetric(ref.Seconds()/k, "old-write-s")
			b.ReportMetric(write.Seconds()/k, "write-s")
			b.ReportMetric(merge.Seconds()/k, "merge-s")
			b.ReportMetric(incr.Seconds()/k, "edit+merge-s")
			b.ReportMetric(merge.Seconds()/write.Seconds(), "merge/write")
			b.ReportMetric(incr.Seconds()/write.Seconds(), "edit+merge/write")
		})
	}
}

func writeSegmentFile(name string, docs []Doc, labels Labels) error {
	s, err := BuildSegment(docs, labels)
	if err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := s.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mergeFiles(files []string, labels Labels, put func(string, []byte) error) error {
	segs := make([]*Segment, len(files))
	for i, name := range files {
		s, err := OpenSegment(name)
		if err != nil {
			return err
		}
		defer s.Close()
		segs[i] = s
	}
	_, err := Merge(segs, labels, put)
	return err
}

// BenchmarkMergeShards merges the segments of a generated portal in many small
// shards, as a city's publishers are (100,000 documents come in about 2,700), from
// files. With near-limit, a large heap of pointers is live meanwhile and the
// collector runs after every few megabytes allocated, as in a large build near its
// memory limit: the collector is marking for most of the merge, and every pointer
// the merge writes then costs a write barrier. Each is timed with the sequential
// merge and with the pipelined one (mergePipelined), and reports the process's CPU
// time per merge where the system tells it (cpu-ns/op).
func BenchmarkMergeShards(b *testing.B) {
	files, labels := shardFiles(b)
	for _, near := range []bool{false, true} {
		for _, pipelined := range []bool{false, true} {
			b.Run(fmt.Sprintf("near-limit=%v/pipeline=%v", near, pipelined), func(b *testing.B) {
				defer func(on bool) { mergePipeline.on = on }(mergePipeline.on)
				mergePipeline.on = pipelined
				var ballast []*[8]*int
				if near {
					ballast = make([]*[8]*int, 4<<20) // ~400 MB of pointers to mark
					for i := range ballast {
						ballast[i] = &[8]*int{new(int)}
					}
					defer debug.SetGCPercent(debug.SetGCPercent(1))
				}
				timeMerges(b, files, labels)
				runtime.KeepAlive(ballast)
			})
		}
	}
}

// shardFiles writes the segment files of BenchmarkMergeShards: 10,000 generated
// documents in 1,000 shards.
func shardFiles(b *testing.B) ([]string, Labels) { return segmentFiles(b, 1000) }

// segmentFiles writes 10,000 generated documents into the given number of segment
// files, dealt out one by one.
func segmentFiles(b *testing.B, shards int) ([]string, Labels) {
	docs := genDocs(genOptions{n: 10000, seed: 1, portal: true})
	labels := Labels{Publishers: map[string]string{}}
	for _, p := range genPortalPublishers {
		labels.Publishers[p.code] = p.name
	}
	dir := b.TempDir()
	files := make([]string, shards)
	for i := range files {
		var part []Doc
		for j := i; j < len(docs); j += shards {
			part = append(part, docs[j])
		}
		files[i] = filepath.Join(dir, fmt.Sprint(i))
		if err := writeSegmentFile(files[i], part, labels); err != nil {
			b.Fatal(err)
		}
	}
	return files, labels
}

// BenchmarkMergeSegments times Merge of the same 10,000 documents split into more
// and more segments: what merging fewer, larger segments (shards merged in groups
// first) would save.
func BenchmarkMergeSegments(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 3000} {
		b.Run(fmt.Sprint("segments=", n), func(b *testing.B) {
			files, labels := segmentFiles(b, n)
			timeMerges(b, files, labels)
		})
	}
}

// timeMerges merges the segment files b.N times, discarding the index, and reports
// the CPU time a merge took besides the wall time.
func timeMerges(b *testing.B, files []string, labels Labels) {
	discard := func(string, []byte) error { return nil }
	cpu := cpuTime()
	for b.Loop() {
		if err := mergeFiles(files, labels, discard); err != nil {
			b.Fatal(err)
		}
	}
	if cpu >= 0 {
		b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkMergePostings times mergePostings alone, sequential and pipelined, on
// BenchmarkMergeShards's segments opened once: the part of Merge that the pipeline
// changes.
func BenchmarkMergePostings(b *testing.B) {
	files, _ := shardFiles(b)
	segs, err := OpenSegments(files)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	_, gids := globalOrder(segs)
	for _, pipelined := range []bool{false, true} {
		b.Run(fmt.Sprint("pipeline=", pipelined), func(b *testing.B) {
			defer func(on bool) { mergePipeline.on = on }(mergePipeline.on)
			mergePipeline.on = pipelined
			cpu := cpuTime()
			for b.Loop() {
				postings := newPack("postings", func(string, []byte) error { return nil })
				if _, err := mergePostings(segs, gids, indexWriter{&dictWriter{}, postings}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkBuildPostings encodes the posting lists of a generated portal of 2,000
// documents (a shard's worth) on one core: the part of a segment's build that
// grows with the text.
func BenchmarkBuildPostings(b *testing.B) {
	docs := genDocs(genOptions{n: 2000, seed: 1, portal: true})
	toks := make([]tokens, len(docs))
	runes := 0
	for i := range docs {
		toks[i] = tokenize(&docs[i])
		for _, f := range toks[i] {
			for _, s := range f {
				runes += len(s)
			}
		}
	}
	b.SetBytes(int64(runes))
	b.ResetTimer()
	for b.Loop() {
		buildPostings(toks, 0, 1)
	}
}
