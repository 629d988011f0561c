package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// WgetProgress flags wget runs that print a progress bar into the build log.
var WgetProgress = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF077",
		Name:       "wget-progress",
		Severity:   rule.Info,
		Summary:    "give wget -q, -nv or --progress=dot:giga in RUN",
		Tags:       []string{"hygiene"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3047"}},
		Doc: rule.Doc{
			Why: "Without a terminal, wget prints its progress as dots: one line per 50 KB, thousands of lines " +
				"for a large download, which bury the useful part of the build log (and CI logs have size " +
				"limits). The rule reports `wget` without `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...` " +
				"or an output log (`-o`/`-a`).",
			Bad:  "FROM debian:12\nRUN wget https://example.com/big.tar.gz\n",
			Good: "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\n",
			Fix:  "Add `--progress=dot:giga` (or `-q`/`-nv`); `dockguard lint --fix` does it.",
		},
	},
	Dockerfile: checkWgetProgress,
}

func checkWgetProgress(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		for _, c := range sc.Commands {
			if !c.Is("wget") || c.HasOption("-q", "--quiet", "--no-verbose", "--progress", "-o", "-a", "--output-file", "--append-output") || hasArg(c, "-nv") {
				continue
			}
			p.Report(rule.Diagnostic{Range: c.Name.Range, Subject: in.Stage.DisplayName(),
				Message: "add --progress=dot:giga (or -q, -nv) to wget so the build log is not flooded with progress dots",
				Fix: &rule.Fix{Description: "add --progress=dot:giga", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: endOf(c.Name.Range), NewText: " --progress=dot:giga"}}}})
		}
	}
}

func hasArg(c *dockerfile.Command, v string) bool {
	for _, a := range c.Args {
		if a.Value == v {
			return true
		}
	}
	return false
}
