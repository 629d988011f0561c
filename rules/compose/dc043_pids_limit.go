package compose

import (
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoPidsLimit notes services whose number of processes is unbounded.
var NoPidsLimit = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC043",
		Name:       "no-pids-limit",
		Severity:   rule.Info,
		Summary:    "bound the number of processes and threads with pids_limit or deploy.resources.limits.pids",
		Tags:       []string{"security", "availability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Pids Limit Not Set"}, rule.CIS: {"5.29"}, rule.CWE: {"CWE-770"}},
		Doc: rule.Doc{
			Why: "Docker sets no limit on the number of processes a container may create: a fork bomb, or a " +
				"service that spawns a thread or process per request under load, exhausts the host's process " +
				"table and no new process can start anywhere on the host, including the shell you would fix it " +
				"from. `pids_limit` (or `deploy.resources.limits.pids`) above zero makes the container's own " +
				"fork fail instead. The limit counts threads as well as processes: size it above the service's " +
				"normal count (`docker stats` shows it as PIDS), with headroom; databases and JVM services need " +
				"hundreds. A limit written as 0 or -1 (unlimited) is reported at its key, in whichever file sets " +
				"it; a limit taken from a variable that is not set where dockguard runs is left to the " +
				"deployment. `ulimits: nproc` is not a substitute: it counts the processes of a user across " +
				"every container of the host. Podman applies a default limit (2048 in current releases, set in containers.conf); Docker " +
				"applies none. compose-lint withdrew its pids rule (CL-0012); KICS and the CIS Benchmark (5.29) " +
				"keep it.",
			Bad:  "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n",
			Good: "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n    pids_limit: 200\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			_, _, pids := deployLimits(s)
			if s.Config.PidsLimit > 0 || pids > 0 {
				continue
			}
			reportUnbounded(p, proj, s, limitKeys{"pids_limit", "deploy.resources.limits.pids"}, "process limit",
				"set pids_limit (or deploy.resources.limits.pids) above its normal count of processes and threads, such as pids_limit: 200", "")
		}
	},
}
