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
			Why: "Bind-mounting host system directories hands the container the host. Paths are classified so " +
				"that the grade follows what the host does with them:\n\n" +
				"- Host state and secrets, with everything below them: `/root`, `/boot`, `/proc`, `/sys`, `/dev`, " +
				"`/run` and `/var/run` (sockets), `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/kubelet`, " +
				"`/etc/shadow`, `/etc/sudoers`, `/etc/ssh`, `/etc/docker`, `/etc/kubernetes`, `/etc/cron.d`, " +
				"`/etc/systemd`. Writable is an error, read-only a warning (it still discloses secrets).\n" +
				"- Code the host runs as root, below `/bin`, `/sbin`, `/lib`, `/lib64`, `/usr/bin`, `/usr/sbin`, " +
				"`/usr/lib`, `/usr/libexec`, `/usr/local/bin`, `/usr/local/sbin`, `/usr/local/lib`, and the D-Bus " +
				"and polkit directories of `/usr/share`: writable is an error (the container can plant binaries, " +
				"libraries or kernel modules that the host executes; a writable `/lib/modules` next to `SYS_MODULE` " +
				"is a host-kernel takeover), read-only is not reported (kernel modules and libraries are no secret; " +
				"VPN and monitoring images mount `/lib/modules:ro` on purpose).\n" +
				"- The system directories themselves (`/etc`, `/usr`, `/bin`, `/sbin`, `/lib`, `/lib64`, `/var/lib`): " +
				"writable is an error, read-only a warning. Below `/etc` and `/var/lib`, an application's own " +
				"directory (`/etc/pihole`, `/var/lib/app`) is reported only when writable, as a warning; so are " +
				"the other system parts of `/usr` (`/usr/src`, `/usr/include`, `/usr/share`, `/usr/local` and " +
				"`/usr/local/etc`, `/usr/local/share` themselves).\n" +
				"- Anything else below `/usr` is an application's own data (`/usr/share/appdata/<app>/config`, " +
				"`/usr/share/nginx/html`, `/usr/local/<app>`) and is not reported, like `/srv` or `/opt`.\n\n" +
				"Any mount of `/` is an error. Time-zone files are allowed; engine sockets are DC007. " +
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
				sev, class, hit := mountSeverity(src, b.ReadOnly)
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
				msg := fmt.Sprintf("service %q bind-mounts %s %s%s; remove the mount or mount only the file it needs, read-only", s.Name, what, mode, via(b))
				if class == hostCode {
					msg = fmt.Sprintf("service %q bind-mounts %s %s%s, code the host runs as root; mount it read-only (:ro)", s.Name, what, mode, via(b))
					if under(src, "/lib/modules") || under(src, "/usr/lib/modules") {
						msg = fmt.Sprintf("service %q bind-mounts the host's kernel modules %s %s: the container can plant a module that the host kernel loads; mount it read-only (:ro)", s.Name, src, mode)
						if hasCap(s, "SYS_MODULE") {
							msg = fmt.Sprintf("service %q bind-mounts the host's kernel modules %s %s and adds SYS_MODULE: it can write a kernel module and load it into the host kernel; mount it read-only (:ro) and drop SYS_MODULE unless the service loads modules", s.Name, src, mode)
						}
					}
				}
				where := proj.LocateVolume(s.Name, v)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: sev, Subject: s.Name, Message: msg, Related: boundBy(b)})
			}
		}
	},
}

// hasCap reports whether a service adds capability c (or ALL), or is privileged.
func hasCap(s *compose.Service, c string) bool {
	if s.Config.Privileged {
		return true
	}
	for _, a := range s.Config.CapAdd {
		if n := normCap(a); n == c || n == "ALL" {
			return true
		}
	}
	return false
}

// under reports whether p is d or below it.
func under(p, d string) bool { return p == d || strings.HasPrefix(p, d+"/") }

// dangerPaths are sensitive with everything below them: mounting any part
// is reported (read-write as an error, read-only as a warning).
var dangerPaths = []string{
	"/root", "/boot", "/proc", "/sys", "/dev", "/run", "/var/run",
	"/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet",
	"/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh",
	"/etc/kubernetes", "/etc/docker", "/etc/cron.d", "/etc/systemd",
}

// codePaths hold what the host executes as root: below them, a writable
// mount is an error and a read-only one is not reported.
var codePaths = []string{
	"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
	"/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32", "/usr/libexec",
	"/usr/local/bin", "/usr/local/sbin", "/usr/local/lib", "/usr/local/libexec",
	"/usr/share/dbus-1", "/usr/share/polkit-1",
}

// systemPaths are sensitive as a whole (read-write an error, read-only a
// warning). Below /etc and /var/lib (an application's /etc/app or
// /var/lib/app), only a writable mount is reported, as a warning; below
// /usr, see usrSystem.
var systemPaths = []string{"/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/lib"}

// usrSystem are the parts of /usr that are the host's own, apart from
// codePaths: a writable mount of them (or below the first two) is a
// warning. Everything else below /usr is application data.
var usrSystem = []string{"/usr/src", "/usr/include"}
var usrSystemExact = []string{"/usr/share", "/usr/local", "/usr/local/etc", "/usr/local/share"}

var harmlessPaths = map[string]bool{
	"/etc/localtime": true, "/etc/timezone": true, "/usr/share/zoneinfo": true,
	"/dev/null": true, "/dev/shm": true,
}

type mountClass int

const (
	otherMount mountClass = iota
	hostCode
)

// mountSeverity grades a bind mount of the host path src.
func mountSeverity(src string, readOnly bool) (rule.Severity, mountClass, bool) {
	graded := func() (rule.Severity, mountClass, bool) {
		if readOnly {
			return rule.Warning, otherMount, true
		}
		return rule.Error, otherMount, true
	}
	writableWarning := func() (rule.Severity, mountClass, bool) {
		if readOnly {
			return 0, otherMount, false
		}
		return rule.Warning, otherMount, true
	}
	switch {
	case src == "/":
		return rule.Error, otherMount, true
	case harmlessPaths[src] || under(src, "/usr/share/zoneinfo"):
		return 0, otherMount, false
	}
	for _, d := range dangerPaths {
		if under(src, d) {
			return graded()
		}
	}
	for _, d := range systemPaths {
		if src == d {
			return graded()
		}
	}
	for _, d := range codePaths {
		if under(src, d) {
			if readOnly {
				return 0, hostCode, false
			}
			return rule.Error, hostCode, true
		}
	}
	if under(src, "/usr") {
		for _, d := range usrSystem {
			if under(src, d) {
				return writableWarning()
			}
		}
		for _, d := range usrSystemExact {
			if src == d {
				return writableWarning()
			}
		}
		return 0, otherMount, false // an application's data below /usr
	}
	for _, d := range []string{"/etc", "/var/lib"} {
		if under(src, d) {
			return writableWarning()
		}
	}
	return 0, otherMount, false
}
