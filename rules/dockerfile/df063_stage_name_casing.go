package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// StageNameCasing flags stage names that are not lowercase.
var StageNameCasing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF063",
		Name:       "stage-name-casing",
		Severity:   rule.Info,
		Summary:    "write stage names in lowercase",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"StageNameCasing"}},
		Doc: rule.Doc{
			Why: "BuildKit lower-cases stage names: `FROM golang AS Builder` defines the stage `builder`, " +
				"so `COPY --from=Builder` works but `FROM Builder` looks for an image named `Builder` " +
				"(invalid: image names are lowercase). Writing names in lowercase avoids the confusion." +
				buildKitDoc("StageNameCasing", "stage-name-casing"),
			Bad:  "FROM golang:1.23 AS Builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=Builder /app /app\n",
			Good: "FROM golang:1.23 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=builder /app /app\n",
			Fix: "The fix renames the stage and every `FROM`, `COPY --from` and `RUN --mount from=` that names it; " +
				"it is offered only when every reference is written out (not built from a variable).",
		},
	},
	Dockerfile: checkStageNameCasing,
}

func checkStageNameCasing(p *rule.Pass, f *dockerfile.File) {
	for _, w := range buildKitWarnings(f, "StageNameCasing") {
		in := w.Instruction
		s := in.Stage
		if s == nil || !s.NameRange.IsValid() || len(in.Args) < 3 {
			continue
		}
		written := in.Args[2].Value
		lower := strings.ToLower(written)
		d := rule.Diagnostic{Range: s.NameRange, Subject: s.DisplayName(),
			Message: fmt.Sprintf("stage name %q should be lowercase: %q", written, lower)}
		fix := &rule.Fix{Description: fmt.Sprintf("rename stage %q to %q everywhere", written, lower), Class: rule.FixSafe,
			Edits: []rule.Edit{{Range: s.NameRange, NewText: lower}}}
		for _, r := range f.ImageRefs() {
			if r.In == in || !strings.EqualFold(r.Name, lower) {
				continue
			}
			if r.Use != dockerfile.UseFrom && !r.StageRef {
				continue
			}
			tok := r.Token.Value
			if !strings.EqualFold(strings.Trim(tok, `"'`), lower) {
				fix = nil // built from a variable: cannot rename it here
				break
			}
			if tok != strings.ToLower(tok) {
				fix.Edits = append(fix.Edits, rule.Edit{Range: r.Token.Range, NewText: strings.ToLower(tok)})
			}
		}
		d.Fix = fix
		p.Report(d)
	}
}
