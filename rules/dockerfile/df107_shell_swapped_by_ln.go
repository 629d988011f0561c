package dockerfile

import (
	"path"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ShellSwappedByLn flags RUN ln ... /bin/sh that replaces the system shell
// to change the shell of later RUNs.
var ShellSwappedByLn = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF107",
		Name:       "shell-swapped-by-ln",
		Severity:   rule.Info,
		Summary:    "use the SHELL instruction instead of linking /bin/sh to another shell",
		Tags:       []string{"hygiene", "correctness"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL4005"}, rule.KICS: {"Changing Default Shell Using RUN Command"}, rule.Semgrep: {"use-shell-instruction"}},
		Doc: rule.Doc{
			Why: "`RUN ln -sf /bin/bash /bin/sh` makes the following RUNs use bash, but it also replaces " +
				"/bin/sh in the image: every script with `#!/bin/sh` and every `sh -c` of the running " +
				"container now gets bash, which the distribution did not test (Debian's tools expect dash), " +
				"and the change is invisible to a reader of the RUN lines. `SHELL [\"/bin/bash\", \"-c\"]` " +
				"changes the shell of the build only, and says so. Linking /bin/sh back to dash or busybox is " +
				"not reported.",
			Bad:  "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\nRUN source /etc/profile && make\n",
			Good: "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN source /etc/profile && make\n",
			Fix:  "Remove the `ln` and put `SHELL [\"/bin/bash\", \"-c\"]` (with `-o pipefail` if you like) before the RUNs that need bash.",
		},
	},
	Dockerfile: checkShellSwappedByLn,
}

func checkShellSwappedByLn(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		for _, c := range sc.Commands {
			if !c.Is("ln") || !c.HasOption("-s", "--symbolic") {
				continue
			}
			pos := c.Positionals()
			if len(pos) != 2 || !pos[0].Known || !pos[1].Known {
				continue
			}
			dst := path.Clean(pos[1].Value)
			if dst != "/bin/sh" && dst != "/usr/bin/sh" {
				continue
			}
			switch path.Base(pos[0].Value) {
			case "dash", "busybox", "sh", "ash":
				continue
			}
			p.Report(rule.Diagnostic{Range: c.Range, Subject: in.Stage.DisplayName(),
				Message: "`ln` replaces " + dst + " with " + path.Base(pos[0].Value) + " for the whole image: use SHELL [\"/bin/" + path.Base(pos[0].Value) + "\", \"-c\"] for the build instead"})
		}
	}
}
