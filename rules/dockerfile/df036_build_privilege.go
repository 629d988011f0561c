package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// BuildPrivilege flags RUN options that give the build step host
// privileges: --security=insecure, --network=host, --device, and mounts
// of a container-engine socket.
var BuildPrivilege = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF036",
		Name:       "build-privilege",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "do not give RUN host privileges (--security=insecure, --network=host, --device, engine sockets)",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A `RUN` step runs the build's code, including every script it downloads. " +
				"`RUN --security=insecure` runs it as a privileged container (all capabilities, all " +
				"devices, no seccomp or AppArmor): anything it executes owns the build host. " +
				"`RUN --network=host` shares the host's network namespace, so the step reaches services " +
				"bound to the host's localhost and cloud metadata endpoints without the build network's " +
				"isolation. `RUN --device` hands a host device to the step. Each needs an entitlement " +
				"(`--allow security.insecure`, `network.host`, `device`) that a CI builder granting it " +
				"grants to every Dockerfile it builds. A `--mount` whose source or target is a " +
				"container-engine socket (`docker.sock`, `containerd.sock`, `podman.sock`, `crio.sock`, " +
				"`buildkitd.sock`) shows an intent to drive the engine from the build, which would be " +
				"root on the host; BuildKit binds mount sources from the build context or a stage, " +
				"not from the host, so it does not even work. " +
				"`--security=insecure` is an error; the others are warnings.",
			Bad:  "# syntax=docker/dockerfile:1-labs\nFROM debian:12\nRUN --security=insecure mount -t tmpfs none /mnt\n",
			Good: "FROM debian:12\nRUN mkdir -p /mnt\n",
			Fix: "Do the privileged work outside the image build (a CI step, an init container, the " +
				"running container with the capability it needs). If a step only needs to download " +
				"through a proxy, pass `--build-arg HTTPS_PROXY=...` instead of the host network. " +
				"Suppress the finding with a reason where the entitlement is granted on purpose.",
		},
	},
	Dockerfile: checkBuildPrivilege,
}

var engineSockets = map[string]bool{"docker.sock": true, "containerd.sock": true, "podman.sock": true, "crio.sock": true, "buildkitd.sock": true, "dockershim.sock": true}

func checkBuildPrivilege(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "RUN" {
				continue
			}
			for _, fl := range in.Flags {
				v := strings.ToLower(strings.TrimSpace(fl.Value))
				d := rule.Diagnostic{Range: fl.Range, Subject: st.DisplayName()}
				switch {
				case fl.Name == "security" && v == "insecure":
					d.Message = "RUN --security=insecure runs this step as a privileged container with full access to the build host; do the privileged work outside the build"
				case fl.Name == "network" && v == "host":
					d.Severity = rule.Warning
					d.Message = "RUN --network=host shares the build host's network (its localhost services and metadata endpoints) with this step; remove it and use the default network"
				case fl.Name == "device":
					d.Severity = rule.Warning
					d.Message = "RUN --device gives this step a host device; do the work that needs it outside the image build"
				case fl.Name == "mount":
					sock := mountSocket(fl.Value)
					if sock == "" {
						continue
					}
					d.Severity = rule.Warning
					d.Message = "RUN --mount of the engine socket " + quote(sock) + " would let the build drive the container engine as root on the host (BuildKit binds it from the build context, not the host); remove it and build or run images outside the Dockerfile"
				default:
					continue
				}
				p.Report(d)
			}
		}
	}
}

// mountSocket returns the engine-socket path a --mount value names as its
// source or target, or "".
func mountSocket(v string) string {
	v = strings.Trim(v, `"'`)
	for _, field := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(field), "=")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "source", "src", "target", "dst", "destination":
			val = strings.Trim(strings.TrimSpace(val), `"'`)
			if engineSockets[strings.ToLower(path.Base(val))] {
				return val
			}
		}
	}
	return ""
}
