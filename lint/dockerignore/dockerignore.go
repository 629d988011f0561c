// Package dockerignore reads a build context's ignore file (.dockerignore,
// or <Dockerfile>.dockerignore beside the Dockerfile) and answers which
// context paths it excludes, with BuildKit's own matcher
// (github.com/moby/patternmatcher), so that the answers are the ones
// `docker build` gives.
package dockerignore

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
	"sync"

	"github.com/moby/patternmatcher"

	"github.com/dockguard/dockguard/lint/source"
)

// Pattern is one line of an ignore file, normalised as BuildKit does
// (ignorefile.ReadAll): trimmed, cleaned, leading "/" removed.
type Pattern struct {
	Text      string // without the leading "!"
	Exclusion bool   // a "!" line: re-includes what earlier lines excluded
	Line      int    // 1-based line in the file

	m *patternmatcher.PatternMatcher // this pattern alone (for Match)
}

// File is a parsed ignore file.
type File struct {
	Path     string
	Source   *source.File
	Patterns []Pattern

	mu sync.Mutex // the matcher is not safe for concurrent use
	m  *patternmatcher.PatternMatcher
}

// Parse reads an ignore file. A pattern the matcher rejects (a lone "!",
// a malformed character class) is an error, as it is for `docker build`.
func Parse(path string, content []byte) (*File, error) {
	f := &File{Path: path, Source: source.NewFile(path, content)}
	var texts []string
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 0, 64*1024), len(content)+1)
	line := 0
	for sc.Scan() {
		b := sc.Bytes()
		if line == 0 {
			b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
		}
		line++
		p := string(b)
		if strings.HasPrefix(p, "#") {
			continue
		}
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		invert := p[0] == '!'
		if invert {
			p = strings.TrimSpace(p[1:])
		}
		if p != "" {
			p = filepath.ToSlash(filepath.Clean(p))
			if len(p) > 1 && p[0] == '/' {
				p = p[1:]
			}
		}
		f.Patterns = append(f.Patterns, Pattern{Text: p, Exclusion: invert, Line: line})
		if invert {
			p = "!" + p
		}
		texts = append(texts, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	m, err := patternmatcher.New(texts)
	if err != nil {
		return nil, err
	}
	f.m = m
	for i := range f.Patterns {
		if !f.Patterns[i].Exclusion {
			if f.Patterns[i].m, err = patternmatcher.New([]string{f.Patterns[i].Text}); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// HasExclusions reports whether the file has "!" lines. BuildKit's
// CopyIgnoredFile check does not judge such files.
func (f *File) HasExclusions() bool { return f.m.Exclusions() }

// Excludes reports whether the context path p (slash-separated, relative
// to the context root) is left out of the build context, because it or
// one of its parent directories matches.
func (f *File) Excludes(p string) bool {
	p = filepath.ToSlash(filepath.Clean(strings.TrimPrefix(p, "/")))
	if p == "" || p == "/" {
		p = "."
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ok, err := f.m.MatchesOrParentMatches(filepath.FromSlash(p))
	return err == nil && ok
}

// RootIgnored reports whether a pattern excludes every entry of the
// context root (`*`, `**`, `**/*`), which BuildKit treats as ignoring
// the sources "." and "/".
func (f *File) RootIgnored() bool {
	for _, p := range f.Patterns {
		if p.Exclusion {
			continue
		}
		switch p.Text {
		case "*", "**", "**/*":
			return true
		}
	}
	return false
}

// Match returns the last pattern that decides p's fate (the line a
// finding can point to), or nil when p is not excluded.
func (f *File) Match(p string) *Pattern {
	if !f.Excludes(p) {
		return nil
	}
	p = filepath.ToSlash(filepath.Clean(strings.TrimPrefix(p, "/")))
	if p == "" || p == "/" {
		p = "."
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.Patterns) - 1; i >= 0; i-- {
		pt := &f.Patterns[i]
		if pt.Exclusion || pt.m == nil {
			continue
		}
		if ok, err := pt.m.MatchesOrParentMatches(filepath.FromSlash(p)); err == nil && ok {
			return pt
		}
	}
	return nil
}

// LineRange is the range of line n of the file (a pattern's line).
func (f *File) LineRange(n int) source.Range { return f.Source.LineSpan(n) }
