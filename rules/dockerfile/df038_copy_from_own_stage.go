package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyFromOwnStage flags COPY --from (and RUN --mount from=) naming the
// stage it is in: BuildKit stops with a circular dependency.
var CopyFromOwnStage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF038",
		Name:       "copy-from-own-stage",
		Severity:   rule.Error,
		Summary:    "COPY --from must name another stage, not the one it is in",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3023"}, rule.Trivy: {"DS-0006"}, rule.KICS: {"COPY '--from' References Current FROM Alias"}, rule.Semgrep: {"copy-from-own-alias"}},
		Doc: rule.Doc{
			Why: "A stage cannot copy from itself: BuildKit stops with \"circular dependency detected on " +
				"stage\". It is usually a renamed stage or a copy-paste from another stage. The rule reports " +
				"`COPY --from=` and `RUN --mount=...,from=` whose value names the stage they are in, by name " +
				"(case-insensitive, as BuildKit compares) or by index.",
			Bad:  "FROM golang:1.23 AS build\nRUN go build -o /app .\nCOPY --from=build /app /usr/local/bin/app\n",
			Good: "FROM golang:1.23 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /usr/local/bin/app\n",
		},
	},
	Dockerfile: checkCopyFromOwnStage,
}

func checkCopyFromOwnStage(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		if r.Use == dockerfile.UseFrom || r.Use == dockerfile.UseSyntax || !r.StageRef || r.Base.Stage == nil || r.Base.Stage != r.InStage() {
			continue
		}
		st := r.InStage()
		p.Report(rule.Diagnostic{Range: r.Token.Range, Subject: st.DisplayName(),
			Message: fromText(r) + " names stage " + quote(st.DisplayName()) + ", the stage it is in, which BuildKit rejects as a circular dependency; name the stage that builds the files"})
	}
}

// fromText shows a stage reference as written: COPY --from=x, RUN --mount from=x.
func fromText(r *dockerfile.ImageRef) string {
	if r.Use == dockerfile.UseMountFrom {
		return "RUN --mount from=" + r.Name
	}
	return "COPY --from=" + r.Name
}
