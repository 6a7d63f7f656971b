package linkcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	write("index.html", `<a href="/a/">a</a> <a href="a/">rel</a> <img src="/img/x.png"> <a href="https://example.com/none">ext</a>
		<a href="mailto:x@example.com">m</a> <a href="#top">top</a> <a href="/a/?q=1#f">q</a> <link href="/css/site.css">`)
	write("a/index.html", `<a href="../">up</a> <a href="b.html">sibling missing</a> <script src="/js/gone.js"></script> <a href="/a">dir without slash</a>`)
	write("img/x.png", "png")
	write("css/site.css", "")
	got, err := Check(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range got {
		lines = append(lines, b.Page+" "+b.Ref)
	}
	want := "a/index.html /a\na/index.html /js/gone.js\na/index.html b.html"
	if strings.Join(lines, "\n") != want {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(lines, "\n"), want)
	}

	// A site published below a path: its links carry the path.
	sub := t.TempDir()
	os.WriteFile(filepath.Join(sub, "index.html"), []byte(`<a href="/portal/index.html">ok</a> <a href="/portal/missing/">no</a> <a href="/other/">not ours</a>`), 0o644)
	got, _ = Check(sub, "/portal/")
	if len(got) != 1 || got[0].Ref != "/portal/missing/" {
		t.Errorf("below a path: %+v", got)
	}
}
