package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// UpdateWithoutInstall flags a package-index update in a RUN that installs
// nothing.
var UpdateWithoutInstall = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF073",
		Name:       "update-without-install",
		Severity:   rule.Warning,
		Summary:    "run the package-index update in the same RUN as the install that needs it",
		Tags:       []string{"security", "packages", "patching"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Trivy: {"DS-0017"}, rule.Checkov: {"CKV_DOCKER_5"}, rule.KICS: {"Update Instruction Alone"}, rule.CIS: {"4.7"}},
		Doc: rule.Doc{
			Why: "Each RUN is a cached layer. A RUN that only runs `apt-get update` (or `apk update`, " +
				"`yum makecache`, `dnf makecache`, `zypper refresh`) is cached as it is: when a later RUN adds " +
				"a package, the build reuses the old index and installs the versions of the day the cache was " +
				"made, missing security updates, or fails when the mirror has dropped them (CIS Docker " +
				"Benchmark 4.7). The rule reports an index update in a RUN that installs nothing with the " +
				"same package manager after it.",
			Bad:  "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
			Fix:  "Join the update and the install in one RUN: `RUN apt-get update && apt-get install -y ...`.",
		},
	},
	Dockerfile: checkUpdateWithoutInstall,
}

func checkUpdateWithoutInstall(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		cmds := pkgmgr.Commands(in.Script())
		for i, c := range cmds {
			if updateWithoutInstall(cmds, i) {
				p.Report(rule.Diagnostic{Range: c.Sub.Range, Subject: in.Stage.DisplayName(),
					Message: "`" + string(c.Manager) + " " + c.Sub.Value + "` installs nothing in this RUN: its cached layer goes stale; update and install in the same RUN"})
			}
		}
	}
}

// updateWithoutInstall reports whether cmds[i] (the package-manager
// commands of one RUN) refreshes an OS package index that no later command
// of the RUN installs from. DF082 and DF087 leave such a RUN to this rule.
func updateWithoutInstall(cmds []pkgmgr.Command, i int) bool {
	c := cmds[i]
	if !c.Manager.System() || !indexUpdate(c) {
		return false
	}
	return !installsFrom(cmds[i+1:], c.Manager)
}

// installsFrom reports whether one of cmds installs or upgrades packages
// with a manager of m's family.
func installsFrom(cmds []pkgmgr.Command, m pkgmgr.Manager) bool {
	for _, c := range cmds {
		if sameFamily(c.Manager, m) && (c.Install() || c.Sub.Value == "upgrade" || c.Sub.Value == "dist-upgrade" || c.Sub.Value == "build-dep") {
			return true
		}
	}
	return false
}

func indexUpdate(c pkgmgr.Command) bool {
	switch c.Manager {
	case pkgmgr.AptGet, pkgmgr.Apt, pkgmgr.Apk:
		return c.Sub.Value == "update"
	case pkgmgr.Yum, pkgmgr.Dnf:
		return c.Sub.Value == "makecache"
	case pkgmgr.Zypper:
		return c.Sub.Value == "refresh" || c.Sub.Value == "ref"
	}
	return false
}

func sameFamily(a, b pkgmgr.Manager) bool {
	fam := func(m pkgmgr.Manager) pkgmgr.Manager {
		switch m {
		case pkgmgr.Apt:
			return pkgmgr.AptGet
		case pkgmgr.Dnf, pkgmgr.Microdnf:
			return pkgmgr.Yum
		}
		return m
	}
	return fam(a) == fam(b)
}
