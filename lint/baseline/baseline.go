// Package baseline reads and writes the baseline file
// (.dockguard-baseline.json): the findings a project has accepted for now,
// so that a run reports only what is new. Entries are matched by the
// findings' fingerprints (the ones SARIF's partialFingerprints carry),
// which hold the rule, the file, the text of the offending line and an
// occurrence count, never a line number: editing above a finding keeps it
// matched. Entries that match no finding any more are stale, reported so
// that the file shrinks.
package baseline

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/internal/fileread"

	"github.com/dockguard/dockguard/lint/finding"
)

// FileName is the baseline's default name, in the root.
const FileName = ".dockguard-baseline.json"

// Version is the version of the file's format.
const Version = 1

// Entry is one accepted finding.
type Entry struct {
	RuleID      string `json:"rule_id"`
	Path        string `json:"path"` // relative to the root, with forward slashes
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message,omitempty"` // for readers; not matched
	// Line is the line of the entry in the baseline file (not written).
	Line int `json:"-"`
}

// File is a baseline.
type File struct {
	Version int     `json:"version"`
	Tool    string  `json:"tool,omitempty"`
	Entries []Entry `json:"findings"`
}

// Read loads a baseline file (at most max bytes: a baseline lists one
// line a finding, far less than that) and records the line each entry
// starts on.
func Read(path string, max int64) (*File, error) {
	b, err := fileread.Read(path, max)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads a baseline from its bytes.
func Parse(b []byte) (*File, error) {
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("not a dockguard baseline: %v", err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline version %d is not supported (want %d)", f.Version, Version)
	}
	// Each entry is written on a line of its own: find the lines of the
	// fingerprints, in order.
	at, line := 0, 1
	for i := range f.Entries {
		fp := []byte(`"` + f.Entries[i].Fingerprint + `"`)
		j := bytes.Index(b[at:], fp)
		if f.Entries[i].Fingerprint == "" || j < 0 {
			continue
		}
		line += bytes.Count(b[at:at+j], []byte{'\n'})
		at += j
		f.Entries[i].Line = line
	}
	return &f, nil
}

// FromFindings makes a baseline of findings; rel gives a finding's path
// relative to the root. Findings without a fingerprint are left out.
func FromFindings(fs []finding.Finding, rel func(string) string, tool string) *File {
	f := &File{Version: Version, Tool: tool, Entries: []Entry{}}
	for _, x := range fs {
		if x.Fingerprint == "" {
			continue
		}
		f.Entries = append(f.Entries, Entry{RuleID: x.RuleID, Path: rel(x.Path), Fingerprint: x.Fingerprint, Message: x.Message})
	}
	slices.SortStableFunc(f.Entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.RuleID, b.RuleID), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	f.Entries = slices.CompactFunc(f.Entries, func(a, b Entry) bool { return a.Fingerprint == b.Fingerprint })
	return f
}

// Write writes the baseline as JSON with one entry per line, so that
// diffs of the file are one line per finding and stale entries can be
// pointed at.
func (f *File) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\n  \"version\": %d,\n", f.Version)
	if f.Tool != "" {
		t, _ := json.Marshal(f.Tool)
		fmt.Fprintf(bw, "  \"tool\": %s,\n", t)
	}
	bw.WriteString("  \"findings\": [")
	for i, e := range f.Entries {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		bw.Write(b)
	}
	if len(f.Entries) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// WriteFile writes the baseline to path.
func (f *File) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Match splits findings into those the baseline does not hold (kept) and
// those it does (baselined), and returns the entries no finding matched.
// inScope says whether an entry's file was linted by this run: entries of
// other files are neither matched nor stale.
func (f *File) Match(fs []finding.Finding, inScope func(path string) bool) (kept, baselined []finding.Finding, stale []Entry) {
	if f == nil {
		return fs, nil, nil
	}
	byFP := map[string]int{}
	for i, e := range f.Entries {
		byFP[e.Fingerprint] = i
	}
	used := make([]bool, len(f.Entries))
	for _, x := range fs {
		if i, ok := byFP[x.Fingerprint]; ok && x.Fingerprint != "" {
			used[i] = true
			baselined = append(baselined, x)
			continue
		}
		kept = append(kept, x)
	}
	for i, e := range f.Entries {
		if !used[i] && inScope(e.Path) {
			stale = append(stale, e)
		}
	}
	return kept, baselined, stale
}

// RelPath is path relative to root with forward slashes, or path itself
// (slashed) when it is outside root.
func RelPath(root, path string) string {
	if path == "" || path == "-" {
		return path
	}
	abs := path
	if !filepath.IsAbs(abs) {
		if a, err := filepath.Abs(path); err == nil {
			abs = a
		}
	}
	if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}
