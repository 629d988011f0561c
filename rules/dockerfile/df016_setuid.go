package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// SetuidBit reports setuid and setgid bits added to files.
var SetuidBit = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF016",
		Name:       "setuid-bit",
		Severity:   rule.Warning,
		Summary:    "do not add setuid/setgid bits to files in the image",
		Tags:       []string{"security", "privilege", "permissions"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CIS: {"4.8"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A setuid (or setgid) executable runs with the privileges of its owner (group) whoever starts it: " +
				"a setuid-root binary in the image is a way from the image's non-root `USER` back to root for any " +
				"flaw in that binary. CIS Docker Benchmark 4.8 asks to remove such bits, not to add them. " +
				"The rule reports `chmod u+s`, `+s`, `4755`, `6755` and `install -m 4755`. The setgid bit is " +
				"reported only on a file under a `bin` or `sbin` directory: `chmod g+s dir` (`2775`) on a " +
				"directory only makes new files inherit its group, which is harmless.",
			Bad:  "FROM debian:12-slim\nCOPY tool /usr/local/bin/tool\nRUN chmod 4755 /usr/local/bin/tool\nUSER 1000\n",
			Good: "FROM debian:12-slim\nCOPY tool /usr/local/bin/tool\nRUN setcap cap_net_bind_service=+ep /usr/local/bin/tool\nUSER 1000\n",
			Fix: "Run the program as the user it needs (`USER`), or grant the one capability it needs with " +
				"`setcap` (and `cap_add` at run time) instead of setuid root. Where a setuid helper is required " +
				"(e.g. a sandbox helper), disable the rule on that instruction.",
		},
	},
	Dockerfile: checkSetuid,
}

// inBinDir reports whether any positional argument of c is a path in a
// bin or sbin directory.
func inBinDir(c *dockerfile.Command, skip dockerfile.Word) bool {
	for _, a := range c.Positionals() {
		if a.Range == skip.Range {
			continue
		}
		v := a.Value
		if strings.Contains(v, "/bin/") || strings.Contains(v, "/sbin/") || strings.HasPrefix(v, "bin/") || strings.HasPrefix(v, "sbin/") {
			return true
		}
	}
	return false
}

func checkSetuid(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		for _, w := range modeWords(c) {
			if !w.Known {
				continue
			}
			_, su, sg, _ := modeBits(w.Value)
			switch {
			case su:
				p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: c.Base() + " mode " + w.Value + " sets the setuid bit: any user who runs the file gets its owner's privileges; use USER or setcap instead"})
			case sg && inBinDir(c, w):
				p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: c.Base() + " mode " + w.Value + " sets the setgid bit on an executable: any user who runs it gets its group's privileges; remove the bit"})
			}
		}
	})
}
