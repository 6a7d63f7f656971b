package serve

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoak saves one document 500 times in quick succession while 20 readers fetch
// its page, the home page and the search index: the server never fails a request,
// every page served is complete and shows one of the saved versions (never half of
// one), every index file decodes, the last save is served in the end, and goroutines
// and memory come back to their level once the saves are over. Bounded: the saves
// take a few seconds, and the test gives the preview two minutes to catch up.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test: not in -short")
	}
	const saves, readers = 500, 20
	src := copySample(t)
	doc := filepath.Join(src, "content/lxzz/2024/enrolment-plan.md")
	orig, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	const title = "临溪县职业中等专业学校2024年招生计划"
	if !bytes.Contains(orig, []byte(`title = "`+title+`"`)) {
		t.Fatalf("%s lacks its title", doc)
	}
	version := func(i int) []byte {
		return bytes.Replace(orig, []byte(`title = "`+title+`"`), fmt.Appendf(nil, `title = "%s（第%d稿）"`, title, i), 1)
	}
	if err := os.WriteFile(doc, version(0), 0o644); err != nil {
		t.Fatal(err)
	}

	base, term := start(t, src)
	page := base + "/lxzz/lxzz-2024-00003/"
	h1 := regexp.MustCompile(`<h1[^>]*>` + regexp.QuoteMeta(title) + `（第(\d+)稿）</h1>`)
	waitFor(t, page, "the first version", func(status int, body string) bool { return status == 200 && h1.MatchString(body) }, term)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers}, Timeout: time.Minute}
	level := func() (int, uint64) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapAlloc
	}
	goroutines, heap := level()

	var stop atomic.Bool
	var fetched atomic.Int64
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	var wg sync.WaitGroup
	for r := range readers {
		wg.Go(func() {
			urls := []string{page, base + "/", base + "/search/meta.bin", base + "/search/dict-0.bin"}
			for i := r; !stop.Load(); i++ {
				u := urls[i%len(urls)]
				res, err := client.Get(u)
				if err != nil {
					fail("GET %s: %v", u, err)
					return
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil {
					fail("GET %s: reading: %v", u, err)
					return
				}
				fetched.Add(1)
				if res.StatusCode != http.StatusOK {
					fail("GET %s: status %d: %.600s", u, res.StatusCode, body[bytes.Index(body, []byte("<main"))+1:])
					continue
				}
				if problem := incomplete(u, body); problem != "" {
					fail("GET %s: %s", u, problem)
				}
				if u == page && !h1.Match(body) {
					fail("GET %s: the page shows none of the saved versions: %.300s", u, body)
				}
			}
		})
	}

	// Each save replaces the file whole, as editors that save by renaming do: a file
	// caught half-written by the check is the editor's fault, shown as an error page,
	// and not what this test is about.
	tmp := t.TempDir()
	for i := 1; i <= saves; i++ {
		next := filepath.Join(tmp, "save.md")
		if err := os.WriteFile(next, version(i), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(next, doc); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	last := fmt.Sprintf("（第%d稿）</h1>", saves)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		mu.Lock()
		n := len(failures)
		mu.Unlock()
		_, _, body := get(t, page)
		if strings.Contains(body, last) || n > 0 {
			break
		}
		if time.Now().After(deadline) {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("the last save is not served two minutes after it\nterminal:\n%.3000s", term)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The search index follows the pages: let it finish before the readers stop.
	waitFor(t, base+"/search/meta.bin", "the index after the saves", func(status int, body string) bool {
		return status == 200 && incomplete("meta.bin", []byte(body)) == "" && strings.Contains(term.String(), "搜索索引") &&
			strings.HasSuffix(strings.TrimSpace(term.String()), "毫秒）")
	}, term)
	stop.Store(true)
	wg.Wait()
	client.CloseIdleConnections()
	for _, f := range failures {
		t.Error(f)
	}
	if fetched.Load() < readers {
		t.Errorf("only %d requests made", fetched.Load())
	}
	t.Logf("%d requests during %d saves", fetched.Load(), saves)

	// Back to the level before the saves: the readers' connections closed, the
	// rebuilds done. Memory may settle higher by what Hugo caches, not by the saves.
	var g int
	var h uint64
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		g, h = level()
		if g <= goroutines+2 && h <= 2*heap+64<<20 || time.Now().After(deadline) {
			break
		}
	}
	if g > goroutines+2 {
		t.Errorf("goroutines: %d after the saves, %d before", g, goroutines)
	}
	if h > 2*heap+64<<20 {
		t.Errorf("heap: %d MB after the saves, %d MB before", h>>20, heap>>20)
	}
	t.Logf("goroutines %d → %d, heap %d MB → %d MB", goroutines, g, heap>>20, h>>20)
}

// incomplete says what is wrong with a response body that is not a whole file: a page
// without its end, an index file that does not decode.
func incomplete(url string, body []byte) string {
	if strings.HasSuffix(url, ".bin") {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return fmt.Sprintf("not a whole gzip file (%d bytes): %v", len(body), err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			return fmt.Sprintf("truncated (%d bytes): %v", len(body), err)
		}
		if strings.HasSuffix(url, "meta.bin") && !json.Valid(b) {
			return "meta.bin is not whole JSON"
		}
		return ""
	}
	if !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) || !bytes.HasPrefix(bytes.ToLower(body[:min(len(body), 15)]), []byte("<!doctype html>")) {
		return fmt.Sprintf("not a whole page (%d bytes, ends %q)", len(body), body[max(0, len(body)-40):])
	}
	return ""
}
