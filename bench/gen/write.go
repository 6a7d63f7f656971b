package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

type result struct {
	docs, publishers int
	bytes            int64 // all files written
}

func generate(cfg config) (result, error) {
	var res result
	if cfg.n < 1 {
		return res, usageError{errors.New("-n must be at least 1")}
	}
	reg, err := loadRegistry(cfg.registry)
	if err != nil {
		return res, err
	}
	g := newGen(reg, cfg.n, cfg.seed)
	if err := g.plan(); err != nil {
		return res, err
	}

	content := filepath.Join(cfg.out, "content")
	if entries, err := os.ReadDir(content); err == nil && len(entries) > 0 {
		if !cfg.force {
			return res, usageError{fmt.Errorf("%s already holds files; use -force to replace it", content)}
		}
		if err := os.RemoveAll(content); err != nil {
			return res, err
		}
	}
	dataDir := filepath.Join(cfg.out, "data")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return res, err
	}
	n, err := g.writePublishers(filepath.Join(dataDir, "publishers.toml"), cfg)
	if err != nil {
		return res, err
	}
	res.bytes += n
	for name, b := range map[string][]byte{"categories.toml": reg.catFile, "genres.toml": reg.genFile} {
		if err := os.WriteFile(filepath.Join(dataDir, name), b, 0o644); err != nil {
			return res, err
		}
		res.bytes += int64(len(b))
	}

	dirs := map[[2]int]bool{}
	for _, d := range g.docs {
		key := [2]int{d.pub, d.year}
		if !dirs[key] {
			dirs[key] = true
			if err := os.MkdirAll(filepath.Join(content, g.pubs[d.pub].code, strconv.Itoa(d.year)), 0o755); err != nil {
				return res, err
			}
		}
	}

	workers := max(1, cfg.workers)
	var wg sync.WaitGroup
	sizes := make([]int64, workers)
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var pcg rand.PCG
			c := &ctx{g: g, r: rand.New(&pcg), b: make([]byte, 0, 64<<10)}
			for i := w; i < len(g.docs); i += workers {
				pcg.Seed(g.seed, uint64(i)+1)
				g.render(c, i)
				d := &g.docs[i]
				p := g.pubs[d.pub]
				path := filepath.Join(content, p.code, strconv.Itoa(d.year), g.slug(d)+".md")
				if err := os.WriteFile(path, c.b, 0o644); err != nil {
					errs[w] = err
					return
				}
				sizes[w] += int64(len(c.b))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	for _, s := range sizes {
		res.bytes += s
	}
	res.docs = len(g.docs)
	res.publishers = len(g.pubs)
	return res, nil
}

// slug is the file name: the 索引号 serial and the kind, e.g. 00012-tz.
func (g *gen) slug(d *doc) string {
	b := make([]byte, 0, 16)
	s := strconv.Itoa(d.serial)
	for i := len(s); i < 5; i++ {
		b = append(b, '0')
	}
	b = append(b, s...)
	b = append(b, '-')
	b = append(b, g.genreSlug[d.genre]...)
	return string(b)
}

// render writes document i, front matter and body, into c.b.
func (g *gen) render(c *ctx, i int) {
	d := &g.docs[i]
	c.reset(d)
	r, p := c.r, c.p
	date := c.date()
	c.signed = date
	var written, abolished time.Time
	if d.hasWritten {
		written = date.AddDate(0, 0, -1-r.IntN(10))
		c.signed = written
	}
	if d.abolish {
		abolished = date.AddDate(0, 0, 180+r.IntN(1000))
	}
	pt := ptype(p)

	var title string
	switch d.kind {
	case kQuality:
		c.topic = tQuality
		title = c.str(c.pick(qualityTitles))
	case kOther:
		c.topic = d.tpl
		title = c.str("{X}{Y}年{TN}{G}")
	default:
		tp := &titles[d.kind][pt][d.tpl]
		c.topic = tp.topic
		title = c.str(tp.s)
	}

	var keywords []string
	if d.kind == kQuality {
		if r.IntN(100) < 70 {
			keywords = []string{"质量年度报告", strconv.Itoa(d.reportYear) + "年度", "中职学校"}
		}
	} else if r.IntN(100) < 55 {
		t := c.topic
		if t < 0 {
			t = r.IntN(int(numTopics))
		}
		kw := topics[t].keywords
		perm := r.Perm(len(kw))
		for _, j := range perm[:2+r.IntN(min(2, len(kw)-1))] {
			keywords = append(keywords, kw[j])
		}
	}
	source := ""
	if r.IntN(100) < 12 {
		if p.isSchool() {
			source = p.name + c.pick(depts)
		} else {
			source = p.name + c.pick([]string{"职成科", "办公室", "计财股"})
		}
	}

	b := c.b
	b = append(b, "+++\ntitle = "...)
	b = appendString(b, title)
	b = append(b, "\nindex = \""...)
	b = append(b, p.code...)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(d.year), 10)
	b = append(b, '-')
	b = append(b, g.slug(d)[:5]...)
	b = append(b, "\"\npublisher = \""...)
	b = append(b, p.code...)
	b = append(b, "\"\ndate = "...)
	b = appendDate(b, date)
	if d.withTime {
		b = append(b, 'T', byte('0'+d.hour/10), byte('0'+d.hour%10), ':', byte('0'+d.minute/10), byte('0'+d.minute%10), ':', '0', '0')
	}
	b = append(b, "\ncategory = "...)
	b = appendString(b, d.category)
	b = append(b, "\ngenre = "...)
	b = appendString(b, g.reg.genres[d.genre].Name)
	if d.docNumber > 0 {
		b = append(b, "\ndocnumber = "...)
		b = appendString(b, g.docNumber(r, d, p))
	}
	if len(keywords) > 0 {
		b = append(b, "\nkeywords = ["...)
		for j, k := range keywords {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = appendString(b, k)
		}
		b = append(b, ']')
	}
	if !written.IsZero() {
		b = append(b, "\nwritten = "...)
		b = appendDate(b, written)
	}
	if !abolished.IsZero() {
		b = append(b, "\nabolished = "...)
		b = appendDate(b, abolished)
	}
	if source != "" {
		b = append(b, "\nsource = "...)
		b = appendString(b, source)
	}
	if d.kind == kQuality {
		b = append(b, "\nyear = "...)
		b = strconv.AppendInt(b, int64(d.reportYear), 10)
	}
	if d.school >= 0 {
		b = append(b, "\nschool = "...)
		b = appendString(b, g.pubs[d.school].code)
	}
	b = append(b, "\n+++\n\n"...)
	c.b = b
	c.n = 0
	switch x := r.IntN(10); { // headings: Markdown, plain lines or bold lines
	case x < 5:
		c.hstyle = 0
	case x < 8:
		c.hstyle = 1
	default:
		c.hstyle = 2
	}

	switch d.kind {
	case kNotice, kAnnounce, kOther:
		c.notice(title)
	case kPlan:
		c.plan()
	case kSummary:
		c.summary()
	case kDuty:
		c.duty()
	case kScheme:
		c.scheme()
	case kStats:
		c.stats()
	case kQuality:
		c.hstyle = 0
		c.quality()
	}
}

// docNumber formats a 文号 such as 青石教发〔2021〕12号.
func (g *gen) docNumber(r *rand.Rand, d *doc, p *publisher) string {
	infix := "发"
	switch {
	case d.kind == kAnnounce:
		infix = "公告"
	case !p.isSchool() && r.IntN(10) < 3:
		infix = "办"
	}
	open, close := "〔", "〕"
	switch x := r.IntN(100); {
	case x < 8:
		open, close = "[", "]"
	case x < 12:
		open, close = "（", "）"
	}
	return p.short + infix + open + strconv.Itoa(d.year) + close + strconv.Itoa(d.docNumber) + "号"
}

func appendDate(b []byte, t time.Time) []byte {
	b = strconv.AppendInt(b, int64(t.Year()), 10)
	m, d := int(t.Month()), t.Day()
	return append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// appendString writes a TOML basic string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' || ch == '\\':
			b = append(b, '\\', ch)
		case ch < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, ch)...)
		default:
			b = append(b, ch)
		}
	}
	return append(b, '"')
}

func (g *gen) writePublishers(path string, cfg config) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	var b []byte
	b = fmt.Appendf(b, "# 发布机构登记表，由 bench/gen 生成（-n %d -seed %d），机构均为虚构。\n", cfg.n, cfg.seed)
	for _, p := range g.pubs {
		b = append(b, "\n[[publisher]]\ncode = "...)
		b = appendString(b, p.code)
		b = append(b, "\nname = "...)
		b = appendString(b, p.name)
		b = append(b, "\ntype = "...)
		b = appendString(b, p.typ)
		b = append(b, "\nregion = "...)
		b = appendString(b, p.region)
		if p.parent >= 0 {
			b = append(b, "\nparent = "...)
			b = appendString(b, g.pubs[p.parent].code)
		}
		if p.schoolType != "" {
			b = append(b, "\nschool_type = "...)
			b = appendString(b, p.schoolType)
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			f.Close()
			return 0, err
		}
		b = b[:0]
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return st.Size(), f.Close()
}
