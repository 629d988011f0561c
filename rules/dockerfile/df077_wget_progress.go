package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
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
				"or an output log (`-o`/`-a`). It does not report stages built on Alpine or BusyBox images that do not " +
				"`apk add` GNU wget: BusyBox's wget prints one progress line, redrawn at most once a second, and " +
				"rejects `--progress` (the build would fail).",
			Bad:  "FROM debian:12\nRUN wget https://example.com/big.tar.gz\n",
			Good: "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\n",
			Fix:  "Add `--progress=dot:giga` (or `-q`/`-nv`); `dockguard lint --fix` does it.",
		},
	},
	Dockerfile: checkWgetProgress,
}

func checkWgetProgress(p *rule.Pass, f *dockerfile.File) {
	busybox := map[*dockerfile.Stage]bool{} // busyboxWget per stage, asked once
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !hasWget(sc) {
			continue
		}
		bb, ok := busybox[in.Stage]
		if !ok {
			bb = busyboxWget(in.Stage)
			busybox[in.Stage] = bb
		}
		if bb {
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

func hasWget(sc *dockerfile.Script) bool {
	for _, c := range sc.Commands {
		if c.Is("wget") {
			return true
		}
	}
	return false
}

func hasArg(c *dockerfile.Command, v string) bool {
	for _, a := range c.Args {
		if a.Value == v {
			return true
		}
	}
	return false
}

// busyboxWget reports whether wget in stage s is BusyBox's: the stage is
// built on an Alpine or BusyBox image (by name or tag) and no RUN of the
// stage or the stages it is built on runs `apk add ... wget`.
func busyboxWget(s *dockerfile.Stage) bool {
	if !busyboxBased(s) {
		return false
	}
	for _, st := range s.Chain() {
		for _, sc := range st.Scripts() {
			for _, c := range pkgmgr.Commands(sc) {
				if c.Manager != pkgmgr.Apk || c.Sub.Value != "add" {
					continue
				}
				for _, pk := range c.InstallPackages() {
					if c.PackageName(pk) == "wget" {
						return false
					}
				}
			}
		}
	}
	return true
}

// busyboxBased reports whether stage s is built on an Alpine or BusyBox
// image (by name, or an `alpine` tag like python:3.12-alpine), whose
// /bin/sh and tools are BusyBox's.
func busyboxBased(s *dockerfile.Stage) bool {
	if s == nil {
		return false
	}
	b := &s.Root().Base
	if !b.IsImage() {
		return false
	}
	name := b.Ref.FamiliarName()
	return name == "alpine" || name == "busybox" || strings.Contains(b.Ref.Tag, "alpine")
}
