package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lastYear is the most recent year a report can be written for today.
var lastYear = time.Now().Year() - 1

func TestReportCommand(t *testing.T) {
	dir := newSite(t)
	code, out, errs := runCLI("report", "--source", dir, "--publisher", "lxzz", "--year", fmt.Sprint(lastYear))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := strings.TrimSpace(out)
	if !strings.HasPrefix(path, fmt.Sprintf("content/lxzz/%d/lxzz-%d-", lastYear+1, lastYear+1)) {
		t.Fatalf("wrote %q", path)
	}
	// No figures file: the report is written, and the check refuses it until filled in.
	code, out, _ = runCLI("check", "--source", dir)
	if code != 1 || !strings.Contains(out, path+":") || !strings.Contains(out, "【待填写】") {
		t.Errorf("check of an unfilled report: exit %d\n%s", code, out)
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown publisher", []string{"--publisher", "lxz", "--year", "2024"}, 1, "不在 data/publishers.toml 中"},
		{"existing report", []string{"--publisher", "lxzz", "--year", fmt.Sprint(lastYear)}, 1, "已经有了：" + path},
		{"future year", []string{"--publisher", "lxzz", "--year", fmt.Sprint(lastYear + 5)}, 1, "还没有结束"},
		{"no year", []string{"--publisher", "lxzz"}, 2, "year"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(append([]string{"report", "--source", dir}, c.args...)...)
			if code != c.code || out != "" || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errs, c.code, c.want)
			}
		})
	}
}

// TestCheckReportArithmetic: a published report whose sum is changed by hand is an
// error naming the file, the line, the cell and the value the sum should have.
func TestCheckReportArithmetic(t *testing.T) {
	dir := newSite(t)
	copyInto(t, "../../content/lxjyj", filepath.Join(dir, "content/lxjyj"))
	rel := "content/lxjyj/2026/annual-report-2025.md"
	src, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	if _, out, _ := runCLI("check", "--source", dir); strings.Contains(out, rel) {
		t.Fatalf("the sample report does not pass: %s", out)
	}
	old := "| 行政复议 | 1 | 0 | 0 | 0 | 1 |"
	if !strings.Contains(string(src), old) {
		t.Fatal("sample report changed; adapt the test")
	}
	tampered := strings.Replace(string(src), old, "| 行政复议 | 1 | 0 | 0 | 0 | 2 |", 1)
	line := 1 + strings.Count(tampered[:strings.Index(tampered, "| 行政复议 |")], "\n")
	os.WriteFile(filepath.Join(dir, rel), []byte(tampered), 0o644)
	code, out, _ := runCLI("check", "--source", dir)
	want := fmt.Sprintf("%s:%d: 表5 政府信息公开行政复议、行政诉讼情况，“行政复议”行“总计”列：现为 2，应为 1（总计列等于各列之和）", rel, line)
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("exit %d, want %q in\n%s", code, want, out)
	}
}

// TestCheckReportCatalogue: table 1 of a published report that no longer agrees with
// the catalogue (here, a 行政规范性文件 of the year removed) is a warning at its cell.
func TestCheckReportCatalogue(t *testing.T) {
	dir := newSite(t)
	copyInto(t, "../../content/lxjyj", filepath.Join(dir, "content/lxjyj"))
	rel := "content/lxjyj/2026/annual-report-2025.md"
	if _, out, _ := runCLI("check", "--source", dir); strings.Contains(out, rel) {
		t.Fatalf("the sample report disagrees with the sample catalogue:\n%s", out)
	}
	if err := os.Remove(filepath.Join(dir, "content/lxjyj/2025/student-aid-measures-2025.md")); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(dir, rel))
	line := 1 + strings.Count(string(src[:strings.Index(string(src), "| 行政规范性文件 |")]), "\n")
	_, out, _ := runCLI("check", "--source", dir)
	for _, want := range []string{
		fmt.Sprintf("%s:%d: 提醒：表1 第二十条第（一）项：规章和行政规范性文件，“行政规范性文件”行“本年制发件数”列：现为 1，应为 0", rel, line),
		"“现行有效件数”列：现为 1，应为 0（表1应与本平台文件目录的统计一致）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "“本年废止件数”列") {
		t.Errorf("the 2023 document abolished in 2025 is still counted:\n%s", out)
	}
}
