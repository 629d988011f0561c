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
		Summary:    "check the default user of the registry images services run, and set user: to a non-root UID",
		Tags:       []string{"security", "root-user"},
		RuleSet:    rule.Strict,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.CIS: {"4.1"}},
		Doc: rule.Doc{
			Why: "A service that pulls an image and sets no `user:` runs as whatever user the image declares. " +
				"Many images (databases, web servers, language runtimes) declare none and run as root; others " +
				"(Elasticsearch, Grafana, Prometheus, pgAdmin, ...) already run as a non-root user. dockguard does " +
				"not read image configurations and has no table of well-known images' users yet, so the message " +
				"says the user is unknown, not that it is root. With `dockguard lint --resolve-images` the image's " +
				"configuration is read from its registry: an image that runs as a non-root user is not reported, and " +
				"one that runs as root is reported saying so. Otherwise check the image (`docker image inspect -f " +
				"'{{.Config.User}}'`), and set `user:` when it runs as root and can run unprivileged. Services that " +
				"build their image are judged by DF001 and DC001 instead.",
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
			ref, _ := registryImage(s)
			if c := p.Settings.ImageConfig(ref); c != nil { // --resolve-images read the image's config
				if c.RunsAsRoot() {
					p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q sets no user:, and image %s runs as root (%s); set user: to a non-root UID if it can run unprivileged", s.Name, written(proj, s.Name, "image", s.Config.Image), configUser(c.User))})
				}
				continue
			}
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q sets no user:, and the default user of image %s is unknown to dockguard (it may be root); check the image and set user: to a non-root UID if it runs as root", s.Name, written(proj, s.Name, "image", s.Config.Image))})
		}
	},
}

// configUser says what an image configuration sets as its user.
func configUser(u string) string {
	if u == "" {
		return "its configuration sets no user"
	}
	return `its configuration sets user "` + u + `"`
}
