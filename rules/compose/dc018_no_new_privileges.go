package compose

import (
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoNewPrivileges notes services that let processes gain privileges.
var NoNewPrivileges = &rule.Rule{
	ID:       "DC018",
	Name:     "no-new-privileges",
	Severity: rule.Info,
	Summary:  "add no-new-privileges:true to security_opt",
	Tags:     []string{"security", "privileged", "CIS-5.26"},
	Doc: rule.Doc{
		Why: "Without `no-new-privileges`, a process in the container can gain privileges through setuid " +
			"and setgid binaries (`su`, `sudo`, `passwd`) or file capabilities, turning an unprivileged " +
			"foothold into root inside the container. The flag makes execve never grant more than the caller has.",
		Bad:  "services:\n  web:\n    image: nginx:1.27\n",
		Good: "services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true\n",
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
				reportService(p, loc, rule.SeverityDefault, s.Name, "security_opt turns no-new-privileges off; set no-new-privileges:true")
			default:
				loc, ok := proj.Lookup(s.Name, "security_opt")
				if !ok {
					loc = proj.ServiceLocation(s.Name)
				}
				reportService(p, loc, rule.SeverityDefault, s.Name, "service lets processes gain privileges (setuid binaries); add no-new-privileges:true to security_opt")
			}
		}
	},
}
