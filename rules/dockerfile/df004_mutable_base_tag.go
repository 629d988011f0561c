package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// MutableBaseTag flags images (FROM, COPY --from, RUN --mount from=)
// without a tag or with `latest`.
var MutableBaseTag = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF004",
		Name:       "mutable-base-tag",
		Severity:   rule.Warning,
		Summary:    "give images (FROM, COPY --from, RUN --mount) a fixed version tag or a digest",
		Tags:       []string{"security", "untrusted-image", "reproducibility"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.Hadolint: {"DL3006", "DL3007"}, rule.Trivy: {"DS-0001"}, rule.Checkov: {"CKV_DOCKER_7"}, rule.KICS: {"Image Version Not Explicit", "Image Version Using 'latest'"}, rule.CIS: {"4.2"}, rule.CWE: {"CWE-1357"}, rule.Semgrep: {"missing-image-version"}},
		Doc: rule.Doc{
			Why: "An image without a tag means `:latest`, and `latest` moves: every build may get a " +
				"different base, with new packages, a new major version, or a hijacked push. Builds stop " +
				"being reproducible and reviews stop meaning anything. The same holds for an image you " +
				"copy files from. The rule reports `FROM` images (after `ARG` expansion) and images " +
				"named by `COPY --from=` or `RUN --mount=...,from=` that have no tag or the tag " +
				"`latest` and no `@sha256:` digest; names of earlier stages are not images.",
			Bad:  "FROM ubuntu\nCMD [\"bash\"]\n",
			Good: "FROM ubuntu:24.04\nCMD [\"bash\"]\n",
		},
	},
	Dockerfile: checkMutableBaseTag,
}

func checkMutableBaseTag(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		b := &r.Base
		if !r.IsImage() || !b.Ref.Unpinned() {
			continue
		}
		if b.Ref.Tag == "" {
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: r.In.Stage.DisplayName(), Message: imageNoun(r) + " " + imageDesc(b) + " has no tag and means :latest; pin a version tag or a digest"})
		} else {
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: r.In.Stage.DisplayName(), Message: imageNoun(r) + " " + imageDesc(b) + " uses the moving tag \"latest\"; pin a version tag or a digest"})
		}
	}
}
