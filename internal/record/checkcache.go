package record

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"xxgk/internal/publish"
)

// CheckCache keeps, from one Load of a site to the next, what checking each document
// on its own found (Parse and the wording rules), so that a document whose bytes are
// unchanged, checked by the same program against the same registries and rules, is
// not checked again: on a portal of 100,000 documents that is most of the check.
// What depends on other files is done every time: the attachments' scan for personal
// information and the checks between documents. A document with an error of its own
// is not kept (it is checked again until it is corrected).
type CheckCache struct {
	// File is where the results are kept; each Load writes it anew with the results
	// of the documents it read. A missing, damaged or foreign file is no error: the
	// documents are checked.
	File string
	// Version names the program: a file written by another one is not used (its
	// checks may differ), so it should change with every build of the program (the
	// executable's hash).
	Version string
	// Trust takes a document's check from the file without reading the document
	// when its size, inode and times are those it had when it was last read (as
	// git's index does) and it had not changed for settle before that read: the
	// record's Raw is then nil, and Record.Bytes reads the file when its bytes are needed
	// (a build reads only the documents of the shards it renders again). Without
	// it every document is read and hashed.
	Trust bool
}

// checkCacheFormat is the version of the file's layout and of what it keeps.
const checkCacheFormat = 4

// settle is how long before a load a document must have last changed for its
// stamp to be trusted by the next one: a file changed in the same tick of the file
// system's clock as it was read would keep its times.
var settle = time.Second

// checkFile is the file a CheckCache keeps.
type checkFile struct {
	Format int
	Inputs [32]byte // checkInputs of the load that wrote it
	Docs   []checked
}

// checked is what checking one document alone found, under its bytes' hash.
type checked struct {
	Path string
	// Sum is the SHA-256 of the file's bytes and Head its FrontMatterSum, 32 bytes
	// each: slices, which gob reads whole, not arrays, which it reads byte by byte.
	Sum, Head []byte
	Stamp     fileStamp // the file's when it was read; zero when it is not to be trusted
	Rec       keptRecord
	Problems  []Problem // warnings only
}

// A fileStamp is what says, without reading it, that a file is unchanged: its size,
// device and inode, and its modification and change times (the latter no program
// can set back), in nanoseconds.
type fileStamp struct {
	Size, Dev, Ino, Mtime, Ctime int64
}

// keptRecord is a Record without what is restored from the file's bytes (Raw, Sum)
// and the registry (Number), its times as keptTime.
type keptRecord struct {
	Title, Index, Publisher  string
	Date, Written, Abolished keptTime
	DateLocal                bool
	Category, Genre, DocNum  string
	Keywords                 []string
	Source                   string
	Attachments              []Attachment
	Year                     int
	School                   string
	RevisionDates            []keptTime
	RevisionNotes            []string
	Summary, Interprets      string
	Draft, OwnOrder          bool
	FrontMatterLines         int
}

// keptTime is a time of a record: every one is zero or in Shanghai time, which gob's
// encoding of a time.Time would not restore (it keeps the offset, not the zone).
type keptTime struct {
	Set  bool
	Sec  int64
	Nsec int
}

// keepTime is t as keptRecord holds it; false when t is in another zone than
// Shanghai (nothing Parse returns today), which is then not kept.
func keepTime(t time.Time) (keptTime, bool) {
	if t.IsZero() {
		return keptTime{}, true
	}
	return keptTime{true, t.Unix(), t.Nanosecond()}, t.Location() == Shanghai
}

func (k keptTime) restore() time.Time {
	if !k.Set {
		return time.Time{}
	}
	return time.Unix(k.Sec, int64(k.Nsec)).In(Shanghai)
}

// keep is r as the cache holds it; false when r cannot be restored exactly.
func keep(r *Record) (keptRecord, bool) {
	k := keptRecord{
		Title: r.Title, Index: r.Index, Publisher: r.Publisher, DateLocal: r.DateLocal,
		Category: r.Category, Genre: r.Genre, DocNum: r.DocNumber, Keywords: r.Keywords,
		Source: r.Source, Attachments: r.Attachments, Year: r.Year, School: r.School,
		Summary: r.Summary, Interprets: r.Interprets, Draft: r.Draft, OwnOrder: r.OwnOrder,
		FrontMatterLines: r.FrontMatterLines,
	}
	ok := true
	var o bool
	k.Date, o = keepTime(r.Date)
	ok = ok && o
	k.Written, o = keepTime(r.Written)
	ok = ok && o
	k.Abolished, o = keepTime(r.Abolished)
	ok = ok && o
	for _, rv := range r.Revisions {
		t, o := keepTime(rv.Date)
		ok = ok && o
		k.RevisionDates = append(k.RevisionDates, t)
		k.RevisionNotes = append(k.RevisionNotes, rv.Note)
	}
	return k, ok
}

// restore is the record of the file at path with the bytes src, as the cache kept it.
func (k *keptRecord) restore(path string, src []byte, sum [32]byte, reg *Registry) *Record {
	r := &Record{
		Path: path, Title: k.Title, Index: k.Index, Publisher: k.Publisher,
		Date: k.Date.restore(), DateLocal: k.DateLocal, Category: k.Category, Genre: k.Genre,
		DocNumber: k.DocNum, Keywords: k.Keywords, Written: k.Written.restore(),
		Abolished: k.Abolished.restore(), Source: k.Source, Attachments: k.Attachments,
		Year: k.Year, School: k.School, Summary: k.Summary, Interprets: k.Interprets,
		Draft: k.Draft, OwnOrder: k.OwnOrder, FrontMatterLines: k.FrontMatterLines, Raw: src, Sum: sum,
	}
	for i, t := range k.RevisionDates {
		r.Revisions = append(r.Revisions, Revision{Date: t.restore(), Note: k.RevisionNotes[i]})
	}
	// A document kept had no error: its publisher is registered and its 索引号
	// follows the publisher's scheme, read again as checkIndex read it.
	if s := reg.Scheme(r.Publisher); s != nil {
		r.Number, _ = s.read(reg, r.Index, r.Category)
	}
	return r
}

// checkInputs is the hash of what a document's own check depends on beside its
// bytes: the program, the registries and the wording rules.
func checkInputs(dir, version string) ([32]byte, error) {
	h := sha256.New()
	fmt.Fprintf(h, "check cache %d\nversion %q\n", checkCacheFormat, version)
	for _, name := range []string{"publishers.toml", "categories.toml", "genres.toml", "index.toml", "wording.toml"} {
		b, err := os.ReadFile(filepath.Join(dir, "data", name))
		if os.IsNotExist(err) {
			fmt.Fprintf(h, "absent %q\n", name)
			continue
		}
		if err != nil {
			return [32]byte{}, err
		}
		fmt.Fprintf(h, "file %q %d\n", name, len(b))
		h.Write(b)
	}
	return [32]byte(h.Sum(nil)), nil
}

// readChecks returns what the file kept under inputs, by path; nothing when the file
// is missing, damaged or was written under other inputs.
func readChecks(name string, inputs [32]byte) map[string]*checked {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	var cf checkFile
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&cf); err != nil || cf.Format != checkCacheFormat || cf.Inputs != inputs {
		return nil
	}
	m := make(map[string]*checked, len(cf.Docs))
	for i := range cf.Docs {
		if len(cf.Docs[i].Sum) != sha256.Size || len(cf.Docs[i].Head) != sha256.Size {
			return nil // damaged
		}
		m[cf.Docs[i].Path] = &cf.Docs[i]
	}
	return m
}

// writeChecks replaces the file name with docs, whole (publish.WriteFile: a reader
// sees the old file or the new one). A failure is not an error of the load: the
// next one checks again.
func writeChecks(name string, inputs [32]byte, docs []checked) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(checkFile{Format: checkCacheFormat, Inputs: inputs, Docs: docs}); err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(name), 0o755) == nil {
		publish.WriteFile(name, b.Bytes())
	}
}
