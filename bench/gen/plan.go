package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"xxgk/internal/annualreport"
)

const (
	firstYear = 2015
	lastYear  = 2025
)

// doc is one planned document. Everything that orders or links documents is decided
// here, sequentially; the text is written later, in parallel, from a per-document
// random source.
type doc struct {
	pub                 int
	year, month, day    int
	hour, minute        int
	withTime            bool
	kind                kind
	genre               int // index into registry genres
	tpl                 int // index into titles[kind][type]; topic for kOther; -1 for quality reports
	category            string
	school              int // the school a bureau document concerns, or -1
	reportYear          int // 报告年度 of a quality report
	serial              int
	docNumber           int // serial of the 文号, 0 when the document has none
	summaryOf           []int
	hasWritten, abolish bool
}

type gen struct {
	seed      uint64
	n         int
	reg       *registry
	pubs      []*publisher
	docs      []doc
	kindGenre [numKinds]int // registry genre of a kind, -1 if the registry has none
	others    []int         // registry genres the generator does not know by name
	genreSlug []string
}

func ptype(p *publisher) int {
	if p.isSchool() {
		return 0
	}
	return 1
}

func newGen(reg *registry, n int, seed uint64) *gen {
	g := &gen{seed: seed, n: n, reg: reg}
	for k := range g.kindGenre {
		g.kindGenre[k] = -1
	}
	g.genreSlug = make([]string, len(reg.genres))
	for i, gd := range reg.genres {
		if k, ok := kindByGenre[gd.Name]; ok {
			g.kindGenre[k] = i
			g.genreSlug[i] = kindSlug[k]
		} else if gd.Name == annualreport.Genre {
			// A 政府信息公开工作年度报告 must have the national format's six sections
			// and five tables, which the generator does not write: no documents of it.
			g.genreSlug[i] = "annualreport"
		} else {
			g.others = append(g.others, i)
			g.genreSlug[i] = fmt.Sprintf("%s%d", kindSlug[kOther], len(g.others))
		}
	}
	return g
}

// pickWeighted returns an index drawn with the given weights (not all zero).
func pickWeighted(r *rand.Rand, w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	x := r.IntN(total)
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// workday moves a weekend day to the nearest weekday of the same month.
func workday(y, m, d int) int {
	switch time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if d > 1 {
			return d - 1
		}
		return d + 2
	case time.Sunday:
		if d < daysIn(y, m) {
			return d + 1
		}
		return d - 2
	}
	return d
}

func (g *gen) plan() error {
	r := rand.New(rand.NewPCG(g.seed, 0x78786b67))
	g.pubs = makePublishers(r, g.n)

	// one annual quality report per school and year, covering the previous year
	if qg := g.kindGenre[kQuality]; qg >= 0 {
		for _, p := range g.pubs {
			if !p.isSchool() {
				continue
			}
			for y := max(p.start, firstYear+1); y <= lastYear; y++ {
				g.docs = append(g.docs, doc{pub: p.idx, year: y, kind: kQuality, genre: qg, tpl: -1, reportYear: y - 1, school: -1})
			}
		}
		if limit := g.n / 3; len(g.docs) > limit {
			r.Shuffle(len(g.docs), func(i, j int) { g.docs[i], g.docs[j] = g.docs[j], g.docs[i] })
			g.docs = g.docs[:limit]
			slices.SortFunc(g.docs, func(a, b doc) int { return (a.pub*100 + a.year) - (b.pub*100 + b.year) })
		}
		for i := range g.docs {
			d := &g.docs[i]
			d.month = pickWeighted(r, monthsQuality) + 1
			g.setDay(r, d)
			d.category = g.reg.genres[qg].Category
		}
	}
	if len(g.docs) > g.n {
		g.docs = g.docs[:g.n]
	}

	// bureau-years whose schools published quality reports: candidates for a 汇总表
	hasReports := map[[2]int]bool{}
	for _, d := range g.docs {
		hasReports[[2]int{g.pubs[d.pub].parent, d.year}] = true
	}
	summaryDone := map[[2]int]bool{}

	var kw [2][numKinds]int
	usable := false
	for t := range kw {
		for k := kind(0); k < numKinds; k++ {
			switch {
			case k == kQuality:
			case k == kOther:
				kw[t][k] = kindWeights[t][k] * len(g.others)
			case g.kindGenre[k] >= 0:
				kw[t][k] = kindWeights[t][k]
			}
			if kw[t][k] > 0 {
				usable = true
			}
		}
	}
	if !usable && len(g.docs) < g.n {
		return fmt.Errorf("genres.toml has no genre besides 年度质量报告 to fill %d documents with", g.n)
	}

	pubW := make([]int, len(g.pubs))
	for i, p := range g.pubs {
		switch {
		case !p.isSchool():
			pubW[i] = 40
		case p.schoolType == "民办/其他":
			pubW[i] = 7
		default:
			pubW[i] = 10
		}
	}
	pubCum := cumulative(pubW)
	yearW := make([]int, 0, lastYear-firstYear+1)
	taken := map[titleKey]bool{}
	for len(g.docs) < g.n {
		p := g.pubs[searchCum(pubCum, r.IntN(pubCum[len(pubCum)-1]))]
		yearW = yearW[:0]
		for y := p.start; y <= lastYear; y++ {
			yearW = append(yearW, 10+2*(y-firstYear))
		}
		d := doc{pub: p.idx, year: p.start + pickWeighted(r, yearW), school: -1}
		t := ptype(p)
		d.kind = kind(pickWeighted(r, kw[t][:]))
		if d.kind == kOther {
			d.genre = g.others[r.IntN(len(g.others))]
			d.tpl = r.IntN(int(numTopics))
		} else {
			d.genre = g.kindGenre[d.kind]
			d.tpl = g.pickTemplate(r, d.kind, t, d.year, func(tp *ttpl) bool {
				if tp.table != tblSummary {
					return true
				}
				key := [2]int{p.idx, d.year}
				return hasReports[key] && !summaryDone[key]
			})
		}
		var tp *ttpl
		if d.kind != kOther {
			tp = &titles[d.kind][t][d.tpl]
			if tp.table == tblSummary {
				summaryDone[[2]int{p.idx, d.year}] = true
			}
			if tp.school {
				d.school = p.children[r.IntN(len(p.children))]
			}
		}
		// a date on which this publisher has not used the same title template
		for try := 0; ; try++ {
			switch {
			case tp != nil && tp.months != nil:
				d.month = tp.months[r.IntN(len(tp.months))]
			default:
				d.month = pickWeighted(r, monthsAny) + 1
			}
			g.setDay(r, &d)
			key := titleKey{d.pub, d.genre, d.tpl, d.school, d.year, d.month, d.day}
			if !taken[key] || try > 50 {
				taken[key] = true
				break
			}
		}
		d.category = g.reg.genres[d.genre].Category
		switch x := r.IntN(100); {
		case tp != nil && tp.cat != "" && x < 60 && g.isLeaf(tp.cat):
			d.category = tp.cat
		case x >= 95 && len(g.reg.leaves) > 1:
			j := r.IntN(len(g.reg.leaves))
			if g.reg.leaves[j] == d.category {
				j = (j + 1) % len(g.reg.leaves)
			}
			d.category = g.reg.leaves[j]
		}
		g.docs = append(g.docs, d)
	}

	// per-document flags
	for i := range g.docs {
		d := &g.docs[i]
		p := g.pubs[d.pub]
		if d.withTime = r.IntN(100) < 35; d.withTime {
			d.hour = 8 + r.IntN(10)
			d.minute = r.IntN(60)
		}
		d.hasWritten = r.IntN(100) < 60
		switch d.kind {
		case kNotice, kScheme, kPlan, kAnnounce:
			d.abolish = r.IntN(1000) < 28
		}
		pct := 10
		switch {
		case !p.isSchool() && (d.kind == kNotice || d.kind == kScheme):
			pct = 80
		case !p.isSchool() && (d.kind == kPlan || d.kind == kSummary || d.kind == kAnnounce):
			pct = 40
		case d.kind == kNotice || d.kind == kScheme:
			pct = 30
		case d.kind == kQuality || d.kind == kStats:
			pct = 0
		}
		if r.IntN(100) < pct {
			d.docNumber = 1
		}
	}

	// 索引号 serials: contiguous from 00001 per publisher and year, in date order
	order := make([]int, len(g.docs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := &g.docs[a], &g.docs[b]
		for _, c := range [...][2]int{{x.pub, y.pub}, {x.year, y.year}, {x.month, y.month}, {x.day, y.day},
			{x.hour, y.hour}, {x.minute, y.minute}, {a, b}} {
			if c[0] != c[1] {
				return c[0] - c[1]
			}
		}
		return 0
	})
	serial, docNo := 0, 0
	for k, i := range order {
		d := &g.docs[i]
		if k == 0 || g.docs[order[k-1]].pub != d.pub || g.docs[order[k-1]].year != d.year {
			serial, docNo = 0, 0
		}
		serial++
		d.serial = serial
		if d.docNumber > 0 {
			docNo += 1 + r.IntN(4)
			d.docNumber = docNo
		}
	}

	// the 汇总表 lists the reports of the bureau's schools
	reports := map[[2]int]int{}
	for i, d := range g.docs {
		if d.kind == kQuality {
			reports[[2]int{d.pub, d.year}] = i
		}
	}
	for i := range g.docs {
		d := &g.docs[i]
		if d.kind != kStats || g.pubs[d.pub].isSchool() || titles[kStats][1][d.tpl].table != tblSummary {
			continue
		}
		for _, c := range g.pubs[d.pub].children {
			if j, ok := reports[[2]int{c, d.year}]; ok {
				d.summaryOf = append(d.summaryOf, j)
			} else if g.pubs[c].start <= d.year {
				d.summaryOf = append(d.summaryOf, -1-c)
			}
		}
	}
	return nil
}

type titleKey struct {
	pub, genre, tpl, school, year, month, day int
}

func (g *gen) setDay(r *rand.Rand, d *doc) {
	d.day = workday(d.year, d.month, 1+r.IntN(daysIn(d.year, d.month)))
}

func (g *gen) isLeaf(path string) bool {
	_, ok := slices.BinarySearch(g.reg.leaves, path)
	return ok
}

func (g *gen) pickTemplate(r *rand.Rand, k kind, t, year int, ok func(*ttpl) bool) int {
	list := titles[k][t]
	var cand [64]int
	n := 0
	for i := range list {
		tp := &list[i]
		if (tp.from == 0 || year >= tp.from) && (tp.to == 0 || year <= tp.to) && ok(tp) {
			cand[n] = i
			n++
		}
	}
	if n == 0 { // cannot happen with the built-in lists: each has templates for any year
		return 0
	}
	return cand[r.IntN(n)]
}

func cumulative(w []int) []int {
	c := make([]int, len(w))
	s := 0
	for i, x := range w {
		s += x
		c[i] = s
	}
	return c
}

// searchCum finds the index whose cumulative range holds x.
func searchCum(c []int, x int) int {
	i, _ := slices.BinarySearch(c, x+1)
	return i
}

func (d *doc) index(p *publisher) string {
	return fmt.Sprintf("%s-%d-%05d", p.code, d.year, d.serial)
}
