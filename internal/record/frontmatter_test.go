package record

import (
	"testing"
	"time"
)

func TestFrontMatterRoundTrip(t *testing.T) {
	var fm FrontMatter
	fm.String("title", `引号"与反斜杠\的标题`)
	fm.String("index", "lxzz-2024-00001")
	fm.String("publisher", "lxzz")
	fm.DateTime("date", time.Date(2024, 5, 30, 17, 27, 0, 0, Shanghai))
	fm.String("category", "通知公告")
	fm.String("genre", "通知")
	fm.Strings("keywords", []string{"招生", "2024年"})
	fm.Date("written", time.Date(2024, 5, 28, 0, 0, 0, 0, Shanghai))
	fm.Raw("# 注释\n")
	b, err := fm.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r, problems := Parse("content/lxzz/2024/x.md", b, nil)
	if r == nil || len(problems) != 0 {
		t.Fatalf("%v\n%s", problems, b)
	}
	if r.Title != `引号"与反斜杠\的标题` || r.Date.Format("2006-01-02 15:04") != "2024-05-30 17:27" || r.Written.Format("2006-01-02") != "2024-05-28" || len(r.Keywords) != 2 {
		t.Errorf("read back %+v", r)
	}
}
