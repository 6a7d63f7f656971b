package record

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCodesDocumented: every Code is listed in docs/schema.md, once, and no two
// constants share a value.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := goparser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			value, err := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			name := v.Names[0].Name
			if other, ok := seen[value]; ok {
				t.Errorf("%s and %s are both %q", name, other, value)
			}
			seen[value] = name
			if n := strings.Count(string(doc), "| `"+value+"` |"); n != 1 {
				t.Errorf("code %q (%s) is in docs/schema.md's table %d times, want once", value, name, n)
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("found only %d codes in codes.go", len(seen))
	}
}
