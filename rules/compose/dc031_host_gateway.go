package compose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HostGateway notes services that map a host name to the Docker host.
var HostGateway = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC031",
		Name:       "host-gateway",
		Severity:   rule.Info,
		Summary:    "check which host services the container reaches through host-gateway; prefer running them in the project",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-668"}},
		Doc: rule.Doc{
			Why: "`extra_hosts: [\"host.docker.internal:host-gateway\"]` (or `build.extra_hosts`) gives the " +
				"container a name for the Docker host. The name opens no new path (a container can already " +
				"address its network's gateway), but it says the service depends on something running on the " +
				"host, outside the project, and such setups tend to end with the host service bound to " +
				"`0.0.0.0` or the bridge address so that the container can reach it, and so everything else on " +
				"those interfaces can too. What to review: which host services it talks to, and on which " +
				"address they listen. A note in the `strict` set: it is a documented Docker pattern (Xdebug, a " +
				"host's Prometheus exporter, a database left on the host during a migration), not a fault. No " +
				"peer checks it.",
			Bad:  "services:\n  app:\n    image: nginx:1.27\n    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n",
			Good: "services:\n  app:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:17.2\n",
			Fix: "Run the dependency as a service of the project, reached over the compose network. When it " +
				"must stay on the host, bind it to the bridge address only and firewall it, and say so in a " +
				"comment next to the mapping.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			reportHostGateway(p, proj, s, "extra_hosts", s.Config.ExtraHosts, "")
			if b := s.Config.Build; b != nil {
				reportHostGateway(p, proj, s, "build.extra_hosts", b.ExtraHosts, " in its build")
			}
		}
	},
}

func reportHostGateway(p *rule.Pass, proj *compose.Project, s *compose.Service, key string, hosts types.HostsList, who string) {
	names := make([]string, 0, len(hosts))
	for h, ips := range hosts {
		for _, ip := range ips {
			if strings.EqualFold(strings.TrimSpace(ip), "host-gateway") {
				names = append(names, h)
				break
			}
		}
	}
	sort.Strings(names)
	for _, h := range names {
		where, ok := proj.Lookup(s.Name, key+"."+h)
		if !ok {
			where = proj.LocateString(s.Name, key, func(v string) bool {
				name, ip, found := strings.Cut(v, "=")
				if !found {
					name, ip, _ = strings.Cut(v, ":")
				}
				return strings.TrimSpace(name) == h && strings.EqualFold(strings.TrimSpace(ip), "host-gateway")
			})
		}
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
			Message: fmt.Sprintf("service %q maps %s to the Docker host (host-gateway)%s: check which host services it reaches and that they listen only where containers should reach them, or run them as project services", s.Name, h, who)})
	}
}
