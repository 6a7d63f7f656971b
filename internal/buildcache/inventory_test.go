package buildcache

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestInventory: an inventory saved for a directory is taken once, by that
// directory only, and not after a file was added to it; the cache keeps the newest
// three.
func TestInventory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no inodes: builds walk the directory")
	}
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a/index.html"), "a")
	inv := &Inventory{Shards: map[string]EntryStamp{"lxzz": {Dir: c.Dir, Key: "k"}}, Files: []string{"a/index.html"}, Dirs: []string{"a"}}
	if err := c.SaveInventory(dir, inv); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.TakeInventory(t.TempDir()); ok {
		t.Error("another directory's inventory was taken")
	}
	got, ok := c.TakeInventory(dir)
	if !ok || got.Files[0] != "a/index.html" || got.Shards["lxzz"].Key != "k" {
		t.Fatalf("TakeInventory = %+v, %v", got, ok)
	}
	if _, ok := c.TakeInventory(dir); ok {
		t.Error("an inventory was taken twice: the directory may have changed since the first")
	}

	if err := c.SaveInventory(dir, inv); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "added.html"), "")
	if _, ok := c.TakeInventory(dir); ok {
		t.Error("the inventory of a directory changed since was taken")
	}

	// Files put in its directories are not seen: the build sees them (site's clean).
	os.Remove(filepath.Join(dir, "added.html"))
	if err := c.SaveInventory(dir, inv); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.TakeInventory(dir); !ok {
		t.Error("the inventory of a directory as it was left was not taken")
	}

	var dirs []string
	for range 5 {
		d := t.TempDir()
		dirs = append(dirs, d)
		if err := c.SaveInventory(d, &Inventory{}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	entries, _ := os.ReadDir(c.inventories())
	if len(entries) != keptInventories {
		t.Errorf("%d inventories kept, want %d", len(entries), keptInventories)
	}
	if _, ok := c.TakeInventory(dirs[4]); !ok {
		t.Error("the newest inventory was not kept")
	}
	if _, ok := c.TakeInventory(dirs[0]); ok {
		t.Error("the oldest inventory was kept")
	}
}
