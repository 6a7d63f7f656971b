package main

// queries is the fixed query set: 30 queries a reader of a school disclosure portal
// types, taken from the vocabulary of bench/gen so that most have results in every
// corpus size. All are 1–6 characters except the 索引号, which readers paste whole.
var queries = []string{
	// common words, found in a third to three quarters of the documents
	"学生", "教学", "就业", "校企合作", "实训基地", "质量报告", "双师型",
	// rarer words and names (tens to hundreds of documents per 10,000)
	"疫情", "决算", "寒假", "活页式", "一师一优课", "新冠肺炎", "电子商务",
	// single characters: everywhere, common, rare
	"校", "赛", "疫", "英",
	// phrases that cross a word boundary: the end of one word and the start of the next
	// (职业|教育|质量, 年度|质量|报告, 学生|资助|工作, 学生|就业率)
	"业教育质", "年度质量报", "生资助工", "生就业率",
	// traditional characters for simplified text
	"職業教育", "學生資助", "質量報告", "實訓基地", "國家助學金",
	// numbers: a year, and a year with its unit
	"2023", "2019年",
	// a 索引号 (present in both the 10,000 and the 100,000 corpus with -seed 1)
	"bxxcjxx-2023-00001",
}
