package main

// kind is what a genre's documents look like; registry genres map onto kinds by name.
type kind int

const (
	kNotice kind = iota
	kAnnounce
	kPlan
	kSummary
	kDuty
	kQuality
	kScheme
	kStats
	kOther // a genre the generator does not know by name
	numKinds
)

var kindByGenre = map[string]kind{
	"通知": kNotice, "公告": kAnnounce, "工作计划": kPlan, "工作总结": kSummary,
	"述职报告": kDuty, "年度质量报告": kQuality, "实施方案": kScheme, "统计报表": kStats,
}

// kindSlug names a document kind in file names.
var kindSlug = [numKinds]string{"tz", "gg", "gzjh", "gzzj", "szbg", "ndzlbg", "ssfa", "tjbb", "wj"}

// mix of kinds (not counting the annual quality reports, which are one per school and year)
var kindWeights = [2][numKinds]int{
	// school
	{kNotice: 24, kAnnounce: 16, kPlan: 16, kSummary: 15, kDuty: 5, kScheme: 9, kStats: 4, kOther: 3},
	// bureau
	{kNotice: 34, kAnnounce: 14, kPlan: 8, kSummary: 8, kDuty: 3, kScheme: 15, kStats: 9, kOther: 3},
}

// month weights, January first
var (
	monthsAny     = []int{9, 5, 11, 9, 9, 10, 8, 5, 11, 7, 9, 10}
	monthsQuality = []int{30, 10, 25, 20, 0, 0, 0, 0, 0, 0, 0, 0}
)

// extra tables of statistical returns, after the quality-report tables
const (
	tblEnrolMajor = numTables + iota
	tblEmployMajor
	tblSummary // bureau: the annual quality reports of its schools
	tblSchools
	tblAidSchools
	tblEnrolSchools
	tblList // announcement: a list by class
)

// ttpl is a title template.
type ttpl struct {
	s        string
	topic    int
	months   []int // months it is published in; nil: any
	from, to int   // years it occurs in; 0: unbounded
	school   bool  // names one of the bureau's schools ({SC})
	table    int   // the table of a statistical return or list
	cat      string
}

const (
	catEnrol   = "业务工作/招生考试"
	catTeach   = "业务工作/教育教学"
	catAid     = "业务工作/学生资助"
	catFees    = "财务信息/收费项目"
	catQuality = "质量报告/年度质量报告"
	catOrg     = "机构信息/机构职能"
)

var (
	m1    = []int{1}
	mTerm = []int{2, 3, 8, 9}
	mYear = []int{1, 2, 3}
	mDec  = []int{12}
)

// titles[kind][0] are a school's templates, titles[kind][1] a bureau's.
var titles = [numKinds][2][]ttpl{
	kNotice: {{
		{s: "关于做好{Y}年寒假放假及安全工作的通知", topic: tSafety, months: m1},
		{s: "关于{Y}年暑假放假安排的通知", topic: tSafety, months: []int{6, 7}},
		{s: "关于{Y}年国庆节放假安排的通知", topic: tSafety, months: []int{9}},
		{s: "关于{Y}年清明节、劳动节放假安排的通知", topic: tSafety, months: []int{3, 4}},
		{s: "关于开展{Y}年校园安全隐患排查整治工作的通知", topic: tSafety},
		{s: "关于开展消防安全应急疏散演练的通知", topic: tSafety},
		{s: "关于开展{Y}年校级技能竞赛的通知", topic: tContest, months: []int{3, 4, 10, 11}, cat: catTeach},
		{s: "关于组织学生参加{Y}年{C}的通知", topic: tContest, months: []int{3, 4, 5}, cat: catTeach},
		{s: "关于开展{SY}学年{TERM}期中教学检查的通知", topic: tTeach, months: []int{4, 5, 10, 11}, cat: catTeach},
		{s: "关于做好{SY}学年{TERM}期末考试工作的通知", topic: tTeach, months: []int{1, 6, 12}, cat: catTeach},
		{s: "关于举办第{ORD}届校园文化艺术节的通知", topic: tMoral, months: []int{4, 5, 10, 11, 12}},
		{s: "关于召开{Y}年秋季田径运动会的通知", topic: tMoral, months: []int{10, 11}},
		{s: "关于开展“文明班级”评比活动的通知", topic: tMoral},
		{s: "关于做好{Y}年秋季学期国家助学金申请工作的通知", topic: tAid, months: []int{9, 10}, cat: catAid},
		{s: "关于做好{Y}年春季学期国家助学金申请工作的通知", topic: tAid, months: []int{3, 4}, cat: catAid},
		{s: "关于做好{NY}届毕业生顶岗实习工作的通知", topic: tEmploy, months: []int{9, 10, 11}},
		{s: "关于开展{Y}年暑期教职工业务培训的通知", topic: tStaff, months: []int{7, 8}},
		{s: "关于组织教师参加{Y}年暑期企业实践的通知", topic: tStaff, months: []int{6, 7}},
		{s: "关于开展{Y}年“职业教育活动周”活动的通知", topic: tEnrol, months: []int{4, 5}},
		{s: "关于成立{Y}年招生工作领导小组的通知", topic: tEnrol, months: []int{2, 3, 4}, cat: catEnrol},
		{s: "关于开展教学工作诊断与改进工作的通知", topic: tQuality, from: 2016},
		{s: "关于开展“三会一课”专题学习的通知", topic: tParty},
		{s: "关于开展{Y}年社会培训工作的通知", topic: tService},
		{s: "关于召开{Y}年校企合作座谈会的通知", topic: tCoop},
		{s: "关于加强实训室安全管理的通知", topic: tTrain},
		{s: "关于做好新冠肺炎疫情防控工作的通知", topic: tSafety, from: 2020, to: 2022},
		{s: "关于做好{Y}年度质量报告编制工作的通知", topic: tQuality, months: []int{11, 12}, from: 2016},
	}, {
		{s: "关于做好{Y}年中等职业学校招生工作的通知", topic: tEnrol, months: []int{3, 4, 5}, cat: catEnrol},
		{s: "关于做好{PY}年度中等职业学校质量报告编制发布工作的通知", topic: tQuality, months: []int{1, 2}, from: 2016, cat: catQuality},
		{s: "关于组织参加{Y}年{C}的通知", topic: tContest, months: []int{2, 3, 4}, cat: catTeach},
		{s: "关于开展{Y}年中等职业学校教学质量检查的通知", topic: tTeach, months: []int{4, 5, 10, 11}, cat: catTeach},
		{s: "关于做好{Y}年秋季学期中职学生资助工作的通知", topic: tAid, months: []int{9, 10}, cat: catAid},
		{s: "关于做好{Y}年春季学期中职学生资助工作的通知", topic: tAid, months: []int{3}, cat: catAid},
		{s: "关于开展{Y}年职业教育活动周活动的通知", topic: tEnrol, months: []int{4, 5}},
		{s: "关于加强中等职业学校学生实习管理工作的通知", topic: tEmploy},
		{s: "关于开展{Y}年全县中职学校安全大检查的通知", topic: tSafety},
		{s: "关于做好{Y}年暑期学校安全工作的通知", topic: tSafety, months: []int{6, 7}},
		{s: "关于做好{Y}年寒假期间学校安全工作的通知", topic: tSafety, months: m1},
		{s: "关于报送{Y}年教育事业统计数据的通知", topic: tQuality, months: []int{8, 9, 10}},
		{s: "关于开展中等职业学校教师企业实践活动的通知", topic: tStaff, months: []int{6, 7}},
		{s: "关于组织开展{Y}年中职学校教师教学能力比赛的通知", topic: tStaff, cat: catTeach},
		{s: "关于对{SC}开展办学水平督导评估的通知", topic: tQuality, school: true},
		{s: "关于做好中等职业学校“双师型”教师认定工作的通知", topic: tStaff, from: 2022},
		{s: "关于推进职业教育集团化办学的通知", topic: tCoop},
		{s: "关于做好疫情防控期间职业学校教育教学工作的通知", topic: tTeach, months: []int{2, 3}, from: 2020, to: 2022},
	}},
	kAnnounce: {{
		{s: "{X}{Y}年秋季招生公告", topic: tEnrol, months: []int{4, 5, 6, 7}, cat: catEnrol},
		{s: "{X}{Y}年公开招聘教师公告", topic: tStaff},
		{s: "关于{Y}年秋季学期国家助学金受助学生名单的公示", topic: tAid, months: []int{10, 11}, table: tblList, cat: catAid},
		{s: "关于{Y}年春季学期国家助学金受助学生名单的公示", topic: tAid, months: []int{4, 5}, table: tblList, cat: catAid},
		{s: "关于{Y}年免学费学生名单的公示", topic: tAid, months: []int{10, 11}, table: tblList, cat: catAid},
		{s: "{X}{M}实训设备采购项目中标结果公告", topic: tTrain},
		{s: "关于{Y}年度优秀教师评选结果的公示", topic: tStaff, months: []int{9, 12}},
		{s: "{X}{Y}年新生录取情况公告", topic: tEnrol, months: []int{8, 9}, table: tblList, cat: catEnrol},
		{s: "{X}{Y}年食堂食材供应商遴选结果公告", topic: tSafety},
		{s: "{X}{Y}年学生校服采购公告", topic: tMoral, months: []int{8, 9}},
		{s: "{X}{Y}年社会培训收费标准公示", topic: tService, cat: catFees},
		{s: "{X}{Y}年教育收费项目及标准公示", topic: tAid, months: []int{8, 9}, cat: catFees},
	}, {
		{s: "{X}{Y}年公开招聘中职学校教师公告", topic: tStaff},
		{s: "关于{Y}年中等职业学校招生计划的公告", topic: tEnrol, months: []int{4, 5, 6}, cat: catEnrol},
		{s: "关于{Y}年民办中等职业学校年检结果的公告", topic: tQuality, cat: catOrg},
		{s: "{X}{Y}年教育收费项目及标准公示", topic: tAid, months: []int{8, 9}, cat: catFees},
		{s: "关于{SC}办学许可证变更事项的公告", topic: tQuality, school: true, cat: catOrg},
		{s: "关于{Y}年中职学校优秀学生和优秀班集体评选结果的公示", topic: tMoral},
		{s: "关于{PY}年度中等职业学校质量报告发布情况的公告", topic: tQuality, months: []int{5, 6}, from: 2016, cat: catQuality},
	}},
	kPlan: {{
		{s: "{X}{SY}学年{TERM}工作计划", topic: tGeneral, months: mTerm},
		{s: "{X}{Y}年工作计划", topic: tGeneral, months: mYear},
		{s: "{X}{NY}年工作计划", topic: tGeneral, months: mDec},
		{s: "{X}{Y}年招生工作计划", topic: tEnrol, months: []int{2, 3, 4}},
		{s: "{X}{SY}学年{TERM}教学工作计划", topic: tTeach, months: mTerm},
		{s: "{X}{SY}学年{TERM}德育工作计划", topic: tMoral, months: mTerm},
		{s: "{X}{Y}年教师培训计划", topic: tStaff, months: mYear},
		{s: "{X}{Y}年学生资助工作计划", topic: tAid, months: mYear},
		{s: "{X}{Y}年安全工作计划", topic: tSafety, months: mYear},
		{s: "{X}{Y}年校企合作工作计划", topic: tCoop, months: mYear},
		{s: "{X}{SY}学年实训教学工作计划", topic: tTrain, months: []int{8, 9}},
		{s: "{X}{Y}年党建工作计划", topic: tParty, months: mYear},
	}, {
		{s: "{X}{Y}年工作要点", topic: tGeneral, months: mYear},
		{s: "{X}{Y}年职业教育与成人教育工作计划", topic: tGeneral, months: mYear},
		{s: "{X}{NY}年职业教育工作计划", topic: tGeneral, months: mDec},
		{s: "{X}{Y}年中等职业学校招生工作计划", topic: tEnrol, months: []int{2, 3}},
		{s: "{X}{Y}年中职学校教师培训计划", topic: tStaff, months: mYear},
		{s: "{X}{Y}年教育系统安全工作计划", topic: tSafety, months: mYear},
	}},
	kSummary: {{
		{s: "{X}{PY}年工作总结", topic: tGeneral, months: m1},
		{s: "{X}{Y}年工作总结", topic: tGeneral, months: mDec},
		{s: "{X}{SY}学年{TERM}工作总结", topic: tGeneral, months: []int{1, 6, 7}},
		{s: "{X}{Y}年招生工作总结", topic: tEnrol, months: []int{9, 10, 11}},
		{s: "{X}{Y}年学生资助工作总结", topic: tAid, months: mDec},
		{s: "{X}{SY}学年{TERM}教学工作总结", topic: tTeach, months: []int{1, 7}},
		{s: "{X}{Y}年校企合作工作总结", topic: tCoop, months: mDec},
		{s: "{X}{Y}年安全工作总结", topic: tSafety, months: mDec},
		{s: "{X}{Y}届毕业生就业工作总结", topic: tEmploy, months: []int{9, 10, 11, 12}},
		{s: "{X}{Y}年技能大赛工作总结", topic: tContest, months: []int{6, 7, 12}},
		{s: "{X}{Y}年社会培训工作总结", topic: tService, months: mDec},
	}, {
		{s: "{X}{PY}年工作总结", topic: tGeneral, months: m1},
		{s: "{X}{Y}年工作总结", topic: tGeneral, months: mDec},
		{s: "{X}{Y}年职业教育工作总结", topic: tGeneral, months: mDec},
		{s: "{X}{Y}年中等职业学校招生工作总结", topic: tEnrol, months: []int{10, 11}},
		{s: "{X}{Y}年学生资助工作总结", topic: tAid, months: mDec},
		{s: "{X}{Y}年教育系统安全工作总结", topic: tSafety, months: mDec},
	}},
	kDuty: {{
		{s: "{X}校长{Y}年度述职报告", topic: tGeneral, months: mDec},
		{s: "{X}校长{PY}年度述职报告", topic: tGeneral, months: m1},
		{s: "{X}领导班子{Y}年度述职述廉报告", topic: tParty, months: mDec},
		{s: "{X}教务处{Y}年度述职报告", topic: tTeach, months: mDec},
		{s: "{X}学生处{Y}年度述职报告", topic: tMoral, months: mDec},
		{s: "{X}招生就业处{Y}年度述职报告", topic: tEmploy, months: mDec},
		{s: "{X}党支部书记{PY}年度抓基层党建工作述职报告", topic: tParty, months: m1},
	}, {
		{s: "{X}职成科{Y}年度述职报告", topic: tGeneral, months: mDec},
		{s: "{X}领导班子{Y}年度述职述廉报告", topic: tParty, months: mDec},
		{s: "{X}党组书记{PY}年度抓基层党建工作述职报告", topic: tParty, months: m1},
	}},
	kScheme: {{
		{s: "{X}{Y}年技能大赛实施方案", topic: tContest},
		{s: "{X}学生资助工作实施方案", topic: tAid, cat: catAid},
		{s: "{X}{Y}年招生工作实施方案", topic: tEnrol, months: []int{2, 3, 4}, cat: catEnrol},
		{s: "{X}现代学徒制试点工作实施方案", topic: tCoop, from: 2016},
		{s: "{X}教学工作诊断与改进实施方案", topic: tQuality, from: 2016},
		{s: "{X}“三教”改革实施方案", topic: tTeach, from: 2019},
		{s: "{X}{Y}年安全生产专项整治实施方案", topic: tSafety},
		{s: "{X}新冠肺炎疫情防控工作实施方案", topic: tSafety, from: 2020, to: 2022},
		{s: "{X}“1+X”证书制度试点工作实施方案", topic: tTrain, from: 2019},
		{s: "{X}{Y}年教师培训实施方案", topic: tStaff},
		{s: "{X}劳动教育实施方案", topic: tMoral, from: 2020},
		{s: "{X}{Y}年“职业教育活动周”活动实施方案", topic: tEnrol, months: []int{4, 5}},
	}, {
		{s: "{X}职业教育提质培优行动计划实施方案", topic: tTeach, from: 2020, to: 2023},
		{s: "{X}中等职业学校办学能力达标工程实施方案", topic: tQuality, from: 2022},
		{s: "{X}{Y}年中职学校招生工作实施方案", topic: tEnrol, cat: catEnrol},
		{s: "{X}{Y}年中职学生资助工作实施方案", topic: tAid, cat: catAid},
		{s: "{X}{Y}年校园安全专项整治实施方案", topic: tSafety},
		{s: "{X}{Y}年中职学校教师素质提高计划实施方案", topic: tStaff},
		{s: "{X}产教融合校企合作推进工作实施方案", topic: tCoop},
	}},
	kStats: {{
		{s: "{X}{Y}年招生情况统计表", topic: tEnrol, months: []int{9, 10, 11}, table: tblEnrolMajor},
		{s: "{X}{Y}届毕业生就业情况统计表", topic: tEmploy, months: []int{9, 10, 11, 12}, table: tblEmployMajor},
		{s: "{X}{Y}年学生资助情况统计表", topic: tAid, months: mDec, table: tblAid},
		{s: "{X}{Y}年教职工基本情况统计表", topic: tStaff, months: []int{9, 10}, table: tblStaff},
		{s: "{X}{Y}年专业设置情况统计表", topic: tQuality, months: []int{9, 10}, table: tblMajors},
	}, {
		{s: "{R}{PY}年度中等职业学校质量年度报告汇总表", topic: tQuality, months: []int{5, 6, 7}, from: 2016, table: tblSummary, cat: catQuality},
		{s: "{X}{Y}年中等职业学校基本情况统计表", topic: tQuality, months: []int{10, 11}, table: tblSchools},
		{s: "{X}{Y}年中职学生资助资金发放情况统计表", topic: tAid, months: mDec, table: tblAidSchools},
		{s: "{X}{Y}年中等职业学校招生情况统计表", topic: tEnrol, months: []int{10, 11}, table: tblEnrolSchools},
	}},
}

var qualityTitles = []string{
	"{X}{PY}年度质量报告",
	"{X}中等职业教育质量年度报告（{Y}）",
	"{X}{PY}年度中等职业教育质量报告",
	"{X}质量年度报告（{PY}年度）",
}
