package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"xxgk/internal/importer"
)

func importCommand(stdout io.Writer) *cobra.Command {
	var opts importer.Options
	cmd := &cobra.Command{
		Use:   "import [--publisher 代码] [--category 分类] [--genre 体裁] [--allocate] [--out 目录] [--dry-run] [--force] 文件或目录…",
		Short: "把旧网站的公开文件（文本或网页）转换为本站文档，并报告做了哪些处理",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := importer.Import(opts, args)
			var ue importer.UsageError
			if errors.As(err, &ue) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			if err := res.WriteText(stdout); err != nil {
				return err
			}
			if res.Failed() {
				return exitCode(1)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Site, "source", ".", "站点目录（含 data/ 和 content/）")
	f.StringVar(&opts.Publisher, "publisher", "", "页面上找不到发布机构时使用的发布机构代码")
	f.StringVar(&opts.Category, "category", "", "页面上找不到主题分类时使用的分类")
	f.StringVar(&opts.Genre, "genre", "", "页面没有写明体裁时使用的体裁")
	f.BoolVar(&opts.Allocate, "allocate", false, "为没有可用索引号的文件分配下一个空闲索引号")
	f.StringVar(&opts.Out, "out", "", "写到这个目录，而不是站点的 content/ 目录")
	f.BoolVar(&opts.DryRun, "dry-run", false, "只报告，不写入任何文件")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的文件")
	return cmd
}
