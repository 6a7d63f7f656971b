package linkcheck

import (
	"fmt"
	"testing"
)

// TestNoteIDs: references noted by their numbers from Intern are checked as if noted
// one by one, and a table interned twice gets the same numbers.
func TestNoteIDs(t *testing.T) {
	dir := t.TempDir()
	write := writer(dir)
	write("a/index.html", "")
	write("b/index.html", "")
	byRefs, byIDs := NewNoted(), NewNoted()
	table := []string{"/a/", "../gone/", "/b/", "/missing.css"}
	pages := map[string][]int{"a/index.html": {0, 1, 2}, "b/index.html": {3, 0}}
	ids := byIDs.Intern(table)
	if again := byIDs.Intern(table); fmt.Sprint(again) != fmt.Sprint(ids) {
		t.Errorf("interned again: %v, first %v", again, ids)
	}
	for page, links := range pages {
		var refs []string
		var nums []uint32
		for _, l := range links {
			refs = append(refs, table[l])
			nums = append(nums, ids[l])
		}
		byRefs.NoteRefs(page, refs)
		byIDs.NoteIDs(page, nums)
	}
	want, err := CheckNoted(dir, "/", byRefs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CheckNoted(dir, "/", byIDs)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Broken) != 2 || fmt.Sprint(got.Broken) != fmt.Sprint(want.Broken) {
		t.Errorf("by numbers: %v\nby references: %v", got, want)
	}
	var none *Noted
	if none.Intern(table) != nil {
		t.Error("a nil Noted interned")
	}
	none.NoteIDs("a/index.html", ids) // no panic
}
