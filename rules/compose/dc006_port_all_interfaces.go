package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// PortAllInterfaces flags ports published on every host interface.
var PortAllInterfaces = &rule.Rule{
	ID:       "DC006",
	Name:     "port-all-interfaces",
	Severity: rule.Warning,
	Summary:  "bind published ports to 127.0.0.1 (\"127.0.0.1:8080:80\") or use expose: for service-to-service traffic",
	Tags:     []string{"security", "network", "CIS-5.14"},
	Doc: rule.Doc{
		Why: "A port published without a host IP (or with `0.0.0.0` / `::`) listens on every interface of the " +
			"host, and Docker's iptables rules bypass host firewalls such as ufw: a development database " +
			"becomes reachable from the whole network. Bind to `127.0.0.1` when only the host needs it, or use " +
			"`expose:` (or nothing: services on one network reach each other) for traffic between services.",
		Bad:  "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n",
		Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n",
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		r := newReporter(p)
		for _, s := range proj.Services {
			for _, port := range s.Config.Ports {
				if !allInterfaces(port.HostIP) {
					continue
				}
				msg := fmt.Sprintf("port %s:%d is published on all host interfaces; bind it to 127.0.0.1 or use expose:", port.Published, port.Target)
				if port.Published == "" {
					msg = fmt.Sprintf("container port %d is published on a random port of all host interfaces; bind it to 127.0.0.1 or use expose:", port.Target)
				}
				r.reportOnce(proj.LocatePort(s.Name, port), rule.SeverityDefault, s.Name, msg)
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
