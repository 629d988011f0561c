package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// CapDropMissing notes services that keep Docker's default capabilities.
var CapDropMissing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC017",
		Name:       "cap-drop-missing",
		Severity:   rule.Info,
		Summary:    "add cap_drop: [ALL] and cap_add back only the capabilities the service needs",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Strict,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Container Capabilities Unrestricted"}, rule.ComposeLint: {"CL-0006"}, rule.CIS: {"5.4"}},
		Doc: rule.Doc{
			Why: "Docker gives every container 14 capabilities by default (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, " +
				"`SETUID`, `SETGID`, `NET_RAW`, ...). Most services need none or one of them; each one left is " +
				"something an attacker in the container can use (`NET_RAW` for spoofing, `DAC_OVERRIDE` to ignore " +
				"file permissions). Drop them all and add back what is needed, e.g. `NET_BIND_SERVICE`. " +
				"The finding carries a hardening fix (`dockguard lint --fix=hardening`) that adds `ALL` to " +
				"`cap_drop`; run the service afterwards and add back with `cap_add` what it turns out to need.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			dropsAll := false
			for _, c := range s.Config.CapDrop {
				if normCap(c) == "ALL" {
					dropsAll = true
				}
			}
			if !dropsAll {
				where := proj.ServiceLocation(s.Name)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q keeps Docker's default capabilities; add cap_drop: [ALL] and cap_add only what it needs", s.Name),
					Fix: dropAllCaps(proj, s.Name)})
			}
		}
	},
}

// dropAllCaps is the hardening fix that adds ALL to cap_drop (adding the
// key when the service has none).
func dropAllCaps(proj *compose.Project, name string) *rule.Fix {
	t, ok := fixableService(proj, name)
	if !ok {
		return nil
	}
	const desc = "drop all capabilities (cap_drop: [ALL])"
	k, v := t.entry("cap_drop")
	if k == nil {
		return t.insertKey("cap_drop", "", []string{"ALL"}, desc, rule.FixHardening)
	}
	for _, it := range v.Content {
		if !literal(it) {
			return nil
		}
	}
	return t.appendItem(v, "ALL", desc, rule.FixHardening)
}
