package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// DefaultBridge flags services put on Docker's legacy default bridge.
var DefaultBridge = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC032",
		Name:       "default-bridge-network",
		Severity:   rule.Info,
		Summary:    "remove network_mode: bridge so the service joins the project's own network, not docker0",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.CIS: {"5.30"}},
		Doc: rule.Doc{
			Why: "`network_mode: bridge` puts the container on Docker's default bridge (`docker0`), which every " +
				"container started without a network shares: they can reach each other's ports, and names do not " +
				"resolve, so links and published ports get used instead. Without it, compose creates a network for " +
				"the project and isolates it from other projects. Only `network_mode: bridge` lands on docker0: unlike " +
				"KICS's retired \"Networks Not Set\" query, a service without `networks:` is not reported, since compose " +
				"puts it on the project's default network, not on docker0.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    network_mode: bridge\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n",
			Fix:  "Delete `network_mode: bridge`; to isolate tiers, declare `networks:` and attach each service to the ones it needs.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if strings.EqualFold(s.Config.NetworkMode, "bridge") {
				where := proj.Locate(s.Name, "network_mode")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
					Message: fmt.Sprintf("service %q runs on Docker's default bridge (docker0), shared with every container started without a network; remove network_mode: bridge", s.Name)})
			}
		}
	},
}
