package record

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPersonalData: unmasked ID and card numbers in a title, a body or a text
// attachment are errors located by file and line (or sheet and cell), printed masked;
// mobile numbers are warnings; a 资助公示 with masked numbers passes.
func TestPersonalData(t *testing.T) {
	fm := func(index, title, extra string) string {
		return strings.NewReplacer("00003", index, "2024年工作计划", title).Replace(validFM) + extra
	}
	grant := "序号,姓名,身份证号,金额\r\n1,王小红,110105********1232,1000\r\n2,李明,32058320050817452X,1000\r\n"
	masked := "序号,姓名,身份证号,金额\r\n1,王小红,110105********1232,1000\r\n2,李明,320583********452X,1000\r\n"
	dir := writeSite(t, map[string]string{
		"content/lxzz/2024/a.md":         "+++\n" + fm("00001", "资助名单110105199001011232", "") + "+++\n\n## 名单\n\n联系人手机 13812345678\n\n卡号 6217001234567893\n",
		"content/lxzz/2024/b.md":         "+++\n" + fm("00002", "资助公示", `attachments = [{ title = "名单", file = "attachments/grant.csv" }, { title = "遮盖后的名单", file = "attachments/masked.csv" }, { title = "名单表", file = "attachments/grant.xlsx" }]`+"\n") + "+++\n\n正文。\n",
		"static/attachments/grant.csv":   grant,
		"content/lxzz/2024/c.md":         "+++\n" + fm("00003", "资助公示三", `summary = "联系人 13812345678"`+"\n"+`attachments = [{ title = "坏表", file = "attachments/broken.xlsx" }]`+"\n") + "+++\n\n正文。\n",
		"static/attachments/broken.xlsx": "not a workbook",
		"static/attachments/masked.csv":  masked,
	})
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "身份证号"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"赵强", "11010520080312009X"})
	var b bytes.Buffer
	f.Write(&b)
	os.WriteFile(filepath.Join(dir, "static/attachments/grant.xlsx"), b.Bytes(), 0o644)

	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Problems {
		sev, _ := p.Severity.MarshalText()
		got = append(got, fmt.Sprintf("%s %s", p, sev))
	}
	want := []string{
		"content/lxzz/2024/a.md:2: 字段 title（标题）：含有未遮盖的身份证号 110105********1232：公示名单等材料中的身份证号、银行卡号必须部分遮盖（例如只保留前 6 位和后 4 位），改正后才能发布 error",
		"content/lxzz/2024/a.md:12: 提醒：正文含有手机号码 138****5678：如果是个人的手机号，公开时应部分遮盖（例如 138****5678）；单位公开的联系电话可以保留 warning",
		"content/lxzz/2024/a.md:14: 正文含有未遮盖的银行卡号 6217********7893：公示名单等材料中的身份证号、银行卡号必须部分遮盖（例如只保留前 6 位和后 4 位），改正后才能发布 error",
		"content/lxzz/2024/c.md:8: 提醒：字段 summary（内容概述）：含有手机号码 138****5678：如果是个人的手机号，公开时应部分遮盖（例如 138****5678）；单位公开的联系电话可以保留 warning",
		"static/attachments/broken.xlsx: 提醒：附件（content/lxzz/2024/c.md 的“坏表”）无法检查是否含有个人信息：不是可以读取的 Excel（.xlsx）文件：zip: not a valid zip file warning",
		"static/attachments/grant.csv:3: 附件（content/lxzz/2024/b.md 的“名单”）第 3 行第 3 列含有未遮盖的身份证号 320583********452X：公示名单等材料中的身份证号、银行卡号必须部分遮盖（例如只保留前 6 位和后 4 位），改正后才能发布 error",
		"static/attachments/grant.xlsx: 附件（content/lxzz/2024/b.md 的“名单表”）工作表“Sheet1”的 B2 单元格含有未遮盖的身份证号 110105********009X：公示名单等材料中的身份证号、银行卡号必须部分遮盖（例如只保留前 6 位和后 4 位），改正后才能发布 error",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range set.Problems {
		if strings.Contains(p.Message, "19900101") || strings.Contains(p.Message, "20050817") {
			t.Errorf("unmasked number printed: %s", p)
		}
	}
}

// TestInterprets: a 解读 must name another document's 索引号, not its own, not a
// missing one and not another 解读's.
func TestInterprets(t *testing.T) {
	fm := func(index, title, extra string) string {
		return "+++\n" + strings.NewReplacer("00003", index, "2024年工作计划", title).Replace(validFM) + extra + "+++\n\n正文。\n"
	}
	dir := writeSite(t, map[string]string{
		"content/lxzz/2024/a.md": fm("00001", "实施方案", ""),
		"content/lxzz/2024/b.md": fm("00002", "实施方案解读", "interprets = \"lxzz-2024-00001\"\n"),
		"content/lxzz/2024/c.md": fm("00003", "自己", "interprets = \"lxzz-2024-00003\"\n"),
		"content/lxzz/2024/d.md": fm("00004", "不存在", "interprets = \"lxzz-2024-00099\"\n"),
		"content/lxzz/2024/e.md": fm("00005", "解读的解读", "interprets = \"lxzz-2024-00002\"\n"),
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"content/lxzz/2024/c.md:8: 字段 interprets（解读对象）：解读对象不能是本文件自己的索引号，应填写被解读的政策文件的索引号",
		"content/lxzz/2024/d.md:8: 字段 interprets（解读对象）：解读对象 lxzz-2024-00099 不是本站任何文件的索引号，请填写被解读的政策文件的索引号",
		"content/lxzz/2024/e.md:8: 字段 interprets（解读对象）：解读对象 lxzz-2024-00002 本身是一篇解读（解读 lxzz-2024-00001），应填写原政策文件的索引号",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := set.ByPath("content/lxzz/2024/b.md"); r == nil || r.Interprets != "lxzz-2024-00001" {
		t.Errorf("interprets not read: %+v", r)
	}
}
