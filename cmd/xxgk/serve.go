package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/spf13/cobra"

	"xxgk/internal/clock"
	"xxgk/internal/serve"
)

func serveCommand(stderr io.Writer) *cobra.Command {
	var opts serve.Options
	var open bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "在本机预览门户：保存文件后自动重新生成并刷新浏览器（不写入 public/）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Port < 0 || opts.Port > 65535 {
				return usageError{fmt.Errorf("--port %d 不是有效的端口号（0–65535）", opts.Port)}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(sig)
			go func() {
				select {
				case <-sig:
				case <-ctx.Done():
					return
				}
				// The preview stops once the build under way is done; from now on a
				// second Ctrl+C ends the process at once.
				signal.Stop(sig)
				fmt.Fprintln(stderr, "正在停止预览……（再按一次 Ctrl+C 立即退出）")
				cancel()
			}()
			now, err := clock.Resolve("", os.Getenv)
			if err != nil {
				return usageError{err}
			}
			opts.Now = now
			opts.Log = stderr
			if open {
				opts.Ready = openBrowser
			}
			return serve.Run(ctx, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Source, "source", ".", "站点目录（含 config.toml、content/、data/）")
	f.StringVar(&opts.Bind, "bind", "127.0.0.1", "监听地址；默认只允许本机访问")
	f.IntVar(&opts.Port, "port", 1313, "端口；0 表示自动选择空闲端口")
	f.BoolVar(&opts.Drafts, "drafts", false, "同时显示标记为草稿（draft = true）的文档")
	f.BoolVar(&open, "open", false, "生成后用默认浏览器打开预览")
	return cmd
}

// openBrowser opens url in the desktop's browser; failing that, the address printed
// in the terminal is enough.
func openBrowser(url string) {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		c = exec.Command("open", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	if err := c.Start(); err == nil {
		go c.Wait()
	}
}
