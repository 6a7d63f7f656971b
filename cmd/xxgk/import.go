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
		Short: "把旧网站的公开文件（文本、网页、Word 或 PDF）转换为本站文档，并报告做了哪些处理",
		Long: `把旧网站复制下来的文本（UTF-8、GB18030/GBK、Big5）、保存的网页，以及 Word（.docx）
和 PDF 原件转换为本站文档（原件作为“公开原件”附件保留；旧版 .doc 请先另存为 .docx，
扫描的 PDF 请先做文字识别）：
读出索引号、发布机构、发布日期等元数据，去掉网页导航、下载网站的提示、相关文章列表和广告插入，
把“一、（一）1.”等序号变成标题，还原被拆散的表格。每个文件做了什么、删了哪些文字、
还缺什么，都列在报告里。信息齐全的文件写到 content/<机构代码>/<年份>/<索引号>.md，
不齐全的写到 content/_import/，补齐后再移动。

例如：
  xxgk import --dry-run 旧网站/             先看看会怎样处理，不写入文件
  xxgk import --allocate 旧网站/            导入，并为没有索引号的文件分配索引号
  xxgk import --publisher lxzz 通知.html    页面上没写发布机构时，按 lxzz 导入`,
		Args: cobra.MinimumNArgs(1),
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
