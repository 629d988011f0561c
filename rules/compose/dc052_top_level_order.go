package compose

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// topLevelOrder is dclint's default order of the top-level keys; "x-"
// stands for the extension keys, sorted among themselves.
var topLevelOrder = []string{"x-", "version", "name", "include", "services", "networks", "volumes", "secrets", "configs"}

// TopLevelKeyOrder flags top-level keys out of dclint's order.
var TopLevelKeyOrder = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC052",
		Name:       "top-level-key-order",
		Severity:   rule.Info,
		Summary:    "order the top-level keys: x-*, version, name, include, services, networks, volumes, secrets, configs",
		Tags:       []string{"style"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"top-level-properties-order"}},
		Doc: rule.Doc{
			Why: "Files that put their keys in the same order read the same: extensions (`x-*`, the anchors " +
				"the rest refers to) first, then `version`, `name`, `include`, `services`, `networks`, " +
				"`volumes`, `secrets`, `configs`. This is dclint's default order, so a team moving from dclint " +
				"keeps its files as they are. Extension keys are sorted among themselves. A key is reported " +
				"when it comes after a key that belongs below it, as dclint does; unlike dclint, a key dclint " +
				"does not know (such as `models`) and `<<` merge keys are left alone instead of being reported, " +
				"and the finding is on the top-level key itself, not on the first line that merely starts " +
				"with its name.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nname: shop\nnetworks:\n  front: {}\n",
			Good: "name: shop\nservices:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, f := range proj.Files() {
			for _, d := range f.Docs {
				var keys []*yaml.Node
				var exts []string
				for i := 0; i+1 < len(d.Content); i += 2 {
					if k := d.Content[i]; k.Kind == yaml.ScalarNode && !compose.IsMergeKey(k) {
						keys = append(keys, k)
						if strings.HasPrefix(k.Value, "x-") {
							exts = append(exts, k.Value)
						}
					}
				}
				slices.SortStableFunc(exts, func(a, b string) int { return localeCompare(a, b, false) })
				var order []string
				for _, k := range topLevelOrder {
					if k == "x-" {
						order = append(order, exts...)
					} else {
						order = append(order, k)
					}
				}
				reportOutOfOrder(p, f, keys, order, false, "", func(k, before string) string {
					return fmt.Sprintf("move the top-level key %q above %q (order: x-*, version, name, include, services, networks, volumes, secrets, configs)", k, before)
				})
			}
		}
	},
}

// reportOutOfOrder reports each key of keys (in written order) whose place
// in order comes before that of the last key in order before it, as dclint
// does; keys absent from order are skipped. With follow, a reported key
// becomes the one the next keys are compared with (dclint's
// service-keys-order), else the last key in order stays (its
// top-level-properties-order). The message names the first earlier key
// the reported one belongs above.
// The subject is the service, or for top-level keys the key itself.
func reportOutOfOrder(p *rule.Pass, f compose.File, keys []*yaml.Node, order []string, follow bool, service string, msg func(key, before string) string) {
	prev := -1
	for i, k := range keys {
		idx := slices.Index(order, k.Value)
		if idx < 0 {
			continue
		}
		if idx < prev {
			before := ""
			for _, e := range keys[:i] {
				if j := slices.Index(order, e.Value); j > idx {
					before = e.Value
					break
				}
			}
			subject := service
			if subject == "" {
				subject = k.Value
			}
			p.Report(rule.Diagnostic{Path: f.Source.Path, Range: f.KeyRange(k, nil), Subject: subject, Message: msg(k.Value, before)})
			if !follow {
				continue
			}
		}
		prev = idx
	}
}
