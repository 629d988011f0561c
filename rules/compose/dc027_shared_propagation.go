package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// SharedPropagation flags bind mounts whose propagation lets mounts made
// in the container appear on the host.
var SharedPropagation = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC027",
		Name:       "shared-mount-propagation",
		Severity:   rule.Warning,
		Severities: []rule.Severity{rule.Info},
		Summary:    "use the default (rprivate) or rslave propagation; shared lets the container's mounts reach the host",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Volume Mounted In Multiple Containers"}, rule.ComposeLint: {"CL-0017"}, rule.CIS: {"5.20"}, rule.CWE: {"CWE-668"}},
		Doc: rule.Doc{
			Why: "With `shared` or `rshared` propagation (`bind: propagation:` in the long syntax, `:shared` or " +
				"`:rshared` in the short one), the bind mount joins the host's peer group: a file system the " +
				"container mounts below it appears on the host too, where host processes (and other containers " +
				"sharing the path) read it, and a mount over an existing host directory hides what is there. That " +
				"is a warning when the service can mount (it is privileged or adds `SYS_ADMIN`); without that " +
				"capability nothing in the container can mount yet, so it is a note: the setting waits for the " +
				"capability, and what the service can use today, host mounts appearing inside, is what `rslave` " +
				"gives.\n\n" +
				"`slave` and `rslave` propagate from the host into the container only and are not reported: KICS " +
				"flags them too (its query is named \"Volume Mounted In Multiple Containers\"), but the container " +
				"cannot change the host through them; that is how a backup or media service sees disks the host " +
				"mounts later. compose-lint's CL-0017 reports `shared` and `rshared` at one severity whatever the " +
				"service can do.",
			Bad: "services:\n  rclone:\n    image: rclone/rclone:1.68\n    cap_add: [SYS_ADMIN]\n    devices: [/dev/fuse]\n" +
				"    volumes:\n      - type: bind\n        source: /mnt/cloud\n        target: /data\n        bind:\n          propagation: rshared\n",
			Good: "services:\n  media:\n    image: jellyfin/jellyfin:10.10.3\n" +
				"    volumes:\n      - type: bind\n        source: /mnt/media\n        target: /media\n        bind:\n          propagation: rslave\n",
			Fix: "Remove the propagation option (Docker's default is `rprivate`), or use `rslave` when the " +
				"service must see mounts the host makes after it starts. A service whose job is to mount for the " +
				"host (a FUSE or CSI driver) is host administration: keep it, but review it with its `SYS_ADMIN`.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			canMount := hasCap(s, "SYS_ADMIN")
			for _, v := range s.Config.Volumes {
				if v.Bind == nil {
					continue
				}
				mode := strings.ToLower(v.Bind.Propagation)
				if mode != "shared" && mode != "rshared" {
					continue
				}
				where := proj.LocateVolumeField(s.Name, v, "bind.propagation")
				src := ""
				if b, ok := proj.HostBind(s.Name, v); ok && b.Source != "" {
					src = " of " + b.Source
				}
				if canMount {
					p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: rule.Warning, Subject: s.Name,
						Message: fmt.Sprintf("service %q mounts %s%s with %s propagation and can mount (%s): file systems it mounts there appear on the host; use rslave, or the default, unless mounting for the host is its job", s.Name, v.Target, src, mode, mountPower(s))})
					continue
				}
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: rule.Info, Subject: s.Name,
					Message: fmt.Sprintf("service %q mounts %s%s with %s propagation, which would carry its mounts to the host once it may mount; use rslave to see the host's mounts, or the default", s.Name, v.Target, src, mode)})
			}
		}
	},
}

// mountPower says why a service can mount: privileged or SYS_ADMIN.
func mountPower(s *compose.Service) string {
	if s.Config.Privileged {
		return "privileged: true"
	}
	for _, c := range s.Config.CapAdd {
		if normCap(c) == "ALL" {
			return "cap_add ALL"
		}
	}
	return "cap_add SYS_ADMIN"
}
