package linkcheck

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// collect is every reference f finds in src, in order.
func collect(f func([]byte, func(string)), src string) []string {
	var refs []string
	f([]byte(src), func(r string) { refs = append(refs, r) })
	return refs
}

func TestHTMLRefs(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		scanned   bool // read without handing the page to the Tokenizer
	}{
		{"minified page", `<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>通知 - 第一中学</title><link rel=stylesheet href=/css/site.css><script type=module src=/js/search.js></script></head>` +
			`<body><a href=/gk/lxzz/>上一篇</a><img src=../a.png alt=图><a href="/年度报告/">年报</a></body></html>`,
			[]string{"/css/site.css", "/js/search.js", "/gk/lxzz/", "../a.png", "/年度报告/"}, true},
		{"self-closing, no space", `<a href=/x/><br/><img src='y.png'/>`, []string{"/x/", "y.png"}, true},
		{"case and repeats: the first of each", `<A HREF=a Href=b SRC=c src=d>`, []string{"a", "c"}, true},
		{"attribute without a value", `<a href>x</a><a href=>y</a>`, []string{"", ""}, true},
		{"spaces around =", "<a href =\n 'q' src\t=\tr>", []string{"q", "r"}, true},
		{"references decoded", `<a href="/s/?q=1&amp;p=2">s</a><a href=/t/>t</a>`, []string{"/s/?q=1&p=2", "/t/"}, true},
		{"newlines in a value", "<a href=\"a\r\nb\">", []string{"a\nb"}, true},
		{"end tags and their attributes", `</a href=x><a href=y></ >`, []string{"y"}, true},
		{"comments", `<!-- <a href=x> --><!--><a href=y><!---><a href=z><!-- --!><a href=w>`, []string{"y", "z", "w"}, true},
		{"unclosed comment", `<a href=a><!-- <a href=b>`, []string{"a"}, true},
		{"bogus comments", `<!DOCTYPE html><? <a href=x> ?><! <a href=y> ><a href=z>`, []string{"z"}, true},
		{"raw text", `<title><a href=x></title><style>a{}</sty</style><a href=y><textarea></textarea x><a href=z>`, []string{"y", "z"}, true},
		{"plaintext", `<a href=a><plaintext><a href=b>`, []string{"a"}, true},
		{"script ending at its first '<'", `<script>var a = 1;</script><a href=b>`, []string{"b"}, true},
		{"script with a '<' in its text", `<script>if (a<b) {}</script><a href=c>`, []string{"c"}, false},
		{"script hiding its end tag", `<script><!--<script></script>--></script><a href=d>`, []string{"d"}, false},
		{"cut short in a tag", `<a href=a><a href="b`, []string{"a"}, true},
		{"cut short after a name", `<a href=a><img src=b `, []string{"a"}, true},
		{"'<' not starting a tag", `a < b <<a href=c> <1 <`, []string{"c"}, true},
		{"equals sign starting a name", `<a =href=x href=y>`, []string{"y"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := collect(htmlRefs, tc.src); !slices.Equal(got, tc.want) {
				t.Errorf("htmlRefs = %q, want %q", got, tc.want)
			}
			if got := collect(tokenizerRefs, tc.src); !slices.Equal(got, tc.want) {
				t.Errorf("tokenizerRefs = %q, want %q (the test is wrong)", got, tc.want)
			}
			if scanned := scanRefs([]byte(tc.src), func(string) {}); scanned != tc.scanned {
				t.Errorf("scanRefs read it itself: %v, want %v", scanned, tc.scanned)
			}
		})
	}
}

// FuzzHTMLRefs checks that htmlRefs finds what the Tokenizer finds. The seeds are
// the cases above and the sample site's pages where a build left them.
func FuzzHTMLRefs(f *testing.F) {
	for _, s := range []string{`<a href=/x/>`, `<!doctype html><title>t</title><a href="a&amp;b">`, "<a href='\r'>",
		`<script>a<b</script><a href=c>`, `<!--x--!><img src=y>`, `<style>x</STYLE ><a href=z>`, `</a x='>'><a href=w>`} {
		f.Add([]byte(s))
	}
	pages, _ := filepath.Glob("../../public/*/*/index.html")
	for _, p := range pages[:min(len(pages), 20)] {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		want := collect(tokenizerRefs, string(src))
		if got := collect(htmlRefs, string(src)); !slices.Equal(got, want) {
			t.Fatalf("htmlRefs(%q) = %q, the Tokenizer's %q", src, got, want)
		}
	})
}
