package identity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProblems(t *testing.T) {
	full := `baseURL = "https://xxgk.example.edu.cn/"
[params]
  owner = "临溪县教育局"
  [params.identity]
    contact = "电话 0576-8512 3400"
    site_code = "3310990001"
    icp = "浙ICP备20990001号-1"
    police = "浙公网安备33109902000001号"
`
	tests := []struct {
		name, config, baseURL string
		want                  []string
	}{
		{"complete", full, "", nil},
		{"relative address", full, "/", []string{"config.toml:1: 提醒：字段 baseURL：网站地址 \"/\" 不是完整网址"}},
		{"flag overrides", strings.Replace(full, "https://xxgk.example.edu.cn/", "/", 1), "https://a.example.cn/", nil},
		{"nothing", "baseURL = \"/\"\n", "", []string{
			"config.toml:1: 提醒：字段 baseURL：",
			"config.toml: 提醒：字段 params.identity.site_code：没有填写网站标识码",
			"config.toml: 提醒：字段 params.identity.icp：没有填写 ICP备案号",
			"config.toml: 提醒：字段 params.identity.organizer：没有填写主办单位",
			"config.toml: 提醒：字段 params.identity.contact：没有填写联系方式",
		}},
		{"malformed", strings.NewReplacer(`"3310990001"`, `"331099"`, `浙ICP备20990001号-1`, `ICP 20990001`, `浙公网安备33109902000001号`, `浙公网安备`).Replace(full), "", []string{
			"config.toml:6: 提醒：字段 params.identity.site_code：网站标识码 \"331099\" 不是 10 位",
			"config.toml:7: 提醒：字段 params.identity.icp：ICP备案号 \"ICP 20990001\" 的写法不常见",
			"config.toml:8: 提醒：字段 params.identity.police：公安机关备案号 \"浙公网安备\" 中没有备案编号",
		}},
		{"conac elsewhere", full + "    conac_image = \"https://bszs.conac.cn/logo.png\"\n", "", []string{
			"config.toml:9: 提醒：字段 params.identity.conac_image：党政机关网站标识图片 \"https://bszs.conac.cn/logo.png\" 不会显示：只能是本站 static/ 目录下的文件路径",
			"config.toml:4: 提醒：字段 params.identity.conac_url：填写了党政机关网站标识图片，但没有填写 conac_url",
		}},
		{"conac missing", full + "    conac_image = \"images/conac.png\"\n    conac_url = \"https://bszs.conac.cn/sitename?id=1\"\n", "", []string{
			"config.toml:9: 提醒：字段 params.identity.conac_image：党政机关网站标识图片 static/images/conac.png 不存在",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "config.toml"), []byte(tt.config), 0o644)
			ps, err := Check(dir, tt.baseURL)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(ps), ps, len(tt.want))
			}
			for i, p := range ps {
				if !strings.HasPrefix(p.String(), tt.want[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p, tt.want[i])
				}
			}
		})
	}
}

func TestConacPresent(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "static/images"), 0o755)
	os.WriteFile(filepath.Join(dir, "static/images/conac.png"), []byte("png"), 0o644)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("baseURL = \"https://a.example.cn/\"\n[params.identity]\norganizer = \"临溪县教育局\"\ncontact = \"电话\"\nsite_code = \"3310990001\"\nicp = \"浙ICP备20990001号\"\nconac_image = \"images/conac.png\"\nconac_url = \"https://bszs.conac.cn/sitename?id=1\"\n"), 0o644)
	if ps, err := Check(dir, ""); err != nil || len(ps) != 0 {
		t.Errorf("problems %v, %v", ps, err)
	}
}

func TestPoliceCode(t *testing.T) {
	for in, want := range map[string]string{"浙公网安备33109902000001号": "33109902000001", "浙公网安备 33109902000001 号": "33109902000001", "浙公网安备": ""} {
		if got := PoliceCode(in); got != want {
			t.Errorf("PoliceCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocalImage(t *testing.T) {
	for img, want := range map[string]bool{
		"images/conac.png": true, "/images/conac.svg": true, "conac_2024.png": true,
		"https://bszs.conac.cn/logo.png": false, "//evil.example/x.png": false, `\\evil.example\x.png`: false,
		"../config.toml": false, "images/../x.png": false, ".hidden/x.png": false, "images//x.png": false,
		"data:image/png;base64,AAAA": false, "": false, "图片/标识.png": false,
	} {
		if got := LocalImage(img); got != want {
			t.Errorf("LocalImage(%q) = %v, want %v", img, got, want)
		}
	}
}
