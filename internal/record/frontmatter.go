package record

import (
	"bytes"
	"fmt"
	"time"

	"github.com/BurntSushi/toml"
)

// FrontMatter writes a document's TOML front matter one field at a time, in the order
// the fields are added, so that xxgk new and xxgk import lay documents out alike.
type FrontMatter struct {
	buf bytes.Buffer
	err error
}

// String adds key = "value", quoted and escaped by the TOML encoder.
func (f *FrontMatter) String(key, value string) { f.encode(key, value) }

// Strings adds key = ["a", "b"].
func (f *FrontMatter) Strings(key string, values []string) { f.encode(key, values) }

// Int adds key = n.
func (f *FrontMatter) Int(key string, n int) { f.encode(key, n) }

// Date adds key = 2024-03-01: an unquoted local date, the form the check accepts.
func (f *FrontMatter) Date(key string, t time.Time) {
	fmt.Fprintf(&f.buf, "%s = %s\n", key, t.Format("2006-01-02"))
}

// DateTime adds key = 2024-03-01T09:30:00, an unquoted local date-time.
func (f *FrontMatter) DateTime(key string, t time.Time) {
	fmt.Fprintf(&f.buf, "%s = %s\n", key, t.Format("2006-01-02T15:04:05"))
}

// Raw adds text as it is, for comments and commented-out fields; it must end in a newline.
func (f *FrontMatter) Raw(text string) { f.buf.WriteString(text) }

func (f *FrontMatter) encode(key string, v any) {
	if f.err == nil {
		f.err = toml.NewEncoder(&f.buf).Encode(map[string]any{key: v})
	}
}

// Bytes returns the fields between +++ delimiters, followed by a blank line.
func (f *FrontMatter) Bytes() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	return []byte("+++\n" + f.buf.String() + "+++\n\n"), nil
}
