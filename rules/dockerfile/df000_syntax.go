package dockerfile

import "github.com/dockguard/dockguard/lint/rule"

// Syntax is reported by the engine when a Dockerfile cannot be parsed; it
// has no check of its own.
var Syntax = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF000",
		Name:       "dockerfile-syntax",
		Severity:   rule.Error,
		Summary:    "fix the Dockerfile so that BuildKit can parse it",
		Tags:       []string{"correctness"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Role:       rule.DockerfileProblems,
		References: rule.Refs{rule.Hadolint: {"DL3043", "DL3061"}},
		Doc: rule.Doc{
			Why: "A Dockerfile that BuildKit cannot parse does not build, and none of the other " +
				"Dockerfile rules can check it. The finding points at the line BuildKit complains about " +
				"(an unknown instruction, a bad flag, an unterminated heredoc, an instruction before the first FROM...). " +
				"A Dockerfile written in a compose file (`dockerfile_inline`) is reported there, at its line.",
			Bad:  "FROM alpine:3.20\nRUNN apk add --no-cache curl\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
		},
	},
}
