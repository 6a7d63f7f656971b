package importer

import (
	"fmt"
	"io"
	"strings"
)

// Kind sorts what the report says about a file.
type Kind int

const (
	// Extracted is metadata read from the page.
	Extracted Kind = iota
	// Removed is text dropped from the document, quoted verbatim.
	Removed
	// Repaired is text changed in place, quoted before and after.
	Repaired
	// Warning is something kept as it was that a person should look at.
	Warning
	// Missing is what the document still lacks to pass xxgk check.
	Missing
)

var kindNames = [...]string{"提取", "删除", "修复", "提醒", "待补"}

// String is the kind as the report shows it: 提取, 删除, 修复, 提醒 or 待补.
func (k Kind) String() string { return kindNames[k] }

// Note is one line of the report about one imported file.
type Note struct {
	Line int // line of the source (or of a page's extracted text); 0 for the whole file
	Kind Kind
	Msg  string
}

// File is the outcome for one imported file.
type File struct {
	Source   string // as named on the command line, slash-separated
	Target   string // where the document goes, slash-separated; empty when not converted
	Encoding string
	Doc      []byte // the Markdown document with its front matter
	Notes    []Note
	Written  bool  // written to disk (false in a dry run)
	Err      error // the file could not be read or written
}

func (f *File) note(line int, kind Kind, format string, args ...any) {
	f.Notes = append(f.Notes, Note{Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

// count returns how many notes of kind the file has.
func (f *File) count(kind Kind) int {
	n := 0
	for _, note := range f.Notes {
		if note.Kind == kind {
			n++
		}
	}
	return n
}

// Result is the outcome of one import run.
type Result struct {
	Files  []*File
	DryRun bool
}

// Failed reports whether some file could not be read or written.
func (r *Result) Failed() bool {
	for _, f := range r.Files {
		if f.Err != nil {
			return true
		}
	}
	return false
}

// WriteText prints the report: for each file where it went, then one line per note as
// 文件:行: 类别：说明, and a summary.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	var written, incomplete, failed, removed, warnings int
	for _, f := range r.Files {
		switch {
		case f.Err != nil:
			failed++
			fmt.Fprintf(&b, "%s：未能导入：%v\n", f.Source, f.Err)
		case f.Target == "":
			fmt.Fprintf(&b, "%s：已跳过\n", f.Source)
		default:
			verb := "→"
			if r.DryRun {
				verb = "→（试运行，未写入）"
			}
			fmt.Fprintf(&b, "%s %s %s（编码 %s）\n", f.Source, verb, f.Target, f.Encoding)
		}
		for _, n := range f.Notes {
			if n.Line > 0 {
				fmt.Fprintf(&b, "  %s:%d: %s：%s\n", f.Source, n.Line, n.Kind, n.Msg)
			} else {
				fmt.Fprintf(&b, "  %s: %s：%s\n", f.Source, n.Kind, n.Msg)
			}
		}
		if f.Err == nil && f.Target != "" {
			if f.Written || r.DryRun {
				written++
			}
			if f.count(Missing) > 0 {
				incomplete++
			}
		}
		removed += f.count(Removed)
		warnings += f.count(Warning)
	}
	verb := "写入"
	if r.DryRun {
		verb = "可写入"
	}
	fmt.Fprintf(&b, "共 %d 个文件：%s %d 个，其中 %d 个还需补充信息才能通过检查；未能导入 %d 个；删除 %d 处，提醒 %d 条。",
		len(r.Files), verb, written, incomplete, failed, removed, warnings)
	if r.DryRun {
		b.WriteString("这是试运行，没有写入任何文件。")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
