package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// Publisher is one entry of data/publishers.toml: a body that publishes documents.
type Publisher struct {
	Code       string `toml:"code"`
	Name       string `toml:"name"`
	Type       string `toml:"type"` // "bureau" or "school"
	Region     string `toml:"region"`
	Parent     string `toml:"parent"`
	SchoolType string `toml:"school_type"`
}

// Category is one entry of data/categories.toml: a node of the subject tree.
type Category struct {
	Path        string `toml:"path"`
	Description string `toml:"description"`
}

// Genre is one entry of data/genres.toml: a kind of document such as 工作计划.
type Genre struct {
	Name      string `toml:"name"`
	Category  string `toml:"category"`
	Archetype string `toml:"archetype"`
}

// Registry holds the controlled vocabularies that front matter is checked against.
type Registry struct {
	Publishers []Publisher
	Categories []Category
	Genres     []Genre
}

// LoadRegistry reads data/publishers.toml, data/categories.toml and data/genres.toml
// under the site directory dir.
func LoadRegistry(dir string) (*Registry, error) {
	var r Registry
	files := []struct {
		name string
		dst  any
	}{
		{"publishers.toml", &struct {
			P *[]Publisher `toml:"publisher"`
		}{&r.Publishers}},
		{"categories.toml", &struct {
			C *[]Category `toml:"category"`
		}{&r.Categories}},
		{"genres.toml", &struct {
			G *[]Genre `toml:"genre"`
		}{&r.Genres}},
	}
	for _, f := range files {
		path := filepath.Join(dir, "data", f.name)
		rel := filepath.ToSlash(filepath.Join("data", f.name))
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: 找不到登记表文件，请先建立它", rel)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: 无法读取：%v", rel, err)
		}
		if _, err := toml.Decode(string(b), f.dst); err != nil {
			return nil, fmt.Errorf("%s: %s", rel, describeTOMLError(err))
		}
	}
	return &r, nil
}

// Publisher returns the publisher whose code is code, or whose full name is code.
func (r *Registry) Publisher(code string) (Publisher, bool) {
	for _, p := range r.Publishers {
		if p.Code == code {
			return p, true
		}
	}
	return Publisher{}, false
}

// PublisherByName returns the publisher whose full official name is name.
func (r *Registry) PublisherByName(name string) (Publisher, bool) {
	for _, p := range r.Publishers {
		if p.Name == name {
			return p, true
		}
	}
	return Publisher{}, false
}

// HasCategory reports whether path is a registered category.
func (r *Registry) HasCategory(path string) bool {
	for _, c := range r.Categories {
		if c.Path == path {
			return true
		}
	}
	return false
}

// Genre returns the registered genre called name.
func (r *Registry) Genre(name string) (Genre, bool) {
	for _, g := range r.Genres {
		if g.Name == name {
			return g, true
		}
	}
	return Genre{}, false
}

// CategoryAncestry returns path and every ancestor of it, outermost first:
// "规划统计/规划计划" gives ["规划统计", "规划统计/规划计划"].
func CategoryAncestry(path string) []string {
	parts := strings.Split(path, "/")
	out := make([]string, len(parts))
	for i := range parts {
		out[i] = strings.Join(parts[:i+1], "/")
	}
	return out
}
