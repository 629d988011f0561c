package compose

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// PortAllInterfaces flags ports published on every host interface.
var PortAllInterfaces = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC006",
		Name:       "port-all-interfaces",
		Severity:   rule.Warning,
		Summary:    "bind published ports to 127.0.0.1 (\"127.0.0.1:3000:3000\") or use expose: for service-to-service traffic",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Container Traffic Not Bound To Host Interface"}, rule.ComposeLint: {"CL-0005"}, rule.DCLint: {"no-unbound-port-interfaces"}, rule.CIS: {"5.14"}},
		Doc: rule.Doc{
			Why: "A port published without a host IP (or with `0.0.0.0` / `::`) listens on every interface of the " +
				"host, and Docker's iptables rules bypass host firewalls such as ufw: a development server or " +
				"debugger becomes reachable from the whole network. Bind to `127.0.0.1` when only the host needs it, or use " +
				"`expose:` (or nothing: services on one network reach each other) for traffic between services. " +
				"Not reported: container ports 80 and 443, and host ports 80 and 443 (serving HTTP(S) to the network " +
				"is what a front service is for); datastore, admin and engine ports, which DC014 reports with its own " +
				"grade; and a long-syntax `published:` that is not a port number (`published: \"127.0.0.1:8080\"`), " +
				"which the engine refuses and DC000 reports.",
			Bad:  "services:\n  app:\n    image: node:22\n    ports:\n      - \"3000:3000\"\n",
			Good: "services:\n  app:\n    image: node:22\n    ports:\n      - \"127.0.0.1:3000:3000\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		// A port range written as one item expands to several ports: one
		// finding per item and service (an extends base serves several).
		type item struct {
			at      source.Location
			service string
		}
		seen := map[item]bool{}
		for _, s := range proj.Services {
			for _, port := range s.Config.Ports {
				if !allInterfaces(port.HostIP) || !compose.ValidPublished(port.Published) || webPort(port) {
					continue
				}
				if _, dc014 := sensitivePublished(port); dc014 {
					continue
				}
				msg := fmt.Sprintf("service %q: port %s:%d is published on all host interfaces; bind it to 127.0.0.1 or use expose:", s.Name, port.Published, port.Target)
				if port.Published == "" {
					msg = fmt.Sprintf("service %q: container port %d is published on a random port of all host interfaces; bind it to 127.0.0.1 or use expose:", s.Name, port.Target)
				}
				where := proj.LocatePort(s.Name, port)
				if seen[item{where, s.Name}] {
					continue
				}
				seen[item{where, s.Name}] = true
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: msg})
			}
		}
	},
}

// allInterfaces reports whether a host_ip binds every interface.
func allInterfaces(ip string) bool {
	switch ip {
	case "", "0.0.0.0", "::", "[::]":
		return true
	}
	return false
}

// webPort reports HTTP(S) published as such: container port 80 or 443, or
// host port 80 or 443.
func webPort(port types.ServicePortConfig) bool {
	switch port.Target {
	case 80, 443:
		return true
	}
	switch port.Published {
	case "80", "443":
		return true
	}
	return false
}
