// Package pathglob matches slash-separated paths against dockguard's `**`
// globs (the configuration's exclude, ignore-paths and ignore-services
// patterns, and --exclude) with github.com/bmatcuk/doublestar/v4.
//
// # Syntax
//
// doublestar's: `*` is any run of characters and `?` one character, but
// neither crosses a `/`; a segment that is exactly `**` matches zero or
// more whole segments; `[a-z]`, `[^a-z]` and `[!a-z]` are classes; `{a,b}`
// is either alternative; `\` escapes the next character. Matching is
// case-sensitive.
//
// On top of it, two things users expect from path filters: a leading
// "./", a trailing "/" and empty or "." segments are ignored on both sides
// ("testdata/" matches the directory "testdata"), and a pattern ending in
// `/**` also matches the directory itself ("build*/**" matches "build").
// A malformed pattern (an unclosed class or brace) matches nothing, and
// Check rejects it up front.
package pathglob

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Glob is a checked pattern, for matching many names.
type Glob struct {
	pat string // cleaned
	dir string // pat without its trailing "/**", else ""
}

// Compile checks pattern and prepares it for matching.
func Compile(pattern string) (*Glob, error) {
	if strings.TrimSpace(pattern) == "" {
		return nil, fmt.Errorf("empty glob pattern")
	}
	p := clean(pattern)
	if !doublestar.ValidatePattern(p) {
		return nil, fmt.Errorf("bad glob pattern %q: %v", pattern, doublestar.ErrBadPattern)
	}
	g := &Glob{pat: p}
	if d, ok := strings.CutSuffix(p, "/**"); ok {
		g.dir = d
	}
	return g, nil
}

// Check reports an empty or malformed pattern.
func Check(pattern string) error {
	_, err := Compile(pattern)
	return err
}

// Match reports whether the slash-separated path name matches pattern.
// A malformed pattern matches nothing.
func Match(pattern, name string) bool {
	g, err := Compile(pattern)
	return err == nil && g.Match(name)
}

// Match reports whether the slash-separated path name matches g.
func (g *Glob) Match(name string) bool {
	name = clean(name)
	return doublestar.MatchUnvalidated(g.pat, name) || (g.dir != "" && doublestar.MatchUnvalidated(g.dir, name))
}

// HasSlash reports whether the pattern names a path rather than a base
// name (discovery matches slash-free patterns against base names too).
func (g *Glob) HasSlash() bool { return strings.Contains(g.pat, "/") }

// clean drops a leading "./" or "/", a trailing "/", and empty and "."
// segments, so that "./testdata/" and "testdata" are the same path.
func clean(s string) string {
	segs := strings.Split(s, "/")
	out := segs[:0]
	for _, seg := range segs {
		if seg != "" && seg != "." {
			out = append(out, seg)
		}
	}
	return strings.Join(out, "/")
}
