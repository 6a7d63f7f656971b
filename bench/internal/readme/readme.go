// Package readme writes benchmark tables into bench/README.md between markers.
package readme

import (
	"fmt"
	"os"
	"strings"
)

// Replace puts text between the lines <!-- name:start --> and <!-- name:end --> in
// the file at path, keeping everything else.
func Replace(path, name, text string) error {
	start, end := "<!-- "+name+":start -->", "<!-- "+name+":end -->"
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s markers", path, start, end)
	}
	s = s[:i+len(start)] + "\n" + text + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}
