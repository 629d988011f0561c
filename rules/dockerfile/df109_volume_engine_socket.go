package dockerfile

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// VolumeEngineSocket flags a VOLUME declared on a container-engine socket.
var VolumeEngineSocket = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF109",
		Name:       "volume-engine-socket",
		Severity:   rule.Warning,
		Summary:    "do not design the image around the host's Docker socket",
		Tags:       []string{"security", "privilege"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.Semgrep: {"dockerfile-dockerd-socket-mount"}},
		Doc: rule.Doc{
			Why: "`VOLUME /var/run/docker.sock` does not mount anything by itself (Docker creates an empty " +
				"anonymous volume there), but it declares that the image expects the host's engine socket to " +
				"be mounted at that path, and whoever can talk to that socket is root on the host. The finding " +
				"is a pointer for review, not proof of exposure, which is why the rule is only in the `all` " +
				"set; the mount itself is reported in compose files by DC007.",
			Bad:  "FROM docker:27-cli\nVOLUME /var/run/docker.sock\n",
			Good: "FROM docker:27-cli\nENV DOCKER_HOST=tcp://docker-proxy:2375\n",
			Fix:  "Talk to a socket proxy that allows only the API calls you need, or to rootless Docker; remove the VOLUME.",
		},
	},
	Dockerfile: checkVolumeEngineSocket,
}

func checkVolumeEngineSocket(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		if in.Keyword != "VOLUME" || len(in.Args) == 0 {
			continue
		}
		var paths []string
		raw := strings.TrimSpace(in.Args[0].Value)
		if !strings.HasPrefix(raw, "[") || json.Unmarshal([]byte(raw), &paths) != nil {
			paths = strings.Fields(raw)
		}
		from := 0
		for _, v := range paths {
			r := in.Args[0].Range
			if i := strings.Index(in.Args[0].Value[from:], v); i >= 0 {
				r = in.SubRange(in.Args[0], from+i, from+i+len(v))
				from += i + len(v)
			}
			e := in.Expand(v)
			if !e.Resolved() {
				continue
			}
			switch path.Base(strings.Trim(e.Value, `"'`)) {
			case "docker.sock", "containerd.sock", "podman.sock", "crio.sock", "dockershim.sock":
				p.Report(rule.Diagnostic{Range: r, Subject: in.Stage.DisplayName(),
					Message: "VOLUME " + e.Value + " expects the host's container-engine socket, which gives root on the host: use a restricted socket proxy"})
			}
		}
	}
}
