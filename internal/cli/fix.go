package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/baseline"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/fix"
)

// fixLevelFlag is --fix (safe fixes) or --fix=hardening.
type fixLevelFlag struct{ level fix.Level }

var _ flag.Value = (*fixLevelFlag)(nil)

func (f *fixLevelFlag) String() string {
	if f == nil {
		return ""
	}
	switch f.level {
	case fix.Safe:
		return "safe"
	case fix.Hardening:
		return "hardening"
	}
	return ""
}
func (f *fixLevelFlag) Set(s string) (err error) {
	f.level, err = fix.ParseLevel(s)
	return err
}
func (f *fixLevelFlag) IsBoolFlag() bool { return true }

// maxFixPasses bounds how often --fix lints and fixes again: a fix skipped
// because it overlapped another applies on a later pass.
const maxFixPasses = 5

// fixKey identifies a finding across the passes of --fix (its position
// moves when lines above it change).
type fixKey struct{ rule, path, subject, message string }

func keyOf(f finding.Finding) fixKey { return fixKey{f.RuleID, f.Path, f.Subject, f.Message} }

// runFix applies the fixes level wants. With diff it prints them as a
// unified diff and is done; otherwise it writes them, lints and fixes
// again until nothing is left to apply, and lets the caller lint a last
// time to report what remains. done is true when the command ends here.
func runFix(ctx context.Context, opts lint.Options, level fix.Level, diff bool, stdio Stdio) (code int, done bool) {
	fail := func(err error) (int, bool) { return runError(stdio, err), true }
	if diff {
		res, err := lint.Run(ctx, opts)
		if err != nil {
			return fail(err)
		}
		r := fix.Apply(res.Findings, level, os.ReadFile)
		paths := make([]string, 0, len(r.Files))
		for p := range r.Files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			old, err := os.ReadFile(p)
			if err != nil {
				return fail(err)
			}
			fmt.Fprint(stdio.Out, fix.Diff(p, old, r.Edits[p]))
		}
		reportSkipped(stdio, r.Skipped)
		fmt.Fprintf(stdio.Err, "dockguard: %s\n", fixSummary("would fix", r.Applied, len(paths)))
		return ExitClean, true
	}

	opts.NoBaseline = true // fix what is baselined too
	var applied []fix.Applied
	tried := map[fixKey]bool{}
	changed := map[string]bool{}
	var skipped []fix.Skipped
	for pass := 0; pass < maxFixPasses; pass++ {
		res, err := lint.Run(ctx, opts)
		if err != nil {
			return fail(err)
		}
		var todo []finding.Finding
		for _, f := range res.Findings {
			if f.Fix == nil || !level.Wants(f.Fix.Class) {
				continue
			}
			if tried[keyOf(f)] {
				// Applied on an earlier pass and still reported: never apply
				// a fix twice (it would insert the same key again).
				continue
			}
			todo = append(todo, f)
		}
		r := fix.Apply(todo, level, os.ReadFile)
		skipped = r.Skipped
		if len(r.Applied) == 0 {
			break
		}
		before := problemCounts(res.Findings, opts)
		olds := map[string][]byte{}
		for p, content := range r.Files {
			old, err := os.ReadFile(p)
			if err != nil {
				return fail(err)
			}
			olds[p] = old
			if err := writeInPlace(p, content); err != nil {
				return fail(err)
			}
		}
		// A fix must leave the file readable: a file that now fails to
		// parse or load gets its content back.
		after, err := lint.Run(ctx, opts)
		if err != nil {
			return fail(err)
		}
		now := problemCounts(after.Findings, opts)
		reverted := map[string]bool{}
		for p, old := range olds {
			if now[p] > before[p] {
				if err := writeInPlace(p, old); err != nil {
					return fail(err)
				}
				reverted[p] = true
				fmt.Fprintf(stdio.Err, "dockguard: the fixes of %s made it unreadable; left unchanged (please report this)\n", p)
			}
		}
		for _, a := range r.Applied {
			tried[keyOf(a.Finding)] = true
			if touches(a.Finding, reverted) {
				continue
			}
			applied = append(applied, a)
			changed[a.Finding.Path] = true
		}
	}
	reportSkipped(stdio, skipped)
	fmt.Fprintf(stdio.Err, "dockguard: %s\n", fixSummary("fixed", applied, len(changed)))
	return 0, false
}

// touches reports whether a fix edits one of paths.
func touches(f finding.Finding, paths map[string]bool) bool {
	for _, e := range f.Fix.Edits {
		p := e.Path
		if p == "" {
			p = f.Path
		}
		if paths[p] {
			return true
		}
	}
	return false
}

// problemCounts counts, per file, the findings of the engine's rules for
// files it cannot parse or load (DF000, DC000).
func problemCounts(fs []finding.Finding, opts lint.Options) map[string]int {
	ids := map[string]bool{}
	for _, role := range []finding.Role{finding.DockerfileProblems, finding.ComposeProblems} {
		if r := opts.Registry.ByRole(role); r != nil {
			ids[r.ID] = true
		}
	}
	out := map[string]int{}
	for _, f := range fs {
		if ids[f.RuleID] {
			out[f.Path]++
		}
	}
	return out
}

func reportSkipped(stdio Stdio, skipped []fix.Skipped) {
	for _, s := range skipped {
		f := s.Finding
		fmt.Fprintf(stdio.Err, "dockguard: %s:%d: %s fix not applied: %s\n", f.Path, f.Range.Start.Line, f.RuleID, s.Reason)
	}
}

// fixSummary is "fixed 5 findings in 2 files (DC017 2, DC050 3)".
func fixSummary(verb string, applied []fix.Applied, files int) string {
	if len(applied) == 0 {
		return "no fixes to apply"
	}
	per := map[string]int{}
	for _, a := range applied {
		per[a.Finding.RuleID]++
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s %d", id, per[id])
	}
	return fmt.Sprintf("%s %s in %s (%s)", verb, countOf(len(applied), "finding"),
		countOf(files, "file"), strings.Join(parts, ", "))
}

// countOf is "1 finding", "2 findings".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// runBaseline lints without a baseline and writes every finding (the
// baseline's own DG003 aside) to the baseline file: --baseline, else
// .dockguard-baseline.json in the root.
func runBaseline(ctx context.Context, opts lint.Options, stdio Stdio) int {
	path := opts.Baseline
	opts.NoBaseline = true
	res, err := lint.Run(ctx, opts)
	if err != nil {
		return runError(stdio, err)
	}
	if path == "" {
		path = filepath.Join(res.Root, baseline.FileName)
	}
	stale := opts.Registry.ByRole(finding.StaleBaseline)
	var keep []finding.Finding
	for _, f := range res.Findings {
		if stale == nil || f.RuleID != stale.ID {
			keep = append(keep, f)
		}
	}
	b := baseline.FromFindings(keep, func(p string) string { return baseline.RelPath(res.Root, p) }, "dockguard "+version())
	if err := b.WriteFile(path); err != nil {
		fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
		return ExitInternal
	}
	fmt.Fprintf(stdio.Err, "dockguard: wrote %s to %s; dockguard lint now reports only findings not in it\n",
		countOf(len(b.Entries), "finding"), displayRel(path))
	return ExitClean
}

// displayRel shows path relative to the working directory when it is inside it.
func displayRel(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
