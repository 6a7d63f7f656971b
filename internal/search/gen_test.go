package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// A small generator of fictional disclosure documents for the segment tests and
// benchmarks: publishers, 索引号 and 文号 in the portals' formats, titles, metadata
// and bodies of realistic Chinese sentences (with some traditional characters,
// full-width digits and Latin), written here, none taken from a real site.

type genPublisher struct{ code, name, abbr string }

var genPublishers = []genPublisher{
	{"qxxjyj", "青溪县教育局", "青教"},
	{"qxxyz", "青溪县第一中学", "青一中"},
	{"scssyxx", "松川市实验小学", "松实小"},
	{"bszzxxx", "白沙镇中心学校", "白中校"},
	{"ylzyjs", "云岭职业技术学校", "云职校"},
	{"hqqjyj", "鹤桥区教育局", "鹤教"},
	{"hqqezx", "鹤桥区第二中学", "鹤二中"},
	{"lhxyey", "柳河县幼儿园", "柳幼"},
	{"jsxtsjy", "金石县特殊教育学校", "金特校"},
	{"dyzsx", "东原镇实验学校", "东实校"},
}

var (
	genSubjects = []string{"学校", "我校", "各中小学", "县教育局", "教师发展中心", "各幼儿园", "教务处", "德育处", "总务处", "各年级组"}
	genVerbs    = []string{"加强", "落实", "推进", "完善", "开展", "组织", "规范", "深化", "统筹", "健全"}
	genObjects  = []string{"课后服务", "校园安全管理", "教师队伍建设", "义务教育优质均衡发展", "学生体质健康监测",
		"劳动教育", "心理健康教育", "食堂食品安全", "招生入学工作", "家庭经济困难学生资助", "作业管理",
		"校本教研", "实验教学", "职业技能等级认定", "产教融合", "校外培训机构监管", "防溺水专题教育",
		"學校體育工作", "教育質量監測", "信息化教学应用", "集团化办学", "青少年近视防控"}
	genTails = []string{"工作。", "的各项措施。", "，确保取得实效。", "，切实减轻学生过重负担。", "，形成长效机制。",
		"，全年共组织活动１２次。", "，覆盖学生3600余人次。", "，经费投入约48.5万元。", "，按季度通报进展情况。",
		"，相关材料以PDF格式报送。", "，校园Wi-Fi实现全覆盖。", "，并接受社会监督。"}
	genHeads      = []string{"一、基本情况", "二、主要做法", "三、存在问题", "四、下一步工作", "（一）组织保障", "（二）经费保障"}
	genCategories = []string{"规划统计/工作总结", "规划统计/工作计划", "教育教学/招生考试", "教育教学/课程教学",
		"财务管理/预算决算", "财务管理/收费公示", "人事管理/招聘录用", "安全管理", "学生资助", "其他"}
	genGenres   = []string{"通知", "公告", "报告", "计划", "总结", "决定", "意见"}
	genKeywords = []string{"双减", "课后服务", "质量报告", "招生", "资助", "安全", "预算", "食品安全", "师资"}
)

// genOptions shape a generated corpus.
type genOptions struct {
	n          int
	seed       uint64
	dates      int  // distinct dates, 0 for any day of 2019–2025
	docNumbers int  // distinct 文号 to draw from (so that some repeat), 0 for unique ones
	categories int  // extra distinct categories, to give the facet a two-byte column
	sameIndex  bool // some documents share a 索引号 (and a date) with another
	minBody    int  // body length range in characters
	maxBody    int
	portal     bool // a portal's mix: 100 publishers; notices of 200–800 characters, plans of 800–3000, reports of 3000–8000
}

// genPortalPublishers are the 100 publishers of a portal corpus.
var genPortalPublishers = func() []genPublisher {
	places := []string{"青溪县", "松川市", "白沙镇", "云岭县", "鹤桥区", "柳河县", "金石县", "东原镇", "南湖区", "西山县"}
	kinds := []string{"教育局", "第一中学", "第二中学", "实验小学", "中心学校", "幼儿园", "职业技术学校", "特殊教育学校", "第三小学", "高级中学"}
	var out []genPublisher
	for i, p := range places {
		for j, k := range kinds {
			out = append(out, genPublisher{fmt.Sprintf("p%02d%02d", i, j), p + k, string([]rune(p)[:1]) + string([]rune(k)[:1])})
		}
	}
	return out
}()

// genDocs writes a corpus of opt.n documents.
func genDocs(opt genOptions) []Doc {
	r := rand.New(rand.NewPCG(opt.seed, 0x5eed))
	if opt.maxBody == 0 {
		opt.minBody, opt.maxBody = 60, 1200
	}
	base := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	serial := map[string]int{}
	docs := make([]Doc, opt.n)
	for i := range docs {
		p := genPublishers[r.IntN(len(genPublishers))]
		bodyLen := opt.minBody + r.IntN(opt.maxBody-opt.minBody+1)
		if opt.portal {
			p = genPortalPublishers[r.IntN(len(genPortalPublishers))]
			switch k := r.IntN(10); {
			case k < 7:
				bodyLen = 200 + r.IntN(601)
			case k < 9:
				bodyLen = 800 + r.IntN(2201)
			default:
				bodyLen = 3000 + r.IntN(5001)
			}
		}
		var date time.Time
		if opt.dates > 0 {
			date = base.AddDate(0, 0, 97*r.IntN(opt.dates))
		} else {
			date = base.AddDate(0, 0, r.IntN(7*365))
		}
		y := date.Year()
		serial[fmt.Sprint(p.code, y)]++
		index := fmt.Sprintf("%s-%d-%05d", p.code, y, serial[fmt.Sprint(p.code, y)])
		var number string
		switch {
		case r.IntN(3) == 0:
			// no 文号
		case opt.docNumbers > 0:
			number = fmt.Sprintf("青教〔%d〕%d号", 2024, 1+r.IntN(opt.docNumbers))
		default:
			number = fmt.Sprintf("%s〔%d〕%d号", p.abbr, y, serial[fmt.Sprint(p.code, y)])
		}
		if opt.sameIndex && i > 0 && r.IntN(4) == 0 {
			j := r.IntN(i)
			index, date, y = docs[j].Index, docs[j].Date, docs[j].Date.Year()
		}
		cat := genCategories[r.IntN(len(genCategories))]
		if opt.categories > 0 {
			cat = fmt.Sprintf("专项工作/第%03d类", r.IntN(opt.categories))
		}
		genre := genGenres[r.IntN(len(genGenres))]
		obj := genObjects[r.IntN(len(genObjects))]
		var title string
		switch r.IntN(4) {
		case 0:
			title = fmt.Sprintf("%s关于%s%s的通知", p.name, genVerbs[r.IntN(len(genVerbs))], obj)
		case 1:
			title = fmt.Sprintf("%s%d年%s工作总结", p.name, y, obj)
		case 2:
			title = fmt.Sprintf("%s%d年度教育质量报告", p.name, y-1)
		default:
			title = fmt.Sprintf("关于%s情况的公示（第%d期）", obj, 1+r.IntN(20))
		}
		meta := []string{index, number, p.name, p.code, cat, genre, genKeywords[r.IntN(len(genKeywords))]}
		docs[i] = Doc{
			Title: title, URL: fmt.Sprintf("/%s/%d/%s/", p.code, y, index), Date: date, Publisher: p.code,
			Category: cat, Genre: genre, Year: y, Index: index, DocNumber: number,
			Meta: nonEmpty(meta), Body: genBody(r, p, bodyLen),
		}
	}
	return docs
}

// genBody writes about n characters of headings and sentences.
func genBody(r *rand.Rand, p genPublisher, n int) string {
	var b strings.Builder
	runes := 0
	for runes < n {
		var s string
		if r.IntN(8) == 0 {
			s = genHeads[r.IntN(len(genHeads))] + "\n"
		} else {
			subj := genSubjects[r.IntN(len(genSubjects))]
			if r.IntN(5) == 0 {
				subj = p.name
			}
			s = subj + genVerbs[r.IntN(len(genVerbs))] + genObjects[r.IntN(len(genObjects))] + genTails[r.IntN(len(genTails))]
			if r.IntN(6) == 0 {
				s += "\n"
			}
		}
		b.WriteString(s)
		runes += len([]rune(s))
	}
	return b.String()
}
