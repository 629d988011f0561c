package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// DuplicateStageName flags a stage name used by an earlier stage.
var DuplicateStageName = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF051",
		Name:       "duplicate-stage-name",
		Severity:   rule.Warning,
		Summary:    "give every stage its own name",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"DuplicateStageName"}, rule.Hadolint: {"DL3024"}, rule.Trivy: {"DS-0012"}, rule.Checkov: {"CKV_DOCKER_11"}, rule.KICS: {"Same Alias In Different Froms"}, rule.Semgrep: {"alias-must-be-unique"}},
		Doc: rule.Doc{
			Why: "When two stages share a name, `COPY --from=name`, `FROM name` and `--target name` silently " +
				"pick one of them (the later one for `--from` and `--target`, the earlier one for a `FROM` " +
				"between them), so files can come from the wrong stage. Names are compared in lowercase, " +
				"as BuildKit does." +
				buildKitDoc("DuplicateStageName", "duplicate-stage-name"),
			Bad:  "FROM golang:1.23 AS build\nRUN go build -o /app ./cmd/app\nFROM node:22 AS build\nRUN npm run build\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
			Good: "FROM golang:1.23 AS build-go\nRUN go build -o /app ./cmd/app\nFROM node:22 AS build-web\nRUN npm run build\nFROM alpine:3.20\nCOPY --from=build-go /app /app\n",
		},
	},
	Dockerfile: checkDuplicateStageName,
}

func checkDuplicateStageName(p *rule.Pass, f *dockerfile.File) {
	first := map[string]*dockerfile.Stage{}
	for _, s := range f.Stages {
		if s.Name == "" {
			continue
		}
		if prev, ok := first[s.Name]; ok {
			p.Report(rule.Diagnostic{Range: s.NameRange, Subject: s.DisplayName(),
				Message: fmt.Sprintf("stage name %q is already used on line %d: rename one of the stages", s.Name, prev.From.StartLine),
				Related: []rule.Related{{Range: prev.NameRange, Message: fmt.Sprintf("first stage named %q", s.Name)}}})
			continue
		}
		first[s.Name] = s
	}
}
