package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

type category struct {
	Path        string `toml:"path"`
	Description string `toml:"description"`
}

type genreDef struct {
	Name      string `toml:"name"`
	Category  string `toml:"category"`
	Archetype string `toml:"archetype"`
}

// registry holds data/categories.toml and data/genres.toml; the raw files are copied
// into the corpus unchanged.
type registry struct {
	categories []category
	genres     []genreDef
	leaves     []string // category paths no other path extends
	catFile    []byte
	genFile    []byte
}

func loadRegistry(dir string) (*registry, error) {
	reg := &registry{}
	var err error
	catPath := filepath.Join(dir, "categories.toml")
	genPath := filepath.Join(dir, "genres.toml")
	if reg.catFile, err = os.ReadFile(catPath); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	if reg.genFile, err = os.ReadFile(genPath); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	var cf struct {
		Category []category `toml:"category"`
	}
	if _, err := toml.Decode(string(reg.catFile), &cf); err != nil {
		return nil, fmt.Errorf("%s: %w", catPath, err)
	}
	var gf struct {
		Genre []genreDef `toml:"genre"`
	}
	if _, err := toml.Decode(string(reg.genFile), &gf); err != nil {
		return nil, fmt.Errorf("%s: %w", genPath, err)
	}
	reg.categories, reg.genres = cf.Category, gf.Genre
	if len(reg.categories) == 0 {
		return nil, fmt.Errorf("%s: no [[category]] tables", catPath)
	}
	if len(reg.genres) == 0 {
		return nil, fmt.Errorf("%s: no [[genre]] tables", genPath)
	}
	paths := map[string]bool{}
	for _, c := range reg.categories {
		if c.Path == "" {
			return nil, fmt.Errorf("%s: a category has no path", catPath)
		}
		paths[c.Path] = true
	}
	names := map[string]bool{}
	for _, g := range reg.genres {
		if g.Name == "" {
			return nil, fmt.Errorf("%s: a genre has no name", genPath)
		}
		if names[g.Name] {
			return nil, fmt.Errorf("%s: genre %q listed twice", genPath, g.Name)
		}
		names[g.Name] = true
		if !paths[g.Category] {
			return nil, fmt.Errorf("%s: genre %q: category %q is not in categories.toml", genPath, g.Name, g.Category)
		}
	}
	for p := range paths {
		leaf := true
		for q := range paths {
			if strings.HasPrefix(q, p+"/") {
				leaf = false
				break
			}
		}
		if leaf {
			reg.leaves = append(reg.leaves, p)
		}
	}
	sort.Strings(reg.leaves)
	return reg, nil
}

func (reg *registry) hasCategory(path string) bool {
	for _, c := range reg.categories {
		if c.Path == path {
			return true
		}
	}
	return false
}
