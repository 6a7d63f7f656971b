package importer

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"xxgk/internal/search"
)

// chromeFragment is a piece of furniture within a line, what it is for the report, and
// the words one of which the line must hold for it to be looked for (a fast test).
type chromeFragment struct {
	re   *regexp.Regexp
	what string
	need []string
}

// chromeLinePattern is a whole line of furniture: the line must start with one of starts or,
// for patterns that match anywhere in a line, hold one of need.
type chromeLinePattern struct {
	re     *regexp.Regexp
	what   string
	starts []string
	need   []string
}

// damagePattern is damage to report, and the words one of which the line must hold.
type damagePattern struct {
	re   *regexp.Regexp
	msg  string
	need []string
}

// chromeFragments are pieces of portal furniture that sit inside a line with other text:
// font-size switches, print and close buttons, view counters, share prompts.
var chromeFragments = []chromeFragment{
	// Not the 字号 of 发文字号: the switch starts a line, or follows a space or a bracket.
	{regexp.MustCompile(`(?:^|[\s【\[])\s*(?:选择阅读)?\s*字[体号]\s*[:：]\s*[\[【(（]?\s*(?:大\s*中\s*小|[大中小]\s*)?\s*[\]】)）]?\s*】?`), "字号切换", []string{"字体", "字号"}},
	{regexp.MustCompile(`【\s*(?:打印(?:本页|此页|文章)?|列印(?:本页)?|关闭(?:本页|窗口|视窗)?|收藏|返回顶部|我要打印|保存)\s*】`), "打印、关闭按钮", []string{"【"}},
	{regexp.MustCompile(`(?:浏览次数|阅读次数|点击次数|点击数|访问量|阅读量|浏览量|访问次数)\s*[:：]?\s*\d*\s*次?`), "浏览次数", []string{"次数", "访问", "阅读", "浏览", "点击"}},
	{regexp.MustCompile(`分享到?\s*[:：]\s*(?:(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|人人网|豆瓣)\s*)*`), "分享按钮", []string{"分享"}},
}

// chromeLines are whole lines of portal furniture or download-site boilerplate.
var chromeLines = []chromeLinePattern{
	{regexp.MustCompile(`^(?:上一篇|下一篇|上一条|下一条)\s*[:：]`), "上一篇、下一篇链接", []string{"上一", "下一"}, nil},
	{regexp.MustCompile(`^(?:打印本页|列印本页|关闭窗口|关闭视窗|关闭本页|返回顶部|打印|关闭|收藏本页|语音阅读|语音播报|【|】|\s)+$`), "打印、关闭按钮", []string{"打印", "列印", "关闭", "返回顶部", "收藏", "语音", "【", "】"}, nil},
	{regexp.MustCompile(`^(?:设为首页|加入收藏|收藏本站|扫一扫在手机(?:上)?打开当前页|手机扫一扫|我有话说|我要评论|发表评论|分享到\s*[:：]?)(?:\s*[|｜丨/]?\s*(?:设为首页|加入收藏|收藏本站|网站地图|联系我们))*$`), "网站工具栏", []string{"设为首页", "加入收藏", "收藏本站", "扫一扫", "手机扫一扫", "我有话说", "我要评论", "发表评论", "分享"}, nil},
	{regexp.MustCompile(`^(?:欢迎(?:您)?(?:访问|光临|来到)|今天是|今日是).{0,40}$|^\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]$`), "欢迎语或当天日期", []string{"欢迎", "今天", "今日", "1", "2"}, nil},
	{regexp.MustCompile(`^(?i:\[?\s*logo\s*\]?|网站标识|网站logo|图片|\[图片\])$`), "网站标识占位", []string{"[", "logo", "LOGO", "Logo", "网站", "图片"}, nil},
	{regexp.MustCompile(`^(?i:(?:无障碍(?:浏览|阅读)?|长者模式|适老化|关怀版|老年模式|English|EN|繁体|繁體|简体|简体中文|繁体中文|登录|注册|手机版|移动版|网站地图|智能问答|微信|微博|政务微博|政务微信|RSS)(?:\s*[|｜丨/·]?\s*)){2,}$`), "网站服务链接", []string{"无障碍", "长者", "适老", "关怀", "老年", "English", "EN", "繁", "简体", "登录", "注册", "手机版", "移动版", "网站地图", "智能问答", "微信", "微博", "政务", "RSS"}, nil},
	{regexp.MustCompile(`^(?:微信|微博|新浪微博|QQ空间|QQ|分享)(?:\s+(?:微信|微博|新浪微博|QQ空间|QQ|分享))+$`), "分享按钮", []string{"微信", "微博", "新浪", "QQ", "分享"}, nil},
	{regexp.MustCompile(`^第\s*\d+\s*页\s*[/，,、]?\s*共\s*\d+\s*页$|^共\s*\d+\s*页\s*[/，,、]?\s*第\s*\d+\s*页$|^[-—－]\s*\d+\s*[-—－]$`), "页码", []string{"第", "共", "-", "—", "－"}, nil},
	{regexp.MustCompile(`客服.{0,12}(?:QQ|qq|电话|微信|热线|\d{5,})|(?:QQ|qq|微信|电话).{0,6}客服`), "下载网站客服信息", nil, []string{"客服"}},
	{regexp.MustCompile(`^导语\s*[:：]|网友上传|用户上传|版权归原作者|如有侵权|仅供学习参考|本站不保证|下载本文档`), "下载网站免责声明", nil, []string{"导语", "网友上传", "用户上传", "版权归原作者", "如有侵权", "仅供学习参考", "本站不保证", "下载本文档"}},
}

var (
	tipStart = regexp.MustCompile(`^温馨提示`)
	// The items of a 温馨提示 notice speak of the site, never of the document, so that a
	// heading such as 一、指导思想 right after the notice is not taken for one.
	tipItem      = regexp.MustCompile(`本站|网站|下载|文档|版权|侵权|客服|积分|会员|上传|预览|付费|VIP|金币|仅供|格式|打开`)
	relatedStart = regexp.MustCompile(`^(?:【[^】]{0,30}】\s*)?(?:相关文章|相关阅读|相关推荐|推荐阅读|热门文章|最新文章|最新信息|相关链接)\s*[:：]?\s*$`)
	relatedItem  = regexp.MustCompile(`(?:^|\s)\d{2}-\d{2}$|^[•·●]`)
)

// removeChrome drops portal furniture and download-site boilerplate from lines,
// reporting every piece verbatim.
func removeChrome(f *File, lines []Line) []Line {
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		st := simp(l.Text)
		mask := fragmentTrigger.scan(st)
		for k, c := range chromeFragments {
			if mask&(1<<k) == 0 {
				continue
			}
			if l.Cells == nil {
				l.Text = cut(f, l.No, l.Text, c.re, c.what)
				continue
			}
			for j := range l.Cells {
				l.Cells[j] = cut(f, l.No, l.Cells[j], c.re, c.what)
			}
			l.Text = strings.TrimSpace(strings.Join(l.Cells, " "))
		}
		if l.Text == "" && lines[i].Text != "" {
			continue
		}
		st = simp(l.Text)
		if what := chromeLineSimp(st); what != "" {
			f.note(l.No, Removed, "%s“%s”", what, l.Text)
			continue
		}
		if tipStart.MatchString(st) {
			f.note(l.No, Removed, "下载网站的温馨提示“%s”", l.Text)
			for i+1 < len(lines) && (lines[i+1].Text == "" || tipItem.MatchString(simp(lines[i+1].Text))) {
				i++
				if lines[i].Text != "" {
					f.note(lines[i].No, Removed, "下载网站的温馨提示“%s”", lines[i].Text)
				}
			}
			continue
		}
		if relatedStart.MatchString(st) && relatedListFollows(lines[i+1:]) {
			f.note(l.No, Removed, "相关文章列表“%s”", l.Text)
			for i+1 < len(lines) && (lines[i+1].Text == "" || relatedItem.MatchString(lines[i+1].Text) || titleLike(lines[i+1].Text) && titleWords.MatchString(simp(lines[i+1].Text))) {
				i++
				if lines[i].Text != "" {
					f.note(lines[i].No, Removed, "相关文章列表“%s”", lines[i].Text)
				}
			}
			continue
		}
		out = append(out, l)
	}
	return out
}

func chromeLine(s string) string { return chromeLineSimp(simp(s)) }

// chromeLineSimp is chromeLine for a line already in simplified characters.
func chromeLineSimp(s string) string {
	mask := lineTrigger.scan(s)
	for k, c := range chromeLines {
		if c.starts != nil && !startsWith(s, c.starts) || mask&(1<<k) == 0 {
			continue
		}
		if c.re.MatchString(s) {
			return c.what
		}
	}
	return ""
}

// cut removes every match of re from s, matching traditional characters as
// simplified ones, and reports each piece removed.
func cut(f *File, line int, s string, re *regexp.Regexp, what string) string {
	locs := re.FindAllStringIndex(simp(s), -1)
	for _, loc := range locs {
		if m := strings.TrimSpace(s[loc[0]:loc[1]]); m != "" {
			f.note(line, Removed, "%s“%s”", what, m)
		}
	}
	for i := len(locs) - 1; i >= 0; i-- {
		s = s[:locs[i][0]] + " " + s[locs[i][1]:]
	}
	return collapse(s)
}

// simp folds traditional characters to simplified ones for matching. The result has
// the byte offsets of s, so that a match in it can be cut out of s; when folding would
// change them, s is returned as it is.
func simp(s string) string {
	if !traditional(s) {
		return s // most lines, and the fold would change nothing
	}
	if t := search.Simplified(s); len(t) == len(s) {
		return t
	}
	return s
}

// foldable marks the characters of the Basic Multilingual Plane that search.Simplified
// changes, so that a line without any is recognised in one pass.
var foldable = sync.OnceValue(func() *[1024]uint64 {
	var bits [1024]uint64
	var buf [4]byte
	for r := rune(0x80); r < 0x10000; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		if c := string(buf[:n]); search.Simplified(c) != c {
			bits[r>>6] |= 1 << (r & 63)
		}
	}
	return &bits
})

// traditional reports whether s holds a character that folds to another.
func traditional(s string) bool {
	bits := foldable()
	for _, r := range s {
		if r >= 0x10000 || r >= 0x80 && bits[r>>6]&(1<<(r&63)) != 0 {
			return true
		}
	}
	return false
}

// relatedListFollows tells a related-articles header from a sentence that happens to
// say 相关文章: the next lines are titles dated MM-DD, or titles up to the end of the page.
func relatedListFollows(rest []Line) bool {
	titles := 0
	for _, l := range rest {
		switch {
		case l.Text == "":
		case titles == 0 && relatedItem.MatchString(l.Text):
			return true
		case titleLike(l.Text) && titleWords.MatchString(simp(l.Text)):
			titles++
		default:
			return false
		}
	}
	return titles > 0
}

// pinyinAfterHan finds a syllable in brackets right after a character, as converters
// left it in traditional-character pages: 業(yè).
var pinyinAfterHan = regexp.MustCompile(`(\p{Han})[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,6})[)）]`)

const toneMarks = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

// removePinyin repairs characters followed by their pinyin. A syllable needs a tone mark
// to be taken for pinyin, unless the file already had several that did (neutral tones
// are written without one).
func removePinyin(f *File, lines []Line) {
	toned := 0
	has := make([]bool, len(lines)) // lines with a bracket, the only ones that can have pinyin
	for i, l := range lines {
		if has[i] = strings.ContainsAny(l.Text, "(（"); !has[i] {
			continue
		}
		for _, m := range pinyinAfterHan.FindAllStringSubmatch(l.Text, -1) {
			if strings.ContainsAny(m[2], toneMarks) {
				toned++
			}
		}
	}
	for i, l := range lines {
		if !has[i] {
			continue
		}
		var fixed []string
		repair := func(s string) string {
			return pinyinAfterHan.ReplaceAllStringFunc(s, func(m string) string {
				sub := pinyinAfterHan.FindStringSubmatch(m)
				if !strings.ContainsAny(sub[2], toneMarks) && toned < 3 {
					return m
				}
				fixed = append(fixed, m)
				return sub[1]
			})
		}
		// A table row's text is its cells joined: the repairs listed are those of the text.
		for j, c := range l.Cells {
			l.Cells[j] = repair(c)
		}
		fixed = nil
		lines[i].Text = repair(l.Text)
		if len(fixed) > 0 {
			f.note(l.No, Repaired, "删除字后的拼音注音 %d 处：%s", len(fixed), strings.Join(fixed, " "))
		}
	}
}

// damage finds what cannot be repaired safely: characters lost in decoding and numbers
// a template broke. They are kept and reported.
var damage = []damagePattern{
	{regexp.MustCompile(`.{0,6}\x{FFFD}+.{0,6}`), "有无法识别的乱码字符（�），原文可能编码有误，请对照原件改正：“%s”", []string{"\uFFFD"}},
	{regexp.MustCompile(`.{0,6}(?:\p{Han}\?+\p{Han}|\?{2,}).{0,6}`), "问号可能代替了无法显示的字，请对照原件改正：“%s”", []string{"?"}},
	{regexp.MustCompile(`(?:^|\D)(?:19|20)\d{3,4}\s*年`), "年份位数不对，请对照原件改正：“%s”", []string{"年"}},
	{regexp.MustCompile(`\d+[*＊xX×]+\d*\s*年|[*＊xX×]{2,}\s*年`), "年份中有 * 或 X 等占位符，请对照原件改正：“%s”", []string{"*", "＊", "x", "X", "×"}},
}

// reportDamage warns about every damaged spot of lines, leaving the text as it is.
func reportDamage(f *File, lines []Line) {
	for _, l := range lines {
		mask := damageTrigger.scan(l.Text)
		for k, d := range damage {
			if mask&(1<<k) == 0 {
				continue
			}
			for _, m := range d.re.FindAllString(l.Text, -1) {
				f.note(l.No, Warning, d.msg, strings.TrimSpace(m))
			}
		}
	}
}

// trigger tells, in one pass over a line, which patterns of a table may match it: a
// pattern with words to look for only when the line holds one of them (most lines hold
// none), a pattern without always.
type trigger struct {
	first  map[rune][]triggerWord
	bmp    [1024]uint64 // which runes of the Basic Multilingual Plane start a word: a test without hashing
	always uint64
}

type triggerWord struct {
	word string
	bits uint64
}

// newTrigger makes the trigger of a table of at most 64 patterns, given their words.
func newTrigger(lists ...[]string) *trigger {
	t := &trigger{first: map[rune][]triggerWord{}}
	for k, words := range lists {
		if len(words) == 0 {
			t.always |= 1 << k
		}
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			t.first[r] = append(t.first[r], triggerWord{w, 1 << k})
			if r < 0x10000 {
				t.bmp[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return t
}

// scan returns the set of patterns that may match s, one bit per pattern.
func (t *trigger) scan(s string) uint64 {
	bits := t.always
	for i, r := range s {
		if r < 0x10000 && t.bmp[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for _, w := range t.first[r] {
			if bits&w.bits == 0 && strings.HasPrefix(s[i:], w.word) {
				bits |= w.bits
			}
		}
	}
	return bits
}

// words lists the words each pattern of a table needs, for its trigger.
func words[T any](table []T, need func(T) []string) [][]string {
	out := make([][]string, len(table))
	for i, e := range table {
		out[i] = need(e)
	}
	return out
}

var (
	fragmentTrigger = newTrigger(words(chromeFragments, func(c chromeFragment) []string { return c.need })...)
	lineTrigger     = newTrigger(words(chromeLines, func(c chromeLinePattern) []string { return c.need })...)
	damageTrigger   = newTrigger(words(damage, func(d damagePattern) []string { return d.need })...)
)

// startsWith reports whether s starts with one of prefixes.
func startsWith(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
