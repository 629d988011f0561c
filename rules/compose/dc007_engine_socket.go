package compose

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// EngineSocket flags container-engine sockets mounted into a service.
var EngineSocket = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC007",
		Name:       "engine-socket-mount",
		Severity:   rule.Error,
		Summary:    "do not mount the Docker, containerd, Podman or CRI-O socket; use a restricted API proxy if you must",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Docker Socket Mounted In Container"}, rule.ComposeLint: {"CL-0001"}, rule.CIS: {"5.32"}, rule.CWE: {"CWE-250"}, rule.Semgrep: {"exposing-docker-socket-volume"}},
		Doc: rule.Doc{
			Why: "Whoever can talk to the container engine's socket can start a privileged container with the " +
				"host's root filesystem mounted: the socket is root on the host, even when mounted read-only " +
				"(`:ro` only protects the socket file, not the API). Reported for `docker.sock`, `containerd.sock`, " +
				"`podman.sock`, `crio.sock` and their directories, in short or long volume syntax, and through a " +
				"named volume that binds them (`driver_opts` `o: bind`, `device: /var/run/docker.sock`). If a tool really " +
				"needs the API, put a filtering proxy (for example docker-socket-proxy) in front of it.",
			Bad:  "services:\n  ui:\n    image: portainer/portainer-ce:2.21.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
			Good: "services:\n  ui:\n    image: portainer/portainer-ce:2.21.0\n    volumes:\n      - portainer-data:/data\nvolumes:\n  portainer-data: {}\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, v := range s.Config.Volumes {
				b, ok := proj.HostBind(s.Name, v)
				if !ok || !isEngineSocket(b.Path) {
					continue
				}
				where := proj.LocateVolume(s.Name, v)
				d := rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q mounts the container engine socket %s%s, which gives root on the host; remove the mount or use a restricted API proxy", s.Name, path.Base(path.Clean(b.Path)), via(b))}
				d.Related = boundBy(b)
				p.Report(d)
			}
		}
	},
}

var engineSockets = map[string]bool{
	"docker.sock": true, "docker.sock.raw": true, "containerd.sock": true, "podman.sock": true,
	"crio.sock": true, "dockershim.sock": true, "cri-dockerd.sock": true, "buildkitd.sock": true,
}

var engineSocketDirs = map[string]bool{
	"/run/containerd": true, "/var/run/containerd": true, "/run/podman": true, "/var/run/podman": true,
	"/run/crio": true, "/var/run/crio": true, "/run/docker": true, "/var/run/docker": true,
	"/run/k3s/containerd": true, "/run/buildkit": true,
}

func isEngineSocket(src string) bool {
	if !strings.HasPrefix(src, "/") {
		return false
	}
	src = path.Clean(src)
	return engineSockets[path.Base(src)] || engineSocketDirs[src]
}
