package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// FromAsCasing flags an AS keyword whose case differs from FROM's.
var FromAsCasing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF064",
		Name:       "from-as-casing",
		Severity:   rule.Info,
		Summary:    "write AS in the same case as FROM",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"FromAsCasing"}},
		Doc: rule.Doc{
			Why: "`FROM image as name` mixes cases within one instruction; `docker build` prints a warning " +
				"for it. A `FROM` keyword in mixed case (`From`) is left to consistent-instruction-casing." +
				buildKitDoc("FromAsCasing", "from-as-casing"),
			Bad:  "FROM golang:1.23 as builder\nRUN go build -o /app .\n",
			Good: "FROM golang:1.23 AS builder\nRUN go build -o /app .\n",
		},
	},
	Dockerfile: checkFromAsCasing,
}

func checkFromAsCasing(p *rule.Pass, f *dockerfile.File) {
	for _, w := range buildKitWarnings(f, "FromAsCasing") {
		in := w.Instruction
		if len(in.Args) < 3 {
			continue
		}
		from := in.Node.Value
		upper := from == strings.ToUpper(from)
		as := in.Args[1]
		want := keywordCase(as.Value, upper)
		p.Report(rule.Diagnostic{Range: as.Range, Subject: in.Stage.DisplayName(),
			Message: fmt.Sprintf("%q does not match the case of %q: write %q", as.Value, from, want),
			Fix:     &rule.Fix{Description: "write " + want, Class: rule.FixSafe, Edits: []rule.Edit{{Range: as.Range, NewText: want}}}})
	}
}
