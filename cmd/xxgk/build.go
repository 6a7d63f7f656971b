package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"xxgk/internal/clock"
	"xxgk/internal/identity"
	"xxgk/internal/site"
)

func buildCommand(stdout, stderr io.Writer) *cobra.Command {
	var opts site.Options
	var asOf string
	var shardCodes []string
	var shardOut string
	cmd := &cobra.Command{
		Use:   "build",
		Short: "检查全部文档并生成门户网站（失败时不改动已发布的内容）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := clock.Resolve(asOf, os.Getenv)
			if err != nil {
				return usageError{err}
			}
			opts.Now = now
			opts.Log = stderr
			if len(shardCodes) > 0 || shardOut != "" {
				if shardOut == "" {
					return usageError{fmt.Errorf("--shard 需要同时用 --shard-out 指定分片的输出目录")}
				}
				return renderShards(opts, shardCodes, shardOut, stdout, stderr)
			}
			return build(opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Source, "source", ".", "站点目录（含 config.toml、content/、data/）")
	f.StringVar(&opts.Dest, "dest", "", "输出目录（默认为 站点目录/public）")
	f.StringVar(&opts.BaseURL, "baseURL", "", "网站地址，如 https://xxgk.example.edu.cn/（覆盖 config.toml）")
	f.StringVar(&asOf, "as-of", "", "按这一天生成（如 2025-06-30）：有效性、审计和 manifest 的日期都以这一天为准；默认取环境变量 SOURCE_DATE_EPOCH，再默认今天")
	f.BoolVar(&opts.NoWait, "no-wait", false, "另一个构建正在发布到同一输出目录时不等待，直接以退出码 1 结束")
	f.StringVar(&opts.Cache, "cache", "", "构建缓存目录：内容没有变化的发布机构和栏目直接沿用上次生成的页面（默认为输出目录旁的 .<输出目录名>-cache）")
	f.BoolVar(&opts.NoCache, "no-cache", false, "不使用也不保留构建缓存，全部页面重新生成")
	f.BoolVar(&opts.WholeSite, "whole-site", false, "用一个 Hugo 站点生成全部页面（分片构建之前的做法，用于核对；很大的站点会用尽内存）")
	f.StringSliceVar(&shardCodes, "shard", nil, "只生成这些发布机构（代码，逗号分隔）的分片，写入 --shard-out 目录，不发布；之后用 xxgk assemble 合成")
	f.StringVar(&shardOut, "shard-out", "", "--shard 生成的分片写入的目录")
	return cmd
}

// build is xxgk build: the whole portal, published.
func build(opts site.Options, stdout, stderr io.Writer) error {
	opts.Loaded = limitMemory()
	progress := startProgress(stderr)
	opts.Phase = progress.set
	opts.Progress = progress.pages
	res, err := site.Build(opts)
	progress.stop()
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w)
	}
	// The footer identity and the address crawlers see: reminders, not errors.
	if ws, err := identity.Check(cmp.Or(opts.Source, "."), opts.BaseURL); err == nil {
		for _, w := range ws {
			fmt.Fprintln(stderr, w)
		}
	}
	fmt.Fprintf(stdout, "已生成 %d 个页面，共 %d 个文件，用时 %.1f 秒 → %s\n",
		res.Pages, res.Files, res.Elapsed.Seconds(), relOrAbs(res.Dest))
	if sh := res.Shards; sh.Total > 0 && (sh.Rendered < sh.Total || sh.ListingsRendered < sh.Listings || !sh.PortalRendered) {
		portal := "和首页等门户页面"
		if !sh.PortalRendered {
			portal = ""
		}
		fmt.Fprintf(stdout, "重新生成了 %d / %d 个发布机构的文件页面、%d / %d 个栏目列表%s，其余沿用已生成的页面\n",
			sh.Rendered, sh.Total, sh.ListingsRendered, sh.Listings, portal)
	}
	return nil
}

// renderShards is xxgk build --shard: some publishers' pages, for assembly.
func renderShards(opts site.Options, codes []string, dir string, stdout, stderr io.Writer) error {
	opts.Loaded = limitMemory()
	progress := startProgress(stderr)
	opts.Phase = progress.set
	opts.Progress = progress.pages
	res, err := site.RenderShards(opts, codes, dir)
	progress.stop()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已生成 %d 个发布机构的分片（%d 篇文档；其中 %d 个重新生成，其余已是最新），用时 %.1f 秒 → %s\n",
		len(res.Codes), res.Documents, res.Rendered, res.Elapsed.Seconds(), relOrAbs(res.Dir))
	return nil
}

// assembleCommand is xxgk assemble: the portal from shard directories, published.
func assembleCommand(stdout, stderr io.Writer) *cobra.Command {
	var opts site.Options
	var asOf string
	cmd := &cobra.Command{
		Use:   "assemble 分片目录...",
		Short: "把 xxgk build --shard 在各处生成的分片合成门户网站并发布（缺少或过期的分片会报错，不发布）",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			now, err := clock.Resolve(asOf, os.Getenv)
			if err != nil {
				return usageError{err}
			}
			opts.Now, opts.Log, opts.From = now, stderr, dirs
			return build(opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Source, "source", ".", "站点目录（与生成分片时相同）")
	f.StringVar(&opts.Dest, "dest", "", "输出目录（默认为 站点目录/public）")
	f.StringVar(&opts.BaseURL, "baseURL", "", "网站地址（与生成分片时相同）")
	f.StringVar(&asOf, "as-of", "", "按这一天生成（与生成分片时相同；默认取 SOURCE_DATE_EPOCH，再默认今天）")
	f.BoolVar(&opts.NoWait, "no-wait", false, "另一个构建正在发布到同一输出目录时不等待，直接以退出码 1 结束")
	f.StringVar(&opts.Cache, "cache", "", "栏目列表的构建缓存目录（默认为输出目录旁的 .<输出目录名>-cache）")
	return cmd
}

// shardsCommand is xxgk shards: how to split the site among machines.
func shardsCommand(stdout io.Writer) *cobra.Command {
	var opts site.Options
	var n int
	cmd := &cobra.Command{
		Use:   "shards",
		Short: "把发布机构分成文档数相近的几组，每行一组（逗号分隔的代码），供多台机器分别 xxgk build --shard",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 {
				return usageError{fmt.Errorf("--groups 应为正整数")}
			}
			groups, err := site.Groups(opts, n)
			if err != nil {
				return err
			}
			for _, g := range groups {
				fmt.Fprintln(stdout, strings.Join(g, ","))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", ".", "站点目录")
	cmd.Flags().IntVar(&n, "groups", 1, "分成几组（机器数）")
	return cmd
}

func relOrAbs(path string) string {
	if rel, err := filepath.Rel(".", path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// progress reports the current step of a build, but only once the build has taken
// long enough for someone to wonder whether it is still working. While Hugo writes
// the documents' pages it says how many are done and how long the rest will take.
type progress struct {
	mu          sync.Mutex
	phase       string
	start       time.Time
	since       time.Time // when the current step began
	clock       func() time.Time
	done, total int // documents' pages written, of total
	stopped     chan struct{}
	wg          sync.WaitGroup
}

func startProgress(w io.Writer) *progress {
	p := &progress{start: time.Now(), clock: time.Now, stopped: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-p.stopped:
				return
			case now := <-tick.C:
				fmt.Fprintln(w, p.line(now))
			}
		}
	}()
	return p
}

func (p *progress) set(phase string) {
	p.mu.Lock()
	if phase != p.phase {
		p.phase, p.since = phase, p.clock()
	}
	p.mu.Unlock()
}

// pages is site.Options.Progress.
func (p *progress) pages(done, total int) {
	p.mu.Lock()
	p.done, p.total = max(p.done, min(done, total)), total
	p.mu.Unlock()
}

// line is the progress display at now.
func (p *progress) line(now time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return progressLine(p.phase, now.Sub(p.start), p.done, p.total, now.Sub(p.since))
}

func (p *progress) stop() {
	close(p.stopped)
	p.wg.Wait()
}

// progressLine is one line of the progress display: the step and the time so far or,
// while the documents' pages are written, how many are done of how many, and an
// estimate of the rest from the pace since the step began. That pace includes what
// Hugo does before each batch of pages (reading, assembling) as well as the pages:
// the pace since the first page, which leaves that out, promised a 40-minute build
// of 300,000 documents in 4 minutes.
func progressLine(phase string, elapsed time.Duration, done, total int, working time.Duration) string {
	if phase != "生成页面" || total == 0 || done == 0 || done >= total {
		return fmt.Sprintf("%s……（已用 %.0f 秒）", phase, elapsed.Seconds())
	}
	left := time.Duration(float64(working) * float64(total-done) / float64(done))
	return fmt.Sprintf("%s %s / %s（%d%%），预计还需 %s", phase, thousands(done), thousands(total), done*100/total, duration(left))
}

// thousands writes n with a comma between groups of three digits, as 12,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// duration says how long d is in hours, minutes and seconds, as 3 分 20 秒, rounded
// up to the second (an estimate of 0 秒 would be wrong while work remains).
func duration(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	h, m := s/3600, s/60%60
	s %= 60
	switch {
	case h > 0:
		return fmt.Sprintf("%d 小时 %d 分", h, m)
	case m > 0:
		return fmt.Sprintf("%d 分 %d 秒", m, s)
	}
	return fmt.Sprintf("%d 秒", s)
}
