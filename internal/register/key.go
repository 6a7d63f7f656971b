package register

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"strings"
	"time"
)

// Key is the SHA-256 of everything that register.json and the CSV and the workbook
// of Table(baseURL) show of reg: two registers with one key make the same three
// files. It is a hash of the entries' text, a small part of what making any of the
// files costs, so that a build can tell an unchanged register without making it.
// It is of the content only: a key kept across builds must also cover the program
// that writes the files.
func (reg *Register) Key(baseURL string) [32]byte {
	w := keyWriter{h: sha256.New()}
	w.int(int64(reg.Version))
	w.str(reg.AsOf)
	w.str(reg.Publisher)
	w.int(int64(reg.Documents))
	// The table's addresses: Table trims the slash, so both spellings are one key.
	w.str(strings.TrimSuffix(baseURL, "/"))
	// No list is "entries": null in JSON, an empty one [].
	w.bool(reg.Entries == nil)
	w.int(int64(len(reg.Entries)))
	for i := range reg.Entries {
		e := &reg.Entries[i]
		w.int(int64(e.Seq))
		for _, s := range [...]string{e.Index, e.Title, e.Summary, e.Publisher, e.PublisherName, e.Category, e.Genre,
			e.Date, e.DocNumber, e.Written, e.Abolished, e.Status, e.URL} {
			w.str(s)
		}
		// The table's dates are the times, not the strings JSON shows: Build makes
		// them agree, an Entry made otherwise need not.
		w.day(e.date)
		w.day(e.written)
		w.day(e.abolished)
	}
	return w.sum()
}

// keyWriter feeds a hash an encoding that no two different sequences of values
// share: every string is prefixed with its length, and numbers are varints.
// It buffers, since a register's many short strings would each be a Write.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

func (w *keyWriter) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
	w.flush(32 << 10)
}

func (w *keyWriter) int(n int64) { w.buf = binary.AppendVarint(w.buf, n) }

func (w *keyWriter) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// day writes what CSV and XLSX show of a date: none, or its day in its own zone.
func (w *keyWriter) day(t time.Time) {
	w.bool(!t.IsZero())
	if !t.IsZero() {
		y, m, d := t.Date()
		w.int(int64(y))
		w.int(int64(m))
		w.int(int64(d))
	}
}

// flush writes the buffer to the hash once it holds at least n bytes.
func (w *keyWriter) flush(n int) {
	if len(w.buf) >= n {
		w.h.Write(w.buf)
		w.buf = w.buf[:0]
	}
}

func (w *keyWriter) sum() [32]byte {
	w.flush(0)
	return [32]byte(w.h.Sum(nil))
}
