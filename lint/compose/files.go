package compose

import (
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// File is one compose file of a project as written: its text and YAML
// nodes, for rules about the form of a file (key order, quoting) rather
// than the project it describes. The nodes are shared: do not modify them.
type File struct {
	Source *source.File
	// Docs are the root mapping of each YAML document of the file.
	Docs []*yaml.Node
	// Top is set for the files the project was loaded from (the main file
	// and its overrides), unset for extends bases and included files.
	Top bool
}

// Files returns the project's compose files in the order they were read,
// the main file first. Files in the obsolete version-1 format (services at
// the top level) are left out: DC000 asks to rewrite them.
func (p *Project) Files() []File {
	var out []File
	for _, f := range p.files {
		if f.v1 {
			continue
		}
		top := false
		if p.loc.top != nil {
			for _, g := range p.loc.top.files {
				top = top || g == f
			}
		}
		out = append(out, File{Source: f.src, Docs: f.docs, Top: top})
	}
	return out
}

// KeyRange is the range of a mapping entry of the file: from key k to the
// end of its value v when v is a scalar on the same line, else k alone.
func (f File) KeyRange(k, v *yaml.Node) source.Range { return keyRange(f.Source, k, v) }

// Range is the range of node n of the file: a scalar's exact extent
// (quotes included), or for a collection the rest of the line it starts on.
func (f File) Range(n *yaml.Node) source.Range { return nodeRange(f.Source, n) }

// IsMergeKey reports whether k is a YAML merge key (`<<`).
func IsMergeKey(k *yaml.Node) bool { return isMergeKey(k) }

// ServiceKeyLine returns the line of the key directly under a service
// (services.<name>.<key>) whose block value holds line in the file at
// path, such as the line of `ports:` for the line of one of its items;
// 0 when line is in no such block, or is the key's own line. dclint
// reports most of its findings on such key lines, so its line comments
// are read against them (see lint/suppress).
func (p *Project) ServiceKeyLine(path string, line int) int {
	for _, f := range p.files {
		if f.src.Path != path {
			continue
		}
		for _, d := range f.docs {
			_, svcs := child(d, "services")
			if svcs == nil || svcs.Kind != yaml.MappingNode {
				continue
			}
			for i := 1; i < len(svcs.Content); i += 2 {
				if kl := keyLineIn(svcs.Content[i], line); kl > 0 {
					return kl
				}
			}
		}
	}
	return 0
}

// keyLineIn finds, in service mapping svc as written (aliases are not
// followed: their lines are elsewhere), the key whose collection value
// spans line.
func keyLineIn(svc *yaml.Node, line int) int {
	if svc.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(svc.Content); i += 2 {
		k, v := svc.Content[i], svc.Content[i+1]
		if v.Kind != yaml.MappingNode && v.Kind != yaml.SequenceNode || line <= k.Line {
			continue
		}
		end := lastLine(v, 0)
		if i+2 < len(svc.Content) {
			end = svc.Content[i+2].Line - 1
		}
		if line <= end {
			return k.Line
		}
	}
	return 0
}

// lastLine is the last line a node of the tree under n starts on.
func lastLine(n *yaml.Node, depth int) int {
	last := n.Line
	if depth > MaxDepth {
		return last
	}
	for _, c := range n.Content {
		if l := lastLine(c, depth+1); l > last {
			last = l
		}
	}
	return last
}
