package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// AptInScripts flags the interactive `apt` front end in RUN commands.
var AptInScripts = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF070",
		Name:       "apt-in-scripts",
		Severity:   rule.Warning,
		Summary:    "use apt-get (or apt-cache) in RUN, not apt",
		Tags:       []string{"correctness", "packages"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3027"}, rule.Checkov: {"CKV_DOCKER_9"}, rule.KICS: {"Run Using apt"}, rule.Semgrep: {"prefer-apt-get"}},
		Doc: rule.Doc{
			Why: "`apt` is the front end for people at a terminal: its output and behaviour may change between " +
				"releases, and it warns \"apt does not have a stable CLI interface. Use with caution in scripts.\" " +
				"`apt-get` and `apt-cache` are the stable interfaces for scripts such as a RUN. The rule reports " +
				"`apt` running a subcommand (`install`, `update`, `upgrade`, `remove`, ...), also behind `sudo` " +
				"or inside `sh -c` and heredoc scripts, and offers the one-word change for the subcommands " +
				"`apt-get` has.",
			Bad:  "FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
			Fix:  "Replace `apt` with `apt-get` (`apt-cache` for `search`, `show`, `policy`); `dockguard lint --fix` does it.",
		},
	},
	Dockerfile: checkAptInScripts,
}

// aptGetSubcommands are the apt subcommands apt-get has under the same name.
var aptGetSubcommands = map[string]bool{
	"install": true, "update": true, "upgrade": true, "full-upgrade": false, "dist-upgrade": true, "remove": true,
	"purge": true, "autoremove": true, "clean": true, "autoclean": true, "build-dep": true, "source": true, "download": true,
	"satisfy": true, "reinstall": true,
}

func checkAptInScripts(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		for _, c := range pkgmgr.Commands(in.Script()) {
			if c.Manager != pkgmgr.Apt || c.Sub.Value == "" {
				continue
			}
			d := rule.Diagnostic{Range: c.Name.Range, Subject: in.Stage.DisplayName(),
				Message: "use apt-get instead of apt for `apt " + c.Sub.Value + "` in RUN: apt's command line is not stable for scripts"}
			if aptGetSubcommands[c.Sub.Value] && c.Name.Raw == "apt" {
				d.Fix = &rule.Fix{Description: "replace apt with apt-get", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: c.Name.Range, NewText: "apt-get"}}}
			}
			p.Report(d)
		}
	}
}
