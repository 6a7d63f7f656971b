package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"xxgk/internal/clock"
	"xxgk/internal/draft"
	"xxgk/internal/record"
)

func newCommand(stdout io.Writer) *cobra.Command {
	var req draft.Request
	var date string
	cmd := &cobra.Command{
		Use:   "new --publisher 代码 --genre 体裁 [--category 分类] [--date 日期] \"标题\"",
		Short: "新建一篇文档：自动分配索引号，按体裁写好章节框架",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Title = args[0]
			if date != "" {
				d, err := time.ParseInLocation("2006-01-02", date, record.Shanghai)
				if err != nil {
					return usageError{fmt.Errorf("--date %q 不是有效日期，请写成 2025-03-01 这样的形式", date)}
				}
				req.Date = d
			} else {
				now, err := clock.Resolve("", os.Getenv)
				if err != nil {
					return usageError{err}
				}
				req.Date = now().In(record.Shanghai)
			}
			path, err := draft.Create(req)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, path)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Site, "source", ".", "站点目录")
	f.StringVar(&req.Publisher, "publisher", "", "发布机构代码（见 data/publishers.toml）")
	f.StringVar(&req.Genre, "genre", "", "体裁，如 工作计划、工作总结、年度质量报告（见 data/genres.toml）")
	f.StringVar(&req.Category, "category", "", "主题分类（默认用体裁的默认分类）")
	f.StringVar(&date, "date", "", "发布日期，如 2025-03-01（默认今天，北京时间）")
	cmd.MarkFlagRequired("publisher")
	cmd.MarkFlagRequired("genre")
	return cmd
}
