package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// MaintainerDeprecated flags the MAINTAINER instruction.
var MaintainerDeprecated = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF054",
		Name:       "maintainer-deprecated",
		Severity:   rule.Info,
		Summary:    "replace MAINTAINER with LABEL org.opencontainers.image.authors",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"MaintainerDeprecated"}, rule.Hadolint: {"DL4000"}, rule.Trivy: {"DS-0022"}, rule.Checkov: {"CKV_DOCKER_6"}, rule.KICS: {"MAINTAINER Instruction Being Used"}, rule.Semgrep: {"maintainer-is-deprecated"}},
		Doc: rule.Doc{
			Why: "`MAINTAINER` has been deprecated since Docker 1.13: it fills the legacy `Author` field " +
				"that OCI tools do not read. The OCI annotation `org.opencontainers.image.authors` is " +
				"what registries, scanners and SBOM tools show." +
				buildKitDoc("MaintainerDeprecated", "maintainer-deprecated"),
			Bad:  "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
			Good: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
			Fix:  "The fix rewrites the instruction as `LABEL org.opencontainers.image.authors=\"...\"` with the same text.",
		},
	},
	Dockerfile: checkMaintainerDeprecated,
}

func checkMaintainerDeprecated(p *rule.Pass, f *dockerfile.File) {
	for _, w := range buildKitWarnings(f, "MaintainerDeprecated") {
		in := w.Instruction
		d := rule.Diagnostic{Range: in.KeywordRange, Subject: in.Stage.DisplayName(),
			Message: "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors instead"}
		if len(in.Args) == 1 {
			val := strings.TrimSpace(in.Args[0].Value)
			esc := string(f.Escape)
			q := strings.NewReplacer(esc, esc+esc, `"`, esc+`"`, "$", esc+"$").Replace(val)
			d.Fix = &rule.Fix{Description: "replace MAINTAINER with LABEL org.opencontainers.image.authors", Class: rule.FixSafe,
				Edits: []rule.Edit{{Range: source.Range{Start: in.KeywordRange.Start, End: in.Args[0].Range.End},
					NewText: keywordCase("LABEL", in.Node.Value == strings.ToUpper(in.Node.Value)) + ` org.opencontainers.image.authors="` + q + `"`}}}
		}
		p.Report(d)
	}
}
