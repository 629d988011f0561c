package compose

import (
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// Helpers of the rules' fixes. A fix edits the file as written: it adds a
// line in the style of its neighbours (indentation, block or flow lists,
// quoting, line endings), replaces one scalar, or deletes one line. It is
// offered only where the edit is sure to mean what it says: the service
// is written once, as a block mapping of its own, in a file the project is
// loaded from (no override, extends base or included file also defining
// it, no anchor on it, no merge key or extends in it), and the values it
// touches are written literally (no interpolation, no alias; aliases for
// other keys do not matter).

// fixTarget is the one written definition of a service that fixes may edit.
type fixTarget struct {
	file     compose.File
	name     string
	key, val *yaml.Node
}

// fixableService returns the service's definition when fixes may edit it.
func fixableService(proj *compose.Project, name string) (fixTarget, bool) {
	var found []fixTarget
	for _, f := range proj.Files() {
		for _, d := range f.Docs {
			svcs := mapValue(d, "services")
			if svcs == nil || svcs.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(svcs.Content); i += 2 {
				k := svcs.Content[i]
				if compose.IsMergeKey(k) || k.Kind != yaml.ScalarNode {
					return fixTarget{}, false // services merged in from elsewhere
				}
				if k.Value == name {
					found = append(found, fixTarget{file: f, name: name, key: k, val: svcs.Content[i+1]})
				}
			}
		}
	}
	if len(found) != 1 {
		return fixTarget{}, false
	}
	t := found[0]
	v := t.val
	if !t.file.Top || v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0 || v.Anchor != "" ||
		t.key.Anchor != "" || len(v.Content) < 2 || v.Content[0].Line <= t.key.Line {
		return fixTarget{}, false
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		if compose.IsMergeKey(k) || k.Value == "extends" {
			return fixTarget{}, false
		}
	}
	return t, true
}

// entry returns the key and value of key in the service as written.
func (t fixTarget) entry(key string) (k, v *yaml.Node) { return mapEntry(t.val, key) }

// newline is the file's line ending.
func (t fixTarget) newline() string {
	if i := strings.IndexByte(string(t.file.Source.Content), '\n'); i > 0 && t.file.Source.Content[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// lineEnd is the position at the end of line n, before its line break.
func lineEnd(src *source.File, n int) source.Pos {
	return source.Pos{Line: n, Col: utf8.RuneCountInString(src.Line(n)) + 1}
}

// singleLineScalar reports whether n is a scalar written whole on its
// line (not a block scalar or a multi-line plain or quoted one).
func (t fixTarget) singleLineScalar(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return false
	}
	r := t.file.Range(n)
	if r.Start.Line != r.End.Line {
		return false
	}
	// A plain scalar continued on the next line has a value longer than
	// its first line.
	text := string(t.file.Source.Content[t.file.Source.Offset(r.Start):t.file.Source.Offset(r.End)])
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && text != n.Value {
		return false
	}
	return true
}

// literal reports whether scalar n holds text compose uses as written
// (no ${VAR} interpolation).
func literal(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "$") && n.Tag != "!!null"
}

// indent is the indentation of the service's keys.
func (t fixTarget) indent() string {
	return strings.Repeat(" ", t.val.Content[0].Column-1)
}

// listStyle is how the file writes lists under services: flow ([a, b])
// or block, and for block lists the dash's offset from its key.
func listStyle(f compose.File) (flow bool, dashOffset int) {
	dashOffset = 2
	for _, d := range f.Docs {
		svcs := mapValue(d, "services")
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			continue
		}
		for i := 1; i < len(svcs.Content); i += 2 {
			s := svcs.Content[i]
			if s.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(s.Content); j += 2 {
				k, v := s.Content[j], s.Content[j+1]
				if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
					continue
				}
				if v.Style&yaml.FlowStyle != 0 {
					return true, 0
				}
				if col, ok := dashColumn(f.Source, v.Content[0]); ok {
					return false, max(col-k.Column, 0)
				}
			}
		}
	}
	return false, dashOffset
}

// dashColumn is the column of the "-" that opens block sequence item n.
func dashColumn(src *source.File, n *yaml.Node) (int, bool) {
	line := []rune(src.Line(n.Line))
	for c := n.Column - 2; c >= 0 && c < len(line); c-- {
		switch line[c] {
		case '-':
			return c + 1, true
		case ' ', '\t':
		default:
			return 0, false
		}
	}
	return 0, false
}

// insertKey is a fix that adds `key: value` (value a scalar) or a list
// `key: [items]` to the service, on its own line where DC054 (dclint's key
// order) wants it: after the last entry whose key comes before it in that
// order and that ends at a known line (no multi-line scalar); else first,
// after the service key line.
func (t fixTarget) insertKey(key string, scalar string, items []string, desc string, class rule.FixClass) *rule.Fix {
	src := t.file.Source
	at := t.insertLine(key)
	nl, ind := t.newline(), t.indent()
	text := nl + ind + key + ":"
	if items == nil {
		text += " " + scalar
	} else {
		flow, off := listStyle(t.file)
		if flow {
			quotedItems := make([]string, len(items))
			for i, it := range items {
				quotedItems[i] = flowItem(it)
			}
			text += " [" + strings.Join(quotedItems, ", ") + "]"
		} else {
			for _, it := range items {
				text += nl + ind + strings.Repeat(" ", off) + "- " + it
			}
		}
	}
	pos := lineEnd(src, at)
	return &rule.Fix{Description: desc, Class: class, Edits: []rule.Edit{{Range: source.Range{Start: pos, End: pos}, NewText: text}}}
}

// flowItem writes a list item for a flow sequence, quoted when it holds a
// colon (no-new-privileges:true), which some YAML readers take for a key.
func flowItem(s string) string {
	if strings.ContainsAny(s, ":,[]{}#") {
		return `"` + s + `"`
	}
	return s
}

// appendItem is a fix that adds item to the list seq of the service, in
// the list's own style; nil when the list is not one the fix can extend
// safely (an alias, items over several lines).
func (t fixTarget) appendItem(seq *yaml.Node, item, desc string, class rule.FixClass) *rule.Fix {
	if seq == nil || seq.Kind != yaml.SequenceNode || seq.Anchor != "" {
		return nil
	}
	src := t.file.Source
	for _, it := range seq.Content {
		if !t.singleLineScalar(it) {
			return nil
		}
	}
	if seq.Style&yaml.FlowStyle != 0 {
		// [a, b] on one line: add ", item" before the "]".
		line := src.Line(seq.Line)
		from := seq.Column // rune column of "["
		if n := len(seq.Content); n > 0 {
			last := seq.Content[n-1]
			r := t.file.Range(last)
			if r.Start.Line != seq.Line {
				return nil
			}
			from = r.End.Col
		}
		runes := []rune(line)
		close := -1
		for c := from - 1; c < len(runes); c++ {
			if runes[c] == ']' {
				close = c
				break
			}
			if runes[c] != ' ' && runes[c] != '\t' && !(len(seq.Content) == 0 && runes[c] == '[') {
				return nil
			}
		}
		if close < 0 {
			return nil
		}
		text := flowItem(item)
		if len(seq.Content) > 0 {
			text = ", " + text
			close = from - 1 // right after the last item
		}
		pos := source.Pos{Line: seq.Line, Col: close + 1}
		return &rule.Fix{Description: desc, Class: class, Edits: []rule.Edit{{Range: source.Range{Start: pos, End: pos}, NewText: text}}}
	}
	if len(seq.Content) == 0 {
		return nil
	}
	last := seq.Content[len(seq.Content)-1]
	col, ok := dashColumn(src, last)
	if !ok {
		return nil
	}
	text := item
	if quoted(last) && last.Style&yaml.DoubleQuotedStyle != 0 {
		text = `"` + item + `"`
	} else if quoted(last) {
		text = "'" + item + "'"
	}
	pos := lineEnd(src, last.Line)
	return &rule.Fix{Description: desc, Class: class, Edits: []rule.Edit{{Range: source.Range{Start: pos, End: pos},
		NewText: t.newline() + strings.Repeat(" ", col-1) + "- " + text}}}
}

// replaceScalar is a fix that replaces the text of scalar n (its quotes
// kept) with text.
func (t fixTarget) replaceScalar(n *yaml.Node, text, desc string, class rule.FixClass) *rule.Fix {
	if !t.singleLineScalar(n) {
		return nil
	}
	r := t.file.Range(n)
	if quoted(n) {
		r.Start.Col++
		r.End.Col--
	}
	return &rule.Fix{Description: desc, Class: class, Edits: []rule.Edit{{Range: r, NewText: text}}}
}

// deleteEntry is a fix that deletes the line of the service's entry k: v
// (v a scalar on the key's line, nothing else on the line but a comment).
func (t fixTarget) deleteEntry(k, v *yaml.Node, desc string, class rule.FixClass) *rule.Fix {
	if len(t.val.Content) <= 2 || v == nil || v.Line != k.Line || !t.singleLineScalar(v) {
		return nil
	}
	src := t.file.Source
	r := t.file.Range(v)
	line := []rune(src.Line(k.Line))
	if strings.TrimSpace(string(line[:k.Column-1])) != "" {
		return nil
	}
	if r.End.Col-1 > len(line) {
		return nil
	}
	if tail := strings.TrimSpace(string(line[r.End.Col-1:])); tail != "" && tail[0] != '#' {
		return nil
	}
	end := source.Pos{Line: k.Line + 1, Col: 1}
	start := source.Pos{Line: k.Line, Col: 1}
	if k.Line >= src.NumLines() {
		end = src.PosOf(len(src.Content))
		if c := src.Content; len(c) == 0 || c[len(c)-1] != '\n' {
			// The last line has no line break: delete the one before it.
			if k.Line == 1 {
				return nil
			}
			start = lineEnd(src, k.Line-1)
		}
	}
	return &rule.Fix{Description: desc, Class: class, Edits: []rule.Edit{{Range: source.Range{Start: start, End: end}}}}
}

// insertLine is the line after which insertKey adds key.
func (t fixTarget) insertLine(key string) int {
	var keys []string
	for i := 0; i+1 < len(t.val.Content); i += 2 {
		keys = append(keys, t.val.Content[i].Value)
	}
	rank := func(k string) (int, string) {
		if i := slices.Index(serviceKeyOrder, k); i >= 0 {
			return i, ""
		}
		return len(serviceKeyOrder), k
	}
	before := func(a, b string) bool {
		ra, sa := rank(a)
		rb, sb := rank(b)
		if ra != rb {
			return ra < rb
		}
		return localeCompare(sa, sb, false) < 0
	}
	for i := len(keys) - 1; i >= 0; i-- {
		if !before(keys[i], key) {
			continue
		}
		if end, ok := t.entryEnd(t.val.Content[2*i], t.val.Content[2*i+1]); ok {
			return end
		}
	}
	return t.key.Line
}

// entryEnd is the last line of the entry k: v, when every scalar in it is
// written on one line and flow collections sit on one line.
func (t fixTarget) entryEnd(k, v *yaml.Node) (int, bool) {
	end := k.Line
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		if depth > 50 {
			return false
		}
		end = max(end, n.Line)
		switch n.Kind {
		case yaml.ScalarNode:
			return t.singleLineScalar(n)
		case yaml.AliasNode:
			return true
		case yaml.SequenceNode, yaml.MappingNode:
			for _, c := range n.Content {
				if !walk(c, depth+1) {
					return false
				}
				if n.Style&yaml.FlowStyle != 0 && c.Line != n.Line {
					return false
				}
			}
			if n.Style&yaml.FlowStyle != 0 && len(n.Content) == 0 {
				return true
			}
			return true
		}
		return false
	}
	if !walk(v, 0) {
		return 0, false
	}
	return end, true
}
