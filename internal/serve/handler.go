package serve

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gohugoio/hugo/livereload"

	"xxgk/internal/hugosite"
	"xxgk/internal/record"
	"xxgk/internal/site"
)

// SecurityHeaders are the headers README.md recommends for production; the preview
// sends them too, so that what works in the preview works on the real server.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "same-origin",
}

// contentTypes are the types of the files a portal has that Go's table lacks or
// names differently on different machines.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".csv":  "text/csv; charset=utf-8",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".bin":  "application/octet-stream",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".pdf":  "application/pdf",
}

// server serves the preview's directory, or the error that stops it from being
// brought up to date.
type server struct {
	port  int
	shown bool // the pages of the files being saved are shown already (used by the rebuild loop only)

	mu  sync.RWMutex
	dir string // where the rendered site is
	err error  // the last build's error, shown instead of pages until fixed
}

// set says where the rendered site is now, and what stops it from being up to date.
func (s *server) set(dir string, err error) {
	s.mu.Lock()
	s.dir, s.err = dir, err
	s.mu.Unlock()
}

func (s *server) state() (dir string, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dir, s.err
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range SecurityHeaders {
		h.Set(k, v)
	}
	// A preview changes under the reader: never keep a stale copy.
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "只支持 GET 和 HEAD 请求", http.StatusMethodNotAllowed)
		return
	}
	name, ok := sitePath(r.URL)
	if !ok {
		http.Error(w, "拒绝访问：地址中不能含有 .. 等路径", http.StatusBadRequest)
		return
	}
	switch name {
	case "/livereload.js":
		livereload.ServeJS(w, r)
		return
	case "/livereload":
		livereload.Handler(w, r)
		return
	}
	dir, buildErr := s.state()
	if buildErr != nil && isPage(name) {
		s.serveError(w, buildErr)
		return
	}
	s.serveFile(w, r, dir, name)
}

// sitePath is the request's path, cleaned, or false when the path tries to leave
// the site: a ".." segment, a backslash or a NUL, encoded or not.
func sitePath(u *url.URL) (string, bool) {
	for _, p := range []string{u.Path, u.RawPath, u.EscapedPath()} {
		if strings.ContainsAny(p, "\\\x00") {
			return "", false
		}
		for seg := range strings.SplitSeq(p, "/") {
			if seg == ".." {
				return "", false
			}
		}
		if dec, err := url.PathUnescape(p); err != nil || strings.Contains(dec, "..") && dec != p {
			return "", false
		}
	}
	if !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	return path.Clean(u.Path), true
}

// isPage reports whether name is a page's address rather than a file a page uses.
func isPage(name string) bool {
	ext := path.Ext(name)
	return ext == "" || ext == ".html"
}

func (s *server) serveFile(w http.ResponseWriter, r *http.Request, dir, name string) {
	file := filepath.Join(dir, filepath.FromSlash(name))
	fi, err := os.Stat(file)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		file = filepath.Join(file, "index.html")
		fi, err = os.Stat(file)
	}
	status := http.StatusOK
	if err != nil || !fi.Mode().IsRegular() {
		file, status = filepath.Join(dir, "404.html"), http.StatusNotFound
		if fi, err = os.Stat(file); err != nil {
			http.NotFound(w, r)
			return
		}
	}
	if t, ok := contentTypes[filepath.Ext(file)]; ok {
		w.Header().Set("Content-Type", t)
	}
	if filepath.Ext(file) == ".html" {
		b, err := os.ReadFile(file)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		b = s.withReload(b)
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(b)
		}
		return
	}
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	// ServeContent answers Range requests, which the search index relies on.
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
}

// withReload adds the live-reload script to a page, before </body>. The pages on
// disk stay as xxgk build writes them.
func (s *server) withReload(page []byte) []byte {
	script := fmt.Appendf(nil, `<script src="/livereload.js?mindelay=10&amp;v=2&amp;port=%d&amp;path=livereload" data-no-instant defer></script>`, s.port)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// problem is one line of the error page.
type problem struct {
	File    string
	Line    int
	Message string
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面未能生成 - xxgk 预览</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<main id="main" class="container build-error">
<h1>页面未能生成</h1>
<p class="lead">{{ .Summary }}改正后保存文件，这个页面会自动刷新，不必重新启动预览。</p>
<ol class="problems">
{{ range .Problems }}<li>{{ if .File }}<strong>{{ .File }}{{ if .Line }} 第 {{ .Line }} 行{{ end }}</strong>：{{ end }}{{ .Message }}</li>
{{ end }}</ol>
<p>终端窗口中也显示了这些问题。在发布前可运行 <code>xxgk check</code> 检查全部文档。</p>
<p class="meta">{{ .Time }}</p>
</main>
</body>
</html>
`))

// serveError shows err in place of every page, with the reload script so that the
// page recovers by itself once the mistake is fixed.
func (s *server) serveError(w http.ResponseWriter, err error) {
	data := struct {
		Summary  string
		Problems []problem
		Time     string
	}{Time: time.Now().In(record.Shanghai).Format("2006-01-02 15:04:05")}
	// Every failure that can be pinned to files has one shape; the summary says which kind.
	var located site.Located
	if errors.As(err, &located) {
		for _, p := range located.Located() {
			if p.Severity == record.Error {
				data.Problems = append(data.Problems, problem{File: p.File, Line: p.Line, Message: p.Detail()})
			}
		}
	} else {
		data.Problems = []problem{{Message: err.Error()}}
	}
	var check *site.CheckError
	var hugo *hugosite.HugoError
	var links *site.LinkError
	switch {
	case errors.As(err, &check):
		data.Summary = fmt.Sprintf("有 %d 处文档问题，站点暂未更新。", len(data.Problems))
	case errors.As(err, &hugo):
		data.Summary = "Hugo 生成页面时出错，站点暂未更新。"
	case errors.As(err, &links):
		data.Summary = fmt.Sprintf("有 %d 个失效链接，xxgk build 会拒绝发布。", len(data.Problems))
	default:
		data.Summary = "站点暂未更新。"
	}
	var b bytes.Buffer
	errorPage.Execute(&b, data)
	w.Header().Set("Content-Type", contentTypes[".html"])
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(s.withReload(b.Bytes()))
}
