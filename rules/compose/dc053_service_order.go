package compose

import (
	"fmt"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// ServiceOrder flags services not in alphabetical order.
var ServiceOrder = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC053",
		Name:       "service-order",
		Severity:   rule.Info,
		Summary:    "list the services of a compose file in alphabetical order",
		Tags:       []string{"style"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"services-alphabetical-order"}},
		Doc: rule.Doc{
			Why: "In a file with many services, alphabetical order is the one a reader can rely on to find a " +
				"service and to see that it is defined once. Order does not change what docker compose runs: " +
				"`depends_on` decides the start order. As dclint does, each service that comes after one it " +
				"sorts before is reported, with the first such service named; names compare as dclint's " +
				"locale comparison does (case aside). Each file is checked on its own: an override lists " +
				"only the services it changes.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: node:22\n",
			Good: "services:\n  api:\n    image: node:22\n  web:\n    image: nginx:1.27\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, f := range proj.Files() {
			for _, d := range f.Docs {
				svcs := mapValue(d, "services")
				if svcs == nil || svcs.Kind != yaml.MappingNode {
					continue
				}
				var seen []string
				for i := 0; i+1 < len(svcs.Content); i += 2 {
					k := svcs.Content[i]
					if k.Kind != yaml.ScalarNode || compose.IsMergeKey(k) {
						continue
					}
					// dclint names the smallest earlier service that sorts after this one.
					misplaced := ""
					for _, s := range seen {
						if localeCompare(s, k.Value, false) > 0 && (misplaced == "" || localeCompare(s, misplaced, false) < 0) {
							misplaced = s
						}
					}
					seen = append(seen, k.Value)
					if misplaced != "" {
						p.Report(rule.Diagnostic{Path: f.Source.Path, Range: f.KeyRange(k, nil), Subject: k.Value,
							Message: fmt.Sprintf("move service %q above %q to keep the services in alphabetical order", k.Value, misplaced)})
					}
				}
			}
		}
	},
}
