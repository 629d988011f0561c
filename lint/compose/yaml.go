package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// Limits on what a compose file may hold. They are checked on the YAML node
// tree before compose-go sees the file, so alias bombs ("billion laughs")
// and absurd nesting become a Problem instead of memory or stack exhaustion.
const (
	DefaultMaxFileSize = 10 << 20 // bytes per file unless LoadOptions.MaxFileSize
	MaxNodes           = 200_000  // YAML nodes per file, counting each alias expansion, unless LoadOptions.MaxNodes
	MaxDepth           = 100      // nesting depth, counting through aliases, unless LoadOptions.MaxDepth
)

// yfile is one contributing YAML file: its text and its parsed documents.
type yfile struct {
	abs  string
	src  *source.File
	docs []*yaml.Node // root node of each document (a mapping when valid)
	wd   string       // directory relative references in it are resolved against
	env  lookupFunc   // variables its values are interpolated with
	v1   bool         // a version-1 file, read as if its services were under services:
}

// lookupFunc finds a variable for interpolation.
type lookupFunc func(string) (string, bool)

// posError is an error with a known position in a file.
type posError struct {
	pos source.Pos
	msg string
}

func (e *posError) Error() string { return e.msg }

var yamlPosRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// parseYAML decodes every document of content into nodes and checks the
// limits. Errors carry a position where one is known.
func parseYAML(content []byte, maxNodes, maxDepth int) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(content))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(err)
		}
		root := &doc
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		if err := checkTree(root, maxNodes, maxDepth); err != nil {
			return nil, err
		}
		docs = append(docs, root)
	}
	return docs, nil
}

// yamlError turns a go-yaml error into a posError using the position in its text.
func yamlError(err error) error {
	msg := err.Error()
	pe := &posError{msg: msg}
	if m := yamlPosRE.FindStringSubmatch(msg); m != nil {
		pe.pos.Line, _ = strconv.Atoi(m[1])
		pe.pos.Col = 1
		if m[2] != "" {
			pe.pos.Col, _ = strconv.Atoi(m[2])
		}
	}
	return pe
}

// checkTree enforces MaxNodes and MaxDepth (aliases count as the size and
// depth of what they point to; results are memoised so a bomb costs no
// more than its text) and rejects duplicate mapping keys.
func checkTree(root *yaml.Node, maxNodes, maxDepth int) error {
	if maxNodes <= 0 {
		maxNodes = MaxNodes
	}
	if maxDepth <= 0 {
		maxDepth = MaxDepth
	}
	type stat struct{ size, depth int }
	memo := map[*yaml.Node]stat{}
	active := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, level int) (stat, error)
	walk = func(n *yaml.Node, level int) (stat, error) {
		if level > maxDepth {
			return stat{}, &posError{pos: nodePos(n), msg: fmt.Sprintf("nesting deeper than the %d-level limit (--max-yaml-depth)", maxDepth)}
		}
		if s, ok := memo[n]; ok {
			return s, nil
		}
		if active[n] {
			return stat{}, &posError{pos: nodePos(n), msg: "alias refers to itself"}
		}
		active[n] = true
		defer delete(active, n)
		s := stat{size: 1, depth: 1}
		kids := n.Content
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			kids = []*yaml.Node{n.Alias}
			s = stat{}
		}
		for _, k := range kids {
			ks, err := walk(k, level+1)
			if err != nil {
				return stat{}, err
			}
			s.size += ks.size
			if s.size > maxNodes {
				return stat{}, &posError{pos: nodePos(n), msg: fmt.Sprintf("more YAML nodes after alias expansion than the %d-node limit (--max-yaml-nodes)", maxNodes)}
			}
			if ks.depth+1 > s.depth {
				s.depth = ks.depth + 1
			}
		}
		if n.Kind == yaml.MappingNode {
			if err := checkDuplicateKeys(n); err != nil {
				return stat{}, err
			}
		}
		memo[n] = s
		return s, nil
	}
	_, err := walk(root, 1)
	return err
}

func checkDuplicateKeys(m *yaml.Node) error {
	if len(m.Content) < 4 {
		return nil
	}
	seen := make(map[string]*yaml.Node, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) {
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			return &posError{pos: nodePos(k), msg: fmt.Sprintf("mapping key %q already defined at line %d", k.Value, prev.Line)}
		}
		seen[k.Value] = k
	}
	return nil
}

func nodePos(n *yaml.Node) source.Pos { return source.Pos{Line: n.Line, Col: n.Column} }

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0 && (k.Tag == "" || k.Tag == "!!merge")))
}

// resolve follows alias nodes to what they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < MaxDepth; i++ {
		n = n.Alias
	}
	return n
}

// child finds key in mapping m, following aliases and `<<` merge keys (a
// local key beats a merged one; earlier merge sources beat later ones).
func child(m *yaml.Node, key string) (k, v *yaml.Node) {
	return childDepth(m, key, 0)
}

func childDepth(m *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > MaxDepth {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kn := m.Content[i]; !isMergeKey(kn) && kn.Value == key && kn.Kind == yaml.ScalarNode {
			return kn, m.Content[i+1]
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMergeKey(m.Content[i]) {
			continue
		}
		src := resolve(m.Content[i+1])
		srcs := []*yaml.Node{src}
		if src != nil && src.Kind == yaml.SequenceNode {
			srcs = src.Content
		}
		for _, s := range srcs {
			if k, v := childDepth(s, key, depth+1); v != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// eachEntry calls fn for every key of mapping m with what child(m, key)
// would return, in one pass over m (plus its merge sources, if any).
func eachEntry(m *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	seen := make(map[string]bool, len(m.Content)/2)
	merges := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if isMergeKey(kn) {
			merges = true
			continue
		}
		if kn.Kind == yaml.ScalarNode && !seen[kn.Value] {
			seen[kn.Value] = true
			fn(kn.Value, kn, m.Content[i+1])
		}
	}
	if merges {
		for _, key := range mapKeys(m) {
			if !seen[key] {
				seen[key] = true
				if k, v := child(m, key); v != nil {
					fn(key, k, v)
				}
			}
		}
	}
}

// mapKeys lists the keys of mapping m (merged keys included), in order.
func mapKeys(m *yaml.Node) []string {
	var keys []string
	seen := map[string]bool{}
	var walk func(m *yaml.Node, depth int)
	walk = func(m *yaml.Node, depth int) {
		m = resolve(m)
		if m == nil || m.Kind != yaml.MappingNode || depth > MaxDepth {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if kn := m.Content[i]; !isMergeKey(kn) && !seen[kn.Value] {
				seen[kn.Value] = true
				keys = append(keys, kn.Value)
			}
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if isMergeKey(m.Content[i]) {
				src := resolve(m.Content[i+1])
				if src != nil && src.Kind == yaml.SequenceNode {
					for _, s := range src.Content {
						walk(s, depth+1)
					}
				} else {
					walk(src, depth+1)
				}
			}
		}
	}
	walk(m, 0)
	return keys
}

// scalar returns the value of n when it is a scalar, else "".
func scalar(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// scalarRange is the exact range of scalar n in f: from its first
// character (after any anchor or tag) to just after it; quoted scalars
// include their quotes. Block scalars and multi-line plain scalars end at
// the end of their first line.
func scalarRange(f *source.File, n *yaml.Node) source.Range {
	start := f.Offset(nodePos(n))
	c := f.Content
	// Skip node properties (&anchor, !tag) when the position points at them.
	for i := 0; i < 2 && start < len(c) && (c[start] == '&' || c[start] == '!'); i++ {
		j := start
		for j < len(c) && c[j] != ' ' && c[j] != '\t' && c[j] != '\n' && c[j] != '\r' {
			j++
		}
		for j < len(c) && (c[j] == ' ' || c[j] == '\t') {
			j++
		}
		start = j
	}
	end := -1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && start < len(c) && c[start] == '"':
		for i := start + 1; i < len(c); i++ {
			if c[i] == '\\' {
				i++
				continue
			}
			if c[i] == '"' {
				end = i + 1
				break
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0 && start < len(c) && c[start] == '\'':
		for i := start + 1; i < len(c); i++ {
			if c[i] == '\'' {
				if i+1 < len(c) && c[i+1] == '\'' {
					i++
					continue
				}
				end = i + 1
				break
			}
		}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && n.Kind == yaml.ScalarNode:
		if v := n.Value; v != "" && bytes.HasPrefix(c[start:], []byte(v)) {
			end = start + len(v)
		}
	}
	if end < 0 {
		end = lineEnd(c, start)
	}
	return f.RangeOf(start, end)
}

// lineEnd is the offset of the end of the text that starts at off on its
// line, before a trailing comment and blanks.
func lineEnd(c []byte, off int) int {
	e := off
	for e < len(c) && c[e] != '\n' && c[e] != '\r' {
		if c[e] == '#' && e > off && (c[e-1] == ' ' || c[e-1] == '\t') {
			break
		}
		_, size := utf8.DecodeRune(c[e:])
		e += size
	}
	for e > off && (c[e-1] == ' ' || c[e-1] == '\t') {
		e--
	}
	return e
}

// nodeRange is the range of any node: a scalar's exact extent, or for a
// collection the rest of the line it starts on.
func nodeRange(f *source.File, n *yaml.Node) source.Range {
	if n.Kind == yaml.ScalarNode {
		return scalarRange(f, n)
	}
	start := f.Offset(nodePos(n))
	return f.RangeOf(start, lineEnd(f.Content, start))
}

// keyRange is the range of a mapping entry: from the key to the end of its
// value when the value is a scalar on the same line, else the key alone.
func keyRange(f *source.File, k, v *yaml.Node) source.Range {
	r := scalarRange(f, k)
	if v != nil && v.Kind == yaml.ScalarNode && v.Line == k.Line {
		if vr := scalarRange(f, v); !vr.End.Before(r.End) {
			r.End = vr.End
		}
	}
	return r
}
