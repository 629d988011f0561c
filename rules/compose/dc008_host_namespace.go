package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HostNamespace flags services sharing a host namespace.
var HostNamespace = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC008",
		Name:       "host-namespace",
		Severity:   rule.Error,
		Summary:    "remove pid/ipc/uts/userns_mode/cgroup: host so the service keeps its own namespaces",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.KICS: {"Host Namespace is Shared", "Shared Host IPC Namespace", "Shared Host User Namespace"}, rule.ComposeLint: {"CL-0010"}, rule.CIS: {"5.16", "5.17", "5.21", "5.31"}},
		Doc: rule.Doc{
			Why: "Namespaces are what separate a container from the host. `pid: host` lets it see and signal " +
				"(with ptrace, inspect) every host process; `ipc: host` shares shared memory with host processes; " +
				"`uts: host` lets it change the host name; `userns_mode: host` turns off user-namespace remapping " +
				"so root inside is root outside; `cgroup: host` exposes the host's cgroup tree.",
			Bad:  "services:\n  agent:\n    image: alpine:3.20\n    pid: host\n",
			Good: "services:\n  agent:\n    image: alpine:3.20\n",
		},
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
					where := proj.Locate(s.Name, ns.key)
					p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q shares the host's %s namespace; remove %s: host", s.Name, ns.what, ns.key)})
				}
			}
		}
	},
}
