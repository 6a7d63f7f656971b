package overlay

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// TestDeriveIsTOML: the hand-written TOML of the derived keys parses back to the same
// values, whatever characters a registry's names contain.
func TestDeriveIsTOML(t *testing.T) {
	for _, category := range []string{"规划统计/规划计划", `引号"和\反斜杠/下级`, "控制\x01字符\x7f/制表\t符", "科技、教育/教育/报告"} {
		r := &record.Record{Publisher: "lxzz", Index: "lxzz-2024-00001", Category: category, Genre: `体裁"`, Date: time.Date(2024, 3, 1, 0, 0, 0, 0, record.Shanghai)}
		derived := Derive(r)
		if n := strings.Count(string(derived), "\n"); n != DerivedKeys {
			t.Errorf("%d lines, want %d", n, DerivedKeys)
		}
		var got struct {
			URL        string
			Publishers []string
			Categories []string
			Genres     []string
			Years      []string
		}
		if _, err := toml.Decode(string(derived), &got); err != nil {
			t.Fatalf("%q: %v\n%s", category, err, derived)
		}
		if got.URL != "/lxzz/lxzz-2024-00001/" || got.Publishers[0] != "lxzz" || got.Genres[0] != `体裁"` || got.Years[0] != "2024" ||
			strings.Join(got.Categories, "|") != strings.Join(record.CategoryAncestry(category), "|") {
			t.Errorf("%q decoded as %+v", category, got)
		}
	}
}
