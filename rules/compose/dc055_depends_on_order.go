package compose

import (
	"fmt"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// DependsOnOrder flags depends_on entries not in alphabetical order.
var DependsOnOrder = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC055",
		Name:       "depends-on-order",
		Severity:   rule.Info,
		Summary:    "list the services of depends_on in alphabetical order",
		Tags:       []string{"style"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"service-dependencies-alphabetical-order"}},
		Doc: rule.Doc{
			Why: "A sorted `depends_on` is easy to scan and to merge. Its order does not decide the start " +
				"order (the dependency graph does), so sorting it changes nothing at run time. Both forms are " +
				"checked, the list and the mapping with conditions, as dclint does; the finding is on " +
				"`depends_on` and names the first pair out of order.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - cache\n" +
				"  db:\n    image: postgres:17\n  cache:\n    image: redis:7.4\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - cache\n      - db\n" +
				"  db:\n    image: postgres:17\n  cache:\n    image: redis:7.4\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range writtenServices(proj) {
			k, v := mapEntry(s.val, "depends_on")
			if v == nil {
				continue
			}
			var names []string
			switch v.Kind {
			case yaml.SequenceNode:
				for _, item := range v.Content {
					if item.Kind == yaml.ScalarNode {
						names = append(names, item.Value)
					} else {
						names = append(names, "")
					}
				}
			case yaml.MappingNode:
				for i := 0; i+1 < len(v.Content); i += 2 {
					if !compose.IsMergeKey(v.Content[i]) {
						names = append(names, v.Content[i].Value)
					}
				}
			}
			for i := 1; i < len(names); i++ {
				if localeCompare(names[i-1], names[i], false) > 0 {
					p.Report(rule.Diagnostic{Path: s.file.Source.Path, Range: s.file.KeyRange(k, nil), Subject: s.name,
						Message: fmt.Sprintf("service %q: sort depends_on alphabetically (%q before %q)", s.name, names[i], names[i-1])})
					break
				}
			}
		}
	},
}
