package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// DistroUpgrade flags a full distribution upgrade run in the Dockerfile.
var DistroUpgrade = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF101",
		Name:     "distro-upgrade",
		Severity: rule.Info,
		Summary:  "rebuild on a newer base image instead of upgrading every package in a RUN",
		Tags:     []string{"reproducibility", "packages"},
		RuleSet:  rule.All,
		Since:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3035"}, rule.Trivy: {"DS-0024"},
			rule.Semgrep: {"avoid-apt-get-upgrade", "avoid-apk-upgrade", "avoid-dnf-update", "avoid-yum-update", "avoid-zypper-update"}},
		Doc: rule.Doc{
			Why: "`apt-get upgrade`/`dist-upgrade`, `apk upgrade`, `yum`/`dnf`/`microdnf update` and `zypper " +
				"update`/`dist-upgrade` replace the base image's packages with whatever the mirror has on the day " +
				"of the build: two builds of the same Dockerfile differ, the layer duplicates most of the base " +
				"image, and a `dist-upgrade` may move the image to packages its base was not tested with. " +
				"The advice is contested, which is why the rule is only in the `all` set: Docker's best-practice " +
				"guide no longer tells you to avoid `apt-get upgrade`, hadolint dropped its upgrade rules except " +
				"zypper's DL3035, and an upgrade does bring security fixes the base image has not shipped yet. " +
				"Teams that rebuild on fresh, pinned base images (and scan them) turn it on; an update of named " +
				"packages (`yum update openssl`) is not reported.",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*\n",
			Good: "FROM debian:12.8\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n",
			Fix:  "Move to a newer base image tag (or digest) and rebuild regularly; upgrade only the packages a scanner names. Suppress the finding where the upgrade is the chosen patching policy.",
		},
	},
	Dockerfile: checkDistroUpgrade,
}

func checkDistroUpgrade(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		for _, c := range pkgmgr.Commands(in.Script()) {
			if fullUpgrade(c) {
				p.Report(rule.Diagnostic{Range: c.Sub.Range, Subject: in.Stage.DisplayName(),
					Message: "`" + string(c.Manager) + " " + c.Sub.Value + "` upgrades every package of the base image at build time: rebuild on a newer base image instead"})
			}
		}
	}
}

// fullUpgrade reports whether c upgrades all installed packages.
func fullUpgrade(c pkgmgr.Command) bool {
	switch c.Manager {
	case pkgmgr.AptGet, pkgmgr.Apt:
		return c.Sub.Value == "upgrade" || c.Sub.Value == "dist-upgrade" || c.Sub.Value == "full-upgrade"
	case pkgmgr.Apk:
		return c.Sub.Value == "upgrade" && len(c.Packages) == 0
	case pkgmgr.Yum, pkgmgr.Dnf, pkgmgr.Microdnf:
		switch c.Sub.Value {
		case "update", "upgrade", "distro-sync", "distrosync", "dsync", "up":
			return len(c.Packages) == 0
		}
	case pkgmgr.Zypper:
		switch c.Sub.Value {
		case "dist-upgrade", "dup":
			return true
		case "update", "up":
			return len(c.Packages) == 0
		}
	}
	return false
}
