package compose

import (
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HostNamespace flags services sharing a host namespace.
var HostNamespace = &rule.Rule{
	ID:       "DC008",
	Name:     "host-namespace",
	Severity: rule.Error,
	Summary:  "remove pid/ipc/uts/userns_mode/cgroup: host so the service keeps its own namespaces",
	Tags:     []string{"security", "isolation", "CIS-5.16", "CIS-5.17", "CIS-5.21", "CIS-5.31"},
	Doc: rule.Doc{
		Why: "Namespaces are what separate a container from the host. `pid: host` lets it see and signal " +
			"(with ptrace, inspect) every host process; `ipc: host` shares shared memory with host processes; " +
			"`uts: host` lets it change the host name; `userns_mode: host` turns off user-namespace remapping " +
			"so root inside is root outside; `cgroup: host` exposes the host's cgroup tree.",
		Bad:  "services:\n  agent:\n    image: alpine:3.20\n    pid: host\n",
		Good: "services:\n  agent:\n    image: alpine:3.20\n",
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			c := s.Config
			for _, ns := range []struct{ key, val, what string }{
				{"pid", c.Pid, "process"},
				{"ipc", c.Ipc, "IPC"},
				{"uts", c.Uts, "UTS (host name)"},
				{"userns_mode", c.UserNSMode, "user"},
				{"cgroup", c.Cgroup, "cgroup"},
			} {
				if strings.EqualFold(ns.val, "host") {
					reportService(p, proj.Locate(s.Name, ns.key), rule.SeverityDefault, s.Name,
						"service shares the host's "+ns.what+" namespace; remove "+ns.key+": host")
				}
			}
		}
	},
}
