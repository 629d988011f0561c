package compose

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// ServiceImageDigest flags service images pinned by tag only: the compose
// counterpart of DF005.
var ServiceImageDigest = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC044",
		Name:       "service-image-digest",
		Severity:   rule.Info,
		Summary:    "pin service images by digest (image:tag@sha256:...)",
		Tags:       []string{"security", "untrusted-image", "supply-chain"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0019"}, rule.CIS: {"4.5"}, rule.CWE: {"CWE-494"}},
		Doc: rule.Doc{
			Why: "A version tag such as `postgres:16.4` can be re-pushed: the publisher, or whoever takes over " +
				"the repository or the registry account, can change the image it names, and the next `docker " +
				"compose pull` runs it. A digest names exactly one image and cannot be moved, which is the " +
				"static stand-in for Docker Content Trust. Keep the tag for readability and add the digest " +
				"(`postgres:16.4@sha256:...`, from `docker buildx imagetools inspect postgres:16.4`); Renovate " +
				"and Dependabot keep digests up to date. The rule is DF005 for compose: it checks the image of " +
				"every service that pulls one and the image a `pre_start` hook names itself (at the hook). " +
				"Not reported: images without a tag, with `latest` or with a floating tag (`redis:alpine`, " +
				"`node:lts`), which DC011 reports in the default rule set; services that build their image " +
				"(the Dockerfile's FROM is DF005's); an image another service of the project builds; and " +
				"services with `pull_policy: never`, whose image is never pulled. compose-lint's CL-0019 " +
				"reports floating tags as well (`postgres:alpine`, `nextcloud:apache` count as pinned for it), " +
				"the image names of services that build them, and images whose name comes from variables " +
				"that are not set (`$IMAGE_NAME:$IMAGE_TAG`), which compose cannot pull as written.",
			Bad:  "services:\n  db:\n    image: postgres:16.4\n",
			Good: "services:\n  db:\n    image: postgres:16.4@sha256:4aea012537edfad80f98d870a36e6b90b4c09b27be7f4b4759d72db863baeebb\n",
			Fix: "Run `dockguard pin` (or `dockguard pin --diff` to review first): it asks each image's registry for the " +
				"digest `docker compose pull` resolves (for a multi-platform image, the index digest, so every platform " +
				"keeps working) and rewrites each `image:` to `tag@sha256:...` in place; comments, quoting, anchors and " +
				"layout are untouched. Images written with interpolation (`${REGISTRY}/app:1`) are reported, not " +
				"rewritten. `dockguard pin --update` moves existing digests to what their tags point to now. To accept " +
				"a tag-only image, add `# dockguard ignore=DC044 -- reason` on its `image:` line.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		built := builtImages(proj)
		for _, s := range proj.Services {
			for _, img := range serviceImages(proj, s) {
				if !img.ref.TagOnly() || built[img.ref.String()] {
					continue
				}
				if img.what == "image" && s.Config.PullPolicy == types.PullPolicyNever {
					continue
				}
				fix := "add its @sha256 digest"
				if img.asWritten {
					fix = fmt.Sprintf("add its digest (%s@sha256:...)", img.ref.Familiar())
				}
				p.Report(rule.Diagnostic{Path: img.where.Path, Range: img.where.Range, Subject: s.Name,
					Message: fmt.Sprintf("service %q: %s %s is pinned by tag only; %s", s.Name, img.what, img.written, fix)})
			}
		}
	},
}

// builtImages are the images the project's services build (build: with
// image: names the result), by fully qualified reference.
func builtImages(proj *compose.Project) map[string]bool {
	out := map[string]bool{}
	for _, s := range proj.Services {
		if s.Config.Build == nil || s.Config.Image == "" {
			continue
		}
		if ref, err := imageref.Parse(s.Config.Image); err == nil {
			out[ref.String()] = true
		}
	}
	return out
}
