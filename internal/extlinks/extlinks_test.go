package extlinks

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestExtract(t *testing.T) {
	text := `详见[教育部网站](https://www.moe.gov.cn/jyb_xxgk/)和<http://example.org/a?b=1&c=2>。
参考 https://example.org/a?b=1&c=2，以及 https://example.org/wiki/Foo_(bar)）。
[1]: https://example.com/ref.
站内 /lxzz/ 和 mailto:a@example.com 不算；ftp://example.com 也不算；http:// 不完整。`
	got := Extract(text)
	want := []string{"https://www.moe.gov.cn/jyb_xxgk/", "http://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2", "https://example.org/wiki/Foo_(bar)", "https://example.com/ref"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Extract:\n%v\nwant\n%v", got, want)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("[a](https://example.com/x)。http://a.b/c)")
	f.Add("https://(((")
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range Extract(s) {
			if !strings.Contains(s, u) || !strings.HasPrefix(u, "http") {
				t.Fatalf("%q not from %q", u, s)
			}
		}
	})
}

// TestCheck runs against servers on loopback that answer 200, 404, time out, redirect
// to a page, redirect in a loop and redirect without end; and a port nobody listens on.
func TestCheck(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/nohead", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	closed := httptest.NewServer(mux)
	closedURL := closed.URL
	closed.Close()

	urls := []string{srv.URL + "/ok", srv.URL + "/gone", srv.URL + "/slow", srv.URL + "/moved", srv.URL + "/a", srv.URL + "/chain/0", srv.URL + "/nohead", closedURL + "/ok"}
	start := time.Now()
	rs := Check(context.Background(), urls, Options{Timeout: 500 * time.Millisecond, MaxRedirects: 5})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("check took %v: the timeout was not applied", d)
	}
	want := []Status{OK, Dead, Timeout, OK, Loop, Redirect, OK, Dead}
	for i, r := range rs {
		if r.URL != urls[i] || r.Status != want[i] {
			t.Errorf("%s: %s (%s), want %s", urls[i], r.Status, r.Message, want[i])
		}
	}
	if rs[1].Code != 404 || !strings.Contains(rs[1].Message, "404") {
		t.Errorf("404: %+v", rs[1])
	}
	if rs[3].Final != srv.URL+"/ok" {
		t.Errorf("redirect final %q", rs[3].Final)
	}
	if !strings.Contains(rs[7].Message, "拒绝连接") {
		t.Errorf("refused: %+v", rs[7])
	}
	if s := Sorted(rs); s[0].Broken() == false || s[len(s)-1].Broken() {
		t.Errorf("sorted: %+v", s)
	}
}

// TestPerHostLimit: one host never sees more requests at once than allowed, however
// many addresses on it there are, while the overall limit lets other hosts proceed.
func TestPerHostLimit(t *testing.T) {
	var inFlight, peak atomic.Int32
	var mu sync.Mutex
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		mu.Lock()
		if n > peak.Load() {
			peak.Store(n)
		}
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	var urls []string
	for i := range 20 {
		urls = append(urls, fmt.Sprintf("%s/doc/%d", srv.URL, i))
	}
	rs := Check(context.Background(), urls, Options{Concurrency: 10, PerHost: 3})
	for _, r := range rs {
		if r.Status != OK {
			t.Errorf("%s: %s", r.URL, r.Message)
		}
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak %d requests at once on one host, want at most 3 (and some parallelism)", p)
	}
}
