package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ReservedStageName flags stages named scratch or context.
var ReservedStageName = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF052",
		Name:       "reserved-stage-name",
		Severity:   rule.Warning,
		Summary:    "do not name a stage `scratch` or `context`",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"ReservedStageName"}, rule.Hadolint: {"DL3063"}},
		Doc: rule.Doc{
			Why: "`scratch` is the empty image and `context` the build context in BuildKit's named contexts: " +
				"a stage with one of these names cannot be told apart from them, so `FROM scratch` or " +
				"`--build-context context=...` does not mean what the reader thinks." +
				buildKitDoc("ReservedStageName", "reserved-stage-name"),
			Bad:  "FROM alpine:3.20 AS scratch\nRUN echo hi > /hi\n",
			Good: "FROM alpine:3.20 AS base\nRUN echo hi > /hi\n",
		},
	},
	Dockerfile: checkReservedStageName,
}

func checkReservedStageName(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		if s.Name == "scratch" || s.Name == "context" {
			p.Report(rule.Diagnostic{Range: s.NameRange, Subject: s.DisplayName(),
				Message: fmt.Sprintf("stage name %q is reserved by BuildKit: choose another name", s.Name)})
		}
	}
}
