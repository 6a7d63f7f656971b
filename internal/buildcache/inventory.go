package buildcache

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xxgk/internal/publish"
)

// An Inventory is what a build left in the directory it rendered the portal into:
// every file and directory, for each shard the entry its pages are links to, for
// each listing the version of the kept listings its files are links to, and the
// times of its directories other than the documents' own.
// The build that renders into the same directory again (publish.StageReusing: the
// site published two builds before) then knows what the directory holds without
// walking it: for a city's portal that is 100,000 directories, one for each
// document's page, and the walk cost more than the rest of a rebuild's clean-up.
type Inventory struct {
	Stamp  DirStamp              // the directory when its build was done
	Shards map[string]EntryStamp // shard code → the entry its pages are links to
	// Listings is, by listing id, the listing its files are links to (ListingStamp).
	Listings map[string]EntryStamp
	Files    []string // slash-separated, relative to the directory
	Dirs     []string // the same, "." excluded
	// Times are the modification times (Unix nanoseconds) of Dirs but the
	// documents' pages' own: one whose files are kept by the next build is seen
	// unchanged, so that a file put there since is not kept unseen.
	Times map[string]int64
}

// A DirStamp names a directory (or file) wherever it is moved: its device and inode.
type DirStamp struct {
	Dev, Ino uint64
}

// StampDir returns dir's stamp; false where the system gives no inode.
func StampDir(dir string) (DirStamp, bool) {
	fi, err := os.Stat(dir)
	if err != nil {
		return DirStamp{}, false
	}
	return stampOf(fi)
}

// An EntryStamp names one version of a shard's entry: its key and its EntryFile's
// stamp. An entry built again under the same key (its pages were changed in place,
// see Load) is another version, whose files the pages placed before are not links to.
type EntryStamp struct {
	Dir   string // the cache directory
	Key   string
	Entry DirStamp // of the entry's EntryFile
}

// Stamp returns the stamp of the entry of the shard code; false when it cannot be
// read.
func (c *Cache) Stamp(code, key string) (EntryStamp, bool) {
	fi, err := os.Stat(filepath.Join(c.entry(code), EntryFile))
	if err != nil {
		return EntryStamp{}, false
	}
	s, ok := stampOf(fi)
	return EntryStamp{Dir: c.Dir, Key: key, Entry: s}, ok
}

// ListingStamp returns the stamp of the listing kept under key by the last build
// (SaveListings): the key and the version of the kept listings, whose files are
// replaced whole when they are saved again. False when none can be read.
func (c *Cache) ListingStamp(key string) (EntryStamp, bool) {
	fi, err := os.Stat(filepath.Join(c.portal(), "listings.json"))
	if err != nil {
		return EntryStamp{}, false
	}
	s, ok := stampOf(fi)
	return EntryStamp{Dir: c.Dir, Key: key, Entry: s}, ok
}

// inventories is where the cache keeps the Inventory of each directory.
func (c *Cache) inventories() string { return filepath.Join(c.Dir, ".outputs") }

func (c *Cache) inventoryFile(s DirStamp) string {
	return filepath.Join(c.inventories(), fmt.Sprintf("%x-%x", s.Dev, s.Ino))
}

// keptInventories is how many directories' inventories the cache keeps: the
// published site's, its rollback copy's and the spare's.
const keptInventories = 3

// TakeInventory returns the inventory of dir saved by the build that left it as it
// is, and forgets it: the caller is about to change the directory. False when there
// is none, or when dir's own entries are not those listed (a file was put there
// since, or dir is another directory that was given a removed one's inode).
func (c *Cache) TakeInventory(dir string) (*Inventory, bool) {
	s, ok := StampDir(dir)
	if !ok {
		return nil, false
	}
	name := c.inventoryFile(s)
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	var inv Inventory
	err = gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&inv)
	f.Close()
	os.Remove(name)
	if err != nil || inv.Stamp != s || !sameTop(dir, &inv) {
		return nil, false
	}
	return &inv, true
}

// sameTop says whether the entries of dir itself are those inv lists there.
func sameTop(dir string, inv *Inventory) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	listed := map[string]bool{}
	for _, list := range [][]string{inv.Files, inv.Dirs} {
		for _, p := range list {
			if !strings.Contains(p, "/") {
				listed[p] = true
			}
		}
	}
	if len(entries) != len(listed) {
		return false
	}
	for _, e := range entries {
		if !listed[e.Name()] {
			return false
		}
	}
	return true
}

// SaveInventory keeps inv as the inventory of dir, done now: nothing may change in
// dir afterwards but by a build that takes it first (TakeInventory sees a change
// at dir's top only). The cache keeps the newest
// keptInventories.
func (c *Cache) SaveInventory(dir string, inv *Inventory) error {
	s, ok := StampDir(dir)
	if !ok {
		return nil // no inode: the next build walks the directory
	}
	inv.Stamp = s
	if err := os.MkdirAll(c.inventories(), 0o755); err != nil {
		return err
	}
	err := publish.WriteWith(c.inventoryFile(s), func(w io.Writer) error {
		return gob.NewEncoder(w).Encode(inv)
	})
	if err != nil {
		return err
	}
	return c.pruneInventories()
}

// pruneInventories removes all but the newest keptInventories inventories.
func (c *Cache) pruneInventories() error {
	entries, err := os.ReadDir(c.inventories())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	type kept struct {
		name string
		t    time.Time
	}
	var all []kept
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			all = append(all, kept{e.Name(), fi.ModTime()})
		}
	}
	slices.SortFunc(all, func(a, b kept) int { return b.t.Compare(a.t) })
	for _, k := range all[min(len(all), keptInventories):] {
		os.Remove(filepath.Join(c.inventories(), k.name))
	}
	return nil
}
