package main

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// publisher is a generated bureau or school.
type publisher struct {
	idx        int
	code       string
	name       string
	typ        string // bureau | school
	region     string // the county, e.g. 青石县
	parent     int    // index of the bureau, -1 for bureaus
	schoolType string // 公办/国家示范校 …; empty for bureaus
	short      string // prefix of its 文号, e.g. 青石教 or 青石职专
	start      int    // first year it publishes
	children   []int  // schools of a bureau

	// school profile, used to keep the figures of one school plausible across years
	students int     // students in 2015
	growth   float64 // yearly change of the student number
	majors   []int   // indexes into majors
	founded  int
	area     int // 占地面积, 亩
}

func (p *publisher) isSchool() bool { return p.typ == "school" }

// studentsIn is the school's student number in year y.
func (p *publisher) studentsIn(y int) int {
	return int(float64(p.students) * (1 + p.growth*float64(y-2015)))
}

// yearly figures: fixed functions of school and year, so that every document about a
// school and year states the same numbers
func (p *publisher) jitter(y, span int) int {
	h := uint32(p.idx)*2654435761 ^ uint32(y)*40503
	h ^= h >> 13
	h *= 0x5bd1e995
	h ^= h >> 15
	return int(h % uint32(span))
}

func (p *publisher) enrolIn(y int) int    { return p.studentsIn(y) * (33 + p.jitter(y, 7)) / 100 }
func (p *publisher) gradsIn(y int) int    { return p.studentsIn(y) * (28 + p.jitter(y+100, 6)) / 100 }
func (p *publisher) teachersIn(y int) int { return p.studentsIn(y)/17 + 5 }
func (p *publisher) staffIn(y int) int    { return p.studentsIn(y)/15 + 8 }

type syllable struct {
	ch, initial string
}

// County names are made of two of these; combinations are fictional.
var syllables = []syllable{
	{"青", "q"}, {"石", "s"}, {"临", "l"}, {"川", "c"}, {"平", "p"}, {"安", "a"}, {"溪", "x"}, {"河", "h"}, {"山", "s"},
	{"阳", "y"}, {"江", "j"}, {"宁", "n"}, {"东", "d"}, {"西", "x"}, {"南", "n"}, {"北", "b"}, {"云", "y"}, {"桂", "g"},
	{"松", "s"}, {"柏", "b"}, {"清", "q"}, {"源", "y"}, {"丰", "f"}, {"泰", "t"}, {"和", "h"}, {"永", "y"}, {"长", "c"},
	{"兴", "x"}, {"华", "h"}, {"新", "x"}, {"龙", "l"}, {"凤", "f"}, {"金", "j"}, {"玉", "y"}, {"白", "b"}, {"水", "s"},
	{"湖", "h"}, {"林", "l"}, {"峰", "f"}, {"岭", "l"}, {"城", "c"}, {"乐", "l"}, {"昌", "c"}, {"宜", "y"}, {"阜", "f"},
	{"靖", "j"}, {"嘉", "j"}, {"宝", "b"}, {"鹤", "h"}, {"鸣", "m"}, {"望", "w"}, {"远", "y"}, {"梅", "m"}, {"桃", "t"},
	{"柳", "l"}, {"杏", "x"}, {"茂", "m"}, {"丹", "d"}, {"泉", "q"}, {"沙", "s"}, {"滨", "b"}, {"崇", "c"}, {"德", "d"},
	{"仁", "r"}, {"信", "x"}, {"武", "w"}, {"文", "w"}, {"瑞", "r"}, {"祥", "x"}, {"庆", "q"}, {"盛", "s"}, {"广", "g"},
	{"吉", "j"}, {"通", "t"}, {"固", "g"}, {"怀", "h"}, {"连", "l"}, {"罗", "l"}, {"浦", "p"}, {"潭", "t"}, {"湘", "x"},
	{"楚", "c"}, {"荆", "j"}, {"蓝", "l"}, {"翠", "c"}, {"霞", "x"},
}

type schoolKind struct {
	name, code, short string
	w                 int
}

var publicKinds = []schoolKind{
	{"职业中等专业学校", "zz", "职专", 12},
	{"职业教育中心", "zjzx", "职教中心", 12},
	{"中等专业学校", "zzxx", "中专", 6},
	{"职业技术学校", "zjxx", "职校", 6},
	{"卫生职业学校", "wx", "卫校", 4},
	{"农业职业学校", "nx", "农校", 4},
	{"财经职业学校", "cjxx", "财校", 3},
	{"工业学校", "gx", "工校", 3},
	{"技工学校", "jx", "技校", 4},
	{"艺术职业学校", "ysxx", "艺校", 2},
	{"旅游职业学校", "lyxx", "旅校", 2},
	{"幼儿师范学校", "yesf", "幼师", 2},
	{"交通职业学校", "jtxx", "交校", 2},
	{"机电职业学校", "jdxx", "机电", 3},
	{"信息工程学校", "xxgc", "信息", 2},
	{"第二职业中等专业学校", "ezz", "二职专", 3},
	{"体育运动学校", "tx", "体校", 1},
	{"商贸职业学校", "smxx", "商校", 2},
	{"建筑职业学校", "jzxx", "建校", 2},
	{"第三职业中等专业学校", "szz", "三职专", 1},
}

var privateBrands = []syllable{
	{"育才", "yc"}, {"博文", "bw"}, {"明德", "md"}, {"启航", "qh"}, {"致远", "zy"}, {"华信", "hx"}, {"立信", "lx"},
	{"远航", "yh"}, {"天成", "tc"}, {"鸿志", "hz"}, {"求实", "qs"}, {"弘毅", "hy"}, {"振华", "zh"}, {"同创", "tc"},
	{"金鹰", "jy"}, {"宏达", "hd"}, {"卓越", "zy"}, {"精英", "jy"},
}

var privateKinds = []schoolKind{
	{"职业技术学校", "zx", "职校", 3},
	{"职业学校", "zx", "职校", 2},
	{"中等职业学校", "zx", "职校", 1},
}

// publisherCounts scales the publishers with the corpus: about N/40 schools and one
// bureau per 15 schools, at least 4 publishers in all.
func publisherCounts(n int) (bureaus, schools int) {
	schools = max(1, int(math.Round(float64(n)/40)))
	bureaus = max(1, int(math.Round(float64(schools)/15)))
	if bureaus+schools < 4 {
		schools = 4 - bureaus
	}
	return bureaus, schools
}

// makePublishers creates the bureaus and schools, each bureau followed by its schools.
func makePublishers(r *rand.Rand, n int) []*publisher {
	nb, ns := publisherCounts(n)
	// schools per bureau: at least one each, the rest spread with uneven weights
	per := make([]int, nb)
	weights := make([]float64, nb)
	var total float64
	for i := range per {
		per[i] = 1
		weights[i] = 0.4 + r.Float64()
		total += weights[i]
	}
	for i := nb; i < ns; i++ {
		x := r.Float64() * total
		j := 0
		for ; j < nb-1 && x >= weights[j]; j++ {
			x -= weights[j]
		}
		per[j]++
	}

	codes := map[string]bool{}
	unique := func(c string) string {
		if !codes[c] {
			codes[c] = true
			return c
		}
		for k := 2; ; k++ {
			cc := c + strconv.Itoa(k)
			if !codes[cc] {
				codes[cc] = true
				return cc
			}
		}
	}
	counties := map[string]bool{}
	var pubs []*publisher
	add := func(p *publisher) *publisher {
		p.idx = len(pubs)
		pubs = append(pubs, p)
		return p
	}
	for b := 0; b < nb; b++ {
		var a, c syllable
		for {
			a = syllables[r.IntN(len(syllables))]
			c = syllables[r.IntN(len(syllables))]
			if a.ch != c.ch && !counties[a.ch+c.ch] {
				break
			}
		}
		counties[a.ch+c.ch] = true
		suffix, sInit := "县", "x"
		switch x := r.IntN(100); {
		case x < 12:
			suffix, sInit = "区", "q"
		case x < 28:
			suffix, sInit = "市", "s"
		}
		county := a.ch + c.ch + suffix
		prefix := a.initial + c.initial + sInit
		bname, bcode, bshort := "教育局", "jyj", "教"
		if x := r.IntN(10); x < 2 {
			bname, bcode, bshort = "教育和体育局", "jtj", "教体"
		} else if x < 3 {
			bname, bcode, bshort = "教育体育局", "jtj", "教体"
		}
		bureau := add(&publisher{
			code:   unique(prefix + bcode),
			name:   county + bname,
			typ:    "bureau",
			region: county,
			parent: -1,
			short:  a.ch + c.ch + bshort,
			start:  2015,
		})

		used := map[string]bool{}
		brandsUsed := map[string]bool{}
		for s := 0; s < per[b]; s++ {
			p := &publisher{typ: "school", region: county, parent: bureau.idx}
			private := s > 0 && r.IntN(100) < 22
			if !private {
				k, ok := pickKind(r, used, s == 0)
				if ok {
					used[k.name] = true
					p.name = county + k.name
					p.code = unique(prefix + k.code)
					p.short = a.ch + c.ch + k.short
					switch x := r.IntN(100); {
					case s == 0 && x < 30, s > 0 && x < 5:
						p.schoolType = "公办/国家示范校"
					case s == 0 && x < 60, s > 0 && x < 17:
						p.schoolType = "公办/国家级重点"
					default:
						p.schoolType = "公办/其他"
					}
				} else {
					private = true
				}
			}
			if private {
				var br syllable
				var k schoolKind
				var name string
				for tries := 0; ; tries++ {
					br = privateBrands[r.IntN(len(privateBrands))]
					k = privateKinds[r.IntN(len(privateKinds))]
					name = county + br.ch + k.name
					if !used[name] && (!brandsUsed[br.ch] || tries > 50) {
						break
					}
					if tries > 200 {
						for i := 2; used[name]; i++ {
							name = county + br.ch + "第" + cn(i) + k.name
						}
						break
					}
				}
				brandsUsed[br.ch] = true
				used[name] = true
				p.name = name
				p.code = unique(prefix + br.initial + k.code)
				p.short = br.ch + k.short
				p.schoolType = "民办/其他"
			}
			if r.IntN(100) < 55 {
				p.start = 2015
			} else {
				p.start = 2016 + r.IntN(6)
			}
			switch p.schoolType {
			case "公办/国家示范校":
				p.students = 2500 + r.IntN(3500)
			case "公办/国家级重点":
				p.students = 1800 + r.IntN(2700)
			case "公办/其他":
				p.students = 500 + r.IntN(2000)
			default:
				p.students = 300 + r.IntN(1200)
			}
			p.growth = -0.03 + r.Float64()*0.09
			p.majors = r.Perm(len(majors))[:4+r.IntN(8)]
			if p.schoolType == "民办/其他" {
				p.founded = 1996 + r.IntN(20)
			} else {
				p.founded = 1950 + r.IntN(58)
			}
			p.area = 60 + r.IntN(400)
			add(p)
			bureau.children = append(bureau.children, p.idx)
		}
	}
	return pubs
}

// pickKind picks a public school kind not yet used in the county; the first school
// of a county is its main vocational school.
func pickKind(r *rand.Rand, used map[string]bool, first bool) (schoolKind, bool) {
	if first {
		return publicKinds[r.IntN(2)], true
	}
	total := 0
	for _, k := range publicKinds {
		if !used[k.name] {
			total += k.w
		}
	}
	if total == 0 {
		return schoolKind{}, false
	}
	x := r.IntN(total)
	for _, k := range publicKinds {
		if used[k.name] {
			continue
		}
		if x < k.w {
			return k, true
		}
		x -= k.w
	}
	return schoolKind{}, false
}
