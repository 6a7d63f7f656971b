package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"xxgk/internal/draft"
)

func reportCommand(stdout io.Writer) *cobra.Command {
	var req draft.ReportRequest
	cmd := &cobra.Command{
		Use:   "report --publisher 代码 --year 年度",
		Short: "编写政府信息公开工作年度报告：按国家格式列出六个部分和全部表格，表1从本机构的文件中统计",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if req.Year == 0 {
				return usageError{fmt.Errorf("请用 --year 给出报告年度，例如 --year 2025")}
			}
			req.Now = time.Now()
			path, err := draft.CreateReport(req)
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
	f.IntVar(&req.Year, "year", 0, "报告年度，即报告反映的年份，如 2025")
	cmd.MarkFlagRequired("publisher")
	cmd.MarkFlagRequired("year")
	return cmd
}
