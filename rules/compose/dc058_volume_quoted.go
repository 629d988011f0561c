package compose

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// VolumeQuoted flags quoted volume entries that read the same unquoted.
var VolumeQuoted = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC058",
		Name:       "volume-quoted",
		Severity:   rule.Info,
		Summary:    "write the entries of a service's volumes: without quotes when they need none",
		Tags:       []string{"style"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"no-quotes-in-volumes"}},
		Doc: rule.Doc{
			Why: "Volume entries are paths and names: quotes add nothing to `./data:/data:ro` and make the " +
				"list harder to read and to grep. This is dclint's style, with one difference: an entry that " +
				"needs its quotes (one that holds `: ` or ` #`, starts with a YAML indicator such as `*`, `&`, " +
				"`!`, `[` or `{`, or would read as a number, a boolean or null unquoted) is not reported, " +
				"where dclint reports every quoted entry. Long-syntax entries are not looked at. The finding " +
				"is on the entry itself and carries a fix that removes the quotes.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - \"./site:/usr/share/nginx/html:ro\"\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range writtenServices(proj) {
			v := mapValue(s.val, "volumes")
			if v == nil || v.Kind != yaml.SequenceNode {
				continue
			}
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode || !quoted(item) || !plainSafe(item.Value) {
					continue
				}
				r := s.file.Range(item)
				var fix *rule.Fix
				if r.Start.Line == r.End.Line {
					fix = &rule.Fix{Description: "remove the quotes", Class: rule.FixSafe, Edits: []rule.Edit{{Range: r, NewText: item.Value}}}
				}
				p.Report(rule.Diagnostic{Path: s.file.Source.Path, Range: r, Subject: s.name,
					Message: fmt.Sprintf("service %q: write the volume %s without quotes", s.name, item.Value), Fix: fix})
			}
		}
	},
}

// yaml11Special matches plain scalars that a YAML 1.1 or 1.2 reader takes
// for something other than a string: numbers (base 60 included),
// booleans, null.
var yaml11Special = regexp.MustCompile(`^(?i:[-+]?[0-9][0-9_:.]*|[-+]?\.(inf|nan)|0x[0-9a-f_]+|0o?[0-7_]+|y|n|yes|no|true|false|on|off|null|~|)$`)

// plainSafe reports whether s, written as a plain (unquoted) scalar in a
// block sequence, reads back as the same string in YAML 1.1 and 1.2.
func plainSafe(s string) bool {
	if s == "" || strings.ContainsAny(s, "\n\r\t") || s != strings.TrimSpace(s) || yaml11Special.MatchString(s) {
		return false
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("- "+s+"\n"), &n); err != nil {
		return false
	}
	if len(n.Content) != 1 || n.Content[0].Kind != yaml.SequenceNode || len(n.Content[0].Content) != 1 {
		return false
	}
	item := n.Content[0].Content[0]
	return item.Kind == yaml.ScalarNode && item.Style == 0 && item.Tag == "!!str" && item.Value == s
}
