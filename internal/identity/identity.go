// Package identity reads the site's identity from config.toml [params.identity] — the
// 主办单位, 联系方式, 网站标识码, ICP备案号, 公安机关备案号 and 党政机关网站标识 that the
// 政府网站 inspection looks for in every page's footer — and says what is missing or
// will not work, as warnings for xxgk build.
package identity

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// Identity is config.toml's [params.identity].
type Identity struct {
	Organizer  string `toml:"organizer"`   // 主办单位
	SiteCode   string `toml:"site_code"`   // 网站标识码
	ICP        string `toml:"icp"`         // ICP备案号
	Police     string `toml:"police"`      // 公安机关备案号, its number making the link
	Contact    string `toml:"contact"`     // 联系方式
	ConacImage string `toml:"conac_image"` // 党政机关网站标识: an image under static/
	ConacURL   string `toml:"conac_url"`   // the mark's record page
}

// Config is what the check needs of config.toml.
type Config struct {
	BaseURL string `toml:"baseURL"`
	Params  struct {
		Owner    string   `toml:"owner"`
		Identity Identity `toml:"identity"`
	} `toml:"params"`

	lines []string
}

// Load reads config.toml in the site directory dir.
func Load(dir string) (*Config, error) {
	src, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		return nil, err
	}
	var c Config
	if _, err := toml.Decode(string(src), &c); err != nil {
		return nil, fmt.Errorf("config.toml 格式有误：%w", err)
	}
	c.lines = strings.Split(string(src), "\n")
	return &c, nil
}

var (
	siteCodePattern = regexp.MustCompile(`^[0-9A-Za-z]{10}$`)
	icpPattern      = regexp.MustCompile(`^\p{Han}ICP备\d{6,}号(-\d+)?$`)
	policeNumber    = regexp.MustCompile(`[0-9]{6,}`)
)

// PoliceCode is the record number in a 公安机关备案号 ("浙公网安备33109902000001号"), which
// the footer's link to the record needs; "" when it has none.
func PoliceCode(police string) string { return policeNumber.FindString(police) }

// Check returns the warnings about the identity of the site in dir built for baseURL
// (config.toml's when empty). The error is for a config.toml that cannot be read.
func Check(dir, baseURL string) ([]record.Problem, error) {
	c, err := Load(dir)
	if err != nil {
		return nil, err
	}
	return c.Problems(dir, baseURL), nil
}

// Problems checks the identity and the address of the site in dir.
func (c *Config) Problems(dir, baseURL string) []record.Problem {
	var out []record.Problem
	warn := func(key, msg string) {
		out = append(out, record.Problem{File: "config.toml", Line: c.lineOf(key), Field: fieldName(key), Severity: record.Warning, Message: msg})
	}
	id := c.Params.Identity
	if baseURL == "" {
		baseURL = c.BaseURL
	}
	if !strings.HasPrefix(baseURL, "https://") && !strings.HasPrefix(baseURL, "http://") {
		warn("baseURL", fmt.Sprintf("网站地址 %q 不是完整网址（如 https://xxgk.example.edu.cn/）：sitemap.xml 和订阅（RSS）中的地址对搜索引擎无效，robots.txt 也无法指明网站地图。请在 config.toml 中设置 baseURL，或生成时加 --baseURL", baseURL))
	}
	switch {
	case id.SiteCode == "":
		warn("site_code", "没有填写网站标识码：政府网站检查要求在页面底部显示网站标识码，请在 config.toml 的 [params.identity] 中填写 site_code")
	case !siteCodePattern.MatchString(id.SiteCode):
		warn("site_code", fmt.Sprintf("网站标识码 %q 不是 10 位数字或字母，请对照全国政府网站信息报送系统中的标识码核对", id.SiteCode))
	}
	switch {
	case id.ICP == "":
		warn("icp", "没有填写 ICP备案号：页面底部应显示 ICP备案号并链接到工业和信息化部备案网站，请在 config.toml 的 [params.identity] 中填写 icp")
	case !icpPattern.MatchString(id.ICP):
		warn("icp", fmt.Sprintf("ICP备案号 %q 的写法不常见，应形如“浙ICP备12345678号”或“浙ICP备12345678号-1”", id.ICP))
	}
	if id.Police != "" && PoliceCode(id.Police) == "" {
		warn("police", fmt.Sprintf("公安机关备案号 %q 中没有备案编号（一串数字），页面底部无法链接到备案信息", id.Police))
	}
	if id.Organizer == "" && c.Params.Owner == "" {
		warn("organizer", "没有填写主办单位：请在 config.toml 的 [params.identity] 中填写 organizer")
	}
	if id.Contact == "" {
		warn("contact", "没有填写联系方式：页面底部应显示主办单位的联系电话或地址，请在 config.toml 的 [params.identity] 中填写 contact")
	}
	if img := id.ConacImage; img != "" {
		if !LocalImage(img) {
			warn("conac_image", fmt.Sprintf("党政机关网站标识图片 %q 不会显示：只能是本站 static/ 目录下的文件路径（用英文字母、数字和 - _ .，如 images/conac.png），页面不从其他网站加载图片", img))
		} else if _, err := os.Stat(filepath.Join(dir, "static", filepath.FromSlash(strings.TrimPrefix(img, "/")))); errors.Is(err, fs.ErrNotExist) {
			warn("conac_image", fmt.Sprintf("党政机关网站标识图片 static/%s 不存在", strings.TrimPrefix(img, "/")))
		}
		if id.ConacURL == "" {
			warn("conac_url", "填写了党政机关网站标识图片，但没有填写 conac_url（标识的核验网址）")
		}
	}
	return out
}

// fieldName names a key of config.toml the way problems do.
func fieldName(key string) string {
	if key == "baseURL" {
		return key
	}
	return "params.identity." + key
}

// lineOf finds the line where key is set: baseURL at the top level, the others in
// [params.identity]; the table's header when the key is absent, else 0.
func (c *Config) lineOf(key string) int {
	table, header := "", 0
	for i, l := range c.lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			table = strings.Trim(l, "[] ")
			if table == "params.identity" {
				header = i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok || strings.TrimSpace(k) != key {
			continue
		}
		if key == "baseURL" && table == "" || key != "baseURL" && table == "params.identity" {
			return i + 1
		}
	}
	if key == "baseURL" {
		return 0
	}
	return header
}

// localImage is the rule layouts/_partials/footer.html applies before showing the
// 党政机关网站标识: a path inside static/, with no scheme, no "//" or "\\" (which a
// browser reads as another host) and no ".." or hidden segment.
var localImage = regexp.MustCompile(`^/?[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$`)

// LocalImage reports whether img names an image the footer will show: one under static/.
func LocalImage(img string) bool { return localImage.MatchString(img) }
