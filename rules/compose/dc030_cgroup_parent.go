package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// CgroupParent notes services placed under a cgroup of their own choosing.
var CgroupParent = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC030",
		Name:       "cgroup-parent",
		Severity:   rule.Info,
		Summary:    "remove cgroup_parent unless the host provides that cgroup with the limits you expect",
		Tags:       []string{"security", "resources"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Cgroup Not Default"}, rule.CIS: {"5.25"}, rule.CWE: {"CWE-400"}},
		Doc: rule.Doc{
			Why: "Docker puts every container in a cgroup below its own parent (`docker.slice` or `/docker`), " +
				"where the host's administrator can cap what all containers together may use. `cgroup_parent` " +
				"moves the container elsewhere in the host's hierarchy: under a slice without those limits, or " +
				"next to host services whose CPU, memory and I/O it then competes for; with the cgroupfs driver " +
				"a path such as `/` puts it at the top. The setting is sometimes right (a host that provisions a " +
				"slice for a workload), but it depends on host configuration a compose file cannot show, which " +
				"is what CIS 5.25 asks to confirm. It is a note in the `strict` set: it is rare and deliberate, " +
				"so a finding asks for a review rather than a change. KICS reports it at medium severity.",
			Bad:  "services:\n  worker:\n    image: alpine:3.20\n    cgroup_parent: system.slice\n",
			Good: "services:\n  worker:\n    image: alpine:3.20\n    mem_limit: 512m\n",
			Fix: "Remove `cgroup_parent` and cap the service with its own limits (`mem_limit`, `cpus`, " +
				"`pids_limit`, or `deploy.resources.limits`); keep it only for a slice the host provisions on " +
				"purpose, with a comment that says so.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if s.Config.CgroupParent == "" {
				continue
			}
			where := proj.Locate(s.Name, "cgroup_parent")
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
				Message: fmt.Sprintf("service %q places its container under the host cgroup %s instead of Docker's own; make sure that cgroup carries the limits you expect, or remove cgroup_parent and set the service's own limits", s.Name, written(proj, s.Name, "cgroup_parent", s.Config.CgroupParent))})
		}
	},
}
