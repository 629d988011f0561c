package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// NoEmptyContinuation flags empty lines inside a `\` continuation.
var NoEmptyContinuation = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF050",
		Name:       "no-empty-continuation",
		Severity:   rule.Warning,
		Summary:    "remove empty lines inside a `\\` continuation",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"NoEmptyContinuation"}},
		Doc: rule.Doc{
			Why: "An empty line does not end an instruction that a `\\` continues: BuildKit skips it and " +
				"joins the next line, and says that empty continuation lines will become an error. " +
				"Often the `\\` before the empty line is the mistake: the next instruction is then " +
				"swallowed as arguments of this one (`RUN apt-get install -y curl \\` + empty line + " +
				"`RUN make` runs `apt-get install -y curl RUN make`). The finding points at the first " +
				"empty line; when the line after it starts with an instruction keyword the message says " +
				"so and no fix is offered, since the trailing `\\` is the likely bug." +
				buildKitDoc("NoEmptyContinuation", "no-empty-continuation"),
			Bad:  "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n",
			Fix:  "Delete the empty lines (the fix does, when the next line is not an instruction), or remove the `\\` that should have ended the instruction.",
		},
	},
	Dockerfile: checkNoEmptyContinuation,
}

func checkNoEmptyContinuation(p *rule.Pass, f *dockerfile.File) {
	for _, w := range buildKitWarnings(f, "NoEmptyContinuation") {
		in := w.Instruction
		last := in.EndLine
		if len(in.Heredocs) > 0 {
			last = in.Heredocs[0].First - 1
		}
		var empty []int
		for n := in.StartLine + 1; n <= last; n++ {
			if strings.TrimSpace(f.Source.Line(n)) == "" {
				empty = append(empty, n)
			}
		}
		if len(empty) == 0 {
			continue
		}
		first := empty[0]
		rng := source.Range{Start: source.Pos{Line: first, Col: 1}, End: source.Pos{Line: first, Col: 1 + len([]rune(f.Source.Line(first)))}}
		// the first line after the empty ones that the parser joined
		next := 0
		for n := first + 1; n <= last; n++ {
			t := strings.TrimSpace(f.Source.Line(n))
			if t != "" && !strings.HasPrefix(t, "#") {
				next = n
				break
			}
		}
		d := rule.Diagnostic{Range: rng, Subject: in.Stage.DisplayName()}
		if kw := firstWord(f.Source.Line(next)); next > 0 && isInstructionKeyword(kw) {
			d.Message = fmt.Sprintf("the %s continues past the empty line: the %s on line %d is joined to it as arguments; remove the trailing %c before the empty line", in.Keyword, strings.ToUpper(kw), next, f.Escape)
		} else {
			d.Message = fmt.Sprintf("empty line inside a continued %s: remove it (BuildKit will reject empty continuation lines)", in.Keyword)
			fix := &rule.Fix{Description: "delete the empty continuation lines", Class: rule.FixSafe}
			for _, n := range empty {
				fix.Edits = append(fix.Edits, rule.Edit{Range: source.Range{Start: source.Pos{Line: n, Col: 1}, End: source.Pos{Line: n + 1, Col: 1}}})
			}
			d.Fix = fix
		}
		p.Report(d)
	}
}

func firstWord(s string) string {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return ""
	}
	return fs[0]
}

// isInstructionKeyword reports whether w is a Dockerfile instruction name.
func isInstructionKeyword(w string) bool {
	switch strings.ToUpper(w) {
	case "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
		"MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR":
		return true
	}
	return false
}
