package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// MutableImageTag flags service images with no tag or `latest`.
var MutableImageTag = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC011",
		Name:       "mutable-service-image",
		Severity:   rule.Warning,
		Summary:    "give service images a fixed version tag or a digest instead of no tag or latest",
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
				"`pre_start` hook names itself is, at the hook.",
			Bad:  "services:\n  web:\n    image: nginx:latest\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, img := range serviceImages(proj, s) {
				ref := img.ref
				if !ref.Unpinned() {
					continue
				}
				what := "has no tag"
				if ref.Tag == "latest" {
					what = "uses the latest tag"
				}
				p.Report(rule.Diagnostic{Path: img.where.Path, Range: img.where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: %s %s %s; pin a version tag or a digest", s.Name, img.what, img.written, what)})
			}
		}
	},
}
