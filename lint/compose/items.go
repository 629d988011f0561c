package compose

import (
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// Item is one item of a list in a service (a `devices` entry, a `volumes`
// entry...) as a matcher sees it: interpolated, aliases resolved.
type Item struct {
	// Scalar is true for a short-syntax item, whose text is Value.
	Scalar bool
	Value  string
	// Fields are a long-syntax item's scalar fields, nested mappings
	// flattened with dots ("bind.propagation").
	Fields map[string]string
}

func itemOf(n *yaml.Node) Item {
	if n.Kind == yaml.ScalarNode {
		return Item{Scalar: true, Value: n.Value}
	}
	it := Item{Fields: map[string]string{}}
	var flatten func(m *yaml.Node, prefix string, depth int)
	flatten = func(m *yaml.Node, prefix string, depth int) {
		if depth > 4 {
			return
		}
		eachEntry(m, func(key string, _, v *yaml.Node) {
			switch v = resolve(v); {
			case v == nil:
			case v.Kind == yaml.ScalarNode:
				it.Fields[prefix+key] = v.Value
			case v.Kind == yaml.MappingNode:
				flatten(v, prefix+key+".", depth+1)
			}
		})
	}
	flatten(n, "", 0)
	return it
}

// LocateListItem finds the first item of the list at path (dotted, relative to
// the service) for which match returns true, over every file that defines
// the service, highest precedence first. The location is the item as
// written, else Locate(service, path).
func (p *Project) LocateListItem(service, path string, match func(Item) bool) source.Location {
	return p.locateItem(service, path, func(n *yaml.Node) bool { return match(itemOf(n)) })
}

// LocateListItemField is LocateListItem pointing, when the matching item is a
// mapping that sets field (dotted: "bind.propagation"), at that entry.
func (p *Project) LocateListItemField(service, path string, match func(Item) bool, field string) source.Location {
	return p.locateField(service, path, func(n *yaml.Node) bool { return match(itemOf(n)) }, field)
}

// LocateVolumeField is LocateVolume pointing, for a long-syntax mount that
// sets field (dotted: "bind.propagation"), at that entry.
func (p *Project) LocateVolumeField(service string, vol types.ServiceVolumeConfig, field string) source.Location {
	return p.locateField(service, "volumes", volumeMatcher(vol), field)
}

func (p *Project) locateField(service, path string, match func(*yaml.Node) bool, field string) source.Location {
	f, item, _ := p.findItem(service, path, match)
	if item == nil {
		return p.Locate(service, path)
	}
	if k, v, ok := walk(item, splitPath(field)); ok && k != nil && resolve(item).Kind == yaml.MappingNode {
		return location(f, k, v)
	}
	return location(f, nil, item)
}
