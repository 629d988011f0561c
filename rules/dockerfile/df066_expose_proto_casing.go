package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ExposeProtoCasing flags EXPOSE protocols that are not lowercase.
var ExposeProtoCasing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF066",
		Name:       "expose-proto-casing",
		Severity:   rule.Info,
		Summary:    "write EXPOSE protocols in lowercase (80/tcp)",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"ExposeProtoCasing"}},
		Doc: rule.Doc{
			Why: "Docker lower-cases the protocol of an `EXPOSE` port (`80/TCP` is recorded as `80/tcp`); " +
				"writing it in lowercase keeps the Dockerfile and the image config the same." +
				buildKitDoc("ExposeProtoCasing", "expose-proto-casing"),
			Bad:  "FROM nginx:1.27\nEXPOSE 80/TCP\n",
			Good: "FROM nginx:1.27\nEXPOSE 80/tcp\n",
		},
	},
	Dockerfile: checkExposeProtoCasing,
}

func checkExposeProtoCasing(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, ep := range exposePorts(in) {
				if ep.Proto == strings.ToLower(ep.Proto) {
					continue
				}
				rng := ep.Tok.Range
				d := rule.Diagnostic{Subject: s.DisplayName(),
					Message: fmt.Sprintf("protocol %q in EXPOSE %s should be lowercase: %q", ep.Proto, ep.Raw, strings.ToLower(ep.Proto))}
				if ep.Literal {
					rng = in.SubRange(ep.Tok, ep.ProtoStart, ep.ProtoStart+len(ep.Proto))
					d.Fix = &rule.Fix{Description: "lowercase the protocol", Class: rule.FixSafe,
						Edits: []rule.Edit{{Range: rng, NewText: strings.ToLower(ep.Proto)}}}
				}
				d.Range = rng
				p.Report(d)
			}
		}
	}
}
