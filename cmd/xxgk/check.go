package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"xxgk/internal/record"
)

func checkCommand(stdout io.Writer) *cobra.Command {
	var source, format string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "检查全部文档的元数据，不生成网站（有错误时退出码为 1）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format 只能是 text 或 json，不能是 %q", format)}
			}
			set, err := record.Load(source)
			if err != nil {
				return err
			}
			if format == "json" {
				err = set.WriteJSON(stdout)
			} else {
				err = set.WriteText(stdout)
			}
			if err != nil {
				return err
			}
			if set.HasErrors() {
				return exitCode(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", ".", "站点目录（含 content/ 和 data/）")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式：text（给人看）或 json（给程序读，格式见 docs/schema.md）")
	return cmd
}
