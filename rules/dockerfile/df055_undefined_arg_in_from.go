package dockerfile

import (
	"fmt"

	"github.com/moby/buildkit/util/suggest"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// UndefinedArgInFrom flags FROM lines that use a variable no global ARG declares.
var UndefinedArgInFrom = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF055",
		Name:       "undefined-arg-in-from",
		Severity:   rule.Warning,
		Summary:    "declare the ARGs a FROM line uses before the first FROM",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"UndefinedArgInFrom"}},
		Doc: rule.Doc{
			Why: "A `FROM` line sees only the `ARG`s declared before the first `FROM` (plus BuildKit's " +
				"automatic `BUILDPLATFORM`, `TARGETARCH`, ...). A variable declared inside a stage, or a " +
				"typo, expands to an empty string: the image name or `--platform` comes out wrong, or the " +
				"build fails. `--build-arg` cannot set a global ARG that is not declared." +
				buildKitDoc("UndefinedArgInFrom", "undefined-arg-in-from"),
			Bad:  "FROM alpine:3.20 AS base\nARG VERSION=1.23\nFROM golang:${VERSION}\n",
			Good: "ARG VERSION=1.23\nFROM alpine:3.20 AS base\nFROM golang:${VERSION}\n",
		},
	},
	Dockerfile: checkUndefinedArgInFrom,
}

func checkUndefinedArgInFrom(p *rule.Pass, f *dockerfile.File) {
	declared := map[string]bool{}
	keys := metaArgKeys(f)
	for _, k := range keys {
		declared[k] = true
	}
	for k := range platformArgs {
		keys = append(keys, k)
	}
	for _, s := range f.Stages {
		in := s.From
		var toks []dockerfile.Token
		if pt, ok := flagToken(in, "platform"); ok {
			toks = append(toks, pt)
		}
		if len(in.Args) > 0 {
			toks = append(toks, in.Args[0])
		}
		for _, tok := range toks {
			for _, r := range varRefs(tok.Value, escByte(f), false) {
				if declared[r.name] || platformArgs[r.name] {
					continue
				}
				msg := fmt.Sprintf("FROM uses $%s, which no ARG before the first FROM declares (it expands to an empty string)", r.name)
				if m, ok := suggest.Search(r.name, keys, true); ok && m != r.name {
					msg += fmt.Sprintf("; did you mean $%s?", m)
				} else {
					msg += fmt.Sprintf("; add ARG %s before the first FROM", r.name)
				}
				p.Report(rule.Diagnostic{Range: in.SubRange(tok, r.s, r.e), Subject: s.DisplayName(), Message: msg})
			}
		}
	}
}
