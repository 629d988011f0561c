package compose

import (
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// UntrustedImage flags service images from outside the trust policy.
var UntrustedImage = &rule.Rule{
	ID:       "DC010",
	Name:     "untrusted-service-image",
	Severity: rule.Error,
	Summary:  "pull service images only from trusted registries, or add the source to the trust policy",
	Tags:     []string{"security", "supply-chain", "CIS-4.2"},
	Doc: rule.Doc{
		Why: "An image is code that runs with whatever rights the service has. Compose pulls `image:` " +
			"from any registry or Docker Hub account, where names are easy to typosquat and accounts get " +
			"hijacked. The rule applies the same trust policy as DF003 (Docker Official Images, distroless, " +
			"Chainguard, mcr.microsoft.com and registry.k8s.io by default; extend it with `trust` in the " +
			"configuration). Services that build their image are not checked: the Dockerfile's FROM is (DF003).",
		Bad:  "services:\n  web:\n    image: randomuser/nginx:1.27\n",
		Good: "services:\n  web:\n    image: nginx:1.27\n",
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			ref, ok := registryImage(s)
			if !ok || p.Settings.Trust.Trusted(ref) {
				continue
			}
			reportService(p, proj.Locate(s.Name, "image"), rule.SeverityDefault, s.Name,
				"image "+written(proj, s.Name, "image", s.Config.Image)+" is not from a trusted source; use a trusted image or add its registry or namespace to the trust policy")
		}
	},
}
