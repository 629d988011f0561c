package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// BuildAndImage flags a service that sets both build and image without a
// pull_policy.
var BuildAndImage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC059",
		Name:       "build-and-image",
		Severity:   rule.Info,
		Summary:    "with both build: and image:, set pull_policy: (build to always build from source), or drop one",
		Tags:       []string{"security", "best-practice", "image"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"no-build-and-image"}},
		Doc: rule.Doc{
			Why: "A service with both `build:` and `image:` and no `pull_policy:` is ambiguous: docker compose " +
				"first tries to pull the image, and builds from source only when the pull fails. Where a " +
				"registry holds an image of that name (pushed by CI, or a public name chosen by accident), " +
				"`docker compose up` on a fresh machine runs that image, not the code beside the compose file; " +
				"where the image is already present locally, changes to the source are not built. " +
				"`pull_policy: build` always builds and tags the result with `image:`; `never`, `missing` " +
				"or `always` say which other behaviour is meant. This is dclint's rule with its default " +
				"(`checkPullPolicy`): any `pull_policy` satisfies it. dockguard checks the merged service, " +
				"so an override that adds `build:` to a base's `image:` is seen too; the finding is on " +
				"`build:`, with `image:` as the related place.",
			Bad:  "services:\n  web:\n    build: .\n    image: ghcr.io/acme/web:1.4\n",
			Good: "services:\n  web:\n    build: .\n    image: ghcr.io/acme/web:1.4\n    pull_policy: build\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if s.Config.Build == nil || s.Config.PullPolicy != "" {
				continue
			}
			// image: ${VAR} with VAR unset here is still both keys: the
			// deployment that sets VAR gets the ambiguity.
			if raw, _ := proj.Written(s.Name, "image"); s.Config.Image == "" && raw == "" {
				continue
			}
			where := proj.Locate(s.Name, "build")
			img := proj.Locate(s.Name, "image")
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
				Message: fmt.Sprintf("service %q sets both build: and image: %s with no pull_policy:, so docker compose pulls that image when a registry has it instead of building; set pull_policy: build (or never, missing, always) or drop one of them",
					s.Name, written(proj, s.Name, "image", s.Config.Image)),
				Related: []rule.Related{{Path: img.Path, Range: img.Range, Message: "the image it pulls or tags"}}})
		}
	},
}
