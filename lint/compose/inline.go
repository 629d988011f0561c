package compose

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/source"
)

// InlineDockerfile is a Dockerfile written in a compose file
// (build.dockerfile_inline), for the Dockerfile rules, which the engine
// runs on it and whose findings it places in the compose file with Place.
type InlineDockerfile struct {
	Service string // the first service that builds it
	Path    string // the compose file that writes it
	// File is the Dockerfile as compose builds it (interpolated, with the
	// service's build args); nil when it does not parse, and Err is why.
	File *dockerfile.File
	Err  error

	lines    []inlineLine
	fallback source.Range // the scalar's first line, for what cannot be placed
}

// inlineLine places one line of an inline Dockerfile in the compose file.
type inlineLine struct {
	line, col int // where the line starts in the compose file
	found     bool
	// prefix and suffix are how many runes at the start and the end of the
	// Dockerfile line are written as is in the compose file (all of them
	// unless interpolation changed the line); width is the rune length of
	// the Dockerfile line and written that of the line as written.
	prefix, suffix, width, written int
}

// InlineDockerfiles are the Dockerfiles written in the project's compose
// files, once per place.
func (p *Project) InlineDockerfiles() []*InlineDockerfile { return p.inline }

// Place maps a range of the inline Dockerfile to the compose file. exact
// is false when the place is approximate.
//
// A literal block scalar (`dockerfile_inline: |`, `|-`, `|+`, with any
// indentation) is placed exactly, line by line and column by column, as
// is any other scalar whose lines appear as written in the compose file
// (a one-line plain or quoted scalar, a double-quoted scalar with \n
// escapes). Approximations: on a line that interpolation changed
// (`${VAR}`, `$$`), columns are exact only in the text before and after
// the change, and a position inside it is placed at the start (or, for the
// end of a range, the end) of the line as written; a line that cannot be
// found as written (folded `>` lines, escapes other than \n, interpolation
// that adds lines) is placed at the scalar's first line.
func (d *InlineDockerfile) Place(r source.Range) (source.Range, bool) {
	start, ok1 := d.pos(r.Start, false)
	end, ok2 := d.pos(r.End, true)
	if end.Before(start) {
		end = start
	}
	return source.Range{Start: start, End: end}, ok1 && ok2
}

func (d *InlineDockerfile) pos(p source.Pos, isEnd bool) (source.Pos, bool) {
	if p.Line < 1 || p.Line > len(d.lines) || !d.lines[p.Line-1].found {
		if isEnd {
			return d.fallback.End, false
		}
		return d.fallback.Start, false
	}
	l := d.lines[p.Line-1]
	c := p.Col - 1 // runes before p on its line
	switch {
	case c <= l.prefix:
		return source.Pos{Line: l.line, Col: l.col + c}, true
	case l.width-c <= l.suffix:
		return source.Pos{Line: l.line, Col: l.col + l.written - (l.width - c)}, true
	case isEnd:
		return source.Pos{Line: l.line, Col: l.col + l.written}, false
	default:
		return source.Pos{Line: l.line, Col: l.col}, false
	}
}

// newInline places the Dockerfile text (as compose builds it) of the
// scalar n of f.
func newInline(f *yfile, n *yaml.Node, text string) *InlineDockerfile {
	d := &InlineDockerfile{Path: f.src.Path, fallback: scalarRange(f.src, n)}
	d.fallback.End = source.Pos{Line: d.fallback.Start.Line, Col: d.fallback.End.Col}
	if d.fallback.End.Line != d.fallback.Start.Line || d.fallback.End.Before(d.fallback.Start) {
		d.fallback.End = d.fallback.Start
	}
	built := strings.Split(text, "\n")
	raw := strings.Split(n.Value, "\n")
	sameLines := len(built) == len(raw)
	literal := n.Style&yaml.LiteralStyle != 0
	src := f.src
	cursor := src.Offset(nodePos(n))
	for i, b := range built {
		l := inlineLine{width: utf8.RuneCountInString(b)}
		if !sameLines {
			d.lines = append(d.lines, l)
			continue
		}
		w := raw[i]
		l.written = utf8.RuneCountInString(w)
		if literal {
			// The content of a literal block starts on the line after its
			// indicator; each line is its indentation plus the text.
			line := n.Line + 1 + i
			if text := src.Line(line); strings.HasSuffix(text, w) && strings.Trim(text[:len(text)-len(w)], " ") == "" {
				l.line, l.col, l.found = line, utf8.RuneCountInString(text[:len(text)-len(w)])+1, true
			}
		} else if w != "" {
			if j := strings.Index(string(src.Content[min(cursor, len(src.Content)):]), w); j >= 0 {
				off := cursor + j
				p := src.PosOf(off)
				l.line, l.col, l.found = p.Line, p.Col, true
				cursor = off + len(w)
			}
		}
		l.prefix, l.suffix = commonEnds(b, w)
		d.lines = append(d.lines, l)
	}
	return d
}

// commonEnds counts the runes that a and b share at their start and, in
// what remains, at their end.
func commonEnds(a, b string) (prefix, suffix int) {
	ra, rb := []rune(a), []rune(b)
	for prefix < len(ra) && prefix < len(rb) && ra[prefix] == rb[prefix] {
		prefix++
	}
	for suffix < len(ra)-prefix && suffix < len(rb)-prefix && ra[len(ra)-1-suffix] == rb[len(rb)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}

// node returns the YAML node that supplies path for service, and its file.
func (lc *locator) node(service, path string) (*yfile, *yaml.Node) {
	segs := splitPath(path)
	for _, r := range lc.chain(service) {
		if _, v, ok := walk(r.val, segs); ok {
			return r.f, resolve(v)
		}
	}
	return nil, nil
}
