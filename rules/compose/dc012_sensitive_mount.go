package compose

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// SensitiveMount flags bind mounts of sensitive host paths, worse when writable.
var SensitiveMount = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC012",
		Name:       "sensitive-host-mount",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "do not bind-mount sensitive host paths; mount only the file needed, read-only (:ro)",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Volume Has Sensitive Host Directory"}, rule.ComposeLint: {"CL-0013", "CL-0025"}, rule.CIS: {"5.6"}},
		Doc: rule.Doc{
			Why: "Bind-mounting host system directories hands the container the host: `/etc` (users, sudoers, " +
				"cron), `/root`, `/boot`, `/proc`, `/sys`, `/dev`, `/usr` and `/lib` (binaries the host runs), " +
				"`/run` and `/var/run` (sockets), `/var/lib/docker` (every container's files). Writable mounts of " +
				"these, and any mount of `/`, are errors; read-only ones are warnings, as they still disclose " +
				"secrets. Below `/etc`, `/usr`, `/lib` and `/var/lib`, an application's own directory " +
				"(`/etc/pihole`) is only reported when writable, as a warning, except for secrets such as " +
				"`/etc/shadow` or `/etc/ssh`. Time-zone files are allowed; engine sockets are DC007. " +
				"Relative paths (`./etc`) are project files and are not reported. A named volume of the `local` driver " +
				"that binds a host directory (`driver_opts` `o: bind`, `device: /etc`) is judged like a bind mount of " +
				"that directory, at the service's mount, with the volume's `device:` as a related location.",
			Bad:  "services:\n  app:\n    image: alpine:3.20\n    volumes:\n      - /etc:/host/etc\n",
			Good: "services:\n  app:\n    image: alpine:3.20\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./config:/config:ro\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, v := range s.Config.Volumes {
				b, ok := proj.HostBind(s.Name, v)
				src := b.Source
				if !ok || !strings.HasPrefix(src, "/") {
					continue // relative to the project, or under ~
				}
				src = path.Clean(src)
				if isEngineSocket(src) {
					continue // DC007
				}
				sev, hit := mountSeverity(src, b.ReadOnly)
				if !hit {
					continue
				}
				mode := "read-write"
				if b.ReadOnly {
					mode = "read-only"
				}
				what := "the host path " + src
				if src == "/" {
					what = "the host's root filesystem"
				}
				where := proj.LocateVolume(s.Name, v)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: sev, Subject: s.Name, Message: fmt.Sprintf("service %q bind-mounts %s %s%s; remove the mount or mount only the file it needs, read-only", s.Name, what, mode, via(b)), Related: boundBy(b)})
			}
		}
	},
}

// dangerPaths are sensitive with everything below them: mounting any part
// is reported (read-write as an error, read-only as a warning).
var dangerPaths = []string{
	"/root", "/boot", "/proc", "/sys", "/dev", "/run", "/var/run",
	"/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet",
	"/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh",
	"/etc/kubernetes", "/etc/docker", "/etc/cron.d", "/etc/systemd",
}

// systemPaths are sensitive as a whole; below them (an application's
// /etc/app or /usr/share/app) only a writable mount is reported, as a warning.
var systemPaths = []string{"/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/lib"}

var harmlessPaths = map[string]bool{
	"/etc/localtime": true, "/etc/timezone": true, "/usr/share/zoneinfo": true,
	"/dev/null": true, "/dev/shm": true,
}

// mountSeverity grades a bind mount of the host path src.
func mountSeverity(src string, readOnly bool) (rule.Severity, bool) {
	under := func(d string) bool { return src == d || strings.HasPrefix(src, d+"/") }
	graded := func() (rule.Severity, bool) {
		if readOnly {
			return rule.Warning, true
		}
		return rule.Error, true
	}
	switch {
	case src == "/":
		return rule.Error, true
	case harmlessPaths[src]:
		return 0, false
	}
	for _, d := range dangerPaths {
		if under(d) {
			return graded()
		}
	}
	for _, d := range systemPaths {
		switch {
		case src == d:
			return graded()
		case under(d) && !readOnly:
			return rule.Warning, true
		}
	}
	return 0, false
}
