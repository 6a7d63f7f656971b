// Package manifest records what a build published — each document's 索引号, address,
// dates and the SHA-256 of its source file and of its rendered page — so that a later
// audit can tell what changed after publication.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"xxgk/internal/record"
)

// Version is the version of manifest.json; it changes only when a field is removed or
// changes meaning. The format is documented in docs/audit.md.
const Version = 1

// Entry is one document in the manifest.
type Entry struct {
	Index     string `json:"index"`
	URL       string `json:"url"`
	File      string `json:"file"`   // source path relative to the site directory
	Source    string `json:"source"` // SHA-256 of the source file, hex
	Page      string `json:"page,omitempty"`
	Date      string `json:"date"`
	Written   string `json:"written,omitempty"`
	Abolished string `json:"abolished,omitempty"`
	// Revisions are the dates of the document's 修订记录 entries.
	Revisions []string `json:"revisions,omitempty"`
}

// Manifest is manifest.json.
type Manifest struct {
	Version   int     `json:"version"`
	Built     string  `json:"built"` // the day of the build, YYYY-MM-DD
	Documents []Entry `json:"documents"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Build describes the documents of set. When public is not empty, each entry also
// carries the hash of the page rendered there.
func Build(set *record.Set, public string, built time.Time) (*Manifest, error) {
	if public == "" {
		return BuildFrom(set, nil, built)
	}
	return BuildFrom(set, func(r *record.Record) ([32]byte, error) {
		page, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(r.Page())))
		return sha256.Sum256(page), err
	}, built)
}

// BuildFrom describes the documents of set; pageHash, when not nil, gives the
// SHA-256 of a document's page (a build notes it as the page is written, rather
// than reading every page back).
func BuildFrom(set *record.Set, pageHash func(*record.Record) ([32]byte, error), built time.Time) (*Manifest, error) {
	m := &Manifest{Version: Version, Built: day(built), Documents: []Entry{}}
	for _, r := range set.Records {
		e := Entry{Index: r.Index, URL: r.URL(), File: r.Path, Source: hex.EncodeToString(r.Sum[:]),
			Date: day(r.Date), Written: day(r.Written), Abolished: day(r.Abolished)}
		for _, rev := range r.Revisions {
			e.Revisions = append(e.Revisions, day(rev.Date))
		}
		if pageHash != nil {
			ps, err := pageHash(r)
			if err != nil {
				return nil, fmt.Errorf("manifest: %w", err)
			}
			e.Page = hex.EncodeToString(ps[:])
		}
		m.Documents = append(m.Documents, e)
	}
	return m, nil
}

// JSON returns manifest.json.
func (m *Manifest) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	return append(b, '\n'), err
}

// Read reads a manifest written by an earlier build.
func Read(name string) (*Manifest, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s 不是 xxgk 生成的 manifest.json：%w", name, err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("%s 的版本 %d 无法识别（应为 %d）", name, m.Version, Version)
	}
	return &m, nil
}
