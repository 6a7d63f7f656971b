package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFooterIdentity: the footer shows what [params.identity] sets, the 党政机关网站标识
// from static/ (linked to its record page), and never an image from another site.
func TestFooterIdentity(t *testing.T) {
	for _, tc := range []struct {
		name, identity string
		want, not      []string
	}{
		{"local mark", `conac_image = "images/conac.svg"` + "\n" + `conac_url = "https://bszs.conac.cn/sitename?method=show&id=1"` + "\n" + `site_code = "3310990009"` + "\n",
			[]string{`<a class=conac href="https://bszs.conac.cn/sitename?method=show&amp;id=1"><img src=/images/conac.svg alt=党政机关网站标识`, "<dt>网站标识码</dt><dd>3310990009</dd>", "<dt>主办单位</dt><dd>临溪县教育局</dd>"},
			[]string{"ICP备案号", "公安机关备案号", "联系方式"}},
		{"mark elsewhere", `conac_image = "https://bszs.conac.cn/logo.png"` + "\n" + `organizer = "青石县教育局"` + "\n" + `police = "某公网安备"` + "\n",
			[]string{"<dt>主办单位</dt><dd>青石县教育局</dd>", "<dt>公安机关备案号</dt><dd>某公网安备</dd>"},
			[]string{"<img", "bszs.conac.cn", "beian.mps.gov.cn"}},
		// Addresses a browser reads as another host, though they have no scheme.
		{"protocol-relative mark", `conac_image = "//evil.example/conac.png"` + "\n",
			[]string{"<dt>主办单位</dt>"}, []string{"<img", "evil.example"}},
		{"backslash mark", `conac_image = '\\evil.example\conac.png'` + "\n",
			[]string{"<dt>主办单位</dt>"}, []string{"<img", "evil.example"}},
		{"mark outside static", `conac_image = "../config.toml"` + "\n",
			[]string{"<dt>主办单位</dt>"}, []string{"<img", "config.toml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fixture(t, "-- static/images/conac.svg --\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"55\" height=\"64\"></svg>\n")
			cfg, err := os.ReadFile(filepath.Join(src, "config.toml"))
			if err != nil {
				t.Fatal(err)
			}
			// Replace the sample's identity with the case's.
			head, _, _ := strings.Cut(string(cfg), "  [params.identity]")
			_, tail, _ := strings.Cut(string(cfg), "[minify]")
			writeFile(t, filepath.Join(src, "config.toml"), head+"  [params.identity]\n"+tc.identity+"\n[minify]"+tail)
			dest := filepath.Join(t.TempDir(), "public")
			mustBuild(t, src, dest)
			page, err := os.ReadFile(filepath.Join(dest, "qszz/qszz-2024-00001/index.html"))
			if err != nil {
				t.Fatal(err)
			}
			_, footer, _ := strings.Cut(string(page), "<footer")
			for _, w := range tc.want {
				if !strings.Contains(footer, w) {
					t.Errorf("footer lacks %s:\n%s", w, footer)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(footer, n) {
					t.Errorf("footer has %s:\n%s", n, footer)
				}
			}
		})
	}
}

// TestRobotsSitemap: robots.txt names sitemap.xml only when the site has an absolute
// address, which crawlers need.
func TestRobotsSitemap(t *testing.T) {
	src := fixture(t, "")
	for base, want := range map[string]string{
		"":                             "User-agent: *\nAllow: /\n",
		"https://xxgk.example.edu.cn/": "User-agent: *\nAllow: /\nSitemap: https://xxgk.example.edu.cn/sitemap.xml\n",
	} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: src, Dest: dest, BaseURL: base}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dest, "robots.txt"))
		if err != nil || string(got) != want {
			t.Errorf("baseURL %q: robots.txt %q, want %q (%v)", base, got, want, err)
		}
	}
}
