package suppress

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// Reasons a directive attaches to nothing.
const (
	whyBlank = "a blank line separates it from the line below"
	whyEOF   = "nothing follows it"
)

// trimBlank removes trailing spaces and tabs.
func trimBlank(s string) string { return strings.TrimRight(s, " \t") }

// heredoc is a pending heredoc body: its terminator and whether leading
// tabs are stripped (<<-).
type heredoc struct {
	name  string
	chomp bool
}

// scanDockerfile finds full-line comments the way BuildKit reads the
// file (parser directives, line continuations with the escape character,
// heredoc bodies) and the first line of the instruction covering each line.
func scanDockerfile(f *source.File) ([]comment, []int) {
	n := f.NumLines()
	starts := make([]int, n)
	var cs []comment
	escape := byte('\\')
	inDirectives := true // parser directives are only read at the top
	inCont := false      // the previous instruction line ended with the escape
	cur := 0             // first line of the current instruction, 0 = none
	keyword := ""
	var pending []heredoc // heredocs opened by the current instruction
	inBodies := false
	for ln := 1; ln <= n; ln++ {
		line := f.Line(ln)
		if inBodies {
			starts[ln-1] = cur
			body := line
			if pending[0].chomp {
				body = strings.TrimLeft(body, "\t")
			}
			if body == pending[0].name {
				pending = pending[1:]
				if len(pending) == 0 {
					inBodies, cur = false, 0
				}
			}
			continue
		}
		t := strings.TrimLeft(line, " \t")
		if inDirectives {
			if k, v, ok := parserDirective(t); ok {
				if k == "escape" && (v == "`" || v == "\\") {
					escape = v[0]
				}
				continue
			}
			inDirectives = false
		}
		switch {
		case t == "":
			if inCont { // BuildKit skips empty lines inside a continuation
				starts[ln-1] = cur
			}
			continue
		case t[0] == '#':
			c := comment{line: ln, start: len(line) - len(t), text: trimBlank(t)}
			if inCont {
				starts[ln-1] = cur
				c.target = cur
			}
			cs = append(cs, c)
			continue
		}
		if !inCont {
			cur = ln
			keyword = strings.ToUpper(firstWord(t))
		}
		starts[ln-1] = cur
		if keyword == "RUN" || keyword == "COPY" || keyword == "ADD" {
			pending = appendHeredocs(pending, t)
		}
		tt := trimBlank(t)
		inCont = len(tt) > 0 && tt[len(tt)-1] == escape
		if !inCont {
			if len(pending) > 0 {
				inBodies = true
			} else {
				cur = 0
			}
		}
	}
	attach(f, cs, func(ln int) int {
		if ln <= n && starts[ln-1] > 0 {
			return starts[ln-1]
		}
		return ln
	})
	return cs, starts
}

// attach sets the target of full-line comments that have none yet: the
// next line that is neither blank nor a comment, unless a blank line or
// the end of the file comes first. isComment lines are those in cs.
func attach(f *source.File, cs []comment, lineTarget func(int) int) {
	n := f.NumLines()
	isComment := make(map[int]bool, len(cs))
	for _, c := range cs {
		if strings.TrimSpace(f.Line(c.line)[:c.start]) == "" {
			isComment[c.line] = true
		}
	}
	// next[ln] is the target of a full-line comment on line ln-1 (0 with
	// why[ln] when none), computed from the end in one pass.
	next := make([]int, n+2)
	why := make([]string, n+2)
	why[n+1] = whyEOF
	for ln := n; ln >= 1; ln-- {
		switch {
		case isComment[ln]:
			next[ln], why[ln] = next[ln+1], why[ln+1]
		case strings.TrimSpace(f.Line(ln)) == "":
			why[ln] = whyBlank
		default:
			next[ln] = lineTarget(ln)
		}
	}
	for i := range cs {
		c := &cs[i]
		if c.target != 0 || !isComment[c.line] || c.line > n {
			continue
		}
		c.target, c.why = next[c.line+1], why[c.line+1]
	}
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// parserDirective reads `# key=value` (BuildKit parser directive syntax).
func parserDirective(t string) (key, value string, ok bool) {
	if !strings.HasPrefix(t, "#") {
		return "", "", false
	}
	s := strings.TrimLeft(t[1:], " \t")
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", "", false
	}
	key = strings.TrimRight(s[:eq], " \t")
	for i := 0; i < len(key); i++ {
		c := key[i] | 0x20
		if !(c >= 'a' && c <= 'z' || i > 0 && key[i] >= '0' && key[i] <= '9') {
			return "", "", false
		}
	}
	return strings.ToLower(key), strings.TrimSpace(s[eq+1:]), true
}

// appendHeredocs adds the heredocs a line of a RUN/COPY/ADD opens
// (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`; not `<<<`).
func appendHeredocs(hs []heredoc, line string) []heredoc {
	for _, w := range strings.Fields(line) {
		i := strings.Index(w, "<<")
		if i < 0 {
			continue
		}
		if strings.Trim(w[:i], "0123456789") != "" {
			continue
		}
		rest := w[i+2:]
		chomp := strings.HasPrefix(rest, "-")
		if chomp {
			rest = rest[1:]
		}
		if strings.ContainsRune(rest, '<') {
			continue
		}
		if len(rest) >= 2 && (rest[0] == '"' || rest[0] == '\'') && rest[len(rest)-1] == rest[0] {
			rest = rest[1 : len(rest)-1]
		}
		if rest == "" || strings.ContainsAny(rest, "\"'") {
			continue
		}
		hs = append(hs, heredoc{name: rest, chomp: chomp})
	}
	return hs
}

// span is a byte range [start, end) of the file that is scalar text.
type span struct{ start, end int }

// scanYAML finds the comments of a YAML file: a `#` at the start of a line
// or after a blank, outside quoted and block scalars.
func scanYAML(f *source.File) []comment {
	masks, wholeLines, ok := yamlMasks(f)
	var cs []comment
	n := f.NumLines()
	for ln := 1; ln <= n; ln++ {
		if wholeLines[ln] {
			continue
		}
		line := f.Line(ln)
		base := f.Offset(source.Pos{Line: ln, Col: 1})
		first := len(line) - len(strings.TrimLeft(line, " \t"))
		for i := first; i < len(line); i++ {
			if line[i] != '#' || (i > 0 && line[i-1] != ' ' && line[i-1] != '\t') {
				continue
			}
			full := i == first
			if !ok && !full {
				break // not valid YAML: only trust full-line comments
			}
			if inSpans(masks, base+i) {
				continue
			}
			c := comment{line: ln, start: i, text: trimBlank(line[i:])}
			if !full {
				c.target = ln
			}
			cs = append(cs, c)
			break
		}
	}
	attach(f, cs, func(ln int) int { return ln })
	return cs
}

func inSpans(spans []span, off int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].end > off })
	return i < len(spans) && spans[i].start <= off
}

// yamlMasks parses the file and returns the byte spans of quoted scalars
// and the lines inside block scalars. ok is false when the file is not
// valid YAML.
func yamlMasks(f *source.File) (spans []span, lines map[int]bool, ok bool) {
	lines = map[int]bool{}
	defer func() {
		if r := recover(); r != nil {
			spans, lines, ok = nil, map[int]bool{}, false
		}
	}()
	l, err := yaml.NewLoader(bytes.NewReader(f.Content))
	if err != nil {
		return nil, lines, false
	}
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if n.Kind == yaml.ScalarNode && n.Line > 0 {
			switch {
			case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
				if s, ok := quotedSpan(f, n); ok {
					spans = append(spans, s)
				}
			case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
				blockLines(f, n.Line, lines)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for {
		var doc yaml.Node
		err := l.Load(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, map[int]bool{}, false
		}
		walk(&doc)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	return spans, lines, true
}

// quotedSpan finds the bytes of a quoted scalar from its node position
// (which may point at a tag or anchor before the quote).
func quotedSpan(f *source.File, n *yaml.Node) (span, bool) {
	q := byte('"')
	if n.Style&yaml.SingleQuotedStyle != 0 {
		q = '\''
	}
	c := f.Content
	i := f.Offset(source.Pos{Line: n.Line, Col: n.Column})
	for i < len(c) && c[i] != q {
		if c[i] == '\n' { // the quote is on the node's line
			return span{}, false
		}
		i++
	}
	if i >= len(c) {
		return span{}, false
	}
	start := i
	for i++; i < len(c); i++ {
		switch {
		case q == '"' && c[i] == '\\':
			i++
		case c[i] == q:
			if q == '\'' && i+1 < len(c) && c[i+1] == '\'' {
				i++
				continue
			}
			return span{start, i + 1}, true
		}
	}
	return span{start, len(c)}, true
}

// blockLines marks the content lines of a block scalar whose indicator
// (`|`, `>`) is on line ind: the following lines indented at least as
// much as the first non-blank one, provided that is more than the
// indicator line's indentation; blank lines in between count too.
func blockLines(f *source.File, ind int, lines map[int]bool) {
	n := f.NumLines()
	parent := indent(f.Line(ind))
	content := -1
	var blanks []int
	for ln := ind + 1; ln <= n; ln++ {
		line := f.Line(ln)
		if strings.TrimSpace(line) == "" {
			blanks = append(blanks, ln)
			continue
		}
		in := indent(line)
		if content < 0 {
			if in <= parent {
				return
			}
			content = in
		}
		if in < content {
			return
		}
		for _, b := range blanks {
			lines[b] = true
		}
		blanks = blanks[:0]
		lines[ln] = true
	}
}

func indent(s string) int {
	return len(s) - len(strings.TrimLeft(s, " "))
}
