package hugosite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"xxgk/internal/overlay"
	"xxgk/internal/record"
)

// Export writes into out a copy of the site in src, whose documents are set, as a
// Site holding every document reads it: every document carries its derived keys
// (overlay.Rewrite). The plain hugo command run on out renders the same pages.
func Export(src, out string, set *record.Set) error {
	for _, dir := range []string{"config.toml", "layouts", "static", "data", "content"} {
		from := filepath.Join(src, dir)
		err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			target := filepath.Join(out, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if r := set.ByPath(filepath.ToSlash(rel)); r != nil {
				src, err := r.Bytes()
				if err != nil {
					return err
				}
				b = overlay.Rewrite(src, r)
			}
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
