package register

import "testing"

// TestTableKey: tables that would make different files have different keys — a
// cell's type counts (a number and the same digits as text are different cells in
// Excel), and so do the sheet's name and the column widths.
func TestTableKey(t *testing.T) {
	base := func() *Table {
		return &Table{Name: "目录", Columns: []Column{{"索引号", 20}, {"年份", 8}}, Rows: [][]any{{"lxzz-2024-00001", 2024}}}
	}
	same := base()
	for name, change := range map[string]func(*Table){
		"a number as text": func(t *Table) { t.Rows[0][1] = "2024" },
		"a value":          func(t *Table) { t.Rows[0][0] = "lxzz-2024-00002" },
		"the sheet name":   func(t *Table) { t.Name = "目录2" },
		"a width":          func(t *Table) { t.Columns[1].Width = 9 },
		"a row more":       func(t *Table) { t.Rows = append(t.Rows, []any{"", 0}) },
	} {
		other := base()
		change(other)
		if other.Key() == base().Key() {
			t.Errorf("%s: same key", name)
		}
	}
	if same.Key() != base().Key() {
		t.Error("equal tables, different keys")
	}
}
