package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// NoInstallRecommends flags apt-get installs that pull in recommended
// packages.
var NoInstallRecommends = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF072",
		Name:       "apt-install-recommends",
		Severity:   rule.Info,
		Summary:    "add --no-install-recommends to apt-get install",
		Tags:       []string{"security", "packages", "attack-surface"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3015"}, rule.Trivy: {"DS-0029"}, rule.KICS: {"APT-GET Not Avoiding Additional Packages"}, rule.Semgrep: {"missing-no-install-recommends"}, rule.CIS: {"4.3"}},
		Doc: rule.Doc{
			Why: "By default `apt-get install` also installs every package the requested ones merely recommend: " +
				"often tens of megabytes of documentation tools, daemons and libraries the image never uses, each " +
				"one more thing to patch and to scan (CIS Docker Benchmark 4.3: do not install unnecessary " +
				"packages). The rule reports `apt-get install` (and `apt install`) without " +
				"`--no-install-recommends`, unless the stage turned recommends off before " +
				"(`APT::Install-Recommends \"false\"` written to apt.conf.d by an earlier RUN, or `-o " +
				"APT::Install-Recommends=false`). Adding the option can remove a package the software needs " +
				"at run time: install it by name then.",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
			Fix:  "Add `--no-install-recommends` after `install`, rebuild and test; add any package the software needs by name. `dockguard lint --fix=hardening` adds the option.",
		},
	},
	Dockerfile: checkNoInstallRecommends,
}

func checkNoInstallRecommends(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		off := false
		for _, in := range st.Instructions {
			sc := in.Script()
			if sc == nil {
				continue
			}
			for _, c := range pkgmgr.Commands(sc) {
				if (c.Manager != pkgmgr.AptGet && c.Manager != pkgmgr.Apt) || c.Sub.Value != "install" || off || recommendsOff(c) {
					continue
				}
				p.Report(rule.Diagnostic{Range: c.Sub.Range, Subject: st.DisplayName(),
					Message: "add --no-install-recommends to `" + string(c.Manager) + " install` so that recommended packages are not installed too",
					Fix: &rule.Fix{Description: "add --no-install-recommends", Class: rule.FixHardening,
						Edits: []rule.Edit{{Range: endOf(c.Sub.Range), NewText: " --no-install-recommends"}}}})
			}
			if raw := strings.ToLower(in.Args[0].Value + heredocText(in)); strings.Contains(raw, "install-recommends") &&
				(strings.Contains(raw, "false") || strings.Contains(raw, "\"0\"")) {
				off = true
			}
		}
	}
}

func recommendsOff(c pkgmgr.Command) bool {
	if c.HasOption("--no-install-recommends") {
		return true
	}
	for _, a := range c.Command.Args {
		v := strings.ToLower(a.Value)
		if strings.Contains(v, "install-recommends=false") || strings.Contains(v, "install-recommends=0") || strings.Contains(v, "install-recommends=no") {
			return true
		}
	}
	return false
}

// heredocText is the text of an instruction's heredoc bodies.
func heredocText(in *dockerfile.Instruction) string {
	var b strings.Builder
	for _, h := range in.Heredocs {
		b.WriteString(h.Content)
	}
	return b.String()
}
