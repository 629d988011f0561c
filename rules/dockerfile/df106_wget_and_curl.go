package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// WgetAndCurl flags a stage that downloads with both wget and curl.
var WgetAndCurl = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF106",
		Name:       "wget-and-curl",
		Severity:   rule.Info,
		Summary:    "download with one tool, curl or wget, not both",
		Tags:       []string{"hygiene", "size"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL4001"}, rule.Trivy: {"DS-0014"}, rule.KICS: {"Run Using 'wget' and 'curl'"}, rule.Semgrep: {"use-either-wget-or-curl"}},
		Doc: rule.Doc{
			Why: "A stage that runs both `curl` and `wget` needs both installed: two tools with the same job, " +
				"two sets of options and TLS defaults to get right, and more in the image for an attacker to " +
				"use. The rule reports the first use of the second tool in a stage, with the first use of the " +
				"other one. It is a style choice, so it is only in the `all` set.",
			Bad:  "FROM debian:12-slim\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN wget -qO /tmp/b.tgz https://example.com/b.tgz\n",
			Good: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz\n",
			Fix:  "Rewrite the downloads with one tool (`wget -qO file URL` is `curl -fsSLo file URL`) and install only that one.",
		},
	},
	Dockerfile: checkWgetAndCurl,
}

func checkWgetAndCurl(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		var first *dockerfile.Command
	stage:
		for _, in := range s.Instructions {
			sc := in.Script()
			if sc == nil {
				continue
			}
			for _, c := range sc.Commands {
				if !c.Is("curl", "wget") {
					continue
				}
				switch {
				case first == nil:
					first = c
				case c.Base() != first.Base():
					p.Report(rule.Diagnostic{Range: c.Name.Range, Subject: s.DisplayName(),
						Message: "stage " + quote(s.DisplayName()) + " downloads with both " + first.Base() + " and " + c.Base() + ": use one of them",
						Related: []rule.Related{{Range: first.Name.Range, Message: "the stage uses " + first.Base() + " here"}}})
					break stage
				}
			}
		}
	}
}
