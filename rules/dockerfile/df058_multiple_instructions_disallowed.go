package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// MultipleInstructionsDisallowed flags a CMD, ENTRYPOINT or HEALTHCHECK
// that a later one of the same stage overrides.
var MultipleInstructionsDisallowed = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF058",
		Name:       "multiple-instructions-disallowed",
		Severity:   rule.Warning,
		Summary:    "keep one CMD, one ENTRYPOINT and one HEALTHCHECK per stage",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"MultipleInstructionsDisallowed"}, rule.Hadolint: {"DL4003", "DL4004", "DL3012"}, rule.Trivy: {"DS-0016", "DS-0007", "DS-0023"}, rule.KICS: {"Multiple CMD Instructions Listed", "Multiple ENTRYPOINT Instructions Listed"}, rule.Semgrep: {"multiple-cmd-instructions", "multiple-entrypoint-instructions"}},
		Doc: rule.Doc{
			Why: "Only the last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of a stage take effect; the earlier " +
				"ones do nothing, and a reader (or a reviewer) may believe they run. The finding is on the " +
				"instruction that is ignored, as in BuildKit. Overriding the instruction of a stage the " +
				"stage is built on (`FROM base` then `CMD ...`) is normal and not reported." +
				buildKitDoc("MultipleInstructionsDisallowed", "multiple-instructions-disallowed"),
			Bad:  "FROM python:3.12-slim\nCMD [\"python\", \"manage.py\", \"migrate\"]\nCMD [\"gunicorn\", \"app.wsgi\"]\n",
			Good: "FROM python:3.12-slim\nCMD [\"gunicorn\", \"app.wsgi\"]\n",
		},
	},
	Dockerfile: checkMultipleInstructionsDisallowed,
}

func checkMultipleInstructionsDisallowed(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		last := map[string]*dockerfile.Instruction{}
		for _, in := range s.Instructions {
			switch in.Keyword {
			case "CMD", "ENTRYPOINT", "HEALTHCHECK":
			default:
				continue
			}
			if prev := last[in.Keyword]; prev != nil {
				p.Report(rule.Diagnostic{Range: prev.KeywordRange, Subject: s.DisplayName(),
					Message: fmt.Sprintf("this %s has no effect: the %s on line %d replaces it; remove one of them", in.Keyword, in.Keyword, in.StartLine),
					Related: []rule.Related{{Range: in.KeywordRange, Message: "the " + in.Keyword + " that takes effect"}}})
			}
			last[in.Keyword] = in
		}
	}
}
