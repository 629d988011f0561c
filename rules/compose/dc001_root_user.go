package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// RootUser flags services that run as root, by their own `user:` or by the
// image they build.
var RootUser = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC001",
		Name:       "service-root-user",
		Severity:   rule.Error,
		Summary:    "run the service as a non-root user: set user: or a non-root USER in its Dockerfile",
		Tags:       []string{"security", "root-user"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0018"}, rule.CIS: {"4.1"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A container running as root owns everything inside it and is one kernel or runtime bug away " +
				"from root on the host; files it writes to bind mounts belong to root. The rule reports " +
				"`user: root` / `0` / `root:group` / `0:gid`, and a service built from a Dockerfile whose target " +
				"stage (`build.target`, else the last) runs as root (explicit `USER root` or no `USER` at all) " +
				"when compose does not set a non-root `user:`. `build.args` take part in ARG expansion. " +
				"Services that only pull an image are covered by DC013. A lifecycle hook (`post_start`, `pre_stop`, " +
				"`pre_start`) that sets `user: root` itself is reported at the hook.",
			Bad:  "services:\n  app:\n    image: alpine:3.20\n    user: root\n",
			Good: "services:\n  app:\n    image: alpine:3.20\n    user: \"10001:10001\"\n",
		},
	},
	Compose: checkRootUser,
}

func checkRootUser(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		reportRootHooks(p, proj, s)
		if u := s.Config.User; u != "" {
			if dockerfile.IsRootUser(u) {
				where := proj.Locate(s.Name, "user")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q runs as root (user %s); set user: to a non-root UID such as \"10001:10001\"", s.Name, written(proj, s.Name, "user", u))})
			}
			continue
		}
		if _, set := proj.Lookup(s.Name, "user"); set {
			continue // user: ${UID} left empty here: decided at run time
		}
		d := s.Dockerfile
		if d == nil || d.Stage == nil {
			continue
		}
		user, at := d.Stage.EffectiveUser()
		var why string
		switch {
		case at == nil:
			why = "sets no USER"
		case dockerfile.IsRootUser(user):
			why = fmt.Sprintf("ends with USER root (line %d)", at.StartLine)
		default:
			continue
		}
		where := proj.Locate(s.Name, "build")
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q builds %s, whose stage %s and runs as root; set user: to a non-root UID or add a non-root USER", s.Name, stageDesc(d), why)})
	}
}

func stageDesc(d *compose.Dockerfile) string {
	name := d.Path
	if d.Inline {
		name = "dockerfile_inline"
	}
	if d.Stage.Name != "" {
		return fmt.Sprintf("%s target %q", name, d.Stage.Name)
	}
	return name
}
