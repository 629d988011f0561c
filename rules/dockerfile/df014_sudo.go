package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// SudoInRun reports sudo in RUN commands.
var SudoInRun = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF014",
		Name:       "sudo-in-run",
		Severity:   rule.Warning,
		Summary:    "drop sudo from RUN; switch with USER, or run the command as root before USER",
		Tags:       []string{"security", "privilege"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3004"}, rule.Trivy: {"DS-0010"}, rule.Checkov: {"CKV2_DOCKER_1"}, rule.KICS: {"Run Using Sudo"}, rule.Semgrep: {"no-sudo-in-dockerfile"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A RUN runs as the stage's `USER`. `sudo` inside it means the image ships sudo and a sudoers " +
				"rule that lets the image's user become root, which undoes the point of a non-root `USER`; " +
				"it also behaves unpredictably in a build (no TTY, environment reset, password prompts). " +
				"The rule reports the `sudo` word wherever it appears: in the RUN line, continuation lines, " +
				"`sh -c` bodies and heredoc scripts (like hadolint DL3004 and Trivy DS-0010, which read only the RUN line).",
			Bad:  "FROM ubuntu:24.04\nRUN useradd -m app\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n",
			Good: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\nRUN useradd -m app\nUSER app\n",
			Fix: "Run the privileged commands before the `USER` instruction (or after `USER root`, then switch back), " +
				"and do not install sudo. To run one step as another user use `USER name` for that RUN, or " +
				"`gosu`/`su-exec`. If the image is a development box whose user is meant to have sudo, " +
				"disable the rule for that file.",
		},
	},
	Dockerfile: checkSudo,
}

func checkSudo(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		w, ok := c.Wrapped("sudo")
		if !ok && c.Is("sudo") {
			w, ok = c.Name, true
		}
		if !ok {
			return
		}
		p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: "remove sudo from this RUN: run it as root before USER (or after USER root) instead"})
	})
}
