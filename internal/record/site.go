package record

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// IsDocument reports whether rel, a slash-separated path relative to content/, is a
// disclosure document: a Markdown file in a subdirectory that is not a list page.
// Markdown files directly in content/ are portal pages such as the disclosure guide.
func IsDocument(rel string) bool {
	return strings.HasSuffix(rel, ".md") && strings.Contains(rel, "/") && path.Base(rel) != "_index.md"
}

// Set is every document of a site, with everything found wrong with them.
type Set struct {
	Registry *Registry
	Records  []*Record // in path order
	Problems []Problem // in file, then line order
}

// HasErrors reports whether any problem stops publication.
func (s *Set) HasErrors() bool {
	for _, p := range s.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// ByPath returns the record read from the content file at path, or nil.
func (s *Set) ByPath(path string) *Record {
	i, ok := slices.BinarySearchFunc(s.Records, path, func(r *Record, p string) int { return strings.Compare(r.Path, p) })
	if !ok {
		return nil
	}
	return s.Records[i]
}

// Load reads the registries and every document of the site in dir and checks them,
// alone and against each other. The error is for a site that cannot be read at all.
func Load(dir string) (*Set, error) {
	reg, err := LoadRegistry(dir)
	if err != nil {
		return nil, err
	}
	set := &Set{Registry: reg}
	contentDir := filepath.Join(dir, "content")
	var docs []string // slash-separated, relative to content/, in walk (lexical) order
	err = filepath.WalkDir(contentDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(contentDir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if !strings.HasSuffix(rel, ".md") {
			// Hugo would publish an HTML file here as it is, scripts and all.
			set.Problems = append(set.Problems, Problem{File: "content/" + rel, Severity: Error,
				Message: "content 目录中只能存放 Markdown 文档（.md 文件）；附件、图片等请放到 static/ 目录"})
			return nil
		}
		if IsDocument(rel) {
			docs = append(docs, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("无法读取 content 目录：%w", err)
	}

	// Reading and parsing thousands of files is most of a check: spread it over the
	// cores, keeping results in file order so that output stays reproducible.
	type result struct {
		rec      *Record
		problems []Problem
		err      error
	}
	results := make([]result, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				src, err := os.ReadFile(filepath.Join(contentDir, filepath.FromSlash(docs[i])))
				if err != nil {
					results[i].err = err
					continue
				}
				results[i].rec, results[i].problems = Parse("content/"+docs[i], src, reg)
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("无法读取文档：%w", r.err)
		}
		if r.rec != nil {
			set.Records = append(set.Records, r.rec)
		}
		set.Problems = append(set.Problems, r.problems...)
	}

	// Walk order is not string order ("a-b/" walks after "a/"); ByPath needs the latter.
	slices.SortFunc(set.Records, func(a, b *Record) int { return strings.Compare(a.Path, b.Path) })
	set.Problems = append(set.Problems, crossCheck(dir, set.Records)...)
	slices.SortStableFunc(set.Problems, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return set, nil
}

// crossCheck finds what no single file shows: reused 索引号, documents published twice,
// and attachments missing from static/. A clash is reported on every file involved,
// naming the others, so the clerk sees it whichever file they open.
func crossCheck(dir string, recs []*Record) []Problem {
	var out []Problem
	clash := func(field string, key func(*Record) string, msg func(r *Record, others string) string) {
		groups := map[string][]*Record{}
		var order []string
		for _, r := range recs {
			k := key(r)
			if k == "" {
				continue
			}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], r)
		}
		for _, k := range order {
			g := groups[k]
			if len(g) < 2 {
				continue
			}
			for _, r := range g {
				var others []string
				for _, o := range g {
					if o != r {
						others = append(others, o.Path)
					}
				}
				out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, field), Field: field, Severity: Error,
					Message: msg(r, strings.Join(others, "、"))})
			}
		}
	}
	clash("index", func(r *Record) string { return r.Index }, func(r *Record, others string) string {
		return fmt.Sprintf("索引号 %s 与 %s 重复，每个索引号只能用一次", r.Index, others)
	})
	clash("title", func(r *Record) string {
		if r.Title == "" || r.Date.IsZero() {
			return ""
		}
		return r.Publisher + "\x00" + r.Title + "\x00" + day(r.Date)
	}, func(r *Record, others string) string {
		return fmt.Sprintf("与 %s 的发布机构、标题和发布日期都相同，同一文件发布了两次", others)
	})
	for _, r := range recs {
		for _, a := range r.Attachments {
			if msg := attachmentProblem(dir, a.File); msg != "" {
				out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, "attachments"), Field: "attachments", Severity: Error, Message: msg})
			}
		}
	}
	return out
}

// attachmentProblem says what is wrong with an attachment file under static/, if anything.
// A link that leads out of static/ would publish a file from elsewhere on the machine.
func attachmentProblem(dir, file string) string {
	static, err := filepath.EvalSymlinks(filepath.Join(dir, "static"))
	if err != nil {
		return fmt.Sprintf("附件文件 static/%s 不存在：站点没有 static 目录", file)
	}
	real, err := filepath.EvalSymlinks(filepath.Join(static, filepath.FromSlash(file)))
	if err != nil {
		return fmt.Sprintf("附件文件 static/%s 不存在，请把文件放到该位置或改正路径", file)
	}
	if rel, err := filepath.Rel(static, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Sprintf("附件 static/%s 是指向 static 目录以外的链接，不能发布", file)
	}
	if fi, err := os.Stat(real); err != nil || !fi.Mode().IsRegular() {
		return fmt.Sprintf("附件 static/%s 不是普通文件", file)
	}
	return ""
}

// lineOfKey re-reads r's file to locate key; cross-file problems are rare, so the
// cost is paid only when there is something to report.
func lineOfKey(dir string, r *Record, key string) int {
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.Path)))
	if err != nil {
		return 0
	}
	fm, _, _, err := SplitFrontMatter(src)
	if err != nil {
		return 0
	}
	p := parser{lines: strings.Split(fm, "\n")}
	return p.lineOf(key)
}
