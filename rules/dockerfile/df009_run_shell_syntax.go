package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// RunShellSyntax reports RUN bodies that are not valid shell.
var RunShellSyntax = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF009",
		Name:     "run-shell-syntax",
		Severity: rule.Error,
		Summary:  "fix the shell syntax of the RUN command",
		Tags:     []string{"correctness"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		Doc: rule.Doc{
			Why: "A RUN in shell form is handed to `/bin/sh -c` (or the stage's `SHELL`) as one line, after " +
				"BuildKit joins its continuation lines. When that line is not valid shell, the build fails at " +
				"that step, often after minutes of earlier steps, and none of the rules that read RUN commands " +
				"can check it. dockguard reads every RUN with mvdan.cc/sh (bash syntax, a superset of POSIX " +
				"sh), including heredoc scripts, and reports where the parser stops. A common cause is a " +
				"continuation backslash followed by a comment line or a missing `\\` before `&&`. RUNs of " +
				"PowerShell or cmd stages (`SHELL [\"powershell\", ...]`, Windows base images) are not read.",
			Bad:  "FROM alpine:3.20\nRUN if [ -f /etc/motd ]; then rm /etc/motd\n",
			Good: "FROM alpine:3.20\nRUN if [ -f /etc/motd ]; then rm /etc/motd; fi\n",
			Fix:  "Correct the command at the reported position; test it with `sh -n -c '...'`.",
		},
	},
	Dockerfile: checkRunShellSyntax,
}

func checkRunShellSyntax(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		if sc := in.Script(); sc != nil && sc.Err != nil {
			p.Report(rule.Diagnostic{Range: sc.Err.Range, Subject: in.Stage.DisplayName(), Message: "the RUN command is not valid shell: " + sc.Err.Msg})
		}
	}
}
