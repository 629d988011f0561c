package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/rule"
)

// UntrustedImage flags service images from outside the trust policy.
var UntrustedImage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC010",
		Name:       "untrusted-service-image",
		Severity:   rule.Error,
		Summary:    "pull service images only from trusted registries, or add the source to the trust policy",
		Tags:       []string{"security", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.CIS: {"4.2"}},
		Doc: rule.Doc{
			Why: "An image is code that runs with whatever rights the service has. Compose pulls `image:` " +
				"from any registry or Docker Hub account, where names are easy to typosquat and accounts get " +
				"hijacked. The rule applies the same trust policy as DF003: Docker Official Images and well-known " +
				"publishers (vendor and sponsored open-source namespaces and registries such as `grafana/*`, `bitnami/*`, " +
				"`linuxserver/*`, `docker.elastic.co`, `mcr.microsoft.com`) by default, personal namespaces not; extend it with " +
				"`trusted-registries`, or keep 0.1's narrower list with `trusted-registries-mode: narrow` in the " +
				"configuration). Services that build their image are not checked: the Dockerfile's FROM is (DF003). " +
				"The image a `pre_start` hook names itself is checked too, at the hook.",
			Bad:  "services:\n  web:\n    image: randomuser/nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, img := range serviceImages(proj, s) {
				if p.Settings.Trust.Trusted(img.ref) {
					continue
				}
				p.Report(rule.Diagnostic{Path: img.where.Path, Range: img.where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: %s %s is not from a trusted source; use a trusted image or add %q to trusted-registries", s.Name, img.what, img.written, imagefacts.TrustHint(img.ref))})
			}
		}
	},
}
