package serve

import (
	"maps"
	"os"
	"regexp"
	"testing"
)

// TestHeadersMatchReadme: the preview sends exactly the headers the README's
// production configuration does, so the two cannot drift apart.
func TestHeadersMatchReadme(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := map[string]string{}
	for _, m := range regexp.MustCompile(`add_header (\S+) "([^"]+)" always;`).FindAllStringSubmatch(string(b), -1) {
		readme[m[1]] = m[2]
	}
	if !maps.Equal(readme, SecurityHeaders) {
		t.Errorf("README's nginx configuration sends\n%v\nxxgk serve sends\n%v", readme, SecurityHeaders)
	}
}
