// Command xxgk builds and checks a public-information disclosure portal (信息公开).
//
// Usage:
//
//	xxgk build [--source DIR] [--dest DIR] [--baseURL URL]
//	xxgk check [--source DIR] [--format text|json]
//	xxgk new --publisher CODE --genre NAME [--category PATH] [--date D] "标题"
//	xxgk report --publisher CODE --year Y [--source DIR]
//	xxgk audit [--source DIR] [--year Y] [--publisher CODE] [--format text|json|csv] …
//	xxgk import [--publisher CODE] [--category PATH] [--genre NAME] [--allocate]
//	            [--out DIR] [--dry-run] [--force] [--source DIR] FILE|DIR...
//	xxgk serve [--source DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--open]
//
// Exit status: 0 on success, 1 when the site has errors or the build fails (for import:
// when a file cannot be read or written), 2 when the command line is wrong.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	_ "time/tzdata" // Hugo's timeZone = "Asia/Shanghai" must work on machines without tzdata

	"github.com/spf13/cobra"

	"xxgk/internal/publish"
)

// usageError marks mistakes in the command line, which exit with status 2.
type usageError struct{ error }

// exitCode ends the command with a status and no further message: what went wrong has
// been printed already.
type exitCode int

func (e exitCode) Error() string { return "" }

func main() {
	// XXGK_CPUPROFILE names a file for a CPU profile of the run (bench/README.md).
	if name := os.Getenv("XXGK_CPUPROFILE"); name != "" {
		if f, err := os.Create(name); err == nil {
			pprof.StartCPUProfile(f)
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the CLI with args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "xxgk",
		Short:         "xxgk：学校和教育部门的信息公开门户生成工具",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(buildCommand(stdout, stderr), assembleCommand(stdout, stderr), shardsCommand(stdout), checkCommand(stdout), newCommand(stdout), reportCommand(stdout), auditCommand(stdout), importCommand(stdout), serveCommand(stderr))
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	fmt.Fprintln(stderr, publish.Describe(err)) // a system error in Chinese, not Go's English
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintln(stderr, "运行 xxgk --help 查看用法。")
		return 2
	}
	return 1
}

// isCobraUsage recognises cobra's own errors for unknown commands and bad arguments.
func isCobraUsage(err error) bool {
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires ", "required flag"} {
		if strings.Contains(err.Error(), p) {
			return true
		}
	}
	return false
}
