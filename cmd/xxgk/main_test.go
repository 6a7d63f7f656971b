package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildSummary(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	code, out, errs := runCLI("build", "--source", "../..", "--dest", dest)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^已生成 \d+ 个页面，共 \d+ 个文件，用时 \d+\.\d 秒 → .+public\n$`).MatchString(out) {
		t.Errorf("summary line = %q", out)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
	// Built again on the same day, nothing changed: the last line says all came
	// from the build cache, the portal's own pages too.
	code, out, errs = runCLI("build", "--source", "../..", "--dest", dest, "--as-of", "2026-12-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, out, errs = runCLI("build", "--source", "../..", "--dest", dest, "--as-of", "2026-12-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`\n重新生成了 0 / \d+ 个发布机构的文件页面、0 / \d+ 个栏目列表，其余沿用已生成的页面\n$`).MatchString(out) {
		t.Errorf("summary of a build with nothing changed = %q", out)
	}
}

func TestExitCodes(t *testing.T) {
	broken := t.TempDir()
	for _, p := range []string{"config.toml", "data"} {
		copyInto(t, filepath.Join("../..", p), filepath.Join(broken, p))
	}
	writeTestFile(t, filepath.Join(broken, "content/lxzz/2024/bad.md"), "+++\ntitle = \"缺少索引号的文件\"\n+++\n")

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown flag", []string{"build", "--sauce", "."}, 2, "xxgk --help"},
		{"extra argument", []string{"build", "extra"}, 2, "xxgk --help"},
		{"unknown command", []string{"publish"}, 2, "xxgk --help"},
		{"broken document", []string{"build", "--source", broken}, 1, "content/lxzz/2024/bad.md:1: 字段 index（索引号）：缺少必填字段"},
		{"missing site", []string{"build", "--source", filepath.Join(broken, "none")}, 1, "不存在"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(broken, "public")); !os.IsNotExist(err) {
		t.Error("a failed build created public/")
	}
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		// config.toml is a file, not a directory
		b, ferr := os.ReadFile(from)
		if ferr != nil {
			t.Fatal(err)
		}
		writeTestFile(t, to, string(b))
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
