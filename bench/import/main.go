// Command import measures xxgk import: pages per second on a migration of many pages
// from one portal (the same chrome, the same injected spam phrase on every page, the
// bodies different), at several sizes side by side, and the field accuracy on the
// test corpus of internal/importer/testdata/corpus. It prints Markdown tables.
//
//	go run ./bench/import [-sizes 100,1000,5000] [-kb 60] [-readme bench/README.md]
//
// Time grows linearly when pages per second stay the same from size to size.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"xxgk/bench/internal/readme"
	"xxgk/internal/importer"
)

func main() {
	sizes := flag.String("sizes", "100,1000,5000", "numbers of pages, comma-separated")
	kb := flag.Int("kb", 60, "size of each saved page in KB (markup included)")
	out := flag.String("out", "bench/.out", "work directory; a dot directory, so go ./... skips it")
	readmePath := flag.String("readme", "", "also write the tables into this file between the import-bench markers")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the imports to this file")
	flag.Parse()
	log.SetFlags(0)
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	work, err := filepath.Abs(filepath.Join(*out, "import"))
	if err != nil {
		log.Fatal(err)
	}
	os.RemoveAll(work)
	site := filepath.Join(work, "site")
	if err := makeSite(site, "data/publishers.toml"); err != nil {
		log.Fatal(err)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s on %d cores (%s); pages of about %d KB, one portal's layout, a dry run with --allocate.\n\n",
		time.Now().Format("2006-01-02"), runtime.NumCPU(), runtime.Version(), *kb)
	b.WriteString("| pages | wall time | pages/s | CPU time | pages per CPU second | peak heap |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("bad size %q", s)
		}
		dir := filepath.Join(work, fmt.Sprintf("pages-%d", n))
		size, err := writePages(dir, n, *kb*1024)
		if err != nil {
			log.Fatal(err)
		}
		runtime.GC()
		cpu0 := cpuTime()
		start := time.Now()
		res, err := importer.Import(importer.Options{Site: site, DryRun: true, Allocate: true}, []string{dir})
		if err != nil {
			log.Fatal(err)
		}
		d, cpu := time.Since(start), cpuTime()-cpu0
		if res.Failed() || len(res.Files) != n {
			log.Fatalf("%d pages: %d files, failed %v", n, len(res.Files), res.Failed())
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(&b, "| %d | %.2f s | %.0f | %.2f s | %.0f | %d MB |\n", n, d.Seconds(), float64(n)/d.Seconds(), cpu.Seconds(), float64(n)/cpu.Seconds(), ms.HeapSys>>20)
		_ = size
		os.RemoveAll(dir)
	}

	// The field accuracy on the corpus, with its own publishers.
	corpus := filepath.Join(work, "corpus-site")
	if err := makeSite(corpus, "internal/importer/testdata/corpus/publishers.toml"); err != nil {
		log.Fatal(err)
	}
	want, err := importer.ReadExpected("internal/importer/testdata/corpus/want.toml")
	if err != nil {
		log.Fatal(err)
	}
	res, err := importer.Import(importer.Options{Site: corpus, DryRun: true}, []string{"internal/importer/testdata/corpus/pages"})
	if err != nil {
		log.Fatal(err)
	}
	tally, err := importer.Accuracy(res, want)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(&b, "\nField accuracy on the %d pages of `internal/importer/testdata/corpus` (对 includes a field rightly left missing):\n\n", len(want))
	var acc bytes.Buffer
	importer.WriteAccuracy(&acc, tally)
	b.Write(acc.Bytes())

	fmt.Print(b.String())
	if *readmePath != "" {
		if err := readme.Replace(*readmePath, "import-bench", b.String()); err != nil {
			log.Fatal(err)
		}
	}
}

// makeSite writes a site directory with this repository's registries, the publishers
// taken from publishers.
func makeSite(dir, publishers string) error {
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		return err
	}
	for _, name := range []string{"categories.toml", "genres.toml", "publishers.toml"} {
		src := filepath.Join("data", name)
		if name == "publishers.toml" {
			src = publishers
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("%v (run from the repository root)", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sentences make up the generated bodies; %d is replaced by numbers that differ from
// page to page, so that no two bodies are the same.
var sentences = []string{
	"本学期学校共开设专业课程%d门，实训课时占总课时的一半以上，学生满意度达到百分之九十以上。",
	"按照《学校章程》的规定，各部门要落实岗位职责，班主任每月至少家访%d次。",
	"全县共有中等职业学校%d所，在校学生一万余人，专任教师八百余人。",
	"教务处每周检查教案和作业批改情况，学期中开展第%d次教学质量分析。",
	"学校与%d家企业签订校企合作协议，共建实训基地，学生顶岗实习对口率稳步提高。",
	"各专业部要按照县教育局的工作部署，做好第%d批次技能等级证书的考核组织工作。",
}

// writePages writes n saved pages of one portal into dir, each about size bytes, and
// returns their total size.
func writePages(dir string, n, size int) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	total := 0
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>第%d号通知_临溪县教育局</title>
<style>.nav{color:#333}</style><script>var page=%d;</script></head><body>
<div class="top">欢迎访问临溪县教育局网站 | 无障碍 | 长者模式 | English</div>
<div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a> <a href="/tzgg/">通知公告</a></div>
<div class="position">当前位置：首页 &gt; 信息公开 &gt; 通知公告</div>
<div class="article">
<div class="spam">鸿运国际娱乐城</div>
<h1>临溪县教育局关于做好第%d批职业技能等级认定工作的通知</h1>
<div class="info">索引号：lxjyj-2023-%05d　发布机构：临溪县教育局　发布日期：2023-%02d-%02d　浏览次数：%d</div>
<div class="fontsize">【字体：大 中 小】【打印本页】【关闭窗口】</div>
`, i, i, i+1, i+1, 1+i%12, 1+i%28, 100+i)
		for j := 0; b.Len() < size-600; j++ {
			s := fmt.Sprintf(sentences[(i+j)%len(sentences)], 2+(i*7+j)%97)
			if j%25 == 3 {
				s = strings.Replace(s, "学校", "鸿运国际娱乐城", 1)
			}
			if j%12 == 0 {
				fmt.Fprintf(&b, "<p>%s、第%d部分</p>\n", []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}[j/12%9], j/12+1)
			}
			fmt.Fprintf(&b, "<p style=\"text-indent:2em;font-size:16px;line-height:1.8\">　　%s</p>\n", s)
		}
		b.WriteString(`<p>临溪县教育局</p><p>2023年5月8日</p></div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="footer">主办单位：临溪县教育局　网站标识码：0000000000　备案号：示例ICP备00000000号</div>
</body></html>
`)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%05d.html", i)), []byte(b.String()), 0o644); err != nil {
			return 0, err
		}
		total += b.Len()
	}
	return total, nil
}

// cpuTime is the CPU time the process has used, user and system: on a shared machine
// it shows the work done where wall time also shows the waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
