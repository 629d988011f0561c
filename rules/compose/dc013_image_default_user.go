package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// ImageDefaultUser notes registry-image services that set no user.
var ImageDefaultUser = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC013",
		Name:       "image-default-user",
		Severity:   rule.Info,
		Summary:    "set user: to a non-root UID for services that run a registry image",
		Tags:       []string{"security", "root-user"},
		RuleSet:    rule.Strict,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.CIS: {"4.1"}},
		Doc: rule.Doc{
			Why: "A service that pulls an image and sets no `user:` runs as whatever user the image declares, " +
				"and most images (databases, web servers, language runtimes) declare none: root. dockguard cannot " +
				"see the image's configuration offline, so this is information: check the image, and set " +
				"`user:` when it can run unprivileged. Services that build their image are judged by DC001 instead.",
			Bad:  "services:\n  cache:\n    image: redis:7.4\n",
			Good: "services:\n  cache:\n    image: redis:7.4\n    user: \"999:999\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if s.Config.Build != nil || s.Config.Image == "" || s.Config.User != "" {
				continue
			}
			if _, set := proj.Lookup(s.Name, "user"); set {
				continue
			}
			where := proj.ServiceLocation(s.Name)
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q sets no user: and runs as the image's default user, often root; set user: to a non-root UID", s.Name)})
		}
	},
}
