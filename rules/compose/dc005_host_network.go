package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HostNetwork flags `network_mode: host`.
var HostNetwork = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC005",
		Name:       "host-network",
		Severity:   rule.Error,
		Summary:    "remove network_mode: host; publish the ports the service needs instead",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.KICS: {"Shared Host Network Namespace"}, rule.ComposeLint: {"CL-0008"}, rule.CIS: {"5.10"}},
		Doc: rule.Doc{
			Why: "With the host's network namespace the container sees every host interface, can bind any host " +
				"port, reach services listening on localhost (databases, cloud metadata proxies, the Docker API) " +
				"and sniff traffic with `NET_RAW`. Nothing it listens on is isolated by Docker's port publishing.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if strings.EqualFold(s.Config.NetworkMode, "host") {
				where := proj.Locate(s.Name, "network_mode")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q shares the host's network namespace; remove network_mode: host and publish the ports it needs", s.Name)})
			}
		}
	},
}
