package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
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
				"(Elasticsearch, Grafana, Prometheus, pgAdmin, Bitnami, ...) already run as a non-root user, and some " +
				"(postgres, redis, mysql, mariadb, mongo, rabbitmq) start as root and drop to their own user in their " +
				"entrypoint with gosu. dockguard reads its dated table of well-known images (extended by " +
				"`images:` in `.dockguard.yaml`): images known to run as non-root are not reported; for images that " +
				"drop root the message says so; for images known to run as root it says that; for any other image " +
				"it says the user is unknown, not that it is root: check the image (`docker image inspect -f " +
				"'{{.Config.User}}'`), and set `user:` when it runs as root and can run unprivileged. Services that " +
				"build their image are judged by DF001 and DC001 instead.",
			Bad:  "services:\n  proxy:\n    image: nginx:1.27\n",
			Good: "services:\n  proxy:\n    image: nginxinc/nginx-unprivileged:1.27\n",
		},
	},
	Compose: checkImageDefaultUser,
}

func checkImageDefaultUser(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		if s.Config.Build != nil || s.Config.Image == "" || s.Config.User != "" {
			continue
		}
		if _, set := proj.Lookup(s.Name, "user"); set {
			continue
		}
		where := proj.ServiceLocation(s.Name)
		img := written(proj, s.Name, "image", s.Config.Image)
		d := rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name}
		ref, err := imageref.Parse(s.Config.Image)
		var facts imagefacts.Facts
		if err == nil {
			facts = p.Settings.Images.Lookup(ref)
		}
		switch {
		case facts.NonRoot():
			continue // runs as a non-root user out of the box
		case facts.DropsRoot != "" && len(s.Config.Entrypoint) == 0:
			d.Message = fmt.Sprintf("service %q sets no user:; image %s starts as root and its entrypoint drops to user %s (%s) before it starts the server; set user: to that user's UID to skip the root start, if the image supports it (%s)", s.Name, img, facts.DropsTo, facts.DropsRoot, factsSource(facts))
		case facts.DropsRoot != "":
			d.Message = fmt.Sprintf("service %q sets no user: and replaces the entrypoint of image %s, which would drop root to user %s; it runs as root: set user: to a non-root UID", s.Name, img, facts.DropsTo)
		case facts.Root() && facts.Hint != "":
			d.Message = fmt.Sprintf("service %q sets no user: and image %s runs as root by default (%s); set user: to a non-root UID if the service can run unprivileged (%s)", s.Name, img, factsSource(facts), facts.Hint)
		case facts.Root():
			d.Message = fmt.Sprintf("service %q sets no user: and image %s runs as root by default (%s); set user: to a non-root UID if the service can run unprivileged", s.Name, img, factsSource(facts))
		default:
			d.Message = fmt.Sprintf("service %q sets no user:, and the default user of image %s is unknown to dockguard (it may be root); check the image and set user: to a non-root UID if it runs as root", s.Name, img)
		}
		p.Report(d)
	}
}

// factsSource says where an image fact comes from, for messages: the
// built-in table and its date, the configuration, or the registry.
func factsSource(f imagefacts.Facts) string {
	switch f.Origin {
	case imagefacts.Config:
		return "as " + f.Source + " states"
	case imagefacts.Registry:
		return "as its registry says"
	}
	return "dockguard's image table of " + f.Checked
}
