package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// DangerousCapability flags dangerous capabilities in cap_add, graded by
// what they give away.
var DangerousCapability = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC004",
		Name:       "dangerous-capability",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "remove dangerous capabilities from cap_add; keep only what the service needs",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.KICS: {"Container Capabilities Unrestricted"}, rule.ComposeLint: {"CL-0011", "CL-0024", "CL-0027", "CL-0028", "CL-0029", "CL-0030"}, rule.CIS: {"5.4"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "Capabilities split root's power; some pieces are nearly all of it. `ALL`, `SYS_ADMIN`, " +
				"`SYS_MODULE`, `SYS_RAWIO`, `SYS_BOOT`, `NET_ADMIN`, `BPF`, `PERFMON`, `SYS_TIME`, `MAC_ADMIN` and " +
				"`MAC_OVERRIDE` reach the host kernel or its network and are errors; `SYS_PTRACE`, `DAC_READ_SEARCH`, " +
				"`SYSLOG`, `SYS_NICE`, `IPC_LOCK`, `SYS_RESOURCE` and a few more are warnings. Names are matched " +
				"in any case, with or without `CAP_`. Capabilities Docker grants by default (`CHOWN`, " +
				"`NET_BIND_SERVICE`, ...) are not reported.",
			Bad:  "services:\n  vpn:\n    image: alpine:3.20\n    cap_add:\n      - NET_ADMIN\n",
			Good: "services:\n  vpn:\n    image: alpine:3.20\n    cap_drop: [ALL]\n    cap_add:\n      - NET_BIND_SERVICE\n",
		},
	},
	Compose: checkCapabilities,
}

// capDanger grades capabilities; absent ones are not reported.
var capDanger = map[string]rule.Severity{
	"ALL": rule.Error, "SYS_ADMIN": rule.Error, "SYS_MODULE": rule.Error, "SYS_RAWIO": rule.Error,
	"SYS_BOOT": rule.Error, "NET_ADMIN": rule.Error, "BPF": rule.Error, "PERFMON": rule.Error,
	"SYS_TIME": rule.Error, "MAC_ADMIN": rule.Error, "MAC_OVERRIDE": rule.Error,

	"SYS_PTRACE": rule.Warning, "DAC_READ_SEARCH": rule.Warning, "SYSLOG": rule.Warning,
	"SYS_NICE": rule.Warning, "IPC_LOCK": rule.Warning, "LEASE": rule.Warning,
	"SYS_RESOURCE": rule.Warning, "LINUX_IMMUTABLE": rule.Warning, "AUDIT_CONTROL": rule.Warning,
	"AUDIT_READ": rule.Warning, "SYS_PACCT": rule.Warning, "CHECKPOINT_RESTORE": rule.Warning,
	"BLOCK_SUSPEND": rule.Warning, "WAKE_ALARM": rule.Warning, "SYS_TTY_CONFIG": rule.Warning,
	"NET_BROADCAST": rule.Warning,
}

func checkCapabilities(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		for _, c := range s.Config.CapAdd {
			name := normCap(c)
			sev, bad := capDanger[name]
			if !bad {
				continue
			}
			loc := proj.LocateString(s.Name, "cap_add", func(v string) bool { return normCap(v) == name })
			what := "capability " + name
			if name == "ALL" {
				what = "every capability (ALL)"
			}
			p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Severity: sev, Subject: s.Name, Message: fmt.Sprintf("service %q adds %s; remove it from cap_add and grant only what the service needs", s.Name, what)})
		}
	}
}
