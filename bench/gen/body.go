package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// sentence sources besides the topics
const (
	srcReq      = int(numTopics) + iota // requirements of a notice
	srcGeneral                          // general statements
	srcGuard                            // safeguards of a plan
	srcAnnounce                         // practical lines of an announcement
)

var guarantees = []string{
	"{S}将成立以主要负责人为组长的工作领导小组，统筹协调各项工作，做到责任到人、任务到岗。",
	"各部门要按照职责分工，细化工作措施，明确完成时限，确保各项任务落到实处。",
	"{S}将加大经费投入，优先保障教育教学和实训条件改善的需要。",
	"建立工作督查和考核制度，定期通报工作进展情况，考核结果与评优评先挂钩。",
	"要加强宣传引导，及时总结推广好的经验和做法，营造良好的工作氛围。",
}

// length ranges of bodies, in characters (runes)
const (
	noticeMin, noticeMax   = 200, 800
	planMin, planMax       = 800, 3000
	qualityMin, qualityMax = 3000, 8000
)

// ctx writes one document.
type ctx struct {
	g      *gen
	r      *rand.Rand
	d      *doc
	p      *publisher
	b      []byte
	n      int // runes of the body written so far
	hard   int // sentences that would take the body beyond this are dropped
	future bool
	hstyle int // 0 Markdown headings, 1 plain lines, 2 bold lines
	topic  int
	yshift int // added to {Y} {PY} {NY}: -1 while a body looks back on the previous year
	recent [24]int
	nrec   int
	subj   []string
	signed time.Time // date under the signature
	tables int       // tables written, for captions
}

var (
	subjSchool = []string{"学校", "我校", "学校"}
)

func (c *ctx) reset(d *doc) {
	c.d = d
	c.p = c.g.pubs[d.pub]
	c.b = c.b[:0]
	c.n = 0
	c.hard = 1 << 30
	c.future = false
	c.hstyle = 0
	c.tables = 0
	c.yshift = 0
	c.nrec = 0
	if c.p.isSchool() {
		c.subj = subjSchool
	} else {
		suffix := c.p.region[len(c.p.region)-len("县"):]
		c.subj = []string{"我局", "全" + suffix + "各中职学校", "各学校"}
	}
}

// s appends literal text.
func (c *ctx) s(t string) {
	c.b = append(c.b, t...)
	c.n += utf8.RuneCountInString(t)
}

// x appends a template with its slots filled.
func (c *ctx) x(t string) {
	start := len(c.b)
	c.expand(t)
	c.n += utf8.RuneCount(c.b[start:])
}

// str expands a template into a string, leaving the body alone.
func (c *ctx) str(t string) string {
	start, n := len(c.b), c.n
	c.expand(t)
	s := string(c.b[start:])
	c.b, c.n = c.b[:start], n
	return s
}

func (c *ctx) pick(list []string) string { return list[c.r.IntN(len(list))] }

// fresh picks an entry of list not among the last few used in this document; tag
// tells lists apart. It reports false, having picked nothing, when it finds none.
func (c *ctx) fresh(list []string, tag int) (string, bool) {
	for try := 0; try < 6; try++ {
		i := c.r.IntN(len(list))
		if !c.used(tag<<8 | i) {
			c.remember(tag<<8 | i)
			return list[i], true
		}
	}
	return "", false
}

// freshOrAny is fresh, falling back to any entry.
func (c *ctx) freshOrAny(list []string, tag int) string {
	if s, ok := c.fresh(list, tag); ok {
		return s
	}
	return c.pick(list)
}

func (c *ctx) used(key int) bool {
	for _, k := range c.recent[:min(c.nrec, len(c.recent))] {
		if k == key {
			return true
		}
	}
	return false
}

func (c *ctx) remember(key int) {
	c.recent[c.nrec%len(c.recent)] = key
	c.nrec++
}

func (c *ctx) expand(t string) {
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			c.b = append(c.b, t...)
			return
		}
		c.b = append(c.b, t[:i]...)
		t = t[i+1:]
		j := strings.IndexByte(t, '}')
		c.slot(t[:j])
		t = t[j+1:]
	}
}

// num writes a number inside expand, which counts what it writes.
func (c *ctx) num(v int) { c.b = strconv.AppendInt(c.b, int64(v), 10) }

// number writes a number into the body.
func (c *ctx) number(v int) {
	start := len(c.b)
	c.num(v)
	c.n += len(c.b) - start
}

// dec writes v/10 with one decimal.
func (c *ctx) dec(v int) {
	c.num(v / 10)
	c.b = append(c.b, '.')
	c.b = append(c.b, byte('0'+v%10))
}

func (c *ctx) slot(key string) {
	r, d := c.r, c.d
	switch key {
	case "S":
		c.b = append(c.b, c.pick(c.subj)...)
	case "X":
		c.b = append(c.b, c.p.name...)
	case "R":
		c.b = append(c.b, c.p.region...)
	case "SC":
		c.b = append(c.b, c.g.pubs[d.school].name...)
	case "Y":
		c.num(d.year + c.yshift)
	case "PY":
		c.num(d.year + c.yshift - 1)
	case "NY":
		c.num(d.year + c.yshift + 1)
	case "stu", "staff", "tch", "enr", "grad":
		c.num(c.figure(key, d.year+c.yshift))
	case "SY":
		y := d.year
		if d.month < 8 {
			y--
		}
		c.num(y)
		c.b = append(c.b, '-')
		c.num(y + 1)
	case "TERM":
		if d.month >= 8 || d.month == 1 {
			c.b = append(c.b, "第一学期"...)
		} else {
			c.b = append(c.b, "第二学期"...)
		}
	case "ORD":
		c.b = append(c.b, cn(d.year-2005)...)
	case "M", "M2":
		if c.p.isSchool() {
			c.b = append(c.b, majors[c.p.majors[r.IntN(len(c.p.majors))]]...)
		} else {
			c.b = append(c.b, c.pick(majors)...)
		}
	case "E":
		c.b = append(c.b, c.p.region[:len(c.p.region)-len("县")]...)
		c.b = append(c.b, c.pick(bizBrands)...)
		c.b = append(c.b, c.pick(bizTrades)...)
		c.b = append(c.b, "有限公司"...)
	case "U":
		if c.p.isSchool() {
			c.b = append(c.b, c.pick(depts)...)
		} else {
			c.b = append(c.b, "局职成科"...)
		}
	case "C":
		c.b = append(c.b, c.pick(competitions)...)
	case "A":
		c.b = append(c.b, c.pick(awards)...)
	case "n":
		c.num(2 + r.IntN(11))
	case "nn":
		c.num(12 + r.IntN(85))
	case "nnn":
		c.num(120 + r.IntN(1681))
	case "nnnn":
		c.num(2600 + r.IntN(3201))
	case "p":
		c.dec(850 + r.IntN(149))
		c.b = append(c.b, '%')
	case "q":
		c.dec(50 + r.IntN(401))
		c.b = append(c.b, '%')
	case "w":
		c.dec(100 + r.IntN(4701))
	case "W":
		c.dec(2000 + r.IntN(36001))
	case "dl":
		t := c.date().AddDate(0, 0, 7+r.IntN(19))
		c.num(int(t.Month()))
		c.b = append(c.b, "月"...)
		c.num(t.Day())
		c.b = append(c.b, "日"...)
	case "m":
		c.num(d.month)
	case "d":
		c.num(d.day)
	case "basis":
		c.b = append(c.b, c.pick(bases)...)
	case "purpose":
		c.b = append(c.b, c.pick(purposes)...)
	case "TN":
		c.b = append(c.b, c.topicName()...)
	case "G":
		c.b = append(c.b, c.g.reg.genres[d.genre].Name...)
	default:
		panic("unknown slot {" + key + "}")
	}
}

// figure is a yearly figure of the school, or the sum over the bureau's schools.
func (c *ctx) figure(key string, y int) int {
	one := func(p *publisher) int {
		switch key {
		case "stu":
			return p.studentsIn(y)
		case "staff":
			return p.staffIn(y)
		case "tch":
			return p.teachersIn(y)
		case "enr":
			return p.enrolIn(y)
		default:
			return p.gradsIn(y)
		}
	}
	if c.p.isSchool() {
		return one(c.p)
	}
	sum := 0
	for _, ch := range c.p.children {
		sum += one(c.g.pubs[ch])
	}
	return sum
}

func (c *ctx) date() time.Time {
	return time.Date(c.d.year, time.Month(c.d.month), c.d.day, 0, 0, 0, 0, time.UTC)
}

func (c *ctx) topicName() string {
	if c.topic < 0 {
		if c.p.isSchool() {
			return "学校各项工作"
		}
		return "职业教育工作"
	}
	return topics[c.topic].name
}

func cnDate(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// sentence writes one sentence from a topic or another source.
func (c *ctx) sentence(src int) {
	r := c.r
	var list []string
	switch src {
	case srcReq:
		list = noticeReqs
	case srcGeneral:
		list = generalPast
	case srcGuard:
		list = guarantees
	case srcAnnounce:
		list = announceLines
	}
	if list != nil {
		if s, ok := c.fresh(list, src); ok {
			c.x(s)
			return
		}
		// all used lately: say something about the subject instead
		src = c.mainSrcs()[0]
	}
	tp := &topics[src]
	if c.future {
		if r.IntN(100) < 40 {
			if s, ok := c.fresh(tp.plans, 64+src); ok {
				c.x(s)
				return
			}
		}
		switch r.IntN(4) {
		case 0:
			c.x(c.pick(futureOpeners))
			c.twoActions(src)
			c.s(c.pick(futureResults))
		case 1:
			c.x(c.pick(futureOpeners))
			c.twoActions(src)
			c.s("力争")
			c.s(c.pick(tp.results))
		case 2:
			c.s("以")
			i := c.action(src)
			c.x("为重点，{S}将")
			c.s(tp.actions[(i+1+r.IntN(len(tp.actions)-1))%len(tp.actions)])
			c.s("，")
			c.s(c.pick(futureResults))
		default:
			c.s("进一步")
			c.twoActions(src)
			c.s("使")
			c.s(c.pick(tp.results))
		}
		c.s("。")
		return
	}
	if r.IntN(100) < 60 {
		if s, ok := c.fresh(tp.sentences, src); ok {
			c.x(s)
			return
		}
	}
	c.x(c.pick(pastOpeners))
	c.twoActions(src)
	c.s(c.pick(tp.results))
	c.s("。")
}

// action writes an action of the topic not used just before and returns its index.
func (c *ctx) action(src int) int {
	tp := &topics[src]
	i := 0
	for try := 0; try < 4; try++ {
		i = c.r.IntN(len(tp.actions))
		if !c.used(128<<8 | src<<16 | i) {
			break
		}
	}
	c.remember(128<<8 | src<<16 | i)
	c.s(tp.actions[i])
	return i
}

// twoActions writes two different actions of a topic, each followed by a comma.
func (c *ctx) twoActions(src int) {
	tp := &topics[src]
	i := c.action(src)
	c.s("，")
	c.s(tp.actions[(i+1+c.r.IntN(len(tp.actions)-1))%len(tp.actions)])
	c.s("，")
}

type mark struct{ b, n int }

func (c *ctx) mark() mark  { return mark{len(c.b), c.n} }
func (c *ctx) undo(m mark) { c.b, c.n = c.b[:m.b], m.n }
func (c *ctx) room() bool  { return c.n < c.hard }

// fill writes paragraphs of 2–5 sentences drawn from srcs until the body reaches
// until runes; it writes at least one sentence unless the hard limit forbids it.
func (c *ctx) fill(srcs []int, until int) {
	for {
		start := c.mark()
		k := 2 + c.r.IntN(4)
		wrote, full := 0, false
		for wrote < k && !full {
			m := c.mark()
			c.sentence(srcs[c.r.IntN(len(srcs))])
			if c.n > c.hard {
				c.undo(m)
				full = true
				break
			}
			wrote++
			if c.n >= until {
				break
			}
		}
		if wrote == 0 {
			c.undo(start)
			return
		}
		c.s("\n\n")
		if full || c.n >= until {
			return
		}
	}
}

func (c *ctx) heading(level int, text string) {
	switch c.hstyle {
	case 0:
		c.s(strings.Repeat("#", level))
		c.s(" ")
		c.s(text)
	case 1:
		c.s(text)
	default:
		c.s("**")
		c.s(text)
		c.s("**")
	}
	c.s("\n\n")
}

func (c *ctx) h2(i int, text string) { c.heading(2, cn(i)+"、"+text) }
func (c *ctx) h3(i int, text string) { c.heading(3, "（"+cn(i)+"）"+text) }

// signature is the block under a document: the publisher and the date it was signed.
func (c *ctx) signature() string {
	return c.p.name + "\n\n" + cnDate(c.signed) + "\n"
}

// subTopics chooses k topics for the subsections of a plan or summary: the main
// topic first when there is one, then others.
func (c *ctx) subTopics(k int) []int {
	perm := c.r.Perm(int(numTopics))
	out := make([]int, 0, k)
	if c.topic >= 0 {
		out = append(out, c.topic)
		if k > 2 {
			out = append(out, c.topic)
		}
	}
	for _, t := range perm {
		if len(out) == k {
			break
		}
		if t != c.topic {
			out = append(out, t)
		}
	}
	return out
}

// subHeads returns distinct headings for subsections with the given topics.
func (c *ctx) subHeads(ts []int) []string {
	used := map[string]bool{}
	out := make([]string, len(ts))
	for i, t := range ts {
		h := topics[t].heads
		j := c.r.IntN(len(h))
		for k := 0; k < len(h) && used[h[j]]; k++ {
			j = (j + 1) % len(h)
		}
		if used[h[j]] {
			out[i] = topics[t].actions[c.r.IntN(len(topics[t].actions))]
		} else {
			out[i] = h[j]
		}
		used[out[i]] = true
	}
	return out
}

func (c *ctx) mainSrcs() []int {
	if c.topic >= 0 {
		return []int{c.topic}
	}
	return []int{tTeach, tEnrol, tEmploy, tMoral, tSafety}
}

// ----- notices, announcements and other short documents -----

func (c *ctx) notice(title string) {
	target := noticeMin + 20 + c.r.IntN(noticeMax-noticeMin-60)
	school := c.p.isSchool()
	addr := c.pick(addresseesSch)
	closing := c.pick(closingsSch)
	if !school {
		addr = c.pick(addresseesBur)
		closing = c.pick(closingsBur)
	}
	c.future = true
	final := "特此通知。\n\n"
	switch c.d.kind {
	case kAnnounce:
		line, _ := c.fresh(announceLines, srcAnnounce) // remembered, so not repeated above
		closing = c.str(line)
		final = "特此公告。\n\n"
		if strings.Contains(title, "公示") {
			final = "特此公示。\n\n"
		}
	case kOther:
		final = ""
	}
	tail := closing + "\n\n" + final + c.signature()
	tailN := utf8.RuneCountInString(tail)
	c.hard = noticeMax - tailN - 2

	if c.d.kind == kAnnounce {
		c.x(c.pick(announceOpen))
		c.s("\n\n")
	} else {
		c.s(addr)
		c.s("：\n\n")
		c.x("为{purpose}，{basis}，现就{TN}有关事项通知如下：\n\n")
	}
	var tp *ttpl
	if c.d.kind != kOther {
		tp = &titles[c.d.kind][ptype(c.p)][c.d.tpl]
	}
	if tp != nil && tp.table == tblList {
		c.table(tblList)
	}
	srcs := c.mainSrcs()
	reqs := append([]int{srcReq}, srcs...)
	if c.d.kind == kAnnounce {
		reqs = append([]int{srcAnnounce}, srcs...)
	}
	items := 2 + c.r.IntN(3)
	heads := c.r.Perm(len(noticeHeads))
	for i := 0; i < items; i++ {
		rest := target - tailN - c.n
		if rest <= 0 || !c.room() {
			break
		}
		m := c.mark()
		if c.d.kind == kAnnounce {
		} else {
			c.s(cn(i + 1))
			c.s("、")
			c.s(noticeHeads[heads[i]])
			c.s("\n\n")
		}
		before := c.n
		from := srcs
		if c.d.kind == kAnnounce || heads[i] < len(noticeReqHeads) && noticeReqHeads[heads[i]] {
			from = reqs
		}
		c.fill(from, c.n+rest/(items-i))
		if c.n == before {
			c.undo(m)
			break
		}
	}
	c.s(tail)
}

// ----- plans, summaries, reports on duty, implementation schemes -----

func (c *ctx) planTarget(tailN int) int {
	t := planMin + 100 + c.r.IntN(planMax-planMin-300)
	c.hard = planMax - tailN - 2
	return t
}

// budget returns where the body should stand after a part of weight w, of the
// weights still to come, wRest.
func (c *ctx) budget(target, w, wRest int) int {
	rest := target - c.n
	if rest <= 0 || wRest <= 0 {
		return c.n
	}
	return c.n + rest*w/wRest
}

func (c *ctx) plan() {
	c.future = true
	sig := c.signature()
	target := c.planTarget(utf8.RuneCountInString(sig)) - utf8.RuneCountInString(sig)
	c.x("为{purpose}，{basis}，结合{S}实际，特制定本计划。\n\n")
	c.h2(1, "指导思想")
	c.s(c.pick(guides))
	c.s("\n\n")
	k := 3 + c.r.IntN(4)
	if target < 1400 {
		k = 2 + c.r.IntN(2)
	}
	c.h2(2, "工作目标")
	wRest := 2 + 2*k
	c.fill(c.mainSrcs(), c.budget(target, 1, wRest))
	wRest--
	c.h2(3, "主要工作和措施")
	ts := c.subTopics(k)
	heads := c.subHeads(ts)
	for i, t := range ts {
		c.h3(i+1, heads[i])
		c.fill([]int{t}, c.budget(target, 2, wRest))
		wRest -= 2
	}
	c.h2(4, "保障措施")
	c.fill([]int{srcGuard}, target)
	c.s(sig)
}

func (c *ctx) summary() {
	sig := c.signature()
	target := c.planTarget(utf8.RuneCountInString(sig)) - utf8.RuneCountInString(sig)
	if c.d.month == 1 {
		c.yshift = -1
	}
	c.x("{Y}年，在上级主管部门的正确领导下，{S}围绕年度目标任务，扎实推进{TN}，取得了较好成效。现将有关情况总结如下。\n\n")
	c.h2(1, "基本情况")
	c.facts()
	k := 2 + c.r.IntN(4)
	if target < 1400 {
		k = 2
	}
	wRest := 2 + 2*k
	c.fill([]int{srcGeneral}, c.budget(target, 1, wRest))
	wRest--
	c.h2(2, "主要工作及成效")
	ts := c.subTopics(k)
	heads := c.subHeads(ts)
	for i, t := range ts {
		c.h3(i+1, heads[i])
		c.fill([]int{t}, c.budget(target, 2, wRest))
		wRest -= 2
	}
	c.h2(3, "存在的问题")
	c.enumerate(problems, 2+c.r.IntN(2))
	c.h2(4, "下一步工作打算")
	c.enumerate(remedies, 2+c.r.IntN(2))
	c.future = true
	c.yshift = 0
	c.fill(c.mainSrcs(), target)
	c.s(sig)
}

// enumerate writes 一是…；二是…。 from k distinct entries of list.
func (c *ctx) enumerate(list []string, k int) {
	perm := c.r.Perm(len(list))
	for i := 0; i < k; i++ {
		c.s(ordinals[i])
		c.s(list[perm[i]])
		if i < k-1 {
			c.s("；")
		}
	}
	c.s("。\n\n")
}

// facts states the publisher's size.
func (c *ctx) facts() {
	p, y := c.p, c.d.year+c.yshift
	if p.isSchool() {
		s := p.studentsIn(y)
		c.s(p.name)
		c.s("创办于")
		c.number(p.founded)
		c.s("年，占地面积")
		c.number(p.area)
		c.s("亩，现有在校生")
		c.number(s)
		c.s("人，教职工")
		c.number(p.staffIn(y))
		c.s("人，开设")
		c.s(majors[p.majors[0]])
		c.s("、")
		c.s(majors[p.majors[1]])
		c.s("等")
		c.number(len(p.majors))
		c.s("个专业。")
	} else {
		total := 0
		for _, ch := range p.children {
			total += c.g.pubs[ch].studentsIn(y)
		}
		c.s("全")
		c.s(p.region[len(p.region)-len("县"):])
		c.s("现有中等职业学校")
		c.number(len(p.children))
		c.s("所，在校生")
		c.number(total)
		c.s("人，专任教师")
		c.number(c.figure("tch", y))
		c.s("人。")
	}
	c.s("\n\n")
}

func (c *ctx) duty() {
	sig := c.signature()
	target := c.planTarget(utf8.RuneCountInString(sig)) - utf8.RuneCountInString(sig)
	if c.d.month == 1 {
		c.yshift = -1
	}
	c.x(c.pick(dutyOpen))
	c.s("\n\n")
	c.h2(1, "加强学习，不断提高政治素质和业务能力")
	for _, i := range c.r.Perm(len(dutyLearn))[:1+c.r.IntN(2)] {
		c.x(dutyLearn[i])
	}
	c.s("\n\n")
	c.h2(2, "履职尽责，扎实推进各项工作")
	k := 2 + c.r.IntN(3)
	ts := c.subTopics(k)
	heads := c.subHeads(ts)
	wRest := 2*k + 1
	for i, t := range ts {
		c.h3(i+1, heads[i])
		c.fill([]int{t}, c.budget(target, 2, wRest))
		wRest -= 2
	}
	c.h2(3, "严格自律，认真落实廉洁从政规定")
	for _, i := range c.r.Perm(len(dutyClean))[:1+c.r.IntN(2)] {
		c.x(dutyClean[i])
	}
	c.s("\n\n")
	c.h2(4, "存在的不足和今后努力方向")
	c.s("回顾一年来的工作，还存在一些不足：")
	c.enumerate(problems, 2)
	c.future = true
	c.yshift = 0
	c.fill(c.mainSrcs(), target)
	c.s(sig)
}

func (c *ctx) scheme() {
	c.future = true
	sig := c.signature()
	target := c.planTarget(utf8.RuneCountInString(sig)) - utf8.RuneCountInString(sig)
	c.x("为{purpose}，{basis}，结合{S}实际，制定本方案。\n\n")
	c.h2(1, "指导思想")
	c.s(c.pick(guides))
	c.s("\n\n")
	k := 2 + c.r.IntN(3)
	wRest := 2 + 2*k
	c.h2(2, "工作目标")
	c.fill(c.mainSrcs(), c.budget(target, 1, wRest))
	wRest--
	c.h2(3, "组织机构")
	c.x("成立{TN}领导小组，统筹负责各项工作：\n\n")
	roles := schemeRoles
	if !c.p.isSchool() {
		roles = bureauRoles
	}
	for _, role := range roles {
		c.s("- ")
		c.s(role[0])
		c.s("：")
		c.s(role[1])
		c.s("\n")
	}
	c.x("\n领导小组下设办公室，办公室设在{U}，负责日常工作。\n\n")
	c.h2(4, "主要任务")
	ts := c.subTopics(k)
	heads := c.subHeads(ts)
	for i, t := range ts {
		c.h3(i+1, heads[i])
		c.fill([]int{t}, c.budget(target, 2, wRest))
		wRest -= 2
	}
	c.h2(5, "实施步骤")
	m := c.d.month
	y := c.d.year
	stages := 3 + c.r.IntN(2)
	for i := 0; i < stages; i++ {
		c.s("（")
		c.s(cn(i + 1))
		c.s("）")
		c.s(schemeStages[i])
		c.s("（")
		c.number(y)
		c.s("年")
		c.number(m)
		c.s("月）：")
		c.sentence(c.mainSrcs()[0])
		c.s("\n\n")
		if m++; m > 12 {
			m, y = 1, y+1
		}
	}
	c.h2(6, "工作要求")
	c.fill([]int{srcReq, srcGuard}, target)
	c.s(sig)
}

// ----- statistical returns -----

func (c *ctx) stats() {
	tp := &titles[kStats][ptype(c.p)][c.d.tpl]
	if tp.table == tblSummary {
		c.x("根据中等职业教育质量年度报告制度的要求，{R}各中等职业学校已完成{PY}年度质量报告的编制和发布工作。经审核，现将发布情况汇总如下：\n\n")
	} else {
		c.x("{basis}，现将{Y}年有关统计数据公布如下。\n\n")
	}
	c.table(tp.table)
	c.s("说明：")
	switch tp.table {
	case tblSummary:
		c.s("各校质量年度报告同时在学校网站发布，内容以本平台公开版本为准。")
	case tblAid, tblAidSchools:
		c.s("资助金额按实际到账金额统计，人次按学期累计。")
	default:
		c.s("数据来源于教育事业统计年报，专业数按实际招生或有在校生的专业统计。")
	}
	c.s("\n\n填报单位：")
	c.s(c.p.name)
	c.s("　　填报日期：")
	c.s(cnDate(c.signed))
	c.s("\n")
}

// ----- annual quality reports -----

func (c *ctx) quality() {
	p := c.p
	sig := c.signature()
	sigN := utf8.RuneCountInString(sig)
	target := qualityMin + 300 + c.r.IntN(qualityMax-qualityMin-800) - sigN
	c.hard = qualityMax - sigN - 2

	// which 2–5 tables this report has
	var want [numTables]bool
	perm := c.r.Perm(numTables - 1)
	for _, i := range perm[:2+c.r.IntN(4)] {
		want[i+1] = true
	}

	c.s(p.name)
	c.s("始建于")
	c.number(p.founded)
	if p.schoolType == "民办/其他" {
		c.s("年，是经批准设立的民办中等职业学校。")
	} else {
		c.s("年，是一所公办中等职业学校。")
	}
	c.x("根据上级教育行政部门关于编制和发布中等职业教育质量年度报告的要求，{S}对{PY}年度的办学情况进行了全面总结，现报告如下。\n\n")
	c.yshift = -1

	wRest := 3
	for _, sec := range qualityOutline {
		for _, sub := range sec.subs {
			wRest += sub.w
		}
	}
	for i, sec := range qualityOutline {
		c.heading(2, cn(i+1)+"、"+sec.h2)
		for j, sub := range sec.subs {
			c.heading(3, "（"+cn(j+1)+"）"+sub.h3)
			until := c.budget(target, sub.w, wRest)
			wRest -= sub.w
			if sub.table != tblNone && want[sub.table] {
				c.sentence(sub.topics[0])
				c.s("\n\n")
				c.table(sub.table)
			}
			if len(sub.h4) == 0 {
				c.fill(sub.topics, until)
				continue
			}
			for k, h := range sub.h4 {
				c.heading(4, strconv.Itoa(k+1)+". "+h)
				if i == 0 && j == 0 && k == 0 {
					c.facts()
				}
				c.fill(sub.topics, c.n+(until-c.n)/(len(sub.h4)-k))
			}
		}
	}
	c.heading(2, cn(len(qualityOutline)+1)+"、主要问题和改进措施")
	c.heading(3, "（一）主要问题")
	c.enumerate(problems, 2+c.r.IntN(3))
	c.heading(3, "（二）改进措施")
	c.enumerate(remedies, 2+c.r.IntN(3))
	c.future = true
	c.yshift = 0
	c.fill([]int{tTeach, tStaff, tCoop, tTrain}, target)
	c.s(sig)
}

// ----- tables -----

func (c *ctx) caption(title string) {
	c.tables++
	c.s("表")
	c.number(c.tables)
	c.s("　")
	c.s(title)
	c.s("\n\n")
}

func (c *ctx) row(cells ...string) {
	c.s("|")
	for _, x := range cells {
		c.s(" ")
		c.s(x)
		c.s(" |")
	}
	c.s("\n")
}

func (c *ctx) header(cells ...string) {
	c.row(cells...)
	c.s("|")
	for range cells {
		c.s(" --- |")
	}
	c.s("\n")
}

func itoa(v int) string { return strconv.Itoa(v) }

func pct(num, den int) string {
	if den == 0 {
		return "—"
	}
	v := (num*1000 + den/2) / den
	return itoa(v/10) + "." + itoa(v%10) + "%"
}

// wan formats yuan as 万元 with two decimals.
func wan(yuan int) string {
	v := (yuan + 50) / 100
	return itoa(v/100) + "." + string(rune('0'+v/10%10)) + string(rune('0'+v%10))
}

func (c *ctx) table(id int) {
	r, p := c.r, c.p
	y := c.d.year
	if c.d.kind == kQuality {
		y = c.d.reportYear
	}
	s := 0
	if p.isSchool() {
		s = p.studentsIn(y)
	}
	switch id {
	case tblStudents:
		c.caption("近三年学生规模情况")
		c.header("年度", "招生数（人）", "在校生数（人）", "毕业生数（人）", "巩固率")
		for yy := y - 2; yy <= y; yy++ {
			c.row(itoa(yy), itoa(p.enrolIn(yy)), itoa(p.studentsIn(yy)), itoa(p.gradsIn(yy)), pct(930+p.jitter(yy+200, 68), 1000))
		}
	case tblStaff:
		t := p.teachersIn(y)
		prof := t * (55 + r.IntN(15)) / 100
		c.caption("教师队伍结构")
		c.header("项目", "人数（人）", "占专任教师比例")
		c.row("专任教师", itoa(t), "100%")
		c.row("专业课教师", itoa(prof), pct(prof, t))
		dual := prof * (50 + r.IntN(36)) / 100
		c.row("“双师型”教师", itoa(dual), pct(dual, t))
		pg := t * (5 + r.IntN(11)) / 100
		c.row("研究生学历（学位）教师", itoa(pg), pct(pg, t))
		sr := t * (20 + r.IntN(16)) / 100
		c.row("高级职称教师", itoa(sr), pct(sr, t))
		pt := t * (8 + r.IntN(13)) / 100
		c.row("兼职教师", itoa(pt), "—")
		c.row("生师比", itoa(s*10/t/10)+"."+itoa(s*10/t%10)+":1", "—")
	case tblAid:
		free := s * (85 + r.IntN(14)) / 100
		grant := s * (10 + r.IntN(15)) / 100 * 2
		schol := 10 + r.IntN(60)
		soc := r.IntN(40)
		c.caption("学生资助情况")
		c.header("资助项目", "受助人次", "金额（万元）")
		c.row("免学费", itoa(free), wan(free*2000))
		c.row("国家助学金", itoa(grant), wan(grant*1000))
		c.row("校内奖学金", itoa(schol), wan(schol*(500+100*r.IntN(10))))
		c.row("社会资助", itoa(soc), wan(soc*(300+100*r.IntN(8))))
		c.row("合计", itoa(free+grant+schol+soc), "—")
	case tblEmploy:
		grad := p.gradsIn(y)
		study := grad * (20 + r.IntN(40)) / 100
		job := (grad - study) * (90 + r.IntN(9)) / 100
		c.caption(itoa(y) + "届毕业生就业情况")
		c.header("指标", "数值")
		c.row("毕业生数（人）", itoa(grad))
		c.row("就业人数（人）", itoa(job))
		c.row("升学人数（人）", itoa(study))
		c.row("就业率（含升学）", pct(job+study, grad))
		c.row("对口就业率", pct(job*(75+r.IntN(20))/100, job))
		c.row("初次就业平均月收入（元）", itoa(2600+r.IntN(3200)))
	case tblMajors, tblEnrolMajor, tblEmployMajor:
		ms := p.majors
		if !p.isSchool() {
			ms = r.Perm(len(majors))[:5]
		}
		switch id {
		case tblMajors:
			c.caption("专业设置情况")
			c.header("序号", "专业名称", "在校生数（人）", "备注")
		case tblEnrolMajor:
			c.caption(itoa(y) + "年分专业招生情况")
			c.header("序号", "专业名称", "计划数（人）", "录取数（人）", "报到数（人）", "报到率")
		default:
			c.caption(itoa(y) + "届分专业就业情况")
			c.header("序号", "专业名称", "毕业生数（人）", "就业人数（人）", "就业率", "对口就业率")
		}
		notes := []string{"省级示范专业", "市级骨干专业", "新增专业", "—", "—", "—"}
		for i, m := range ms {
			per := max(20, s/len(ms)*(60+r.IntN(80))/100)
			switch id {
			case tblMajors:
				c.row(itoa(i+1), majors[m], itoa(per), c.pick(notes))
			case tblEnrolMajor:
				plan := per / 3
				adm := plan * (85 + r.IntN(25)) / 100
				rep := adm * (88 + r.IntN(12)) / 100
				c.row(itoa(i+1), majors[m], itoa(plan), itoa(adm), itoa(rep), pct(rep, adm))
			default:
				grad := per * (28 + r.IntN(6)) / 100
				job := grad * (90 + r.IntN(10)) / 100
				c.row(itoa(i+1), majors[m], itoa(grad), itoa(job), pct(job, grad), pct(job*(70+r.IntN(25))/100, job))
			}
		}
	case tblFunds:
		c.caption(itoa(y) + "年度经费收支情况")
		c.header("项目", "金额（万元）")
		if p.schoolType == "民办/其他" {
			c.row("举办者投入", wan(s*(800+r.IntN(1500))))
			c.row("学费收入", wan(s*5600*(80+r.IntN(20))/100))
			c.row("财政补助", wan(s*2000))
		} else {
			per := 6000 + 500*r.IntN(9)
			c.row("生均公用经费拨款", wan(s*per))
			c.row("项目经费", wan((50+r.IntN(600))*10000))
			c.row("人员经费", wan(s/17*(90000+r.IntN(40000))))
			c.row("生均拨款标准（元/生·年）", itoa(per))
		}
	case tblCoop:
		c.caption("主要合作企业")
		c.header("序号", "合作企业", "合作专业", "合作形式")
		forms := []string{"订单培养", "共建实训基地", "现代学徒制", "顶岗实习", "共同开发课程"}
		for i := 0; i < 3+r.IntN(4); i++ {
			c.s("| ")
			c.number(i + 1)
			c.s(" | ")
			c.x("{E} | {M} | ")
			c.s(c.pick(forms))
			c.s(" |\n")
		}
	case tblList:
		c.caption("名单汇总")
		c.header("序号", "专业", "班级", "人数")
		for i := 0; i < 3+r.IntN(5); i++ {
			c.s("| ")
			c.number(i + 1)
			c.x(" | {M} | ")
			c.number(y - r.IntN(3))
			c.s("级")
			c.number(1 + r.IntN(6))
			c.s("班 | ")
			c.number(5 + r.IntN(40))
			c.s(" |\n")
		}
	case tblSummary:
		c.header("序号", "学校名称", "学校类型", "发布日期", "发布网址", "备注")
		for i, j := range c.d.summaryOf {
			if j < 0 {
				sp := c.g.pubs[-1-j]
				c.row(itoa(i+1), sp.name, sp.schoolType, "—", "—", "未按期发布，已督促整改")
				continue
			}
			rd := &c.g.docs[j]
			sp := c.g.pubs[rd.pub]
			url := "/" + sp.code + "/" + rd.index(sp) + "/"
			note := ""
			if rd.month >= 4 && r.IntN(2) == 0 {
				note = "经督促后发布"
			}
			c.row(itoa(i+1), sp.name, sp.schoolType, isoDate(rd.year, rd.month, rd.day), "["+url+"]("+url+")", note)
		}
	case tblSchools, tblAidSchools, tblEnrolSchools:
		switch id {
		case tblSchools:
			c.caption(itoa(y) + "年中等职业学校基本情况")
			c.header("序号", "学校名称", "办学性质", "专业数（个）", "在校生数（人）", "专任教师（人）")
		case tblAidSchools:
			c.caption(itoa(y) + "年中职学生资助资金发放情况")
			c.header("序号", "学校名称", "国家助学金（人次）", "金额（万元）", "免学费（人）", "金额（万元）")
		default:
			c.caption(itoa(y) + "年中等职业学校招生情况")
			c.header("序号", "学校名称", "招生计划（人）", "实际招生（人）", "完成率")
		}
		for i, ch := range p.children {
			sp := c.g.pubs[ch]
			st := sp.studentsIn(y)
			switch id {
			case tblSchools:
				c.row(itoa(i+1), sp.name, sp.schoolType[:strings.IndexByte(sp.schoolType, '/')], itoa(len(sp.majors)), itoa(st), itoa(sp.teachersIn(y)))
			case tblAidSchools:
				grant := st * (10 + r.IntN(15)) / 100 * 2
				free := st * (85 + r.IntN(14)) / 100
				c.row(itoa(i+1), sp.name, itoa(grant), wan(grant*1000), itoa(free), wan(free*2000))
			default:
				got := sp.enrolIn(y)
				plan := got * (90 + sp.jitter(y+300, 25)) / 100
				c.row(itoa(i+1), sp.name, itoa(plan), itoa(got), pct(got, plan))
			}
		}
	}
	c.s("\n")
}

func isoDate(y, m, d int) string {
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return string(b)
}
