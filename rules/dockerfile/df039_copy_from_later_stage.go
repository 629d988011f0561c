package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyFromLaterStage flags COPY --from (and RUN --mount from=) naming a
// stage index that does not exist, or a stage declared later.
var CopyFromLaterStage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF039",
		Name:       "copy-from-undefined-stage",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "COPY --from must name a stage declared before it",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3022"}},
		Doc: rule.Doc{
			Why: "`COPY --from=<n>` with a number names the n-th stage (from 0); a number with no such " +
				"stage stops BuildKit (\"invalid stage index\"): an error. `COPY --from=<name>` of a " +
				"stage declared further down works with BuildKit, which orders stages by their " +
				"dependencies, but the legacy builder (`DOCKER_BUILDKIT=0`) only knows the stages built " +
				"before and takes the name for an image to pull, and the file reads backwards: a warning. A name that is not a stage is " +
				"an image (`COPY --from=nginx:1.27`) and is left to the image rules (DF003-DF005), so a " +
				"misspelt stage name shows there as an untrusted or untagged image. `RUN --mount=...,from=` " +
				"is checked the same way. A reference to the stage itself is DF038.",
			Bad:  "FROM alpine:3.20\nCOPY --from=1 /out /app\n",
			Good: "FROM golang:1.23 AS build\nRUN mkdir /out\n\nFROM alpine:3.20\nCOPY --from=build /out /app\n",
		},
	},
	Dockerfile: checkCopyFromLaterStage,
}

func checkCopyFromLaterStage(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		if r.Use == dockerfile.UseFrom || r.Use == dockerfile.UseSyntax || !r.StageRef {
			continue
		}
		st := r.InStage()
		switch target := r.Base.Stage; {
		case target == nil:
			p.Report(rule.Diagnostic{Range: r.Token.Range, Subject: st.DisplayName(),
				Message: fmt.Sprintf("%s names stage index %s, but the file has %d stage(s) (0 to %d); name an existing stage", fromText(r), r.Name, len(f.Stages), len(f.Stages)-1)})
		case st != nil && target.Index > st.Index:
			p.Report(rule.Diagnostic{Range: r.Token.Range, Subject: st.DisplayName(), Severity: rule.Warning,
				Message: fmt.Sprintf("%s names stage %s, declared later (line %d); move that stage above this one (the legacy builder only knows stages built before)", fromText(r), quote(target.DisplayName()), target.From.StartLine),
				Related: []rule.Related{{Range: target.From.KeywordRange, Message: "the stage is declared here"}}})
		}
	}
}
