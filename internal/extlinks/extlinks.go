// Package extlinks checks the links from a site's documents to other sites: which
// addresses answer, which are dead, time out or redirect in circles. It asks each
// address once, with bounded concurrency overall and per host, so that a check never
// hammers one server.
package extlinks

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

var urlPattern = regexp.MustCompile(`https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+`)

// Extract returns the http and https addresses in a Markdown text, each once, in order
// of appearance: inline and reference links, autolinks and bare addresses alike.
func Extract(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range urlPattern.FindAllString(text, -1) {
		u := trim(m)
		if u == "" || seen[u] {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Host == "" {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	return out
}

// trim drops what ends a sentence or a Markdown link rather than the address:
// trailing punctuation, and closing brackets without an opening one in the address.
func trim(u string) string {
	for u != "" {
		last := u[len(u)-1]
		switch {
		case strings.IndexByte(".,;:!?'*", last) >= 0:
			u = u[:len(u)-1]
		case last == ')' && strings.Count(u, "(") < strings.Count(u, ")"),
			last == ']' && strings.Count(u, "[") < strings.Count(u, "]"):
			u = u[:len(u)-1]
		default:
			return u
		}
	}
	return u
}

// Options bound a check.
type Options struct {
	Concurrency  int           // requests in flight overall (8)
	PerHost      int           // requests in flight to one host (2)
	Timeout      time.Duration // for one address, redirects included (10 s)
	MaxRedirects int           // redirects followed before giving up (10)
	// Transport, when set, replaces the default (for tests).
	Transport http.RoundTripper
}

func (o Options) withDefaults() Options {
	o.Concurrency = cmp.Or(o.Concurrency, 8)
	o.PerHost = cmp.Or(o.PerHost, 2)
	o.Timeout = cmp.Or(o.Timeout, 10*time.Second)
	o.MaxRedirects = cmp.Or(o.MaxRedirects, 10)
	return o
}

// Status is the outcome for one address.
type Status string

// The outcomes of a check.
const (
	OK       Status = "ok"
	Dead     Status = "dead"     // an HTTP error status, or no such host, or refused
	Timeout  Status = "timeout"  // no answer within the timeout
	Loop     Status = "loop"     // redirects lead back to an address already visited
	Redirect Status = "redirect" // more redirects than allowed
)

// Result is what one address gave.
type Result struct {
	URL     string `json:"url"`
	Status  Status `json:"status"`
	Code    int    `json:"code,omitempty"` // the final HTTP status
	Final   string `json:"final,omitempty"`
	Message string `json:"message"`
}

// Broken reports whether the address does not lead to a page.
func (r Result) Broken() bool { return r.Status != OK }

var errLoop = errors.New("redirect loop")
var errTooMany = errors.New("too many redirects")

// Check asks every address in urls and returns the results in the order of urls.
func Check(ctx context.Context, urls []string, opts Options) []Result {
	opts = opts.withDefaults()
	client := &http.Client{
		Transport: opts.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return errLoop
				}
			}
			if len(via) > opts.MaxRedirects {
				return errTooMany
			}
			return nil
		},
	}
	results := make([]Result, len(urls))
	hosts := map[string]chan struct{}{}
	var mu sync.Mutex
	hostSlot := func(host string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if hosts[host] == nil {
			hosts[host] = make(chan struct{}, opts.PerHost)
		}
		return hosts[host]
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range opts.Concurrency {
		wg.Go(func() {
			for i := range next {
				u := urls[i]
				host := u
				if p, err := url.Parse(u); err == nil {
					host = strings.ToLower(p.Host)
				}
				slot := hostSlot(host)
				slot <- struct{}{}
				results[i] = checkOne(ctx, client, u, opts)
				<-slot
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// checkOne asks for u with HEAD, and with GET when the server does not answer HEAD.
func checkOne(ctx context.Context, client *http.Client, u string, opts Options) Result {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	res := Result{URL: u}
	code, final, err := ask(ctx, client, http.MethodHead, u)
	if err == nil && (code == http.StatusMethodNotAllowed || code == http.StatusNotImplemented || code == http.StatusForbidden) {
		code, final, err = ask(ctx, client, http.MethodGet, u)
	}
	res.Code = code
	if final != u {
		res.Final = final
	}
	switch {
	case errors.Is(err, errLoop):
		res.Status, res.Message = Loop, "重定向形成循环，无法打开"
	case errors.Is(err, errTooMany):
		res.Status, res.Message = Redirect, fmt.Sprintf("重定向超过 %d 次，无法打开", opts.MaxRedirects)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		res.Status, res.Message = Timeout, fmt.Sprintf("%s 内没有响应", opts.Timeout)
	case err != nil:
		res.Status, res.Message = Dead, "无法连接："+describe(err)
	case code >= 400:
		res.Status, res.Message = Dead, fmt.Sprintf("服务器返回 %d %s", code, http.StatusText(code))
	default:
		res.Status, res.Message = OK, fmt.Sprintf("%d %s", code, http.StatusText(code))
	}
	return res
}

func ask(ctx context.Context, client *http.Client, method, u string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, u, err
	}
	req.Header.Set("User-Agent", "xxgk-linkcheck/1")
	resp, err := client.Do(req)
	if err != nil {
		return 0, u, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, resp.Request.URL.String(), nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// describe says why a connection failed, in Chinese where the reason is common.
func describe(err error) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return "找不到该网站（域名无法解析）"
	case strings.Contains(err.Error(), "connection refused"):
		return "服务器拒绝连接"
	case strings.Contains(err.Error(), "certificate"):
		return "网站证书无效"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// Sorted returns results broken first, then by address.
func Sorted(rs []Result) []Result {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b Result) int {
		if a.Broken() != b.Broken() {
			if a.Broken() {
				return -1
			}
			return 1
		}
		return strings.Compare(a.URL, b.URL)
	})
	return out
}
