package config

import (
	"fmt"
	"path"
	"strings"
)

// MatchGlob reports whether the slash-separated path name matches pattern.
//
// Each slash-separated segment of pattern is matched against one segment of
// name with path.Match semantics (`*`, `?`, `[a-z]`, `\` escapes; none of
// them crosses a `/`), except that a segment that is exactly `**` matches
// zero or more whole segments. A leading "./" and a trailing "/" are
// ignored on both sides, so "testdata/" matches the directory "testdata".
// Matching is case-sensitive. A malformed pattern matches nothing; use
// CheckGlob to reject it up front.
func MatchGlob(pattern, name string) bool {
	return matchSegments(splitGlob(pattern), splitGlob(name))
}

// CheckGlob reports a malformed pattern (an unclosed `[` or a trailing `\`).
func CheckGlob(pattern string) error {
	if strings.TrimSpace(pattern) == "" {
		return fmt.Errorf("empty glob pattern")
	}
	for _, seg := range splitGlob(pattern) {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad glob pattern %q: %v", pattern, err)
		}
	}
	return nil
}

// Glob is a checked, pre-split pattern, for matching many names.
type Glob struct {
	pattern string
	segs    []string
}

// CompileGlob checks pattern and splits it once.
func CompileGlob(pattern string) (*Glob, error) {
	if err := CheckGlob(pattern); err != nil {
		return nil, err
	}
	return &Glob{pattern: pattern, segs: splitGlob(pattern)}, nil
}

// Match is MatchGlob(g's pattern, name).
func (g *Glob) Match(name string) bool { return matchSegments(g.segs, splitGlob(name)) }

// HasSlash reports whether the pattern names a path (has a `/` inside it)
// rather than a base name.
func (g *Glob) HasSlash() bool { return len(g.segs) > 1 }

func (g *Glob) String() string { return g.pattern }

// splitGlob splits a slash path into segments, dropping "." segments, empty
// segments (from "a//b" or a trailing "/") and a leading "./".
func splitGlob(s string) []string {
	segs := make([]string, 0, strings.Count(s, "/")+1)
	for s != "" {
		i := strings.IndexByte(s, '/')
		var seg string
		if i < 0 {
			seg, s = s, ""
		} else {
			seg, s = s[:i], s[i+1:]
		}
		if seg == "" || seg == "." {
			continue
		}
		if seg == "**" && len(segs) > 0 && segs[len(segs)-1] == "**" {
			continue // "**/**" is "**"
		}
		segs = append(segs, seg)
	}
	return segs
}

// matchSegments is the classic greedy wildcard match with one backtrack
// point, where "**" is the star and every other pattern segment matches
// exactly one name segment. It runs in O(len(pat)*len(name)).
func matchSegments(pat, name []string) bool {
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pat) && pat[p] == "**":
			star, mark = p, n
			p++
		case p < len(pat) && matchSegment(pat[p], name[n]):
			p++
			n++
		case star >= 0:
			mark++
			p, n = star+1, mark
		default:
			return false
		}
	}
	for p < len(pat) && pat[p] == "**" {
		p++
	}
	return p == len(pat)
}

func matchSegment(pat, seg string) bool {
	ok, err := path.Match(pat, seg)
	return ok && err == nil
}
