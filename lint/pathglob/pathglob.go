// Package pathglob matches slash-separated paths against dockguard's `**`
// globs (the configuration's exclude, ignore-paths and ignore-services
// patterns, and --exclude). Matching is done by
// github.com/bmatcuk/doublestar/v4; this package only pins the syntax
// down to what dockguard documents.
//
// # Syntax
//
// Each slash-separated segment of a pattern is matched against one segment
// of the name with path.Match syntax: `*` (any run of characters), `?` (one
// character), `[a-z]` and `[^a-z]` (a class), `\` (escapes the next
// character); none of them crosses a `/`. A segment that is exactly `**`
// matches zero or more whole segments; `**` inside a segment is `*`.
// A pattern ending in `/**` also matches the directory itself
// ("testdata/**" matches "testdata").
//
// A leading "./", a trailing "/", empty segments ("a//b") and "." segments
// are ignored on both sides, so "testdata/" matches the directory
// "testdata". Matching is case-sensitive.
//
// Unlike doublestar's own syntax, `{` and `}` are ordinary characters (no
// `{a,b}` alternatives) and `[!a]` is the class of `!` and `a` (as in
// path.Match; negate with `[^a]`); no class matches a `/`, and a reversed
// range such as `z-a` matches nothing. A pattern with an unclosed or
// empty class, a `/` inside a class or a `\` before a `/` or at the end is
// malformed; it matches nothing, and Check rejects it up front. (A `-`
// first or last in a class is a plain `-`; path.Match rejects it.)
package pathglob

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// Glob is a checked pattern, for matching many names.
type Glob struct {
	pat        string // cleaned and translated to doublestar syntax
	dir        string // pat without a trailing "/**", else ""
	hasSlash   bool
	matchEmpty bool // the pattern is only `**` segments (or none)
	never      bool // a class in the pattern matches nothing
}

// Compile checks pattern and prepares it for matching.
func Compile(pattern string) (*Glob, error) {
	if strings.TrimSpace(pattern) == "" {
		return nil, fmt.Errorf("empty glob pattern")
	}
	g, ok := compile(pattern)
	if !ok {
		return nil, fmt.Errorf("bad glob pattern %q: %v", pattern, doublestar.ErrBadPattern)
	}
	return g, nil
}

// Check reports an empty or malformed pattern (an unclosed or empty `[`
// class, a trailing `\`, a `/` inside a class or after a `\`).
func Check(pattern string) error {
	_, err := Compile(pattern)
	return err
}

// Match reports whether the slash-separated path name matches pattern.
// A malformed pattern matches nothing.
func Match(pattern, name string) bool {
	g, ok := compile(pattern)
	return ok && g.Match(name)
}

// Match reports whether the slash-separated path name matches g.
func (g *Glob) Match(name string) bool {
	if g.never {
		return false
	}
	name = clean(name, false)
	if name == "" {
		// doublestar lets `*` match an empty name; a segment pattern needs
		// a segment.
		return g.matchEmpty
	}
	// "x/**" matches the directory x too. doublestar knows that for a
	// literal x, but not when x ends in a wildcard ("build*/**").
	return doublestar.MatchUnvalidated(g.pat, name) || g.dir != "" && doublestar.MatchUnvalidated(g.dir, name)
}

// HasSlash reports whether the pattern names a path (has a `/` inside it)
// rather than a base name.
func (g *Glob) HasSlash() bool { return g.hasSlash }

func compile(pattern string) (*Glob, bool) {
	pat := clean(pattern, true)
	tr, never, ok := translate(pat)
	if !ok || !doublestar.ValidatePattern(tr) {
		return nil, false
	}
	if never {
		return &Glob{hasSlash: strings.Contains(pat, "/"), never: true}, true
	}
	dir, _ := strings.CutSuffix(tr, "/**")
	if dir == tr {
		dir = ""
	}
	return &Glob{
		pat:        tr,
		dir:        dir,
		hasSlash:   strings.Contains(pat, "/"),
		matchEmpty: pat == "" || pat == "**",
	}, true
}

// clean drops empty and "." segments (so a leading "./", a trailing "/"
// and "a//b"); in a pattern it also folds "**/**" into "**".
func clean(s string, pattern bool) string {
	if !needsClean(s, pattern) {
		return s
	}
	segs := strings.Split(s, "/")
	out := segs[:0]
	for _, seg := range segs {
		if seg == "" || seg == "." || pattern && seg == "**" && len(out) > 0 && out[len(out)-1] == "**" {
			continue
		}
		out = append(out, seg)
	}
	return strings.Join(out, "/")
}

func needsClean(s string, pattern bool) bool {
	if s == "" {
		return false
	}
	prev := ""
	for {
		seg, rest, more := strings.Cut(s, "/")
		if seg == "" || seg == "." || pattern && seg == "**" && prev == "**" {
			return true
		}
		if !more {
			return false
		}
		prev, s = seg, rest
	}
}

// translate rewrites a cleaned pattern into doublestar syntax so that it
// means what path.Match per segment means: `{` and `}` are escaped, a run
// of stars is one `*` unless it is a whole `**` segment, and classes are
// rewritten (see class). never is true when a class can match nothing.
// ok is false for a `\` before a `/` or at the end, or a bad class.
func translate(p string) (tr string, never, ok bool) {
	if !strings.ContainsAny(p, "{}[\\") && !strings.Contains(p, "**") {
		return p, false, true
	}
	out := make([]byte, 0, len(p)+8)
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '\\':
			if i+1 == len(p) || p[i+1] == '/' {
				return "", false, false
			}
			out = append(out, p[i:i+2]...)
			i++
		case '[':
			var n int
			var none bool
			if out, n, none, ok = class(out, p[i:]); !ok {
				return "", false, false
			}
			never = never || none
			i += n - 1
		case '{', '}':
			out = append(out, '\\', c)
		case '*':
			j := i
			for j < len(p) && p[j] == '*' {
				j++
			}
			if j-i == 2 && (i == 0 || p[i-1] == '/') && (j == len(p) || p[j] == '/') {
				out = append(out, "**"...)
			} else {
				out = append(out, '*')
			}
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return string(out), never, true
}

// class appends the class that p starts with to out, rewritten so that
// doublestar reads it as path.Match does and it never matches a `/`:
// every character is escaped (so `[!a]` is not negated, as in
// path.Match), a negated class gets a `/-/` range first (doublestar lets
// `[^a]` match `/`), a range across `/` (`+-1`) is split around it, and a
// reversed range (`z-a`) is dropped (path.Match matches nothing with it,
// doublestar its first character). It returns the class's length in p,
// and never when the class matches nothing (only reversed ranges).
// ok is false for an unclosed or empty class, or a `/` in it.
func class(out []byte, p string) (_ []byte, n int, never, ok bool) {
	i, negated := 1, strings.HasPrefix(p[1:], "^")
	out = append(out, '[')
	if negated {
		out = append(out, "^/-/"...)
		i++
	}
	// char reads one character (c or \c) at p[i] and escapes it.
	char := func() (string, rune, bool) {
		if p[i] == '\\' {
			i++
		}
		if i == len(p) {
			return "", 0, false
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		return "\\" + p[i-size:i], r, r != '/'
	}
	kept, dropped := 0, 0
	for i < len(p) {
		if p[i] == ']' {
			switch {
			case kept+dropped == 0:
				return nil, 0, false, false
			case kept == 0 && !negated:
				never = true
				out = append(out, "/-/"...) // for the syntax only
			}
			return append(out, ']'), i + 1, never, true
		}
		lo, lr, ok := char()
		if !ok {
			return nil, 0, false, false
		}
		if i+1 < len(p) && p[i] == '-' && p[i+1] != ']' {
			i++
			hi, hr, ok := char()
			switch {
			case !ok:
				return nil, 0, false, false
			case hr < lr:
				dropped++
				continue
			case lr < '/' && hr > '/':
				hi = ".0-" + hi
			}
			lo += "-" + hi
		}
		out = append(out, lo...)
		kept++
	}
	return nil, 0, false, false
}
