package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// WorkdirSystemDir flags WORKDIR inside a kernel or boot directory.
var WorkdirSystemDir = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF108",
		Name:       "workdir-system-dir",
		Severity:   rule.Warning,
		Summary:    "use an application directory such as /app as WORKDIR, not /proc, /sys, /dev or /boot",
		Tags:       []string{"correctness"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.Trivy: {"DS-0030"}},
		Doc: rule.Doc{
			Why: "/proc, /sys and /dev are replaced by the runtime's pseudo-filesystems when the container " +
				"starts, so files put there at build time are hidden, and /boot, /initrd and /lost+found " +
				"belong to the host's boot and filesystem tools. A WORKDIR under them is a typo or a " +
				"misunderstanding. Real Dockerfiles almost never do it, which is why the rule is only in the " +
				"`all` set.",
			Bad:  "FROM alpine:3.20\nWORKDIR /proc/app\n",
			Good: "FROM alpine:3.20\nWORKDIR /app\n",
			Fix:  "Pick an application directory (`/app`, `/srv/<name>`, `/opt/<name>`).",
		},
	},
	Dockerfile: checkWorkdirSystemDir,
}

func checkWorkdirSystemDir(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		if in.Keyword != "WORKDIR" || len(in.Args) == 0 {
			continue
		}
		e := in.Expand(in.Args[0].Value)
		if !e.Resolved() || !strings.HasPrefix(strings.TrimSpace(e.Value), "/") {
			continue
		}
		dir := path.Clean(strings.TrimSpace(e.Value))
		for _, sys := range []string{"/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"} {
			if dir == sys || strings.HasPrefix(dir, sys+"/") {
				p.Report(rule.Diagnostic{Range: in.Args[0].Range, Subject: in.Stage.DisplayName(),
					Message: "WORKDIR " + dir + " is under " + sys + ", a system directory: use an application directory such as /app"})
				break
			}
		}
	}
}
