package importer

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaCharset finds <meta charset="…"> or the charset in a Content-Type meta tag; old
// pages often put it after a kilobyte of scripts, so the whole head is searched.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// Decode returns src as UTF-8 text and the name of the encoding it was in. For HTML the
// page's declared charset is used when it is believable; otherwise UTF-8, GB18030 and
// Big5 are tried and the one that gives the most ordinary Chinese text wins. note is
// non-empty when the choice deserves a warning.
func Decode(src []byte, isHTML bool) (text, name, note string) {
	if b, ok := bytes.CutPrefix(src, []byte("\xef\xbb\xbf")); ok {
		return string(b), "UTF-8", ""
	}
	if bytes.HasPrefix(src, []byte("\xff\xfe")) || bytes.HasPrefix(src, []byte("\xfe\xff")) {
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		if out, err := dec.Bytes(src); err == nil {
			return string(out), "UTF-16", ""
		}
	}
	if isHTML {
		head := src[:min(len(src), 8192)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			declared := string(m[1])
			enc, err := htmlindex.Get(declared)
			switch {
			case err != nil:
				note = "网页声明的编码 " + declared + " 无法识别，已自动判断"
			case isUTF8(enc) && !utf8.Valid(src):
				note = "网页声明编码为 " + declared + "，但内容不是 UTF-8，已自动判断编码"
			case utf8.Valid(src) && hasMultibyte(src) && !isUTF8(enc):
				// A page saved by a browser is often re-encoded as UTF-8 but keeps its old meta tag.
				return string(src), "UTF-8", "网页声明编码为 " + declared + "，但文件实际是 UTF-8，已按 UTF-8 读取"
			default:
				name, _ := htmlindex.Name(enc)
				return decodeWith(enc, src), strings.ToUpper(name), ""
			}
		}
	}
	if utf8.Valid(src) {
		return string(src), "UTF-8", note
	}
	best, bestName, bestScore := "", "", -1.0
	for _, c := range []struct {
		name string
		enc  encoding.Encoding
	}{{"GB18030", simplifiedchinese.GB18030}, {"Big5", traditionalchinese.Big5}} {
		out := decodeWith(c.enc, src)
		if s := chineseScore(out); s > bestScore {
			best, bestName, bestScore = out, c.name, s
		}
	}
	return best, bestName, note
}

func isUTF8(enc encoding.Encoding) bool {
	name, _ := htmlindex.Name(enc)
	return name == "utf-8"
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// decodeWith decodes src, turning undecodable bytes into U+FFFD (which the cleaner then
// reports) rather than failing the whole file.
func decodeWith(enc encoding.Encoding, src []byte) string {
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return strings.ToValidUTF8(string(src), "\uFFFD")
	}
	return string(out)
}

// commonHan holds the most frequent characters of Chinese prose in both scripts. Text
// decoded with the wrong one of GB18030 and Big5 decodes without error but turns into
// rare characters, so the share of common ones tells the right decoding apart.
const commonHan = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严" +
	"這為個國們時來對會發動過說產種後經學實現點從業開還與關間樣數無問題結員總邊級圖統較將組見計別據處隊給門導壓爭濟階術極聯認權證轉單場車務萬積議報類離華確張話節傳許廣記須際驗斷難連委備辦習響約劇勞團構稱準選標寫親養層屬圓調滿縣參紅細聽該鐵價嚴職設區專師資課練訓"

// chineseScore is the share of runes in s that are common Chinese characters, minus a
// penalty for undecodable bytes.
func chineseScore(s string) float64 {
	var n, common, bad int
	for _, r := range s {
		n++
		switch {
		case r == utf8.RuneError:
			bad++
		case strings.ContainsRune(commonHan, r):
			common++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(common-5*bad) / float64(n)
}
