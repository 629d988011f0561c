// Package fix applies the fixes that rules attach to findings: byte edits
// at known ranges of the files as written, never a re-serialised file, so
// comments, anchors, quoting and indentation stay as they are. It also
// renders the edits as a unified diff.
package fix

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Level says which fixes to apply.
type Level int

const (
	None      Level = iota
	Safe            // --fix: fixes that cannot change what the image or service does
	Hardening       // --fix=hardening: safe and hardening fixes
)

// ParseLevel reads the value of --fix: "" or "safe", or "hardening".
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "safe", "true":
		return Safe, nil
	case "hardening", "all":
		return Hardening, nil
	case "false", "none":
		return None, nil
	}
	return None, fmt.Errorf("unknown fix level %q (want safe or hardening)", s)
}

// Wants reports whether fixes of class c are applied at level l.
func (l Level) Wants(c finding.FixClass) bool {
	switch l {
	case Safe:
		return c == finding.FixSafe
	case Hardening:
		return true
	}
	return false
}

// Applied is a finding whose fix was applied.
type Applied struct{ Finding finding.Finding }

// Skipped is a finding whose fix was not applied, and why.
type Skipped struct {
	Finding finding.Finding
	Reason  string
	// Conflict: the fix overlaps a fix applied before it; it may apply
	// once the file is linted again.
	Conflict bool
}

// Result is what Apply did: the new content of every changed file, and
// the edits made to each (in byte offsets of the original content).
type Result struct {
	Files   map[string][]byte // path -> new content; only changed files
	Edits   map[string][]ByteEdit
	Applied []Applied
	Skipped []Skipped
}

// ByteEdit is an edit resolved to byte offsets [Start, End) of the original file.
type ByteEdit struct {
	Start, End int
	NewText    string
}

// Apply applies the fixes of findings (in their order) whose class level
// wants. read returns a file's content by the path findings use. A fix is
// applied whole or not at all: one whose edits overlap an edit already
// taken is skipped (Conflict), as is one whose ranges fall outside its
// file or whose file cannot be read. An edit equal to one already taken
// (two findings with the same fix) is not applied twice.
func Apply(findings []finding.Finding, level Level, read func(path string) ([]byte, error)) *Result {
	res := &Result{Files: map[string][]byte{}, Edits: map[string][]ByteEdit{}}
	srcs := map[string]*source.File{}
	readErr := map[string]error{}
	get := func(path string) (*source.File, error) {
		if f, ok := srcs[path]; ok {
			return f, nil
		}
		if err, ok := readErr[path]; ok {
			return nil, err
		}
		b, err := read(path)
		if err != nil {
			readErr[path] = err
			return nil, err
		}
		f := source.NewFile(path, b)
		srcs[path] = f
		return f, nil
	}
	taken := map[string][]ByteEdit{}
	for _, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 || !level.Wants(f.Fix.Class) {
			continue
		}
		if f.Path == "" || f.Path == "-" {
			res.Skipped = append(res.Skipped, Skipped{Finding: f, Reason: "standard input cannot be fixed in place"})
			continue
		}
		type pending struct {
			path string
			e    ByteEdit
		}
		var edits []pending
		reason := ""
		conflict := false
		for _, ed := range f.Fix.Edits {
			path := cmp.Or(ed.Path, f.Path)
			src, err := get(path)
			if err != nil {
				reason = fmt.Sprintf("cannot read %s: %v", path, err)
				break
			}
			be, ok := resolve(src, ed)
			if !ok {
				reason = fmt.Sprintf("its edit at %s of %s is outside the file", ed.Range.Start, path)
				break
			}
			edits = append(edits, pending{path, be})
		}
		if reason == "" {
			for i, p := range edits {
				if other, ok := overlaps(taken[p.path], p.e); ok {
					reason = fmt.Sprintf("its edit of %s overlaps another fix's edit at byte %d", p.path, other.Start)
					conflict = true
					break
				}
				for _, q := range edits[:i] {
					if q.path == p.path && overlapping(q.e, p.e) {
						reason = "its own edits overlap"
					}
				}
			}
		}
		if reason != "" {
			res.Skipped = append(res.Skipped, Skipped{Finding: f, Reason: reason, Conflict: conflict})
			continue
		}
		for _, p := range edits {
			if !slices.Contains(taken[p.path], p.e) {
				taken[p.path] = append(taken[p.path], p.e)
			}
		}
		res.Applied = append(res.Applied, Applied{Finding: f})
	}
	for path, edits := range taken {
		src := srcs[path]
		sorted := slices.Clone(edits)
		// Insertions at one point go in the order of their text (for
		// compose keys added to one service, the alphabetical order
		// dclint's key order wants).
		slices.SortStableFunc(sorted, func(a, b ByteEdit) int {
			if c := cmp.Compare(a.Start, b.Start); c != 0 {
				return c
			}
			if a.Start == a.End && b.Start == b.End {
				return cmp.Compare(a.NewText, b.NewText)
			}
			return cmp.Compare(a.End, b.End)
		})
		var out strings.Builder
		at := 0
		for _, e := range sorted {
			out.Write(src.Content[at:e.Start])
			out.WriteString(e.NewText)
			at = max(at, e.End)
		}
		out.Write(src.Content[at:])
		res.Files[path] = []byte(out.String())
		res.Edits[path] = sorted
	}
	return res
}

// resolve turns an edit's range into byte offsets of src.
func resolve(src *source.File, ed finding.Edit) (ByteEdit, bool) {
	r := ed.Range
	if !r.Start.IsValid() || r.Start.Col < 1 {
		return ByteEdit{}, false
	}
	end := r.End
	if !end.IsValid() || end.Col < 1 {
		end = r.Start
	}
	if end.Before(r.Start) || r.Start.Line > src.NumLines()+1 || end.Line > src.NumLines()+1 {
		return ByteEdit{}, false
	}
	s, e := src.Offset(r.Start), src.Offset(end)
	if e < s {
		return ByteEdit{}, false
	}
	return ByteEdit{Start: s, End: e, NewText: ed.NewText}, true
}

// overlapping reports whether two edits touch the same bytes: their
// ranges share a byte, or one inserts inside the other's range or at one
// of its ends (inserting "127.0.0.1:" at the start of a port that another
// fix replaces with its quoted form would land outside the quotes). Two
// insertions at one point do not overlap (both apply, in order).
func overlapping(a, b ByteEdit) bool {
	if a == b {
		return false
	}
	if a.Start == a.End && b.Start == b.End {
		return false
	}
	if a.Start == a.End {
		return insertTouches(a, b)
	}
	if b.Start == b.End {
		return insertTouches(b, a)
	}
	return a.Start < b.End && b.Start < a.End
}

// insertTouches reports whether insertion ins lands inside or at an end
// of replacement r, unless it is a line of its own there (it starts with a
// line break at r's end, or ends with one at r's start), which cannot run
// into r's new text.
func insertTouches(ins, r ByteEdit) bool {
	p := ins.Start
	switch {
	case p < r.Start || p > r.End:
		return false
	case p == r.End && strings.HasPrefix(ins.NewText, "\n") || strings.HasPrefix(ins.NewText, "\r\n") && p == r.End:
		return false
	case p == r.Start && strings.HasSuffix(ins.NewText, "\n"):
		return false
	}
	return true
}

func overlaps(list []ByteEdit, e ByteEdit) (ByteEdit, bool) {
	for _, o := range list {
		if overlapping(o, e) {
			return o, true
		}
	}
	return ByteEdit{}, false
}
