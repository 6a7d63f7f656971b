// Package serve is the live preview behind xxgk serve: it renders a site into a
// temporary directory, serves it over HTTP, renders again what each saved file
// affects, and reloads the open browser pages.
package serve

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gohugoio/hugo/livereload"

	"xxgk/internal/site"
)

// Options says what to serve and where.
type Options struct {
	Source string // the site directory
	Bind   string // the address to listen on; "" means 127.0.0.1
	Port   int    // 0 picks a free port
	Drafts bool   // show documents marked draft = true
	// Now is the preview's clock for every date decision (see site.Options). Nil: the system clock.
	Now func() time.Time

	// Log receives what a person at the terminal reads: each rebuild and each error.
	Log io.Writer
	// Ready, when set, is called with the site's address once the first build is done.
	Ready func(url string)
}

// Run builds the site, serves it and keeps it up to date until ctx is done. It
// returns early only when the site cannot be served at all (no such directory, the
// port is taken); mistakes in the site's files are shown and wait for a fix.
func Run(ctx context.Context, opts Options) error {
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	bind := cmp.Or(opts.Bind, "127.0.0.1")
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return fmt.Errorf("无法在 %s 的 %d 端口上提供服务（端口可能已被占用，可用 --port 换一个）：%w", bind, opts.Port, err)
	}
	defer ln.Close()
	url := fmt.Sprintf("http://%s/", net.JoinHostPort(displayHost(bind), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)))

	tmp, err := os.MkdirTemp("", "xxgk-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// Pages link to the preview itself, as Hugo's server does, whatever config.toml says.
	preview, err := site.NewPreview(site.Options{Source: opts.Source, Dest: tmp, BaseURL: url, Drafts: opts.Drafts, Now: opts.Now, Log: logw})
	if err != nil {
		return err
	}
	defer preview.Close()
	w, err := newWatcher(preview.Source())
	if err != nil {
		return fmt.Errorf("无法监视站点目录的变化：%w", err)
	}
	defer w.close()

	s := &server{dir: preview.Dir(), port: ln.Addr().(*net.TCPAddr).Port}
	// The saved documents' pages are rendered ahead of the rest: show them at once.
	preview.Rendered = func() {
		s.set(preview.Dir(), nil)
		livereload.ForceRefresh()
		s.shown = true
		fmt.Fprintln(logw, "改动的文档页面已更新，其余页面正在生成……")
	}
	startLiveReload()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	s.rebuild(logw, preview, nil)
	fmt.Fprintf(logw, "预览地址：%s （按 Ctrl+C 停止）\n", url)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case changed := <-w.changes:
			s.rebuild(logw, preview, changed)
		case err := <-w.errors:
			fmt.Fprintf(logw, "监视文件时出错：%v\n", err)
		}
	}
}

// rebuild renders the pages again for the changed files and tells the browsers,
// then renders the portal's pages and writes the search index and the other files
// the pages link to, which takes longer and is not what the person who saved is
// looking at, and serves the site whole once it is (telling the browsers when
// they were not told of the saved pages already).
func (s *server) rebuild(logw io.Writer, p *site.Preview, changed []string) {
	start := time.Now()
	s.shown = false
	before, wasErr := s.state()
	err := p.Update(changed...)
	if err != nil {
		// In the terminal before the browser shows it: whoever sees the error page
		// finds the same words there.
		fmt.Fprintf(logw, "%s\n浏览器中显示了这个错误；改正并保存文件后会自动重新生成。\n", err)
	}
	s.set(p.Dir(), err)
	// Each rebuild reloads the pages once, as soon as there is something new to see:
	// a page that is loading has no live-reload connection and would miss a second.
	told := s.shown
	if changed != nil && !told && (err != nil || wasErr != nil || p.Dir() != before) {
		livereload.ForceRefresh()
		told = true
	}
	if err != nil {
		return
	}
	// Reminders about the files just saved; all of them after the first build.
	for _, w := range p.Warnings() {
		if changed == nil || slices.Contains(changed, filepath.Join(p.Source(), filepath.FromSlash(w.File))) {
			fmt.Fprintln(logw, w)
		}
	}
	what := "页面已生成"
	if changed != nil {
		what = fmt.Sprintf("%d 个文件有改动，页面已更新", len(changed))
	}
	fmt.Fprintf(logw, "%s（用时 %d 毫秒）\n", what, time.Since(start).Milliseconds())
	shown := p.Dir()
	if err := p.WriteOutputs(); err != nil {
		fmt.Fprintf(logw, "%s\n浏览器中显示了这个错误；改正并保存文件后会自动重新生成。\n", err)
		s.set(p.Dir(), err)
		livereload.ForceRefresh()
		return
	}
	if p.Dir() != shown {
		// The listings and the rest of the site changed with the saved pages; pages
		// reloaded for the saved documents already are not reloaded again.
		s.set(p.Dir(), nil)
		if changed != nil && !told {
			livereload.ForceRefresh()
		}
	}
	fmt.Fprintf(logw, "搜索索引、信息公开目录和审计文件已更新（共用时 %d 毫秒）\n", time.Since(start).Milliseconds())
}

var liveReloadOnce sync.Once

// startLiveReload starts the hub that tells the pages' scripts to reload; it is
// global in Hugo's package, so it starts once per process.
func startLiveReload() { liveReloadOnce.Do(livereload.Initialize) }

func displayHost(bind string) string {
	if bind == "" || bind == "0.0.0.0" || bind == "::" {
		return "127.0.0.1"
	}
	return bind
}
