package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// ConfinementDisabled flags security_opt entries that switch off seccomp,
// AppArmor or SELinux confinement.
var ConfinementDisabled = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC009",
		Name:       "confinement-disabled",
		Severity:   rule.Error,
		Summary:    "remove the security_opt entry that disables seccomp, AppArmor or SELinux confinement",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.KICS: {"Default Seccomp Profile Disabled"}, rule.ComposeLint: {"CL-0009"}, rule.CIS: {"5.2", "5.3", "5.22"}, rule.Semgrep: {"seccomp-confinement-disabled", "selinux-separation-disabled"}},
		Doc: rule.Doc{
			Why: "Docker's default seccomp profile blocks about 50 dangerous system calls, and its AppArmor " +
				"and SELinux profiles keep a container away from host files and /proc knobs. " +
				"`seccomp:unconfined`, `apparmor:unconfined`, `label:disable` (with `:` or `=`), " +
				"`label:type:spc_t` and `systempaths=unconfined` turn that off and widen every kernel attack surface. " +
				"If a call is missing, write a custom seccomp profile that allows just it.",
			Bad:  "services:\n  app:\n    image: alpine:3.20\n    security_opt:\n      - seccomp:unconfined\n",
			Good: "services:\n  app:\n    image: alpine:3.20\n    security_opt:\n      - no-new-privileges:true\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, o := range s.Config.SecurityOpt {
				n := normOpt(o)
				what, bad := unconfined[n]
				if !bad {
					continue
				}
				loc := proj.LocateString(s.Name, "security_opt", func(v string) bool { return normOpt(v) == n })
				p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: security_opt %s disables %s; remove it (write a custom profile if a call is missing)", s.Name, n, what)})
			}
		}
	},
}

var unconfined = map[string]string{
	"seccomp:unconfined":     "the seccomp filter",
	"apparmor:unconfined":    "AppArmor confinement",
	"label:disable":          "SELinux separation",
	"label:type:spc_t":       "SELinux separation (super-privileged container type)",
	"systempaths:unconfined": "the masking of /proc and /sys paths",
}
