package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// RpmCacheNotCleaned flags yum, dnf, microdnf and zypper installs whose
// metadata and package cache stay in the layer.
var RpmCacheNotCleaned = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF084",
		Name:     "rpm-cache-not-cleaned",
		Severity: rule.Info,
		Summary:  "end yum/dnf/microdnf installs with `clean all` and zypper installs with `zypper clean` in the same RUN",
		Tags:     []string{"hygiene", "packages", "image-size"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3032", "DL3036", "DL3040"},
			rule.Trivy:    {"DS-0015", "DS-0019", "DS-0020", "DS-0027"},
			rule.KICS:     {"Yum Clean All Missing", "Missing Dnf Clean All", "Missing Zypper Clean"},
			rule.Semgrep:  {"missing-yum-clean-all", "missing-dnf-clean-all", "missing-zypper-clean"},
		},
		Doc: rule.Doc{
			Why: "yum, dnf and microdnf download the repository metadata (often 100 MB and more for a RHEL, " +
				"Fedora or Rocky repository set) and the packages into `/var/cache/yum` or `/var/cache/dnf`; " +
				"zypper into `/var/cache/zypp`. Unless the same RUN cleans them, they stay in that layer: a " +
				"`clean all` in a later RUN does not make the image smaller. The rule reports the first " +
				"install, update or upgrade of a RUN that has no `yum`/`dnf`/`microdnf clean all` (`zypper " +
				"clean`/`zypper cc` for zypper), removes no cache directory and mounts no cache or tmpfs on it. " +
				"Stages that only serve as a source of `COPY --from` are not reported.",
			Bad:  "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57\n",
			Good: "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57 && dnf clean all\n",
			Fix: "End the RUN with `&& dnf clean all` (yum, microdnf likewise; `&& zypper clean --all` for zypper), " +
				"or mount a cache on the cache directory with `RUN --mount=type=cache`.",
		},
	},
	Dockerfile: checkRpmCache,
}

// rpmCacheDirs are the cache directories of the rpm package managers.
var rpmCacheDirs = map[pkgmgr.Manager][]string{
	pkgmgr.Yum:      {"/var/cache/yum", "/var/cache/dnf"},
	pkgmgr.Dnf:      {"/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"},
	pkgmgr.Microdnf: {"/var/cache/dnf", "/var/cache/yum"},
	pkgmgr.Zypper:   {"/var/cache/zypp"},
}

var rpmInstalling = map[string]bool{"install": true, "in": true, "groupinstall": true, "localinstall": true, "reinstall": true,
	"update": true, "up": true, "upgrade": true, "dist-upgrade": true, "dup": true, "distro-sync": true, "module": true, "group": true}

func checkRpmCache(p *rule.Pass, f *dockerfile.File) {
	images := layers.ImageStages(f)
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !images[in.Stage] {
			continue
		}
		cmds := pkgmgr.Commands(sc)
		cleaned := map[pkgmgr.Manager]bool{}
		for _, c := range cmds {
			if c.Sub.Value != "clean" && c.Sub.Value != "cc" {
				continue
			}
			switch c.Manager {
			case pkgmgr.Zypper:
				cleaned[pkgmgr.Zypper] = true
			case pkgmgr.Yum, pkgmgr.Dnf, pkgmgr.Microdnf:
				if hasArg(c.Command, "all") || hasArg(c.Command, "metadata") {
					// yum is dnf on current RHEL: either one's clean empties the cache
					cleaned[pkgmgr.Yum], cleaned[pkgmgr.Dnf], cleaned[pkgmgr.Microdnf] = true, true, true
				}
			}
		}
		for _, c := range cmds {
			dirs, ok := rpmCacheDirs[c.Manager]
			if !ok || !rpmInstalling[c.Sub.Value] || len(c.Args) == 0 && (c.Sub.Value == "install" || c.Sub.Value == "in") || cleaned[c.Manager] || removesPath(sc, dirs...) || mountedAny(in, dirs) {
				continue
			}
			clean := string(c.Manager) + " clean all"
			if c.Manager == pkgmgr.Zypper {
				clean = "zypper clean --all"
			}
			p.Report(rule.Diagnostic{Range: c.Sub.Range, Subject: in.Stage.DisplayName(),
				Message: "end this RUN with `&& " + clean + "`: the metadata and packages downloaded by `" + string(c.Manager) + " " + c.Sub.Value + "` stay in the layer"})
			break
		}
	}
}

func mountedAny(in *dockerfile.Instruction, dirs []string) bool {
	for _, d := range dirs {
		if layers.Mounted(in, d) {
			return true
		}
	}
	return false
}
