package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ConsistentInstructionCasing flags instruction keywords whose case differs
// from the majority of the file's.
var ConsistentInstructionCasing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF065",
		Name:       "consistent-instruction-casing",
		Severity:   rule.Info,
		Summary:    "write every instruction keyword in the same case",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"ConsistentInstructionCasing"}},
		Doc: rule.Doc{
			Why: "Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`) is " +
				"harder to scan. As in BuildKit, the case used by most keywords of the stages wins (uppercase " +
				"on a tie); keywords in mixed case are always reported; the `ARG`s before the first `FROM` " +
				"are neither counted nor checked." +
				buildKitDoc("ConsistentInstructionCasing", "consistent-instruction-casing"),
			Bad:  "FROM alpine:3.20\nrun apk add --no-cache curl\nRUN curl --version\nCMD [\"sh\"]\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN curl --version\nCMD [\"sh\"]\n",
		},
	},
	Dockerfile: checkConsistentInstructionCasing,
}

func checkConsistentInstructionCasing(p *rule.Pass, f *dockerfile.File) {
	var ins []*dockerfile.Instruction
	lower, upper := 0, 0
	for _, s := range f.Stages {
		for _, in := range append([]*dockerfile.Instruction{s.From}, s.Instructions...) {
			ins = append(ins, in)
			switch kw := in.Node.Value; kw {
			case strings.ToLower(kw):
				lower++
			case strings.ToUpper(kw):
				upper++
			}
		}
	}
	wantUpper := lower <= upper
	casing := "uppercase"
	if !wantUpper {
		casing = "lowercase"
	}
	for _, in := range ins {
		kw := in.Node.Value
		want := keywordCase(kw, wantUpper)
		if kw == want {
			continue
		}
		p.Report(rule.Diagnostic{Range: in.KeywordRange, Subject: in.Stage.DisplayName(),
			Message: fmt.Sprintf("%q should be %s like most instructions of the file: %q", kw, casing, want),
			Fix:     &rule.Fix{Description: "write " + want, Class: rule.FixSafe, Edits: []rule.Edit{{Range: in.KeywordRange, NewText: want}}}})
	}
}
