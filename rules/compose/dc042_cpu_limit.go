package compose

import (
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoCPULimit notes services whose CPU use is unbounded.
var NoCPULimit = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC042",
		Name:       "no-cpu-limit",
		Severity:   rule.Info,
		Summary:    "bound the service's CPU with cpus or deploy.resources.limits.cpus",
		Tags:       []string{"security", "availability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Cpus Not Limited"}, rule.ComposeLint: {"CL-0026"}, rule.CIS: {"5.12"}, rule.CWE: {"CWE-770"}},
		Doc: rule.Doc{
			Why: "Docker sets no CPU ceiling by default: a busy loop, a runaway job or a cryptominer dropped " +
				"into one container can use every core of the host. A CPU limit is `cpus` or " +
				"`deploy.resources.limits.cpus` above zero, `cpu_quota` above zero (a quota per `cpu_period`), or " +
				"`cpuset` (the container may only run on the CPUs listed). `cpu_shares` is not a limit: it is a " +
				"weight that only matters while CPUs are contended, and leaves an otherwise idle host's cores " +
				"to the container; the rule still reports such a service, and says why. That is where it " +
				"differs from the CIS Benchmark's 5.12, whose audit accepts CPU shares. A limit written as 0 " +
				"or -1 is reported at its key, in whichever file sets it; a limit taken from a variable that " +
				"is not set where dockguard runs is left to the deployment. compose-lint's CL-0026 reports " +
				"memory and CPU together; dockguard reports each under its own rule (DC041, DC042, DC043).",
			Bad:  "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n",
			Good: "services:\n  api:\n    image: ghcr.io/acme/api:1.4\n    cpus: 1.5\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			_, cpus, _ := deployLimits(s)
			c := s.Config
			if c.CPUS > 0 || cpus > 0 || c.CPUQuota > 0 || c.CPUSet != "" {
				continue
			}
			note := ""
			if c.CPUShares > 0 {
				note = "cpu_shares is a weight under contention, not a ceiling"
			}
			reportUnbounded(p, proj, s, limitKeys{"cpus", "deploy.resources.limits.cpus", "cpu_quota"}, "CPU limit",
				"set cpus (or deploy.resources.limits.cpus) to the cores it may use, such as cpus: 1.5", note)
		}
	},
}
