package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// BackendNotInternal flags the datastore network of a project that already
// separates its tiers when that network is not internal: true.
var BackendNotInternal = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC020",
		Name:     "backend-network-not-internal",
		Severity: rule.Info,
		Summary:  "declare the network that holds the datastores internal: true",
		Tags:     []string{"security", "network"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		Doc: rule.Doc{
			Why: "A project that keeps its datastores on a backend network, apart from the services that publish " +
				"ports or joined by them only through a second network, has done most of the segmentation. " +
				"Without `internal: true`, the backend network still routes to the outside: a compromised " +
				"datastore or application can open connections to the internet to fetch tools or send data out. " +
				"Declaring it `internal: true` cuts that route; services that need the outside keep their other " +
				"network. Reported once per network, at its definition (at the first service that publishes ports " +
				"on it when it is the implicit `default` network), with the services on it as related locations. " +
				"Flat networks, where a service that publishes ports has no other network, are DC015's; external " +
				"networks are defined elsewhere and are not reported.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    networks: [front]\n" +
				"  app:\n    image: python:3.12\n    networks: [front, back]\n" +
				"  db:\n    image: postgres:16\n    networks: [back]\n" +
				"networks:\n  front: {}\n  back: {}\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    networks: [front]\n" +
				"  app:\n    image: python:3.12\n    networks: [front, back]\n" +
				"  db:\n    image: postgres:16\n    networks: [back]\n" +
				"networks:\n  front: {}\n  back:\n    internal: true\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, n := range networkMixes(proj) {
			if n.flat || n.external {
				continue
			}
			loc, related := n.anchor(proj)
			p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: n.name, Related: related,
				Message: fmt.Sprintf("network %q holds %s %s and is not internal: true, so %s can open connections to the internet; "+
					"add internal: true to it (services that need the outside keep their other networks)",
					n.name, plural(len(n.stores), "datastore", "datastores"), quoteList(n.stores), plural(len(n.stores), "it", "they"))})
		}
	},
}
