package dockerfile

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/source"
)

// logical is the joined text of an instruction (continuation lines joined,
// as BuildKit's parser does) with a map from each byte back to the file.
type logical struct {
	text     []byte
	segs     []segment // one per joined line piece, in order
	lastLine int       // last physical line of the joined text (before heredoc bodies)
}

// segment says that text[at:] continues at file offset off.
type segment struct{ at, off int }

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// isWS is BuildKit's reWhitespace class: [\t\v\f\r ].
func isWS(b byte) bool {
	return b == ' ' || b == '\t' || b == '\v' || b == '\f' || b == '\r'
}

// lineBytes returns the text of line n without its terminator (all
// trailing CR removed, as BuildKit's trimNewline does) and its offset.
// The slice aliases the file content.
func lineBytes(src *source.File, n int) ([]byte, int) {
	off := src.Offset(source.Pos{Line: n, Col: 1})
	rest := src.Content[off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return bytes.TrimRight(rest, "\r"), off
}

func isCommentLine(b []byte) bool {
	b = bytes.TrimLeftFunc(b, isSpace)
	return len(b) > 0 && b[0] == '#'
}

// continuation reports whether b ends with a line-continuation escape
// token and returns b without it (and without the blanks after it),
// matching BuildKit's lineContinuationRegex.
func continuation(b []byte, esc rune) ([]byte, bool) {
	t := bytes.TrimRight(b, " \t")
	if len(t) == 0 {
		return b, false
	}
	last, size := utf8.DecodeLastRune(t)
	if last != esc {
		return b, false
	}
	rest := t[:len(t)-size]
	if len(rest) == 0 {
		return rest, true
	}
	prev, _ := utf8.DecodeLastRune(rest)
	if prev == esc {
		return b, false
	}
	return rest, true
}

// readLogical joins the lines of the instruction starting at line start.
func readLogical(src *source.File, start, maxLine int, esc rune) logical {
	var lg logical
	lg.lastLine = start
	for n := start; n <= maxLine; n++ {
		text, off := lineBytes(src, n)
		if n == start {
			trimmed := bytes.TrimLeftFunc(text, isSpace)
			off += len(text) - len(trimmed)
			text = trimmed
		} else if isCommentLine(text) || len(bytes.TrimLeftFunc(text, isSpace)) == 0 {
			continue
		}
		body, cont := continuation(text, esc)
		if lg.segs == nil && !cont {
			lg.text = body // one line: no copy, the text aliases the file
		} else {
			if lg.text == nil {
				lg.text = make([]byte, 0, 256)
			}
			lg.text = append(lg.text, body...)
		}
		lg.segs = append(lg.segs, segment{at: len(lg.text) - len(body), off: off})
		lg.lastLine = n
		if !cont {
			break
		}
	}
	return lg
}

// fileOff maps a byte index of the logical text to a file offset.
func (lg *logical) fileOff(i int) int {
	j := len(lg.segs) - 1
	for j > 0 && lg.segs[j].at > i {
		j--
	}
	return lg.segs[j].off + i - lg.segs[j].at
}

// span is a byte range [s, e) of the logical text.
type span struct{ s, e int }

func (lg *logical) rangeOf(src *source.File, sp span) source.Range {
	if len(lg.segs) == 0 || len(lg.text) == 0 {
		return source.Range{}
	}
	if sp.s >= len(lg.text) {
		p := src.PosOf(lg.fileOff(len(lg.text)-1) + 1)
		return source.Range{Start: p, End: p}
	}
	if sp.e <= sp.s {
		p := src.PosOf(lg.fileOff(sp.s))
		return source.Range{Start: p, End: p}
	}
	return src.RangeOf(lg.fileOff(sp.s), lg.fileOff(sp.e-1)+1)
}

func (lg *logical) str(sp span) string { return string(lg.text[sp.s:sp.e]) }

// tokens of an instruction, located in the logical text.
type tokens struct {
	keyword span
	flags   []span
	rest    span // the arguments after the flags, trimmed
}

// splitInstruction mirrors BuildKit's splitCommand and extractBuilderFlags.
func splitInstruction(t []byte, esc rune) tokens {
	var tk tokens
	i := 0
	for i < len(t) {
		r, size := utf8.DecodeRune(t[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	tk.keyword.s = i
	for i < len(t) && !isWS(t[i]) {
		i++
	}
	tk.keyword.e = i
	for i < len(t) && isWS(t[i]) {
		i++
	}
	// flags: words starting with "--", quote-aware, byte-wise like BuildKit.
	for {
		for i < len(t) && unicode.IsSpace(rune(t[i])) {
			i++
		}
		if i+1 >= len(t) || t[i] != '-' || t[i+1] != '-' {
			break
		}
		start := i
		var quote byte
		for i < len(t) {
			c := t[i]
			if quote == 0 {
				if unicode.IsSpace(rune(c)) {
					break
				}
				if c == '\'' || c == '"' {
					quote = c
				} else if rune(c) == esc && i+1 < len(t) {
					i++
				}
			} else if c == quote {
				quote = 0
			} else if rune(c) == esc && i+1 < len(t) {
				i++
			}
			i++
		}
		if i > len(t) {
			i = len(t)
		}
		if i-start == 2 { // a bare "--" ends the flags
			break
		}
		tk.flags = append(tk.flags, span{start, i})
	}
	// rest, trimmed of unicode spaces at both ends
	s, e := i, len(t)
	for s < e {
		r, size := utf8.DecodeRune(t[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRune(t[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	tk.rest = span{s, e}
	return tk
}

// splitWS splits sp on runs of [\t\v\f\r ] (BuildKit's
// parseStringsWhitespaceDelimited).
func splitWS(t []byte, sp span) []span {
	var out []span
	i := sp.s
	for i < sp.e {
		for i < sp.e && isWS(t[i]) {
			i++
		}
		if i >= sp.e {
			break
		}
		s := i
		for i < sp.e && !isWS(t[i]) {
			i++
		}
		out = append(out, span{s, i})
	}
	return out
}

// splitWords splits sp into shell-like words, quotes kept (BuildKit's
// parseWords).
func splitWords(t []byte, sp span, esc rune) []span {
	var out []span
	i := sp.s
	for i < sp.e {
		r, size := utf8.DecodeRune(t[i:sp.e])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		s := i
		var quote rune
		for i < sp.e {
			r, size = utf8.DecodeRune(t[i:sp.e])
			if quote == 0 {
				if unicode.IsSpace(r) {
					break
				}
				if r == '\'' || r == '"' {
					quote = r
				} else if r == esc && i+size < sp.e {
					i += size
					_, size = utf8.DecodeRune(t[i:sp.e])
				}
			} else if r == quote {
				quote = 0
			} else if r == esc && quote != '\'' && i+size < sp.e {
				i += size
				_, size = utf8.DecodeRune(t[i:sp.e])
			}
			i += size
		}
		out = append(out, span{s, i})
	}
	return out
}

// unquote removes shell quotes and escapes from a word as written,
// without expanding variables.
func unquote(s string, esc rune) string {
	if !strings.ContainsAny(s, `"'`) && !strings.ContainsRune(s, esc) {
		return s
	}
	var b strings.Builder
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == 0 && (r == '\'' || r == '"'):
			quote = r
		case quote != 0 && r == quote:
			quote = 0
		case r == esc && quote != '\'' && i+1 < len(rs):
			i++
			b.WriteRune(rs[i])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
