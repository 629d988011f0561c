package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// MutableImageTag flags service images with no tag, `latest` or another
// floating tag (`redis:alpine`, `node:lts`).
var MutableImageTag = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC011",
		Name:       "mutable-service-image",
		Severity:   rule.Warning,
		Summary:    "give service images a fixed version tag or a digest instead of no tag, latest or a floating tag",
		Tags:       []string{"security", "supply-chain", "reproducibility"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0004"}, rule.DCLint: {"service-image-require-explicit-tag"}},
		Doc: rule.Doc{
			Why: "`image: nginx` and `image: nginx:latest` mean whatever the registry serves today: a new " +
				"major version, or a hijacked tag, arrives with the next pull, and two hosts can run different " +
				"code from the same file. Pin a version (`nginx:1.27`), ideally with a digest " +
				"(`nginx:1.27@sha256:...`). Services that build their image are not checked; the image a " +
				"`pre_start` hook names itself is, at the hook.\n\n" +
				imageref.FloatingTagDoc(),
			Bad:  "services:\n  web:\n    image: nginx:latest\n  cache:\n    image: redis:alpine\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: redis:7.4-alpine\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, img := range serviceImages(proj, s) {
				ref := img.ref
				var what string
				switch {
				case ref.Unpinned() && ref.Tag == "":
					what = "has no tag; pin a version tag or a digest"
				case ref.Unpinned():
					what = "uses the latest tag; pin a version tag or a digest"
				case ref.Floating():
					what = fmt.Sprintf("uses the floating tag %q, which moves to each new release like latest; ", ref.Tag)
					if img.asWritten {
						what += fmt.Sprintf("pin a version tag such as %s:%s or a digest", ref.FamiliarName(), imageref.VersionedTag(ref.Tag))
					} else {
						what += "pin a version tag or a digest" // do not echo interpolated values
					}
				default:
					continue
				}
				p.Report(rule.Diagnostic{Path: img.where.Path, Range: img.where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: %s %s %s", s.Name, img.what, img.written, what)})
			}
		}
	},
}
