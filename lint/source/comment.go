package source

import "strings"

// Comment is a comment a front end found in a file, with the line it
// applies to. Inline suppressions are read from comments.
type Comment struct {
	Line  int
	Start int    // byte offset of '#' in the line
	Text  string // from '#' to the end of the line, trailing blanks removed
	// Target is the line the comment applies to; 0 when none, and then
	// Detached says why.
	Target   int
	Detached string
}

// Reasons a full-line comment applies to no line.
const (
	DetachedBlank = "a blank line separates it from the line below"
	DetachedEOF   = "nothing follows it"
)

// Attach sets the target of the full-line comments in cs that have none
// yet: the next line that is neither blank nor a comment (mapped through
// lineTarget), unless a blank line or the end of the file comes first.
// Stacked comment lines all attach to the same line.
func Attach(f *File, cs []Comment, lineTarget func(int) int) {
	n := f.NumLines()
	isComment := make(map[int]bool, len(cs))
	for _, c := range cs {
		if strings.TrimSpace(f.Line(c.Line)[:c.Start]) == "" {
			isComment[c.Line] = true
		}
	}
	// next[ln] is the target of a full-line comment on line ln-1 (0 with
	// why[ln] when none), computed from the end in one pass.
	next := make([]int, n+2)
	why := make([]string, n+2)
	why[n+1] = DetachedEOF
	for ln := n; ln >= 1; ln-- {
		switch {
		case isComment[ln]:
			next[ln], why[ln] = next[ln+1], why[ln+1]
		case strings.TrimSpace(f.Line(ln)) == "":
			why[ln] = DetachedBlank
		default:
			next[ln] = lineTarget(ln)
		}
	}
	for i := range cs {
		c := &cs[i]
		if c.Target != 0 || !isComment[c.Line] || c.Line > n {
			continue
		}
		c.Target, c.Detached = next[c.Line+1], why[c.Line+1]
	}
}
