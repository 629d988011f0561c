package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// Privileged flags `privileged: true`.
var Privileged = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC003",
		Name:       "privileged-service",
		Severity:   rule.Error,
		Summary:    "remove privileged: true; add only the capabilities or devices the service needs",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Privileged Containers Enabled"}, rule.ComposeLint: {"CL-0002"}, rule.CIS: {"5.5"}, rule.CWE: {"CWE-250"}, rule.Semgrep: {"privileged-service"}},
		Doc: rule.Doc{
			Why: "A privileged container gets every capability, every host device and no seccomp, AppArmor or " +
				"SELinux confinement: root in it is root on the host (mount the host disk, load kernel modules). " +
				"The value is checked after interpolation, overrides and `extends`, and the finding points at " +
				"the file that sets it. Lifecycle hooks (`post_start`, `pre_stop`, `pre_start`) that set " +
				"`privileged: true` themselves are reported at the hook. The finding carries a hardening fix " +
				"(`dockguard lint --fix=hardening`) that deletes the line; the capabilities or devices the " +
				"service really needs must then be added by hand.",
			Bad:  "services:\n  app:\n    image: alpine:3.20\n    privileged: true\n",
			Good: "services:\n  app:\n    image: alpine:3.20\n    cap_add: [NET_BIND_SERVICE]\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			reportPrivilegedHooks(p, proj, s)
			if s.Config.Privileged {
				where := proj.Locate(s.Name, "privileged")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q runs privileged; remove privileged: true and add only the capabilities it needs", s.Name),
					Fix: removePrivileged(proj, s.Name)})
			}
		}
	},
}

// removePrivileged is the hardening fix that deletes `privileged: true`.
func removePrivileged(proj *compose.Project, name string) *rule.Fix {
	t, ok := fixableService(proj, name)
	if !ok {
		return nil
	}
	k, v := t.entry("privileged")
	if k == nil || !literal(v) {
		return nil
	}
	return t.deleteEntry(k, v, "delete privileged: true", rule.FixHardening)
}
