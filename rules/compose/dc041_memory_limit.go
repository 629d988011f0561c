package compose

import (
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoMemoryLimit notes services whose memory use is unbounded.
var NoMemoryLimit = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC041",
		Name:       "no-memory-limit",
		Severity:   rule.Info,
		Summary:    "bound the service's memory with mem_limit or deploy.resources.limits.memory",
		Tags:       []string{"security", "availability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Memory Not Limited"}, rule.ComposeLint: {"CL-0026"}, rule.CIS: {"5.11"}, rule.CWE: {"CWE-770"}},
		Doc: rule.Doc{
			Why: "Docker sets no memory limit by default: a leak, a large request or an attacker in one " +
				"container can take the host's memory until the kernel's OOM killer picks victims, which may " +
				"be other services or the Docker daemon. With a limit, only the container that exceeds it is " +
				"killed (and restarted by its restart policy). A memory limit is `mem_limit` or " +
				"`deploy.resources.limits.memory` (docker compose applies both outside Swarm) with a value " +
				"above zero; `mem_reservation` and `deploy.resources.reservations` are soft and bound nothing, " +
				"and `memswap_limit` only has meaning with a memory limit. A limit written as 0 or -1 is " +
				"reported at its key, in whichever file sets it; a limit taken from a variable that is not set " +
				"where dockguard runs is left to the deployment. Size it from the service's observed use " +
				"(`docker stats`) with headroom. compose-lint's CL-0026 reports memory and CPU together; " +
				"dockguard reports each resource under its own rule (DC041, DC042, and DC043 for process " +
				"counts), so that a project can enforce one without the others.",
			Bad:  "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n",
			Good: "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n    mem_limit: 512m\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			mem, _, _ := deployLimits(s)
			if s.Config.MemLimit > 0 || mem > 0 {
				continue
			}
			reportUnbounded(p, proj, s, limitKeys{"mem_limit", "deploy.resources.limits.memory"}, "memory limit",
				"set mem_limit (or deploy.resources.limits.memory) to what it needs with headroom, such as mem_limit: 512m", "")
		}
	},
}
