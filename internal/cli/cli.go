// Package cli is dockguard's command line: it parses flags, wires the
// engine, the rule registry and the output formats, and maps outcomes to
// exit codes. It takes its standard streams and environment as arguments
// so tests can drive it in-process.
package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/dockguard/dockguard/internal/action"
	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/baseline"
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/fix"
	"github.com/dockguard/dockguard/lint/format"
	"github.com/dockguard/dockguard/lint/gitdiff"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules"
)

// Exit codes.
const (
	ExitClean    = 0 // no finding at or above the failure threshold
	ExitFindings = 1 // findings at or above the failure threshold
	ExitUsage    = 2 // bad flags, arguments or configuration
	ExitInternal = 3 // the linter itself failed
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = ""

// Stdio are the streams a command uses.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

const usage = `dockguard: a container-security linter for Dockerfiles and Docker Compose files.

Usage:
  dockguard lint [flags] [PATH...]   lint files and directories (default ".")
  dockguard ls [flags] [PATH...]     list what lint would lint, and how compose files form projects
  dockguard baseline [flags] [PATH...]
                                     accept today's findings: write them to .dockguard-baseline.json,
                                     which lint then reads to report only new findings
  dockguard pin [flags] [PATH...]    pin the images of Dockerfiles and compose files by digest, in place (network)
  dockguard rules [--format json]    list every rule (--coverage: peer tools covered)
  dockguard explain ID|NAME          print a rule's documentation
  dockguard action                   run as a GitHub Action step (reads INPUT_* variables)
  dockguard version                  print the version

Run "dockguard lint -h" for the lint flags.
Exit codes: 0 clean, 1 findings at or above --failure-threshold, 2 usage error, 3 internal failure.
`

// Main runs the command line and returns the exit code. It never panics:
// a panic becomes exit code 3 with a message asking for a bug report.
func Main(args []string, stdio Stdio, getenv func(string) string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stdio.Err, "dockguard: internal error: %v\n%s\nPlease report this at https://github.com/dockguard/dockguard/issues\n", r, debug.Stack())
			code = ExitInternal
		}
	}()
	reg, err := rules.NewRegistry()
	if err != nil {
		fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
		return ExitInternal
	}
	if len(args) == 0 {
		fmt.Fprint(stdio.Err, usage)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch args[0] {
	case "lint":
		return runLint(ctx, args[1:], stdio, getenv, reg)
	case "baseline":
		return lintOrBaseline(ctx, "baseline", args[1:], stdio, getenv, reg)
	case "ls":
		return runLs(args[1:], stdio, reg)
	case "pin":
		return runPin(ctx, args[1:], stdio, reg)
	case "rules":
		return runRules(args[1:], stdio, reg)
	case "explain":
		return runExplain(args[1:], stdio, reg)
	case "action":
		return action.Run(ctx, action.Env{
			Getenv: getenv, Stdout: stdio.Out, Stderr: stdio.Err,
			Registry: reg, Version: version(),
		})
	case "version", "--version":
		fmt.Fprintf(stdio.Out, "dockguard %s\n", version())
		return ExitClean
	case "help", "-h", "--help":
		fmt.Fprint(stdio.Out, usage)
		return ExitClean
	}
	fmt.Fprintf(stdio.Err, "dockguard: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// version is the release as releases stamp it, 1.2.3: a stamp or module
// version v1.2.3 (a source build of a tag, go install ...@v1.2.3) loses
// its "v".
func version() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); v == "" && ok && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		return "dev"
	}
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	return v
}

// output is one report destination.
type output struct {
	format string
	path   string // "" = standard output
}

func runLint(ctx context.Context, args []string, stdio Stdio, getenv func(string) string, reg *rule.Registry) int {
	return lintOrBaseline(ctx, "lint", args, stdio, getenv, reg)
}

// lintOrBaseline runs `dockguard lint`, or with cmd "baseline" `dockguard
// baseline`, which takes the same flags and writes the baseline file.
func lintOrBaseline(ctx context.Context, cmd string, args []string, stdio Stdio, getenv func(string) string, reg *rule.Registry) int {
	writeBaseline := cmd == "baseline"
	fs := flag.NewFlagSet("dockguard "+cmd, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	var (
		formatName = fs.String("format", "text", "output `FORMAT`: "+strings.Join(format.Names(), ", "))
		outPath    = fs.String("output", "", "write the report to `FILE` instead of standard output")
		sarifFile  = fs.String("sarif-file", "", "also write a SARIF report to `FILE`")
		threshold  = fs.String("failure-threshold", "", "exit 1 on findings at or above `LEVEL`: error, warning, info, none (default warning)")
		ruleSet    = fs.String("ruleset", "", "run the rules of `SET`: default, strict (adds hardening advice) or all (adds style rules); default: the configuration's, else default")
		ruleSetVer = fs.String("ruleset-version", "", "keep the rule set to the rules it held in release `X.Y` (rules added later stay off)")
		configPath = fs.String("config", "", "configuration `FILE` (default: .dockguard.yaml in the root)")
		forceType  = fs.String("type", "", "treat files named on the command line, and standard input (-), as `KIND`: dockerfile or compose (default: by name, else by content; a file that is neither is skipped with a note)")
		root       = fs.String("root", "", "`DIR` bounding what is read and the base of report paths (default: the working directory)")
		dateFlag   = fs.String("date", "", "judge end-of-life images as of `YYYY-MM-DD` (default: DOCKGUARD_DATE, else today)")
		useEnv     = fs.Bool("use-env", false, "let compose interpolation read the process environment (off by default: it may hold secrets)")
		noColor    = fs.Bool("no-color", false, "never colour text output (NO_COLOR does the same)")
		jobs       = fs.Int("jobs", 0, "lint `N` files in parallel (default: number of CPUs)")
		diffBase   = fs.String("diff-base", "", "report only findings on lines changed since the merge base with `REF` (as the Action's filter-mode)")
		filterMode = fs.String("filter-mode", "added", "with --diff-base, which findings to keep (`MODE`): added, diff_context, file or nofilter")
		maxSize    = sizeFlag(lint.DefaultMaxFileSize)
		maxNodes   = fs.Int("max-yaml-nodes", compose.MaxNodes, "limit on the YAML nodes of one compose file, each alias expansion counted (guards against alias bombs); over it the file is a DC000 finding")
		maxDepth   = fs.Int("max-yaml-depth", compose.MaxDepth, "limit on the nesting depth of one compose file; over it the file is a DC000 finding")
		resolve    = fs.Bool("resolve-images", false, "read the configuration (default user, HEALTHCHECK) of the images the files name from their registries, so rules judge them by it (network; cached in the user cache directory; off by default)")
		sel        selection
		fixFlag    fixLevelFlag
		showDiff   = fs.Bool("diff", false, "with --fix, print the fixes as a unified diff instead of writing them")
		baseFile   = fs.String("baseline", "", "baseline `FILE`: findings it holds are not reported (default: "+baseline.FileName+" in the root, when it exists; write it with dockguard baseline)")
		noBaseline = fs.Bool("no-baseline", false, "report every finding, ignoring the baseline file")
		envFiles   listFlag
		profiles   listFlag
		reports    listFlag
		buildArgs  = mapFlag{}
	)
	fs.Var(&maxSize, "max-file-size", "limit on the `SIZE` of one file read (Dockerfile, compose, env file), in bytes or with a KiB/MiB/GiB (or K/M/G) suffix; a larger file is a DF000/DC000 finding, not read")
	sel.register(fs)
	fs.Var(&fixFlag, "fix", "apply the findings' safe fixes in place, then lint again (`--fix=hardening` also applies fixes that change behaviour on purpose: cap_drop, read_only, ...)")
	fs.Var(&envFiles, "env-file", "compose env `FILE` (repeatable; default: .env in the project directory)")
	fs.Var(&profiles, "profile", "compose `PROFILE` to enable (repeatable; default: every profile)")
	fs.Var(&reports, "report", "also write `FORMAT=FILE` (repeatable), e.g. --report junit=out.xml")
	fs.Var(buildArgs, "build-arg", "`KEY=VALUE` for Dockerfile ARG expansion (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(stdio.Err, "Usage: dockguard %s [flags] [PATH...]\n\nFlags:\n", cmd)
		fs.PrintDefaults()
	}
	paths, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}

	outputs := []output{{format: *formatName, path: *outPath}}
	if *sarifFile != "" {
		outputs = append(outputs, output{format: "sarif", path: *sarifFile})
	}
	for _, r := range reports {
		name, file, ok := strings.Cut(r, "=")
		if !ok || file == "" {
			fmt.Fprintf(stdio.Err, "dockguard: --report wants FORMAT=FILE, got %q\n", r)
			return ExitUsage
		}
		outputs = append(outputs, output{format: name, path: file})
	}
	stdoutIsTerminal := false
	if f, ok := stdio.Out.(*os.File); ok {
		stdoutIsTerminal = term.IsTerminal(int(f.Fd()))
	}
	formatters := make([]format.Formatter, len(outputs))
	for i, o := range outputs {
		color := o.path == "" && stdoutIsTerminal && !*noColor && getenv("NO_COLOR") == ""
		f, err := format.New(o.format, format.Options{Color: color})
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
			return ExitUsage
		}
		formatters[i] = f
	}
	if *maxNodes <= 0 || *maxDepth <= 0 {
		fmt.Fprintf(stdio.Err, "dockguard: --max-yaml-nodes and --max-yaml-depth must be positive\n")
		return ExitUsage
	}
	if !validType(stdio, *forceType) {
		return ExitUsage
	}
	flagConfig := &config.Config{BuildArgs: buildArgs}
	if *threshold != "" {
		t, err := config.ParseThreshold(*threshold)
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --failure-threshold: %v\n", err)
			return ExitUsage
		}
		flagConfig.FailureThreshold = t
	}
	if *ruleSet != "" {
		rs, err := finding.ParseRuleSet(*ruleSet)
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --ruleset: %v\n", err)
			return ExitUsage
		}
		flagConfig.RuleSet = rs
	}
	if *ruleSetVer != "" {
		v, err := finding.ParseVersion(*ruleSetVer)
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --ruleset-version: %v\n", err)
			return ExitUsage
		}
		flagConfig.RuleSetVersion = v
	}
	var today time.Time
	if d := cmp.Or(*dateFlag, getenv("DOCKGUARD_DATE")); d != "" {
		t, err := imagefacts.ParseDate(d)
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --date (or DOCKGUARD_DATE): want YYYY-MM-DD, got %q\n", d)
			return ExitUsage
		}
		today = t
	}

	opts := lint.Options{
		Today: today,
		Paths: paths, Stdin: stdio.In, ForceType: *forceType,
		ComposeFiles: sel.composeFiles, EnvFiles: envFiles, Profiles: profiles, UseEnv: *useEnv,
		Exclude: sel.excludes, Registry: reg, ConfigPath: *configPath, FlagConfig: flagConfig,
		Root: *root, Jobs: *jobs, Getenv: getenv,
		MaxFileSize: int64(maxSize), MaxYAMLNodes: *maxNodes, MaxYAMLDepth: *maxDepth,
		Baseline: *baseFile, NoBaseline: *noBaseline,
	}
	if writeBaseline {
		return runBaseline(ctx, opts, stdio)
	}
	if *showDiff && fixFlag.level == fix.None {
		fmt.Fprintf(stdio.Err, "dockguard: --diff needs --fix\n")
		return ExitUsage
	}
	if fixFlag.level != fix.None {
		if code, done := runFix(ctx, opts, fixFlag.level, *showDiff, stdio); done {
			return code
		}
	}
	if *resolve {
		r, err := imageresolve.New(imageresolve.Options{UserAgent: "dockguard/" + version()})
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --resolve-images: %v\n", err)
			return ExitInternal
		}
		opts.Images = r
	}
	// With --diff-base, the change is computed first: only what it can
	// affect is linted (lint.Change), then findings are filtered to it.
	var changes *gitdiff.Changes
	var mode gitdiff.Mode
	var err error
	if *diffBase != "" {
		if mode, err = gitdiff.ParseMode(*filterMode); err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --filter-mode: %v\n", err)
			return ExitUsage
		}
		if changes, err = gitdiff.SinceMergeBase(ctx, wdOrDot(), *diffBase); err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: --diff-base: %v\n", err)
			return ExitUsage
		}
		if mode != gitdiff.ModeNoFilter {
			opts.Change = changeOf(changes)
		}
	}
	res, err := lint.Run(ctx, opts)
	if err != nil {
		return runError(stdio, err)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stdio.Err, "dockguard: %s\n", n)
	}
	for _, w := range res.ImageWarnings {
		fmt.Fprintf(stdio.Err, "dockguard: --resolve-images: %s (judged without it)\n", w.Error())
	}
	if changes != nil {
		if res.Everything != "" {
			fmt.Fprintf(stdio.Err, "dockguard: --diff-base: %s: linted everything\n", res.Everything)
		}
		res.Findings = changes.Filter(res.Findings, mode, res.WorkDir)
	}

	rep := &format.Report{
		Findings: res.Findings, Baselined: res.Baselined, Rules: reg.Catalog().All(), Root: res.Root, WorkDir: res.WorkDir,
		FilesLinted: res.FilesLinted,
		Tool:        format.ToolInfo{Name: "dockguard", Version: version(), InformationURI: "https://github.com/dockguard/dockguard"},
	}
	for i, o := range outputs {
		if err := writeReport(formatters[i], rep, o, stdio.Out); err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
			return ExitInternal
		}
	}
	if res.FailureThreshold.FailsAny(res.Findings) {
		return ExitFindings
	}
	return ExitClean
}

func writeReport(f format.Formatter, rep *format.Report, o output, stdout io.Writer) error {
	if o.path == "" {
		return f.Format(stdout, rep)
	}
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	file, err := os.Create(o.path)
	if err != nil {
		return err
	}
	if err := f.Format(file, rep); err != nil {
		file.Close()
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	return file.Close()
}

func runRules(args []string, stdio Stdio, reg *rule.Registry) int {
	fs := flag.NewFlagSet("dockguard rules", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	formatName := fs.String("format", "text", "text or json")
	coverage := fs.Bool("coverage", false, "show, per peer tool, how many of its rules dockguard has an equivalent for and which it has not (--format json: which rules cover each)")
	if _, code, ok := parseArgs(fs, args); !ok {
		return code
	}
	if *formatName != "text" && *formatName != "json" {
		fmt.Fprintf(stdio.Err, "dockguard rules: --format must be text or json\n")
		return ExitUsage
	}
	metas := reg.Catalog().All()
	if *coverage {
		cov, err := rules.PeerCoverage(metas)
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
			return ExitInternal
		}
		if *formatName == "json" {
			return writeJSON(stdio, cov)
		}
		for _, c := range cov {
			fmt.Fprintf(stdio.Out, "%-33s %3d of %3d  %3.0f%%\n", c.Title+" ("+c.Kind+")", len(c.Covered), c.Total,
				100*float64(len(c.Covered))/float64(max(c.Total, 1)))
			var open, declined []string
			for _, id := range c.Missing {
				if c.Why[id] == "" {
					open = append(open, id)
				} else {
					declined = append(declined, id)
				}
			}
			if len(open) > 0 {
				fmt.Fprintf(stdio.Out, "%-33s not covered: %s\n", "", strings.Join(open, ", "))
			}
			if len(c.Runtime) > 0 {
				fmt.Fprintf(stdio.Out, "%-33s not checkable from files: %s\n", "", strings.Join(c.Runtime, ", "))
			}
			for _, id := range append(declined, c.Runtime...) {
				if c.Why[id] != "" {
					fmt.Fprintf(stdio.Out, "%-33s no rule for %s: %s\n", "", id, c.Why[id])
				}
			}
		}
		return ExitClean
	}
	if *formatName == "text" {
		for _, r := range metas {
			fmt.Fprintf(stdio.Out, "%-6s %-30s %-13s %-7s %-5s %s\n", r.ID, r.Name, severities(r), r.RuleSet, r.Since, r.Summary)
		}
		return ExitClean
	}
	type jsonRule struct {
		ID         string              `json:"id"`
		Name       string              `json:"name"`
		Kind       string              `json:"kind"`
		Severity   string              `json:"severity"`
		Severities []string            `json:"severities"` // every severity it reports, the default first
		Summary    string              `json:"summary"`
		Tags       []string            `json:"tags"`
		URL        string              `json:"url"`
		RuleSet    string              `json:"ruleset"`
		Since      string              `json:"since"`
		Changed    string              `json:"changed,omitempty"`
		References map[string][]string `json:"references"`
	}
	out := []jsonRule{}
	for _, r := range metas {
		refs := map[string][]string{}
		for tool, ids := range r.References {
			refs[string(tool)] = ids
		}
		out = append(out, jsonRule{
			ID: r.ID, Name: r.Name, Kind: string(r.Kind()), Severity: r.Severity.String(),
			Severities: strings.Split(severities(r), "/"), Summary: r.Summary,
			Tags: r.SecurityTags(), URL: r.DocURL(), RuleSet: r.RuleSet.String(), Since: r.Since, Changed: r.Changed,
			References: refs,
		})
	}
	return writeJSON(stdio, out)
}

// severities names every severity a rule reports, the default first:
// "error/warning" for a graded rule.
func severities(r *finding.Meta) string {
	s := r.Severity.String()
	for _, o := range r.Severities {
		s += "/" + o.String()
	}
	return s
}

// writeJSON writes v as indented JSON to standard output.
func writeJSON(stdio Stdio, v any) int {
	enc := json.NewEncoder(stdio.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ExitInternal
	}
	return ExitClean
}

func runExplain(args []string, stdio Stdio, reg *rule.Registry) int {
	if len(args) != 1 {
		fmt.Fprintln(stdio.Err, "usage: dockguard explain ID|NAME")
		return ExitUsage
	}
	r := reg.Lookup(args[0])
	if r == nil {
		fmt.Fprintf(stdio.Err, "dockguard: no rule %q (see `dockguard rules`)\n", args[0])
		return ExitUsage
	}
	fmt.Fprint(stdio.Out, r.Markdown())
	return ExitClean
}

func wdOrDot() string {
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return "."
}

// changeOf is the lint.Change of a diff.
func changeOf(ch *gitdiff.Changes) *lint.Change {
	return &lint.Change{Root: ch.Root, Touched: ch.Touched(), Files: ch.Tracked()}
}

// runError reports an error of a run and gives its exit code: ExitUsage
// for what the user asked for (lint.UsageError), else ExitInternal.
func runError(stdio Stdio, err error) int {
	fmt.Fprintf(stdio.Err, "dockguard: %v\n", err)
	var ue *lint.UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitInternal
}
