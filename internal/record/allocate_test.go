package record

import (
	"testing"
)

func TestNextIndex(t *testing.T) {
	body := func(index string) string { return "+++\nindex = \"" + index + "\"\n+++\n" }
	dir := writeSite(t, map[string]string{
		"content/lxzz/2024/a.md":      body("lxzz-2024-00001"),
		"content/lxzz/2024/b.md":      body("lxzz-2024-00007"),                           // a gap before it is not refilled
		"content/lxzz/2023/c.md":      body("lxzz-2023-00042"),                           // another year
		"content/lxjyj/2024/d.md":     body("lxjyj-2024-00099"),                          // another publisher
		"content/lxzz/2024/broken.md": "+++\ntitle = \"未写完\nindex = 'lxzz-2024-00009'\n", // unparsable, still counted
		"content/lxzz/2024/odd.md":    body("lxzz-2024-123456"),                          // not a 5-digit serial
	})
	tests := []struct {
		publisher string
		year      int
		want      string
	}{
		{"lxzz", 2024, "lxzz-2024-00010"},
		{"lxzz", 2023, "lxzz-2023-00043"},
		{"lxzz", 2025, "lxzz-2025-00001"},
		{"lxjyj", 2024, "lxjyj-2024-00100"},
	}
	reg := testRegistry
	used, err := UsedIndexes(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		got, err := reg.NextIndex(used, tt.publisher, tt.year, "")
		if err != nil || got != tt.want {
			t.Errorf("NextIndex(%s, %d) = %q, %v; want %q", tt.publisher, tt.year, got, err, tt.want)
		}
	}
	if _, err := reg.NextIndex(used, "lxhx", 2024, ""); err == nil {
		t.Error("no error for an unregistered publisher")
	}
	if _, err := reg.NextIndex([]string{"lxzz-2024-99999"}, "lxzz", 2024, ""); err == nil {
		t.Error("no error when the serials are exhausted")
	}
}
