package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"xxgk/internal/audit"
	"xxgk/internal/extlinks"
	"xxgk/internal/manifest"
	"xxgk/internal/record"
)

func auditCommand(stdout io.Writer) *cobra.Command {
	var source, format, publisher, since, asOf string
	var year, reportYear int
	var links bool
	var linkOpts extlinks.Options
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "审计信息公开目录：索引号、发布及时性、有效性、年度质量报告发布情况和统计（发现问题时退出码为 1）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" && format != "csv" {
				return usageError{fmt.Errorf("--format 只能是 text、json 或 csv，不能是 %q", format)}
			}
			opts := audit.Options{Year: year, ReportYear: reportYear, Publisher: publisher, AsOf: time.Now()}
			if asOf != "" {
				t, err := time.ParseInLocation("2006-01-02", asOf, record.Shanghai)
				if err != nil {
					return usageError{fmt.Errorf("--as-of 应写成 2024-03-01 这样的日期，不能是 %q", asOf)}
				}
				opts.AsOf = t
			}
			if links {
				if linkOpts.Concurrency < 1 || linkOpts.PerHost < 1 || linkOpts.Timeout <= 0 {
					return usageError{fmt.Errorf("--links-concurrency、--links-per-host 应为正整数，--links-timeout 应为正的时长（如 10s）")}
				}
				opts.Links = &linkOpts
			}
			set, err := record.Load(source)
			if err != nil {
				return err
			}
			if _, ok := set.Registry.Publisher(publisher); publisher != "" && !ok {
				return usageError{fmt.Errorf("--publisher %q 不在 data/publishers.toml 中", publisher)}
			}
			cfg, err := audit.LoadConfig(source)
			if err != nil {
				return err
			}
			rep := audit.Run(set, cfg, opts)
			if since != "" {
				old, err := manifest.Read(since)
				if err != nil {
					return err
				}
				cur, err := manifest.Build(set, "", opts.AsOf)
				if err != nil {
					return err
				}
				rep.Changes = audit.Compare(old, cur)
			}
			switch format {
			case "json":
				err = rep.WriteJSON(stdout)
			case "csv":
				_, err = stdout.Write(rep.FindingsTable().CSV())
			default:
				err = rep.WriteText(stdout)
			}
			if err != nil {
				return err
			}
			if rep.Flagged() {
				return exitCode(1)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&source, "source", ".", "站点目录（含 content/ 和 data/）")
	f.StringVar(&format, "format", "text", "输出格式：text、json（格式见 docs/audit.md）或 csv（全部发现，一行一项）")
	f.IntVar(&year, "year", 0, "只审计这一年发布的文档（默认全部年份）")
	f.IntVar(&reportYear, "report-year", 0, "检查哪一年度的质量报告（默认上一年）")
	f.StringVar(&publisher, "publisher", "", "只审计这个发布机构及其下属单位（机构代码）")
	f.StringVar(&since, "since", "", "与以前某次发布的 manifest.json 比较，列出新增、删除和发布后修改的文档")
	f.StringVar(&asOf, "as-of", "", "按这一天审计（默认今天），如 2026-04-01")
	f.BoolVar(&links, "links", false, "同时检查文档中指向其他网站的链接能否打开（需要联网）")
	f.DurationVar(&linkOpts.Timeout, "links-timeout", 10*time.Second, "每个外部链接最长等待多久")
	f.IntVar(&linkOpts.Concurrency, "links-concurrency", 8, "同时检查的外部链接数")
	f.IntVar(&linkOpts.PerHost, "links-per-host", 2, "对同一网站同时发出的请求数")
	return cmd
}
