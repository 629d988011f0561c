package compose

import (
	"fmt"
	"path"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// RootUser flags services that compose makes run as root: by their own
// `user:`, or by the build target or build args they give a Dockerfile
// that does not run as root on its own.
var RootUser = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC001",
		Name:       "service-root-user",
		Severity:   rule.Error,
		Summary:    "run the service as a non-root user: set user: to a non-root UID",
		Tags:       []string{"security", "root-user"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0018"}, rule.CIS: {"4.1"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A container running as root owns everything inside it and is one kernel or runtime bug away " +
				"from root on the host; files it writes to bind mounts belong to root. The rule reports what " +
				"compose itself decides: `user: root` / `0` / `root:group` / `0:gid` on any service. A service " +
				"that builds a local Dockerfile and sets no `user:` runs as that Dockerfile's USER, which is " +
				"DF001's to report, at the Dockerfile, whenever the Dockerfile is linted; DC001 stays silent about it " +
				"whether or not the Dockerfile is part of the run (pre-commit passes only staged files, and a " +
				"baseline must not change with them). The exceptions are the cases where compose picks the outcome: " +
				"`build.target` selects a stage that runs as root while the final stage (the one DF001 judges) does " +
				"not, or `build.args` turn a non-root `USER $VAR` into root; DC001 reports those at `build.target` " +
				"or `build.args`. A non-root `user:` silences DC001 for the service, while DF001 still reports a " +
				"root Dockerfile: its image runs as root wherever else it is used. An inline Dockerfile " +
				"(`dockerfile_inline`) is a Dockerfile too. Services that only pull an image are covered by DC013. " +
				"A lifecycle hook (`post_start`, `pre_stop`, `pre_start`) that sets `user: root` itself is reported at the hook.",
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
		checkBuildRoot(p, proj, s)
	}
}

// checkBuildRoot reports a service whose build target or build args make a
// Dockerfile run as root that, linted on its own, does not (DF001 reports
// the Dockerfile otherwise).
func checkBuildRoot(p *rule.Pass, proj *compose.Project, s *compose.Service) {
	d := s.Dockerfile
	if d == nil || d.Stage == nil || d.Inline || d.Alone == nil {
		return
	}
	reason := d.Stage.RunsAsRootWith(p.Settings.Images)
	if reason == dockerfile.NotRoot {
		return
	}
	final := d.Alone.Final()
	if final == nil || final.RunsAsRootWith(p.Settings.Images) != dockerfile.NotRoot {
		return // DF001 reports the Dockerfile
	}
	name := buildDockerfileName(proj, s)
	why := rootWhy(p, d.Stage, reason)
	if target := d.Alone.Target(s.Config.Build.Target); target != nil && target != final && target.RunsAsRootWith(p.Settings.Images) != dockerfile.NotRoot {
		where := proj.Locate(s.Name, "build.target")
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q builds target %q of %s, which %s and runs as root (the final stage does not); set user: to a non-root UID or add a non-root USER to that stage", s.Name, target.DisplayName(), name, why)})
		return
	}
	where := proj.Locate(s.Name, "build.args")
	p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q passes build.args that make %s run as root (%s); pass a non-root user or set user: to a non-root UID", s.Name, name, why)})
}

// rootWhy says why the stage runs as root.
func rootWhy(p *rule.Pass, st *dockerfile.Stage, reason dockerfile.Root) string {
	switch reason {
	case dockerfile.RootExplicit:
		user, at := st.EffectiveUser()
		return fmt.Sprintf("its USER on line %d is %q", at.StartLine, user)
	case dockerfile.RootScratch:
		return "is built FROM scratch with no USER"
	}
	root := st.Root()
	if f := root.BaseFacts(p.Settings.Images); f.DropsRoot != "" && !st.SetsEntrypoint() {
		return "sets no USER (base image " + root.Base.Ref.FamiliarName() + " starts as root; its entrypoint drops to user " + f.DropsTo + ")"
	}
	return "sets no USER"
}

// buildDockerfileName names a service's Dockerfile as the compose file
// writes it: the build context joined with build.dockerfile, relative to
// the compose file (never a path of the machine).
func buildDockerfileName(proj *compose.Project, s *compose.Service) string {
	ctx := "."
	if w, ok := proj.Written(s.Name, "build.context"); ok && w != "" {
		ctx = w
	} else if w, ok := proj.Written(s.Name, "build"); ok && w != "" {
		ctx = w
	}
	df := "Dockerfile"
	if w, ok := proj.Written(s.Name, "build.dockerfile"); ok && w != "" {
		df = w
	}
	switch {
	case path.IsAbs(df):
		return path.Base(df)
	case path.IsAbs(ctx):
		return df
	}
	return path.Join(ctx, df)
}
