package compose

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// span is a byte range [start, end) of the file that is scalar text.
type span struct{ start, end int }

// Comments finds the comments of a YAML file as the YAML parser sees
// them: a `#` at the start of a line or after a blank, outside quoted and
// block scalars. A comment at the end of a line applies to that line; a
// full-line comment to the next line that is neither blank nor a comment.
// When the file is not valid YAML, only full-line comments are found.
func Comments(f *source.File) []source.Comment {
	masks, wholeLines, ok := yamlMasks(f)
	var cs []source.Comment
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
			c := source.Comment{Line: ln, Start: i, Text: strings.TrimRight(line[i:], " \t")}
			if !full {
				c.Target = ln
			}
			cs = append(cs, c)
			break
		}
	}
	source.Attach(f, cs, func(ln int) int { return ln })
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
