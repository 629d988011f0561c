package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// BuildPrivileges flags builds that grant their RUN steps root on the
// builder host or its network.
var BuildPrivileges = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC028",
		Name:       "build-privileges",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "remove build.privileged, the security.insecure and network.host entitlements and build.network: host",
		Tags:       []string{"security", "privileged", "build"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "BuildKit runs `RUN` steps in a sandbox with a reduced set of capabilities and the build's own " +
				"network; entitlements are the way out of it, and a compose file can ask for them:\n\n" +
				"- `build.privileged: true` and `build.entitlements: [security.insecure]` let `RUN " +
				"--security=insecure` run with every capability, no seccomp or AppArmor profile and the host's " +
				"devices: root on the machine that builds (with Docker's built-in builder, the Docker host; on a " +
				"CI runner, the runner and its credentials). Anyone who can change the Dockerfile, or a package " +
				"script it runs, gets that. Error.\n" +
				"- `build.network: host` runs every `RUN` step in the host's network namespace, and " +
				"`build.entitlements: [network.host]` lets `RUN --network=host` do so: build steps reach services " +
				"that listen only on the host's loopback (a local Docker API, databases, admin consoles, a cloud " +
				"agent's port) and the host's network identity. Warning.\n\n" +
				"When the service's Dockerfile is read, the message says whether a `RUN` uses the grant and points " +
				"at it; a `security.insecure` grant that no `RUN` uses is a warning (dead weight that a later " +
				"Dockerfile change would silently pick up), one that is used or whose Dockerfile cannot be read " +
				"an error. " +
				"No peer checks these compose keys (the Dockerfile side, `RUN --security=insecure`, is concept " +
				"#42 of the landscape, also unchecked).",
			Bad:  "services:\n  app:\n    build:\n      context: .\n      privileged: true\n",
			Good: "services:\n  app:\n    build:\n      context: .\n",
			Fix: "Build without the grant. A step that needs devices or mounts (building a kernel module, an " +
				"image of a disk) belongs in a dedicated builder (a rootless or VM-isolated BuildKit), not the " +
				"host's; a step that needs a host-only service should get it as a build secret or an explicit " +
				"`extra_hosts` entry.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			b := s.Config.Build
			if b == nil {
				continue
			}
			if b.Privileged {
				reportBuildGrant(p, proj, s, proj.Locate(s.Name, "build.privileged"), "builds with privileged: true", "security", "insecure")
			}
			for _, e := range b.Entitlements {
				var flag, value string
				switch strings.ToLower(strings.TrimSpace(e)) {
				case "security.insecure":
					flag, value = "security", "insecure"
				case "network.host":
					flag, value = "network", "host"
				default:
					continue
				}
				where := proj.LocateString(s.Name, "build.entitlements", func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(e)) })
				reportBuildGrant(p, proj, s, where, "grants its build the "+strings.ToLower(strings.TrimSpace(e))+" entitlement", flag, value)
			}
			if strings.EqualFold(b.Network, "host") {
				where := proj.Locate(s.Name, "build.network")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: rule.Warning, Subject: s.Name,
					Message: fmt.Sprintf("service %q builds with network: host: every RUN step shares the host's network and reaches services that listen only on its loopback; remove it (the build's own network reaches the internet)", s.Name)})
			}
		}
	},
}

// reportBuildGrant reports a build grant (security.insecure or
// network.host; what says how the service grants it) and the RUN steps
// that use it (`RUN --flag=value`).
func reportBuildGrant(p *rule.Pass, proj *compose.Project, s *compose.Service, where source.Location, what, flag, value string) {
	sev, gives := rule.Error, "runs with every capability and no confinement: root on the machine that builds"
	if flag == "network" {
		sev, gives = rule.Warning, "shares the host's network and reaches services that listen only on its loopback"
	}
	run := fmt.Sprintf("RUN --%s=%s", flag, value)
	msg := fmt.Sprintf("service %q %s: a %s step %s; remove it", s.Name, what, run, gives)
	var related []rule.Related
	if d := s.Dockerfile; d != nil && d.File != nil {
		uses := runsWith(d.File, flag, value)
		name := buildDockerfileName(proj, s)
		if d.Inline {
			name = "its dockerfile_inline"
		}
		switch {
		case len(uses) == 0:
			sev = rule.Warning
			msg = fmt.Sprintf("service %q %s, which no RUN in %s uses (%s); remove it before a change to the Dockerfile starts using it", s.Name, what, name, run)
		default:
			msg = fmt.Sprintf("service %q %s and %s uses it on line %d: that step %s; build without it", s.Name, what, name, uses[0].StartLine, gives)
			if !d.Inline {
				for _, in := range uses {
					related = append(related, rule.Related{Path: d.Path, Range: in.Range, Message: run})
				}
			}
		}
	}
	p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: sev, Subject: s.Name, Message: msg, Related: related})
}

// runsWith lists the RUN instructions of f that set --flag=value.
func runsWith(f *dockerfile.File, flag, value string) []*dockerfile.Instruction {
	var out []*dockerfile.Instruction
	for _, in := range f.Instructions {
		if !in.Is("RUN") {
			continue
		}
		if fl := in.Flag(flag); fl != nil && strings.EqualFold(strings.TrimSpace(fl.Value), value) {
			out = append(out, in)
		}
	}
	return out
}
