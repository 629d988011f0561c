package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// MutableBaseTag flags images (FROM, COPY --from, RUN --mount from=)
// without a tag, with `latest` or with another floating tag (`lts`, `alpine`).
var MutableBaseTag = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF004",
		Name:       "mutable-base-tag",
		Severity:   rule.Warning,
		Summary:    "give images (FROM, COPY --from, RUN --mount) a fixed version tag or a digest",
		Tags:       []string{"security", "untrusted-image", "reproducibility"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3006", "DL3007"}, rule.Trivy: {"DS-0001"}, rule.Checkov: {"CKV_DOCKER_7"}, rule.KICS: {"Image Version Not Explicit", "Image Version Using 'latest'"}, rule.CIS: {"4.2"}, rule.CWE: {"CWE-1357"}, rule.Semgrep: {"missing-image-version"}},
		Doc: rule.Doc{
			Why: "An image without a tag means `:latest`, and `latest` moves: every build may get a " +
				"different base, with new packages, a new major version, or a hijacked push. Builds stop " +
				"being reproducible and reviews stop meaning anything. The same holds for an image you " +
				"copy files from. The rule reports `FROM` images (after `ARG` expansion) and images " +
				"named by `COPY --from=` or `RUN --mount=...,from=` that have no tag or the tag " +
				"`latest` and no `@sha256:` digest; names of earlier stages are not images. The frontend " +
				"image of a `# syntax=` directive is checked too: BuildKit pulls it and runs it to build the " +
				"file. `docker/dockerfile:1`, which Docker recommends, is a major version (it moves to each " +
				"1.x release, which Docker keeps backward compatible), judged like `node:22`: not " +
				"reported here; DF005 (strict) asks for its digest. `docker/dockerfile:experimental` or a " +
				"syntax image with no tag is reported.\n\n" +
				floatingTagDoc,
			Bad:  "FROM node:lts\nCMD [\"node\"]\n",
			Good: "FROM node:22.11-bookworm-slim\nCMD [\"node\"]\n",
		},
	},
	Dockerfile: checkMutableBaseTag,
}

func checkMutableBaseTag(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		b := &r.Base
		if !r.IsImage() {
			continue
		}
		var what string
		switch {
		case b.Ref.Unpinned() && b.Ref.Tag == "":
			what = "has no tag and means :latest; pin a version tag or a digest"
		case b.Ref.Unpinned():
			what = "uses the moving tag \"latest\"; pin a version tag or a digest"
		case b.Ref.Floating():
			what = floatingMessage(b.Ref)
		default:
			continue
		}
		p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: r.InStage().DisplayName(), Message: imageNoun(r) + " " + imageDesc(b) + " " + what})
	}
}

// floatingMessage says why a floating tag moves and what to pin instead.
func floatingMessage(ref imageref.Ref) string {
	return fmt.Sprintf("uses the floating tag %q, which moves to each new release like latest; pin a version tag such as %s:%s or a digest",
		ref.Tag, ref.FamiliarName(), imageref.VersionedTag(ref.Tag))
}

// floatingTagDoc describes floating tags and the word lists, for DF004 and DC011.
var floatingTagDoc = imageref.FloatingTagDoc()
