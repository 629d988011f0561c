package discover

import (
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/internal/fileread"
)

// DefaultMaxFileSize bounds what is read of a compose variant to tell
// whether it is a complete project (the engine's default file limit).
const DefaultMaxFileSize = 10 << 20

// classifyVariant reads a compose variant (bounded, regular files only)
// and tells whether it is a complete project by itself or patches its
// base. Only the YAML tree's top level and each service's keys are looked
// at; nothing is interpolated or validated, and aliases are followed, not
// expanded.
func classifyVariant(path string, max int64) Grouping {
	data, err := fileread.Read(path, max)
	if err != nil {
		return GroupUnreadable
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return GroupUnreadable
	}
	top := &doc
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = deref(top.Content[0])
	}
	if top.Kind == 0 || top.Kind == yaml.DocumentNode || top.Tag == "!!null" {
		return GroupOnBase // empty, or comments only: nothing of its own
	}
	if top.Kind != yaml.MappingNode {
		return GroupUnreadable // not a compose file: alone, where its error shows once
	}
	// Merge keys can fan out (`<<: [*a, *a, ...]` at each level): the
	// look-ups share a budget of mappings visited; over it, the file is
	// not judged.
	lk := &looker{budget: 10000}
	services := lk.lookup(top, "services")
	if services == nil || services.Kind != yaml.MappingNode || len(services.Content) == 0 {
		// No services of its own: networks, volumes or secrets for the
		// base, unless it includes whole projects.
		if lk.lookup(top, "include") != nil {
			return GroupComplete
		}
		return GroupOnBase
	}
	for i := 1; i < len(services.Content); i += 2 {
		svc := deref(services.Content[i])
		if svc.Kind != yaml.MappingNode {
			return GroupOnBase
		}
		if !lk.has(svc, "image") && !lk.has(svc, "build") && !lk.has(svc, "extends") {
			if lk.budget <= 0 {
				return GroupUnreadable
			}
			return GroupOnBase
		}
	}
	return GroupComplete
}

// looker finds keys in YAML mappings within a budget of mappings visited.
type looker struct{ budget int }

// has reports whether a mapping sets key to something other than null.
func (lk *looker) has(m *yaml.Node, key string) bool {
	v := lk.lookup(m, key)
	return v != nil && v.Tag != "!!null"
}

// deref follows alias nodes (a bounded number of hops).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 32; i++ {
		n = n.Alias
	}
	return n
}

// lookup finds key in a mapping, looking through merge keys (`<<: *x`,
// `<<: [*x, *y]`) to a bounded depth.
func (lk *looker) lookup(m *yaml.Node, key string) *yaml.Node {
	return lk.lookupDepth(m, key, 0)
}

func (lk *looker) lookupDepth(m *yaml.Node, key string, depth int) *yaml.Node {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 || lk.budget <= 0 {
		return nil
	}
	lk.budget--
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := deref(m.Content[i])
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == key {
			return deref(m.Content[i+1])
		}
		if k.Value == "<<" && k.Tag != "!!str" {
			merges = append(merges, m.Content[i+1])
		}
	}
	for _, v := range merges {
		v = deref(v)
		srcs := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, s := range srcs {
			if r := lk.lookupDepth(s, key, depth+1); r != nil {
				return r
			}
		}
	}
	return nil
}
