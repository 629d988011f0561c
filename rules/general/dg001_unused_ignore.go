// Package general holds the rules that apply to every linted file (DG...):
// the engine's own, and those that judge one concern in Dockerfiles and
// compose files alike.
package general

import "github.com/dockguard/dockguard/lint/rule"

// Rules returns the general rules in ID order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		UnusedIgnore,
		EndOfLifeImage,
		StaleBaseline,
	}
}

// UnusedIgnore is reported by the engine for ignore comments that
// suppress nothing, name unknown rules or cannot be read (lint/suppress
// finds them). It has no check of its own.
var UnusedIgnore = &rule.Rule{
	Meta: rule.Meta{
		ID: "DG001", Name: "unused-ignore", Severity: rule.Info,
		Summary: "remove ignore comments that suppress nothing, and fix those that name unknown rules",
		Tags:    []string{"hygiene"},
		RuleSet: rule.Default,
		Since:   "0.1",
		Changed: "0.2",
		Role:    rule.UnusedIgnores,
		Doc: rule.Doc{
			Why: "An ignore comment that no longer matches a finding hides the next real problem " +
				"on that line and misleads readers; a misspelt rule name suppresses nothing at all. " +
				"Directives are `# dockguard ignore=ID[,ID...] -- reason` above an instruction " +
				"(Dockerfile) or at the end of or above a line (Compose), and " +
				"`# dockguard global ignore=ID -- reason` for the whole file. " +
				"A reason after `--` is optional but recommended. " +
				"Other tools' comments that dockguard honours (`# hadolint ignore=`, `# trivy:ignore:`, " +
				"`# checkov:skip=`, `# kics-scan`, `# dclint`) are never reported: that tool may still need them. " +
				"A BuildKit `# check=` parser directive that BuildKit cannot read (`# check=eror=true`) is " +
				"reported, since `docker build` fails on it.",
			Bad:  "# dockguard ignore=DF004 -- pinned below\nFROM alpine:3.20\n",
			Good: "FROM alpine:3.20\n",
			Fix:  "Delete the ignore comment, or correct the rule ID or name it lists.",
		},
	},
}
