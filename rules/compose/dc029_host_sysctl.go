package compose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HostSysctl flags sysctls that are not namespaced, or whose namespace the
// service shares with the host: settings of the host kernel, which the
// container runtime refuses to apply.
var HostSysctl = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC029",
		Name:     "host-kernel-sysctl",
		Severity: rule.Error,
		Summary:  "set host kernel parameters (vm.*, kernel.*, fs.*) on the host, not in sysctls:; the container will not start",
		Tags:     []string{"security", "isolation", "correctness"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		Doc: rule.Doc{
			Why: "`sysctls:` sets kernel parameters inside the container's namespaces, and only those that are " +
				"namespaced: the IPC ones (`kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`, `kernel.sem`, " +
				"`kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`, `kernel.shm_rmid_forced`, `fs.mqueue.*`), " +
				"the network ones (`net.*`) and `kernel.domainname`. Anything else (`vm.max_map_count` for " +
				"Elasticsearch or SonarQube, `vm.overcommit_memory` for Redis, `kernel.pid_max`, `fs.file-max`, " +
				"`kernel.core_pattern`) is a setting of the host kernel, shared by every container and host " +
				"process; runc refuses it and the container does not start (`sysctl \"vm.max_map_count\" is not " +
				"in a separate kernel namespace`). The same happens to a namespaced sysctl when the service " +
				"shares that namespace with the host: `net.*` with `network_mode: host`, the IPC ones with " +
				"`ipc: host`, `kernel.domainname` with `uts: host`. `kernel.hostname` is refused in favour of " +
				"`hostname:`. So the rule is about a file that does not run as written, and about where a host " +
				"setting belongs: a compose file that could change the host kernel would break the isolation " +
				"of everything else on it.\n\n" +
				"Namespaced sysctls are not reported: `net.ipv4.ip_forward` or " +
				"`net.ipv4.conf.all.src_valid_mark` (VPN containers) change only the container's own network " +
				"stack. Keys are compared after turning `/` into `.`, as runc does. No peer checks sysctls.",
			Bad:  "services:\n  search:\n    image: elasticsearch:8.15.3\n    sysctls:\n      - vm.max_map_count=262144\n",
			Good: "services:\n  search:\n    image: elasticsearch:8.15.3\n    sysctls:\n      - net.core.somaxconn=1024\n",
			Fix: "Set the parameter on the host (`/etc/sysctl.d/*.conf`, or your provisioning), and document it " +
				"next to the service; for a namespaced one, stop sharing the host's namespace.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			keys := make([]string, 0, len(s.Config.Sysctls))
			for k := range s.Config.Sysctls {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				why, bad := hostSysctl(s, strings.ReplaceAll(strings.TrimSpace(k), "/", "."))
				if !bad {
					continue
				}
				where, ok := proj.Lookup(s.Name, "sysctls."+k)
				if !ok {
					where = proj.LocateString(s.Name, "sysctls", func(v string) bool {
						name, _, _ := strings.Cut(v, "=")
						return strings.TrimSpace(name) == k
					})
				}
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
					Message: fmt.Sprintf("service %q sets sysctl %s, %s", s.Name, k, why)})
			}
		}
	},
}

// ipcSysctls are the IPC-namespaced sysctls (with fs.mqueue.*).
var ipcSysctls = map[string]bool{
	"kernel.msgmax": true, "kernel.msgmnb": true, "kernel.msgmni": true, "kernel.sem": true,
	"kernel.shmall": true, "kernel.shmmax": true, "kernel.shmmni": true, "kernel.shm_rmid_forced": true,
}

// hostSysctl says why the container runtime refuses sysctl k for s, and
// what to do.
func hostSysctl(s *compose.Service, k string) (string, bool) {
	c := s.Config
	switch {
	case ipcSysctls[k] || strings.HasPrefix(k, "fs.mqueue."):
		if strings.EqualFold(c.Ipc, "host") {
			return "an IPC setting, with ipc: host: it would change the host's IPC namespace, so runc refuses it and the container does not start; remove ipc: host or the sysctl", true
		}
	case strings.HasPrefix(k, "net."):
		if strings.EqualFold(c.NetworkMode, "host") {
			return "a network setting, with network_mode: host: it would change the host's network stack, so runc refuses it and the container does not start; set it on the host, or give the service its own network", true
		}
	case k == "kernel.domainname":
		if strings.EqualFold(c.Uts, "host") {
			return "with uts: host: it would change the host's domain name, so runc refuses it and the container does not start; remove uts: host or the sysctl", true
		}
	case k == "kernel.hostname":
		return "which runc refuses in favour of hostname:, so the container does not start; use hostname: instead", true
	default:
		return "a host kernel parameter that no namespace isolates, so runc refuses it and the container does not start; set it on the host (/etc/sysctl.d) and remove it here", true
	}
	return "", false
}
