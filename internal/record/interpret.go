package record

import "fmt"

// interpretProblems checks that every 解读 names, in interprets, the 索引号 of another
// document on the site, so that the two pages can link each other.
func interpretProblems(dir string, recs []*Record) []Problem {
	byIndex := make(map[string]*Record, len(recs))
	for _, r := range recs {
		byIndex[r.Index] = r
	}
	var out []Problem
	for _, r := range recs {
		if r.Interprets == "" {
			continue
		}
		bad := func(msg string) {
			out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, "interprets"), Field: "interprets", Severity: Error, Message: msg})
		}
		switch target, ok := byIndex[r.Interprets]; {
		case r.Interprets == r.Index:
			bad("解读对象不能是本文件自己的索引号，应填写被解读的政策文件的索引号")
		case !ok:
			bad(fmt.Sprintf("解读对象 %s 不是本站任何文件的索引号，请填写被解读的政策文件的索引号", r.Interprets))
		case target.Interprets != "":
			bad(fmt.Sprintf("解读对象 %s 本身是一篇解读（解读 %s），应填写原政策文件的索引号", r.Interprets, target.Interprets))
		}
	}
	return out
}
