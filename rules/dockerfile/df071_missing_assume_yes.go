package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// MissingAssumeYes flags package-manager commands that stop for a
// confirmation a build cannot give.
var MissingAssumeYes = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF071",
		Name:     "missing-assume-yes",
		Severity: rule.Warning,
		Summary:  "add -y (zypper: -n) so the package manager does not wait for a confirmation",
		Tags:     []string{"correctness", "packages"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3014", "DL3030", "DL3034", "DL3038"},
			rule.Trivy:    {"DS-0021"},
			rule.KICS:     {"APT-GET Missing Flags To Avoid Manual Input", "Yum Install Allows Manual Input", "Missing Flag From Dnf Install", "Missing Zypper Non-interactive Switch"},
			rule.Semgrep:  {"missing-assume-yes-switch", "missing-yum-assume-yes-switch", "missing-dnf-assume-yes-switch", "missing-zypper-no-confirm-switch"},
		},
		Doc: rule.Doc{
			Why: "`apt-get install`, `yum install`, `dnf install` and `zypper install` ask \"Do you want to " +
				"continue?\" before they change the system. A build has no terminal: apt-get and zypper abort, " +
				"yum and dnf exit with \"Operation aborted\", and the build fails at that step. The rule reports " +
				"install, remove, upgrade and similar subcommands that have neither `-y`/`--yes`/`--assume-yes` " +
				"(apt-get's `-qq` implies it; yum/dnf `--assumeyes`; zypper's global `-n`/`--non-interactive` " +
				"or `-y`/`--no-confirm` after the subcommand), unless the input comes from `yes |`, or the stage " +
				"configured it before (`APT::Get::Assume-Yes`, `assumeyes=` in a yum/dnf configuration written " +
				"by an earlier RUN). `apk` and `microdnf` do not ask.",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
			Fix:  "Add `-y` after the subcommand (zypper: `zypper --non-interactive install`); `dockguard lint --fix` does it.",
		},
	},
	Dockerfile: checkMissingAssumeYes,
}

// prompting are the subcommands that ask for a confirmation, per manager.
var prompting = map[pkgmgr.Manager]map[string]bool{
	pkgmgr.AptGet: {"install": true, "remove": true, "purge": true, "upgrade": true, "dist-upgrade": true, "full-upgrade": true, "autoremove": true, "build-dep": true, "reinstall": true},
	pkgmgr.Yum:    {"install": true, "remove": true, "erase": true, "update": true, "upgrade": true, "groupinstall": true, "localinstall": true, "reinstall": true, "downgrade": true, "autoremove": true, "group": true, "module": true, "distro-sync": true},
	pkgmgr.Zypper: {"install": true, "in": true, "remove": true, "rm": true, "update": true, "up": true, "dist-upgrade": true, "dup": true, "patch": true, "source-install": true, "si": true},
}

func init() {
	prompting[pkgmgr.Apt] = prompting[pkgmgr.AptGet]
	prompting[pkgmgr.Dnf] = prompting[pkgmgr.Yum]
}

func checkMissingAssumeYes(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		configured := false
		for _, in := range st.Instructions {
			sc := in.Script()
			if sc == nil {
				continue
			}
			for _, c := range pkgmgr.Commands(sc) {
				if !prompting[c.Manager][c.Sub.Value] || answered(c) || configured {
					continue
				}
				opt := "-y"
				if c.Manager == pkgmgr.Zypper {
					opt = "-n"
				}
				d := rule.Diagnostic{Range: c.Sub.Range, Subject: st.DisplayName(),
					Message: "add " + opt + " to `" + string(c.Manager) + " " + c.Sub.Value + "`: without it the command waits for a confirmation and the build fails"}
				if c.Sub.Raw == c.Sub.Value && c.Manager != pkgmgr.Zypper {
					d.Fix = &rule.Fix{Description: "add -y", Class: rule.FixSafe,
						Edits: []rule.Edit{{Range: endOf(c.Sub.Range), NewText: " -y"}}}
				}
				p.Report(d)
			}
			if assumeYesConfigured(in) {
				configured = true
			}
		}
	}
}

// answered reports whether the command will not stop for a confirmation.
func answered(c pkgmgr.Command) bool {
	if c.PipeFrom != nil && c.PipeFrom.Is("yes", "echo", "printf") {
		return true
	}
	if c.HasOption("-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act", "--assumeno") {
		return true // nothing is changed, nothing is asked
	}
	switch c.Manager {
	case pkgmgr.Zypper:
		return c.HasOption("-n", "--non-interactive", "-y", "--no-confirm")
	case pkgmgr.AptGet, pkgmgr.Apt:
		if c.HasOption("-y", "--yes", "--assume-yes", "--force-yes") {
			return true
		}
		for _, a := range c.Command.Args {
			if a.Value == "-qq" || a.Value == "-q=2" || a.Value == "--quiet=2" || strings.Contains(a.Value, "Assume-Yes=true") || strings.Contains(a.Value, "Assume-Yes=1") {
				return true
			}
		}
		return false
	}
	return c.HasOption("-y", "--assumeyes", "--yes")
}

// assumeYesConfigured reports whether the RUN writes a package-manager
// configuration that answers yes (APT::Get::Assume-Yes, assumeyes=1).
func assumeYesConfigured(in *dockerfile.Instruction) bool {
	raw := strings.ToLower(in.Args[0].Value + heredocText(in))
	return strings.Contains(raw, "assume-yes") && strings.Contains(raw, "apt") || strings.Contains(raw, "assumeyes=")
}
