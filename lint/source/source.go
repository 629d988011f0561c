// Package source holds linted files and 1-based positions inside them.
//
// Lines and columns are 1-based. Columns count Unicode code points (runes)
// from the start of the line, so a tab or a multi-byte character is one
// column; SARIF output declares columnKind "unicodeCodePoints" to match.
package source

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Pos is a position in a file. The zero Pos means "unknown".
type Pos struct {
	Line int // 1-based
	Col  int // 1-based, in runes
}

// IsValid reports whether p names a real position.
func (p Pos) IsValid() bool { return p.Line >= 1 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Before reports whether p comes strictly before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col < q.Col)
}

// Range is a span of text. End is exclusive: it is the position just
// after the last character, as in SARIF's endColumn.
type Range struct {
	Start, End Pos
}

// IsValid reports whether r has a known start.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// LineRange is a range covering whole lines from..to (inclusive), columns unknown.
func LineRange(from, to int) Range {
	return Range{Start: Pos{Line: from, Col: 1}, End: Pos{Line: to, Col: 1}}
}

// Location is a range inside a named file.
type Location struct {
	Path string
	Range
}

// File is the content of one linted file with a line index.
type File struct {
	Path    string // as displayed to the user (relative to the working directory where possible)
	Content []byte
	// lineStarts[i] is the byte offset of line i+1.
	lineStarts []int
}

// NewFile indexes content. A UTF-8 byte order mark is kept in Content but
// does not count as a column on line 1.
func NewFile(path string, content []byte) *File {
	f := &File{Path: path, Content: content}
	f.lineStarts = append(f.lineStarts, 0)
	for i, b := range content {
		if b == '\n' {
			f.lineStarts = append(f.lineStarts, i+1)
		}
	}
	return f
}

// NumLines is the number of lines; a trailing newline does not open a new line.
func (f *File) NumLines() int {
	n := len(f.lineStarts)
	if n > 1 && f.lineStarts[n-1] == len(f.Content) {
		n--
	}
	return n
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// lineBounds returns the byte offsets [start, end) of line n without its
// line terminator (LF or CRLF) and without a leading BOM on line 1.
func (f *File) lineBounds(n int) (int, int, bool) {
	if n < 1 || n > len(f.lineStarts) {
		return 0, 0, false
	}
	start := f.lineStarts[n-1]
	end := len(f.Content)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n] - 1
	}
	if end > start && f.Content[end-1] == '\r' {
		end--
	}
	if n == 1 && bytes.HasPrefix(f.Content[start:end], bom) {
		start += len(bom)
	}
	return start, end, true
}

// Line returns the text of line n (1-based) without its terminator, or "".
func (f *File) Line(n int) string {
	s, e, ok := f.lineBounds(n)
	if !ok {
		return ""
	}
	return string(f.Content[s:e])
}

// Offset converts a position to a byte offset into Content (clamped to the line).
func (f *File) Offset(p Pos) int {
	s, e, ok := f.lineBounds(p.Line)
	if !ok {
		return len(f.Content)
	}
	off := s
	for col := 1; col < p.Col && off < e; col++ {
		_, size := utf8.DecodeRune(f.Content[off:e])
		off += size
	}
	return off
}

// PosOf converts a byte offset into Content to a position.
func (f *File) PosOf(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(f.Content) {
		offset = len(f.Content)
	}
	i := sort.Search(len(f.lineStarts), func(i int) bool { return f.lineStarts[i] > offset }) - 1
	if i < 0 {
		i = 0
	}
	line := i + 1
	s, _, _ := f.lineBounds(line)
	if offset < s { // inside the BOM
		offset = s
	}
	return Pos{Line: line, Col: utf8.RuneCount(f.Content[s:offset]) + 1}
}

// RangeOf converts byte offsets [start, end) to a Range.
func (f *File) RangeOf(start, end int) Range {
	return Range{Start: f.PosOf(start), End: f.PosOf(end)}
}

// LineSpan is the range of the text of line n from its first to its last
// non-blank character; for an empty line it is the line start.
func (f *File) LineSpan(n int) Range {
	s, e, ok := f.lineBounds(n)
	if !ok {
		return Range{Start: Pos{Line: n, Col: 1}, End: Pos{Line: n, Col: 1}}
	}
	for s < e && (f.Content[s] == ' ' || f.Content[s] == '\t') {
		s++
	}
	for e > s && (f.Content[e-1] == ' ' || f.Content[e-1] == '\t') {
		e--
	}
	return f.RangeOf(s, e)
}

// Find returns the range of the first occurrence of word on line n at or
// after column fromCol, and whether it was found.
func (f *File) Find(n, fromCol int, word string) (Range, bool) {
	s, e, ok := f.lineBounds(n)
	if !ok || word == "" {
		return Range{}, false
	}
	from := f.Offset(Pos{Line: n, Col: fromCol})
	if from < s {
		from = s
	}
	i := bytes.Index(f.Content[from:e], []byte(word))
	if i < 0 {
		return Range{}, false
	}
	return f.RangeOf(from+i, from+i+len(word)), true
}
