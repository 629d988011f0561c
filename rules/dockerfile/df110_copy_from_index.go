package dockerfile

import (
	"strconv"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyFromIndex flags COPY --from and RUN --mount from= that name a stage
// by its number.
var CopyFromIndex = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF110",
		Name:       "copy-from-index",
		Severity:   rule.Info,
		Summary:    "name the build stage (FROM ... AS build) and copy from it by name",
		Tags:       []string{"maintainability"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Using Unnamed Build Stages"}},
		Doc: rule.Doc{
			Why: "`COPY --from=0` names a stage by its position: inserting a stage above it silently makes " +
				"the COPY read another stage's files, and a reader has to count FROM lines. A stage name says " +
				"what the stage is and survives reordering. When the stage already has a name, the fix " +
				"replaces the number with it.",
			Bad:  "FROM golang:1.23\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=0 /app /app\n",
			Good: "FROM golang:1.23 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n",
			Fix:  "Add `AS <name>` to the stage's FROM and use `--from=<name>`.",
		},
	},
	Dockerfile: checkCopyFromIndex,
}

func checkCopyFromIndex(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		if r.Use != dockerfile.UseCopyFrom && r.Use != dockerfile.UseMountFrom || !r.StageRef {
			continue
		}
		if _, err := strconv.Atoi(r.Name); err != nil {
			continue
		}
		d := rule.Diagnostic{Range: r.Token.Range, Subject: r.InStage().DisplayName(),
			Message: fromText(r) + " names a stage by its number: name the stage and use its name"}
		if st := r.Base.Stage; st != nil && st.Name != "" && r.Token.Value == r.Name {
			d.Message = fromText(r) + " names stage " + quote(st.Name) + " by its number: use --from=" + st.Name
			d.Fix = &rule.Fix{Description: "use the stage name " + st.Name, Class: rule.FixSafe,
				Edits: []rule.Edit{{Range: r.Token.Range, NewText: st.Name}}}
		}
		p.Report(d)
	}
}
