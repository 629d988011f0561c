package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// DockerGroupMember reports users added to the docker group.
var DockerGroupMember = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF020",
		Name:       "docker-group-member",
		Severity:   rule.Warning,
		Summary:    "do not add the image's user to the docker group",
		Tags:       []string{"security", "privilege"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "Members of the `docker` group can use the engine socket, and whoever can use the socket can " +
				"start a privileged container that mounts the host's `/`: the group is root on the host. " +
				"An image that adds its user to `docker` (`usermod -aG docker`, `useradd -G docker`, " +
				"`adduser user docker`, `addgroup user docker`, `gpasswd -a user docker`) is made to have the " +
				"socket mounted and gives its user root-equivalent access to the host once it is. Stages named as a development " +
				"environment (`dev`, `*-dev`, `dev-envs`, `devcontainer`, `development`), which Docker Dev Environments and " +
				"dev containers build to drive the engine on purpose, are not reported.",
			Bad:  "FROM ubuntu:24.04\nRUN groupadd docker && useradd -m -G docker ci\nUSER ci\n",
			Good: "FROM ubuntu:24.04\nRUN useradd -m ci\nUSER ci\n",
			Fix: "Do not mount the engine socket into the container; build images with a rootless builder " +
				"(BuildKit rootless, kaniko, buildah) or talk to a remote engine over TLS. If the container " +
				"really drives the host's engine, say so by disabling the rule for that file.",
		},
	},
	Dockerfile: checkDockerGroup,
}

func checkDockerGroup(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		if devStage(in.Stage) {
			return
		}
		var w dockerfile.Word
		found := false
		switch {
		case c.Is("usermod", "useradd"):
			for i, a := range c.Args {
				v := a.Value
				var list string
				switch {
				case v == "-G" || v == "--groups" || strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.HasSuffix(v, "G"):
					if i+1 < len(c.Args) {
						list, w = c.Args[i+1].Value, c.Args[i+1]
					}
				case strings.HasPrefix(v, "--groups="):
					list, w = strings.TrimPrefix(v, "--groups="), a
				case strings.HasPrefix(v, "-G") && len(v) > 2:
					list, w = v[2:], a
				}
				for _, g := range strings.Split(list, ",") {
					if g == "docker" {
						found = true
					}
				}
				if found {
					break
				}
			}
		case c.Is("adduser", "addgroup"):
			// adduser USER GROUP (Debian), addgroup USER GROUP (BusyBox).
			ps := c.Positionals()
			if n := len(ps); n >= 2 && ps[n-1].Value == "docker" && !c.HasOption("-g", "-G", "--gid", "--ingroup", "-S", "--system") {
				w, found = ps[n-1], true
			}
			if !found && c.Is("adduser") {
				if g, ok := optionValue(c, "-G", "--ingroup"); ok && g.Value == "docker" {
					w, found = g, true
				}
			}
		case c.Is("gpasswd"):
			if c.HasOption("-a", "--add") {
				ps := c.Positionals()
				if len(ps) == 2 && ps[1].Value == "docker" {
					w, found = ps[1], true
				}
			}
		}
		if found {
			p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: "do not add the user to the docker group: with the engine socket mounted it is root on the host"})
		}
	})
}

// optionValue returns the word after an option (`-G docker`), or the
// value of `--opt=value`.
func optionValue(c *dockerfile.Command, opts ...string) (dockerfile.Word, bool) {
	for i, a := range c.Args {
		for _, o := range opts {
			if a.Value == o && i+1 < len(c.Args) {
				return c.Args[i+1], true
			}
			if strings.HasPrefix(o, "--") && strings.HasPrefix(a.Value, o+"=") {
				w := a
				w.Value = strings.TrimPrefix(a.Value, o+"=")
				return w, true
			}
		}
	}
	return dockerfile.Word{}, false
}

// devStage reports a stage named as a development environment (`dev`,
// `dev-envs`, `devcontainer`, `development`): those are built to drive
// the host's engine on purpose.
func devStage(s *dockerfile.Stage) bool {
	if s == nil {
		return false
	}
	for _, x := range s.Chain() {
		n := strings.ToLower(x.Name)
		if n == "dev" || strings.HasPrefix(n, "dev-env") || strings.HasPrefix(n, "devcontainer") || n == "development" || strings.HasSuffix(n, "-dev") {
			return true
		}
	}
	return false
}
