package record

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"xxgk/internal/annualreport"
	"xxgk/internal/wording"
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

	dir   string
	files []string             // every file under content/, slash-separated, relative to dir, in lexical order
	own   map[string][]Problem // content file → problems found in it alone
	words *wording.Checker     // 错别字 and the site's 规范表述 (data/wording.toml)
	kept  map[string]*checked  // what a CheckCache kept of the documents' own checks, by path
	// trust: documents whose stamp is kept are not read (CheckCache.Trust); settled:
	// a stamp of a file changed since is not kept.
	trust   bool
	settled time.Time
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

// Published is the set of documents a build publishes: without drafts (draft = true)
// unless drafts is set. The documents were checked together, drafts included.
func (s *Set) Published(drafts bool) *Set {
	if drafts || !slices.ContainsFunc(s.Records, func(r *Record) bool { return r.Draft }) {
		return s
	}
	out := *s
	out.Records = slices.DeleteFunc(slices.Clone(s.Records), func(r *Record) bool { return r.Draft })
	return &out
}

// ByPath returns the record read from the content file at path, or nil.
func (s *Set) ByPath(path string) *Record {
	i, ok := s.find(path)
	if !ok {
		return nil
	}
	return s.Records[i]
}

func (s *Set) find(path string) (int, bool) {
	return slices.BinarySearchFunc(s.Records, path, func(r *Record, p string) int { return strings.Compare(r.Path, p) })
}

// ContentFiles returns every file under the site's content/ when it was loaded (and
// updated), documents or not, slash-separated and relative to the site, in lexical
// order (filepath.WalkDir's): for what else reads the content directory, instead of
// another walk of a city's 100,000 documents. The slice is the set's own.
func (s *Set) ContentFiles() []string { return s.files }

// Load reads the registries and every document of the site in dir and checks them,
// alone and against each other. The error is for a site that cannot be read at all.
func Load(dir string) (*Set, error) {
	return LoadCached(dir, nil)
}

// LoadCached is Load taking what checking each unchanged document alone found from
// cache, when not nil, and keeping there what it found for the next load.
func LoadCached(dir string, cache *CheckCache) (*Set, error) {
	reg, err := LoadRegistry(dir)
	if err != nil {
		return nil, err
	}
	words, err := wording.Load(dir)
	if err != nil {
		return nil, err
	}
	set := &Set{Registry: reg, dir: dir, own: map[string][]Problem{}, words: words}
	var inputs [32]byte
	// A document that changed less than settle before now may change again unseen
	// by its times: its stamp is not kept for the next load to trust.
	set.settled = time.Now().Add(-settle)
	if cache != nil {
		set.trust = cache.Trust
		if inputs, err = checkInputs(dir, cache.Version); err != nil {
			return nil, fmt.Errorf("无法读取 data 目录：%w", err)
		}
		set.kept = readChecks(cache.File, inputs)
	}
	contentDir := filepath.Join(dir, "content")
	// As many as the last load kept, give or take: a city's 100,000 grown by appends
	// cost a tenth of a second.
	docs := make([]string, 0, len(set.kept)) // slash-separated, relative to the site, in walk (lexical) order
	set.files = make([]string, 0, len(set.kept))
	err = filepath.WalkDir(contentDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		set.files = append(set.files, rel)
		switch kind, problem := classify(rel); kind {
		case document:
			docs = append(docs, rel)
		case refused:
			set.own[rel] = []Problem{problem}
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
		checked  *checked // what to keep of the document's own check; nil for nothing
		err      error
	}
	results := make([]result, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				r := &results[i]
				r.rec, r.problems, r.checked, r.err = set.loadChecked(docs[i])
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	var keep []checked
	for i, r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("无法读取文档：%w", r.err)
		}
		if r.rec != nil {
			set.Records = append(set.Records, r.rec)
		}
		if len(r.problems) > 0 {
			set.own[docs[i]] = r.problems
		}
		if r.checked != nil {
			keep = append(keep, *r.checked)
		}
	}
	if cache != nil {
		// The file is written again unless it holds exactly what it would be written with.
		if len(keep) != len(set.kept) || slices.ContainsFunc(keep, func(c checked) bool {
			k := set.kept[c.Path]
			return k == nil || !bytes.Equal(k.Sum, c.Sum) || k.Stamp != c.Stamp
		}) {
			writeChecks(cache.File, inputs, keep)
		}
		set.kept = nil // the results are in the records now
	}
	// Walk order is not string order ("a-b/" walks after "a/"); ByPath needs the latter.
	slices.SortFunc(set.Records, func(a, b *Record) int { return strings.Compare(a.Path, b.Path) })
	set.recheck()
	return set, nil
}

// Update reads again the content files at rels (slash-separated, relative to the
// site directory, such as "content/lxzz/2025/plan.md"), each changed, added or
// deleted since the set was loaded, and checks the whole set against each other
// again. Registry changes need a new Load. The error is for a file that exists
// but cannot be read.
func (s *Set) Update(rels []string) error {
	for _, rel := range rels {
		delete(s.own, rel)
		if i, ok := s.find(rel); ok {
			s.Records = slices.Delete(s.Records, i, i+1)
		}
		fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
		if err == nil && fi.IsDir() {
			continue
		}
		s.noteFile(rel, err == nil)
		if errors.Is(err, fs.ErrNotExist) {
			// A directory removed or moved takes its documents with it.
			s.files = slices.DeleteFunc(s.files, func(f string) bool { return strings.HasPrefix(f, rel+"/") })
			s.Records = slices.DeleteFunc(s.Records, func(r *Record) bool { return strings.HasPrefix(r.Path, rel+"/") })
			for f := range s.own {
				if strings.HasPrefix(f, rel+"/") {
					delete(s.own, f)
				}
			}
			continue
		}
		kind, problem := classify(rel)
		switch kind {
		case refused:
			s.own[rel] = []Problem{problem}
		case document:
			rec, problems, err := s.read(rel)
			if err != nil {
				return fmt.Errorf("无法读取文档：%w", err)
			}
			if rec != nil {
				i, _ := s.find(rel)
				s.Records = slices.Insert(s.Records, i, rec)
			}
			if len(problems) > 0 {
				s.own[rel] = problems
			}
		}
	}
	s.recheck()
	return nil
}

// noteFile adds the content file rel to s.files, or removes it when it is gone.
func (s *Set) noteFile(rel string, exists bool) {
	if !strings.HasPrefix(rel, "content/") {
		return
	}
	i, ok := slices.BinarySearchFunc(s.files, rel, compareWalked)
	switch {
	case exists && !ok:
		s.files = slices.Insert(s.files, i, rel)
	case !exists && ok:
		s.files = slices.Delete(s.files, i, i+1)
	}
}

// compareWalked orders slash-separated paths as filepath.WalkDir visits them: by
// their elements ("a/b" before "a-b", which a byte order puts after it).
func compareWalked(a, b string) int {
	for {
		ea, ra, dirA := strings.Cut(a, "/")
		eb, rb, dirB := strings.Cut(b, "/")
		if c := strings.Compare(ea, eb); c != 0 {
			return c
		}
		if !dirA || !dirB { // one names the other's directory
			return strings.Compare(ra, rb)
		}
		a, b = ra, rb
	}
}

// read parses the document at rel.
func (s *Set) read(rel string) (*Record, []Problem, error) {
	rec, problems, _, err := s.readChecked(rel)
	return rec, problems, err
}

// loadChecked is readChecked for a load: it takes the document's check from
// s.kept without reading it when s trusts stamps and the file's is the one kept
// (an annual report is read all the same: the checks between documents read its
// tables), and keeps the stamp of a file read for the next load.
func (s *Set) loadChecked(rel string) (*Record, []Problem, *checked, error) {
	fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, nil, nil, err
	}
	stamp, settled := stampOf(fi, s.settled)
	if k := s.kept[rel]; s.trust && k != nil && k.Stamp != (fileStamp{}) && k.Stamp == stamp && k.Rec.Genre != annualreport.Genre {
		rec := k.Rec.restore(rel, nil, [32]byte(k.Sum), s.Registry)
		rec.partial, rec.dir, rec.head = true, s.dir, [32]byte(k.Head)
		problems := append(slices.Clone(k.Problems), personalInAttachments(s.dir, rec)...)
		return rec, problems, k, nil
	}
	rec, problems, c, err := s.readChecked(rel)
	if c != nil {
		kept := *c
		kept.Stamp = fileStamp{}
		if settled {
			kept.Stamp = stamp
		}
		c = &kept
	}
	return rec, problems, c, err
}

// readChecked parses the document at rel, or takes what its check found from
// s.kept when its bytes are those kept there, and returns besides what a CheckCache
// keeps of its check (nil when it has an error of its own).
func (s *Set) readChecked(rel string) (*Record, []Problem, *checked, error) {
	src, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, nil, nil, err
	}
	var rec *Record
	var problems []Problem
	var c *checked
	if sum := sha256.Sum256(src); s.kept[rel] != nil && bytes.Equal(s.kept[rel].Sum, sum[:]) {
		k := s.kept[rel]
		rec, c = k.Rec.restore(rel, src, sum, s.Registry), k
		problems = slices.Clone(k.Problems)
	} else {
		rec, problems = Parse(rel, src, s.Registry)
		if rec == nil {
			return nil, problems, nil, nil
		}
		problems = append(problems, wordingProblems(s.dir, s.words, rec)...)
		if kr, ok := keep(rec); ok && !slices.ContainsFunc(problems, func(p Problem) bool { return p.Severity == Error }) {
			head := frontMatterSum(src)
			c = &checked{Path: rel, Sum: rec.Sum[:], Head: head[:], Rec: kr, Problems: problems}
		}
	}
	rec.dir = s.dir
	// Attachments are not among the bytes kept: they are scanned every time.
	problems = append(problems, personalInAttachments(s.dir, rec)...)
	return rec, problems, c, nil
}

// recheck recomputes Problems: each file's own, then those between files.
func (s *Set) recheck() {
	s.Problems = s.Problems[:0]
	for _, ps := range s.own {
		s.Problems = append(s.Problems, ps...)
	}
	s.Problems = append(s.Problems, crossCheck(s.dir, s.Records)...)
	s.Problems = append(s.Problems, s.annualReportCounts()...)
	slices.SortStableFunc(s.Problems, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

type fileKind int

const (
	ignored  fileKind = iota // hidden files, and portal pages Hugo reads as they are
	document                 // a disclosure document, checked
	refused                  // a file that must not be in content/
)

// classify says what the file at rel (relative to the site) is.
func classify(rel string) (fileKind, Problem) {
	name := path.Base(rel)
	switch inContent := strings.TrimPrefix(rel, "content/"); {
	case strings.HasPrefix(name, ".") || inContent == rel:
		return ignored, Problem{}
	case !strings.HasSuffix(rel, ".md"):
		// Hugo would publish an HTML file here as it is, scripts and all.
		return refused, Problem{File: rel, Severity: Error, Code: CodeNotMarkdown,
			Message: "content 目录中只能存放 Markdown 文档（.md 文件）；附件、图片等请放到 static/ 目录"}
	case IsDocument(inContent):
		return document, Problem{}
	}
	return ignored, Problem{}
}

// crossCheck finds what no single file shows: reused 索引号, documents published twice,
// and attachments missing from static/. A clash is reported on every file involved,
// naming the others, so the clerk sees it whichever file they open.
func crossCheck(dir string, recs []*Record) []Problem {
	var out []Problem
	clash := func(field string, code Code, key func(*Record) string, msg func(r *Record, others string) string) {
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
				out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, field), Field: field, Severity: Error, Code: code,
					Message: msg(r, strings.Join(others, "、"))})
			}
		}
	}
	clash("index", CodeDuplicateIndex, func(r *Record) string { return r.Index }, func(r *Record, others string) string {
		return fmt.Sprintf("索引号 %s 与 %s 重复，每个索引号只能用一次", r.Index, others)
	})
	// Numbers that differ only where their slugs cannot show it (case, '/' for '-')
	// would be published at one address. The same number twice is reported above.
	byURL := map[string][]*Record{}
	for _, r := range recs {
		if r.Index != "" && r.Publisher != "" {
			byURL[r.URL()] = append(byURL[r.URL()], r)
		}
	}
	for _, r := range recs {
		var others []string
		for _, o := range byURL[r.URL()] {
			if o.Index != r.Index {
				others = append(others, fmt.Sprintf("%s（%s）", o.Path, o.Index))
			}
		}
		if len(others) > 0 {
			out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, "index"), Field: "index", Severity: Error, Code: CodeIndexAddress,
				Message: fmt.Sprintf("索引号 %s 与 %s 的网址相同（%s），两篇文档会互相覆盖；请改用不同的索引号", r.Index, strings.Join(others, "、"), r.URL())})
		}
	}
	clash("title", CodeDuplicate, func(r *Record) string {
		if r.Title == "" || r.Date.IsZero() {
			return ""
		}
		return r.Publisher + "\x00" + r.Title + "\x00" + day(r.Date)
	}, func(r *Record, others string) string {
		return fmt.Sprintf("与 %s 的发布机构、标题和发布日期都相同，同一文件发布了两次", others)
	})
	out = append(out, interpretProblems(dir, recs)...)
	for _, r := range recs {
		for _, a := range r.Attachments {
			if msg := attachmentProblem(dir, a.File); msg != "" {
				out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, "attachments"), Field: "attachments", Severity: Error, Code: CodeAttachmentFile, Message: msg})
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
