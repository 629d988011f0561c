package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// RedundantTargetPlatform flags FROM --platform=$TARGETPLATFORM.
var RedundantTargetPlatform = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF061",
		Name:       "redundant-target-platform",
		Severity:   rule.Info,
		Summary:    "drop --platform=$TARGETPLATFORM from FROM: it is the default",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"RedundantTargetPlatform"}, rule.Hadolint: {"DL3065"}},
		Doc: rule.Doc{
			Why: "A stage is built for the target platform unless told otherwise, so " +
				"`FROM --platform=$TARGETPLATFORM` changes nothing; it is usually a leftover of a " +
				"`$BUILDPLATFORM` meant for a cross-compiling stage." +
				buildKitDoc("RedundantTargetPlatform", "redundant-target-platform"),
			Bad:  "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
			Good: "FROM alpine:3.20\n",
			Fix:  "Remove the flag, or use `$BUILDPLATFORM` if the stage should run on the build machine.",
		},
	},
	Dockerfile: checkRedundantTargetPlatform,
}

func checkRedundantTargetPlatform(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		tok, ok := flagToken(s.From, "platform")
		if !ok {
			continue
		}
		val := strings.Trim(tok.Value, `"`)
		refs := varRefs(val, escByte(f), false)
		if len(refs) != 1 || refs[0].name != "TARGETPLATFORM" || refs[0].s != 0 || refs[0].e != len(val) {
			continue
		}
		if r := refs[0]; !r.plain && !strings.HasPrefix(val[2+len(r.name):], ":-") && !strings.HasPrefix(val[2+len(r.name):], "-") {
			continue
		}
		p.Report(rule.Diagnostic{Range: tok.Range, Subject: s.DisplayName(),
			Message: "--platform=" + tok.Value + " is the default for FROM: remove it"})
	}
}
