package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// UnpinnedDigest flags images (FROM, COPY --from, RUN --mount from=)
// pinned by tag only.
var UnpinnedDigest = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF005",
		Name:       "base-image-digest",
		Severity:   rule.Info,
		Summary:    "pin images (FROM, COPY --from, RUN --mount) by digest (image:tag@sha256:...)",
		Tags:       []string{"security", "untrusted-image", "supply-chain"},
		RuleSet:    rule.Strict,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.CIS: {"4.5"}, rule.CWE: {"CWE-494"}, rule.Semgrep: {"dockerfile-source-not-pinned"}},
		Doc: rule.Doc{
			Why: "A tag such as `3.20` can be re-pushed: the registry, or anyone who takes over the " +
				"repository, can change what it points to. A digest names exactly one image and cannot " +
				"be moved, which is the static stand-in for Docker Content Trust. The rule checks `FROM` " +
				"images, the images named by `COPY --from=` or `RUN --mount=...,from=`, and the frontend " +
				"image of a `# syntax=` directive (`docker/dockerfile:1.7@sha256:...`). Keep the tag for " +
				"readability and add the digest (`alpine:3.20@sha256:...`); tools such as Renovate or " +
				"Dependabot keep digests up to date. Images without a tag, with `latest` or with another " +
				"floating tag (`node:lts`, `golang:alpine`) are reported by DF004 instead.",
			Bad:  "FROM alpine:3.20\nCMD [\"sh\"]\n",
			Good: "FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nCMD [\"sh\"]\n",
			Fix: "Run `dockguard pin` (or `dockguard pin --diff` to review first): it asks each image's registry for the " +
				"digest `docker pull` resolves (for a multi-platform image, the index digest, so every platform keeps " +
				"working) and rewrites `FROM`, `COPY --from` and `RUN --mount from=` references to `tag@sha256:...` in " +
				"place, changing nothing else in the file. References built from variables (`FROM $BASE`) are reported, " +
				"not rewritten: pin the value where it is set. `dockguard pin --update` moves existing digests to what " +
				"their tags point to now. To accept a tag-only reference, put `# dockguard ignore=DF005 -- reason` above the instruction.",
		},
	},
	Dockerfile: checkUnpinnedDigest,
}

func checkUnpinnedDigest(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		if b := &r.Base; r.IsImage() && b.Ref.TagOnly() {
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: r.InStage().DisplayName(), Message: imageNoun(r) + " " + imageDesc(b) + " is pinned by tag only; add its @sha256 digest"})
		}
	}
}
