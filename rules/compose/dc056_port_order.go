package compose

import (
	"fmt"
	"net"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// PortOrder flags ports lists not sorted by published port.
var PortOrder = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC056",
		Name:       "port-order",
		Severity:   rule.Info,
		Summary:    "list the ports of a service in order of their published (host) port",
		Tags:       []string{"style", "network"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"service-ports-alphabetical-order"}},
		Doc: rule.Doc{
			Why: "Ports sorted by the host port make it easy to see what a service publishes and to spot a " +
				"port published twice. The key is the one dclint sorts by: the host port of `HOST:CONTAINER` " +
				"and `IP:HOST:CONTAINER`, the port itself when only one is given, `published` in the long " +
				"syntax; numbers compare by value (`80` before `443`), as dclint's numeric comparison does. " +
				"The finding is on `ports:` and names the first pair out of order.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8443:443\"\n      - \"127.0.0.1:8080:80\"\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n      - \"127.0.0.1:8443:443\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range writtenServices(proj) {
			k, v := mapEntry(s.val, "ports")
			if v == nil || v.Kind != yaml.SequenceNode {
				continue
			}
			keys := make([]string, len(v.Content))
			for i, item := range v.Content {
				keys[i] = portSortKey(item)
			}
			for i := 1; i < len(keys); i++ {
				if localeCompare(keys[i-1], keys[i], true) > 0 {
					p.Report(rule.Diagnostic{Path: s.file.Source.Path, Range: s.file.KeyRange(k, nil), Subject: s.name,
						Message: fmt.Sprintf("service %q: sort ports by host port (%q before %q)", s.name, keys[i], keys[i-1])})
					break
				}
			}
		}
	},
}

// portSortKey is the published port of a ports item as dclint reads it:
// for `[IP:]HOST:CONTAINER[/proto]` the host part, for a lone port the
// port; for the long syntax, published.
func portSortKey(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		spec, _, _ := strings.Cut(n.Value, "/")
		parts := splitOutsideBrackets(spec)
		first := strings.TrimSuffix(strings.TrimPrefix(parts[0], "["), "]")
		if net.ParseIP(first) != nil {
			if len(parts) > 1 {
				return parts[1]
			}
			return ""
		}
		return parts[0]
	case yaml.MappingNode:
		if v := mapValue(n, "published"); v != nil && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

// splitOutsideBrackets splits s at the colons that are not inside [...]
// (an IPv6 address).
func splitOutsideBrackets(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}
