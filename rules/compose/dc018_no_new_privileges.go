package compose

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoNewPrivileges notes services that let processes gain privileges.
var NoNewPrivileges = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC018",
		Name:       "no-new-privileges",
		Severity:   rule.Info,
		Summary:    "add no-new-privileges:true to security_opt",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Strict,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"No New Privileges Not Set", "Security Opt Not Set"}, rule.ComposeLint: {"CL-0003"}, rule.CIS: {"5.26"}, rule.Semgrep: {"no-new-privileges"}},
		Doc: rule.Doc{
			Why: "Without `no-new-privileges`, a process in the container can gain privileges through setuid " +
				"and setgid binaries (`su`, `sudo`, `passwd`) or file capabilities, turning an unprivileged " +
				"foothold into root inside the container. The flag makes execve never grant more than the caller has. " +
				"The finding carries a hardening fix (`dockguard lint --fix=hardening`) that adds the option " +
				"(or turns a written `no-new-privileges:false` into `true`).",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			set, off := false, ""
			for _, o := range s.Config.SecurityOpt {
				n := normOpt(o)
				switch {
				case n == "no-new-privileges" || n == "no-new-privileges:true":
					set = true
				case strings.HasPrefix(n, "no-new-privileges:"):
					off = n
				}
			}
			switch {
			case set:
			case off != "":
				loc := proj.LocateString(s.Name, "security_opt", func(v string) bool { return normOpt(v) == off })
				p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: security_opt turns no-new-privileges off; set no-new-privileges:true", s.Name),
					Fix: noNewPrivilegesFix(proj, s.Name)})
			default:
				loc, ok := proj.Lookup(s.Name, "security_opt")
				if !ok {
					loc = proj.ServiceLocation(s.Name)
				}
				p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: s.Name, Message: fmt.Sprintf("service %q lets processes gain privileges (setuid binaries); add no-new-privileges:true to security_opt", s.Name),
					Fix: noNewPrivilegesFix(proj, s.Name)})
			}
		}
	},
}

// noNewPrivilegesFix is the hardening fix that sets no-new-privileges:true
// in security_opt: it turns a written no-new-privileges:false into true,
// or adds the option (and the key when the service has none).
func noNewPrivilegesFix(proj *compose.Project, name string) *rule.Fix {
	t, ok := fixableService(proj, name)
	if !ok {
		return nil
	}
	const opt = "no-new-privileges:true"
	const desc = "add no-new-privileges:true to security_opt"
	k, v := t.entry("security_opt")
	if k == nil {
		return t.insertKey("security_opt", "", []string{opt}, desc, rule.FixHardening)
	}
	if v.Kind != yaml.SequenceNode {
		return nil
	}
	for _, it := range v.Content {
		if !literal(it) {
			return nil
		}
	}
	for _, it := range v.Content {
		n := normOpt(it.Value)
		if strings.HasPrefix(n, "no-new-privileges:") || strings.HasPrefix(n, "no-new-privileges=") {
			if it.Value != strings.TrimSpace(it.Value) {
				return nil
			}
			return t.replaceScalar(it, opt, "set no-new-privileges:true", rule.FixHardening)
		}
	}
	return t.appendItem(v, opt, desc, rule.FixHardening)
}
