// Package action runs dockguard as a GitHub Actions step (`dockguard
// action`, called by the composite action.yml at the repository root).
//
// Inputs come from INPUT_* variables read with go-githubactions (the
// composite action maps its inputs to them through env:; a hyphenated
// input also answers to its underscore spelling, INPUT_FAILURE_THRESHOLD).
// Inputs: path (newline-separated, or space-separated when on one line),
// config, failure-threshold, ruleset, ruleset-version, format (the log listing; "none" for none),
// sarif-file, upload-sarif (read by action.yml; validated here), annotate,
// filter-mode (added, diff_context, file, nofilter), fail-on-findings,
// category (SARIF automationDetails category), resolve-images (read the
// images' configurations from their registries), working-directory (where
// the run happens, relative to the step's directory, the workspace; path,
// config and sarif-file are relative to it).
//
// What a run does:
//
//   - lints with the repository root as root, so that annotation paths and
//     SARIF URIs are relative to it, as GitHub reads them: the top of the
//     git work tree of the working directory, else (actions/checkout with
//     `path: src`, linted from the workspace) the work tree that every
//     path input lies in, else the workspace (GITHUB_WORKSPACE). The
//     runner takes a relative annotation path as relative to the
//     repository and would turn an absolute one into a workspace-relative
//     one (src/app/Dockerfile), which names no file of the repository;
//   - on pull requests, keeps only the findings filter-mode selects, using
//     the local git history (package gitdiff); when the history is too
//     shallow it says what to change and reports every finding instead.
//     When it writes no SARIF file (sarif-file: none), it lints only what
//     the pull request can affect (lint.Change), which reports the same
//     findings at a cost that grows with the change;
//   - writes every finding, unfiltered, to the SARIF file: code scanning
//     compares the pull request's analysis with the base branch's, and a
//     filtered file would make it take the findings left out for fixed;
//   - lists the reported findings in the log (format input, inside a
//     group), annotates them with the github formatter, most severe first,
//     at most 10 per level (GitHub drops the rest), and says how many were
//     left out and where they are;
//   - appends a job summary (counts by severity; the findings grouped by
//     file with links to the rules' documentation and, for findings with
//     a fix, the suggested change as a diff block; capped) to
//     GITHUB_STEP_SUMMARY;
//   - sets the outputs sarif-file (relative to the step's directory, where
//     upload-sarif reads it), findings, errors, warnings and checkout-path
//     (the repository root, upload-sarif's checkout_path: it computes
//     fingerprints and the commit from there) through a writer with a
//     random delimiter per value (never go-githubactions' SetOutput, whose
//     delimiter is fixed);
//   - exits 1 when fail-on-findings is true and a reported finding is at
//     or above the failure threshold (the input, else the configuration
//     file's, else config.DefaultThreshold), 2 on bad inputs or configuration, 3 on internal
//     failure, else 0.
//
// Everything that comes from linted files (names, messages, contents) is
// untrusted: plain log lines go through safeLog, annotations through the
// github formatter's escaping, summary cells through mdCell, outputs
// through fileCommandWriter.
package action

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/format"
	"github.com/dockguard/dockguard/lint/gitdiff"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// Exit codes, as the CLI's.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
	exitInternal = 3
)

// annotationsPerLevel is how many annotations of one level GitHub shows
// per step.
const annotationsPerLevel = 10

// DefaultSARIFFile is where the SARIF report goes when the sarif-file input
// is not set.
const DefaultSARIFFile = "dockguard.sarif"

// Env is what a run needs from its caller.
type Env struct {
	// Getenv reads the environment (INPUT_*, GITHUB_*); nil = os.Getenv.
	Getenv func(string) string
	// Stdout receives workflow commands and the log; the runner parses it.
	Stdout io.Writer
	// Stderr receives diagnostics; the runner parses it too.
	Stderr io.Writer
	// Registry holds the rules.
	Registry *rule.Registry
	// Version is the tool version written to SARIF.
	Version string
	// Lint runs the engine; nil = lint.Run. Tests inject fixed results.
	Lint func(context.Context, lint.Options) (*lint.Result, error)
}

// inputs are the action's inputs, parsed.
type inputs struct {
	paths          []string
	config         string
	threshold      config.Threshold
	ruleSet        finding.RuleSet
	ruleSetVersion string
	format         string // "" = no log listing
	sarifFile      string // "" = no SARIF
	uploadSARIF    bool
	annotate       bool
	filterMode     gitdiff.Mode
	failOnFindings bool
	category       string
	workingDir     string // "" = the step's directory
	resolveImages  bool   // read image configurations from registries (network)
}

// getInput reads an input by its name, then by its underscore spelling.
func getInput(gh *githubactions.Action, name string) (string, bool) {
	for _, n := range []string{name, strings.ReplaceAll(name, "-", "_")} {
		key := "INPUT_" + strings.ToUpper(strings.ReplaceAll(n, " ", "_"))
		if _, set := lookup(gh, key); set {
			return gh.GetInput(n), true
		}
	}
	return "", false
}

// lookup tells a set variable from an unset one (go-githubactions cannot:
// an unset and an empty variable both read "").
func lookup(gh *githubactions.Action, key string) (string, bool) {
	v := gh.Getenv(key)
	return v, v != ""
}

func readInputs(gh *githubactions.Action) (inputs, error) {
	in := inputs{format: "text", sarifFile: DefaultSARIFFile, annotate: true, filterMode: gitdiff.ModeAdded,
		failOnFindings: true, category: "dockguard", uploadSARIF: false}
	var errs []error
	str := func(name string, dst *string) {
		if v, ok := getInput(gh, name); ok {
			*dst = v
		}
	}
	boolean := func(name string, dst *bool) {
		v, ok := getInput(gh, name)
		if !ok {
			return
		}
		b, err := parseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("input %s: %w", name, err))
			return
		}
		*dst = b
	}
	if v, ok := getInput(gh, "path"); ok {
		in.paths = splitPaths(v)
	}
	str("config", &in.config)
	if v, ok := getInput(gh, "failure-threshold"); ok {
		t, err := config.ParseThreshold(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("input failure-threshold: %w", err))
		}
		in.threshold = t
	}
	if v, ok := getInput(gh, "ruleset"); ok {
		rs, err := finding.ParseRuleSet(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("input ruleset: %w", err))
		}
		in.ruleSet = rs
	}
	if v, ok := getInput(gh, "ruleset-version"); ok {
		ver, err := finding.ParseVersion(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("input ruleset-version: %w", err))
		}
		in.ruleSetVersion = ver
	}
	str("format", &in.format)
	switch f := strings.ToLower(in.format); f {
	case "none", "":
		in.format = ""
	default:
		if _, err := format.New(f, format.Options{}); err != nil {
			errs = append(errs, fmt.Errorf("input format: %w", err))
		}
		in.format = f
	}
	str("sarif-file", &in.sarifFile)
	if strings.EqualFold(strings.TrimSpace(in.sarifFile), "none") {
		in.sarifFile = "" // no SARIF file: pull request runs may be narrowed
	}
	boolean("upload-sarif", &in.uploadSARIF)
	boolean("annotate", &in.annotate)
	if v, ok := getInput(gh, "filter-mode"); ok {
		m, err := gitdiff.ParseMode(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("input filter-mode: %w", err))
		}
		in.filterMode = m
	}
	boolean("fail-on-findings", &in.failOnFindings)
	boolean("resolve-images", &in.resolveImages)
	str("category", &in.category)
	str("working-directory", &in.workingDir)
	in.workingDir = strings.TrimSpace(in.workingDir)
	if in.format == "github" {
		// The annotations are the github format; don't print them twice.
		in.format, in.annotate = "", true
	}
	if in.uploadSARIF && in.sarifFile == "" {
		errs = append(errs, errors.New("input upload-sarif is true but sarif-file is empty"))
	}
	return in, errors.Join(errs...)
}

// parseBool accepts the YAML 1.2 core schema booleans, as actions/toolkit's
// getBooleanInput does.
func parseBool(s string) (bool, error) {
	switch s {
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean (want true or false)", s)
}

// splitPaths splits the path input: one path per line when it has several
// lines (so paths may hold spaces), else at white space.
func splitPaths(s string) []string {
	var out []string
	if strings.ContainsAny(strings.TrimSpace(s), "\r\n") {
		for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	return strings.Fields(s)
}

// Run runs one action step and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.Lint == nil {
		env.Lint = lint.Run
	}
	log := newSafeLog(env.Stdout)
	errLog := newSafeLog(env.Stderr)
	defer func() { _ = errLog.Close() }() // a failed write to stderr has nowhere to go
	r := &runner{env: env, log: log, errLog: errLog,
		gh: githubactions.New(githubactions.WithGetenv(env.Getenv), githubactions.WithWriter(env.Stdout))}
	code := r.run(ctx)
	_ = log.Close()
	return code
}

type runner struct {
	env    Env
	gh     *githubactions.Action
	log    *safeLog // plain lines on stdout
	errLog *safeLog
}

// logf prints a plain log line; its arguments may be untrusted.
func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, format+"\n", args...)
}

// fail reports a failure as an error annotation (escaped) and returns code.
func (r *runner) fail(code int, err error) int {
	r.gh.WithFieldsMap(map[string]string{"title": "dockguard"}).Errorf("%s", visible(err.Error()))
	return code
}

func (r *runner) run(ctx context.Context) int {
	in, err := readInputs(r.gh)
	if err != nil {
		return r.fail(exitUsage, err)
	}
	if r.env.Registry == nil {
		return r.fail(exitInternal, errors.New("no rule registry"))
	}
	stepDir, err := os.Getwd()
	if err != nil {
		return r.fail(exitInternal, err)
	}
	cwd := stepDir
	if in.workingDir != "" {
		wd := in.workingDir
		if !filepath.IsAbs(wd) {
			wd = filepath.Join(stepDir, wd)
		}
		if st, err := os.Stat(wd); err != nil || !st.IsDir() {
			return r.fail(exitUsage, fmt.Errorf("input working-directory: %s is not a directory", in.workingDir))
		}
		if err := os.Chdir(wd); err != nil {
			return r.fail(exitUsage, fmt.Errorf("input working-directory: %w", err))
		}
		defer func() { _ = os.Chdir(stepDir) }() // for callers in the same process (tests)
		cwd = wd
	}
	ws := r.env.Getenv("GITHUB_WORKSPACE")
	root, inGit := repoRoot(ctx, ws, cwd, in.paths)
	var today time.Time // end-of-life rules judge against DOCKGUARD_DATE when set
	if d := r.env.Getenv("DOCKGUARD_DATE"); d != "" {
		if today, err = imagefacts.ParseDate(d); err != nil {
			return r.fail(exitUsage, fmt.Errorf("DOCKGUARD_DATE: want YYYY-MM-DD, got %q", d))
		}
	}
	// A pull request run that writes no SARIF file lints only what the
	// change can affect (lint.Change): with a SARIF file, every finding
	// must be in it (see the package documentation).
	gitDir := cwd
	if inGit {
		gitDir = root
	}
	var pr *prChange
	if in.filterMode != gitdiff.ModeNoFilter {
		pr = r.prChanges(ctx, in.filterMode, gitDir)
	}
	var change *lint.Change
	if pr != nil && pr.ch != nil && in.sarifFile == "" {
		change = &lint.Change{Root: pr.ch.Root, Touched: pr.ch.Touched(), Files: pr.ch.Tracked()}
	}
	opts := lint.Options{
		Paths: in.paths, Registry: r.env.Registry, ConfigPath: in.config,
		FlagConfig: &config.Config{FailureThreshold: in.threshold, RuleSet: in.ruleSet, RuleSetVersion: in.ruleSetVersion},
		Root:       root, Getenv: r.env.Getenv, Today: today, Change: change,
	}
	if in.resolveImages {
		resolver, err := imageresolve.New(imageresolve.Options{UserAgent: "dockguard/" + r.env.Version})
		if err != nil {
			return r.fail(exitInternal, err)
		}
		opts.Images = resolver
	}
	res, err := r.env.Lint(ctx, opts)
	if err != nil {
		var ue *lint.UsageError
		if errors.As(err, &ue) {
			return r.fail(exitUsage, err)
		}
		return r.fail(exitInternal, err)
	}
	for _, w := range res.ImageWarnings {
		r.gh.WithFieldsMap(map[string]string{"title": "dockguard: image not resolved"}).Warningf("%s", visible(w.Error()+" (judged without its configuration)"))
	}
	rules := map[string]*finding.Meta{}
	for _, ru := range r.env.Registry.Catalog().All() {
		rules[ru.ID] = ru
	}
	all := make([]finding.Finding, len(res.Findings))
	copy(all, res.Findings)
	for i := range all {
		all[i].Severity = resolveSeverity(all[i], rules)
	}

	// The changed-lines filter.
	reported := all
	filterNote, problem := r.filter(in.filterMode, pr, res, &reported)
	if change != nil {
		if res.Everything != "" {
			r.logf("dockguard: linted every file: %s", res.Everything)
		} else {
			r.logf("dockguard: linted only what the pull request can affect (%s; sarif-file: none)", plural(res.FilesLinted, "file", "files"))
		}
	}

	rep := &format.Report{
		Findings: reported, Baselined: res.Baselined, Rules: r.env.Registry.Catalog().All(), Root: res.Root, WorkDir: res.WorkDir,
		FilesLinted: res.FilesLinted,
		Tool:        format.ToolInfo{Name: "dockguard", Version: r.env.Version, InformationURI: "https://github.com/dockguard/dockguard"},
	}

	// SARIF: every finding.
	if in.sarifFile != "" {
		full := *rep
		full.Findings = all
		if err := writeSARIF(in.sarifFile, in.category, &full); err != nil {
			return r.fail(exitInternal, fmt.Errorf("writing the SARIF file: %w", err))
		}
	}

	// The log listing.
	if in.format != "" && len(reported) > 0 {
		f, err := format.New(in.format, format.Options{})
		if err != nil {
			return r.fail(exitUsage, err)
		}
		r.gh.Group("dockguard: " + plural(len(reported), "finding", "findings"))
		err = f.Format(r.log, rep)
		_ = r.log.Close() // end an unterminated last line before the group ends
		r.gh.EndGroup()
		if err != nil {
			return r.fail(exitInternal, err)
		}
	}

	counts := map[finding.Severity]int{}
	for _, f := range reported {
		counts[f.Severity]++
	}
	omitted := 0
	if in.annotate {
		if problem != "" && counts[finding.Warning] < annotationsPerLevel {
			// Room left among the warnings: make the problem an annotation too.
			r.gh.WithFieldsMap(map[string]string{"title": "dockguard: changed-lines filter off"}).Warningf("%s", visible(problem))
		}
		// The line on annotations over the cap is ours (below), for Action
		// users; the formatter's points CLI users at --format text.
		gf := &format.GitHub{MaxPerLevel: annotationsPerLevel, NoOmittedLine: true}
		if err := gf.Format(r.env.Stdout, rep); err != nil {
			return r.fail(exitInternal, err)
		}
		for _, n := range counts {
			if n > annotationsPerLevel {
				omitted += n - annotationsPerLevel
			}
		}
	}
	if problem != "" {
		r.logf("dockguard: warning: %s", problem)
	}
	if omitted > 0 {
		where := "the job summary and the log list them"
		if in.sarifFile != "" {
			where += fmt.Sprintf("; the SARIF file %s has every finding (code scanning shows them with upload-sarif: true)", in.sarifFile)
		}
		r.logf("dockguard: %s not annotated (GitHub shows %d annotations per level per step): %s",
			plural(omitted, "finding", "findings"), annotationsPerLevel, where)
	}

	failed := false
	if in.failOnFindings {
		for _, f := range reported {
			if res.FailureThreshold.Fails(f.Severity) {
				failed = true
				break
			}
		}
	}

	// Job summary.
	if path := r.env.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
		paths := func(p string) string { return displayPath(p, res.Root, res.WorkDir) }
		md := summaryMarkdown(summaryInput{
			Findings: reported, Paths: paths, Rules: rules, Total: len(all), Filter: filterNote,
			Warning: problem, SARIF: in.sarifFile, Failed: failed, Omitted: omitted, Version: r.env.Version,
			Source:    sourceReader(res.WorkDir),
			Baselined: len(res.Baselined), Baseline: baselineName(res),
		})
		if err := appendFile(path, md); err != nil {
			r.logf("dockguard: warning: cannot write the job summary: %v", err)
		}
	}

	// Outputs.
	if path := r.env.Getenv("GITHUB_OUTPUT"); path != "" {
		w := newFileCommandWriter(path)
		outs := [][2]string{
			{"findings", strconv.Itoa(len(reported))},
			{"errors", strconv.Itoa(counts[finding.Error])},
			{"warnings", strconv.Itoa(counts[finding.Warning])},
		}
		if in.sarifFile != "" {
			outs = append(outs, [2]string{"sarif-file", stepRelative(stepDir, cwd, in.sarifFile)})
		}
		if res.Root != "" {
			outs = append(outs, [2]string{"checkout-path", res.Root})
		}
		for _, o := range outs {
			if err := w.Set(o[0], o[1]); err != nil {
				return r.fail(exitInternal, fmt.Errorf("setting output %s: %w", o[0], err))
			}
		}
	}

	threshold := res.FailureThreshold
	if threshold == config.ThresholdUnset {
		threshold = config.DefaultThreshold
	}
	verdict := "passes"
	switch {
	case failed:
		verdict = "fails"
	case !in.failOnFindings && len(reported) > 0:
		verdict = "passes (fail-on-findings is false)"
	}
	r.logf("dockguard: %s, %s, %d info%s; failure threshold %s: the step %s",
		plural(counts[finding.Error], "error", "errors"), plural(counts[finding.Warning], "warning", "warnings"), counts[finding.Info],
		countNote(len(reported), len(all)), threshold, verdict)
	if failed {
		return exitFindings
	}
	return exitClean
}

func countNote(reported, all int) string {
	if all > reported {
		return fmt.Sprintf(" reported (%d more outside the change)", all-reported)
	}
	return ""
}

// prChange is the change of a pull request, or why there is none: ch is
// nil when the event is not a pull request (notPR) or the diff cannot be
// computed (problem).
type prChange struct {
	ch      *gitdiff.Changes
	notPR   string // the event's name when it is not a pull request
	problem string
}

// prChanges computes the change of the pull request the event names.
func (r *runner) prChanges(ctx context.Context, mode gitdiff.Mode, gitDir string) *prChange {
	pr, err := gitdiff.ReadEvent(r.env.Getenv("GITHUB_EVENT_PATH"))
	if errors.Is(err, gitdiff.ErrNotPullRequest) {
		ev := r.env.Getenv("GITHUB_EVENT_NAME")
		if ev == "" {
			ev = "unknown"
		}
		return &prChange{notPR: ev}
	}
	if err != nil {
		return &prChange{problem: fmt.Sprintf("changed-lines filter (filter-mode %s) not applied: %v; reporting every finding", mode, err)}
	}
	ch, err := gitdiff.ForPullRequest(ctx, gitDir, pr)
	if err != nil {
		return &prChange{problem: fmt.Sprintf("changed-lines filter (filter-mode %s) not applied: %v; reporting every finding", mode, err)}
	}
	return &prChange{ch: ch}
}

// filter narrows *reported to the change when mode asks for it and the
// event is a pull request. It returns a sentence on the filter in force,
// and a problem ("" = none) when it had to report every finding.
func (r *runner) filter(mode gitdiff.Mode, pr *prChange, res *lint.Result, reported *[]finding.Finding) (note, problem string) {
	if mode == gitdiff.ModeNoFilter || pr == nil {
		return "", ""
	}
	if pr.notPR != "" {
		r.logf("dockguard: filter-mode %s applies to pull requests; this event (%s) is not one: reporting every finding", mode, pr.notPR)
		return "", ""
	}
	if pr.ch == nil {
		return "", pr.problem
	}
	ch := pr.ch
	*reported = ch.Filter(*reported, mode, res.WorkDir)
	what := map[gitdiff.Mode]string{
		gitdiff.ModeAdded:       "on lines this pull request added or changed",
		gitdiff.ModeDiffContext: "in the hunks this pull request changed",
		gitdiff.ModeFile:        "in files this pull request changed",
	}[mode]
	r.logf("dockguard: reporting findings %s (filter-mode %s; compared with the %s; %s)",
		what, mode, ch.How, plural(len(ch.Files()), "file changed", "files changed"))
	return what + " (filter-mode " + string(mode) + ")", ""
}

func resolveSeverity(f finding.Finding, rules map[string]*finding.Meta) finding.Severity {
	if f.Severity != finding.SeverityDefault {
		return f.Severity
	}
	if ru := rules[f.RuleID]; ru != nil && ru.Severity != finding.SeverityDefault {
		return ru.Severity
	}
	return finding.Warning
}

func writeSARIF(path, category string, rep *format.Report) error {
	f, err := format.New("sarif", format.Options{Category: category})
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Format(file, rep); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// repoRoot picks the directory that annotation and SARIF paths are
// relative to (see the package documentation); inGit says it is a git
// work tree's top.
func repoRoot(ctx context.Context, ws, cwd string, paths []string) (root string, inGit bool) {
	inWorkspace := func(dir string) bool { return ws == "" || within(ws, dir) }
	if top, err := gitdiff.RepoRoot(ctx, cwd); err == nil && inWorkspace(top) {
		return top, true
	}
	// The working directory is no repository (a workspace holding a
	// checkout made with path: src): the one work tree all paths are in.
	if len(paths) == 0 {
		paths = []string{"."}
	}
	common := ""
	for _, p := range paths {
		if p == "-" {
			continue
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, p)
		}
		dir := abs
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			dir = filepath.Dir(abs)
		}
		top, err := gitdiff.RepoRoot(ctx, dir)
		if err != nil || (common != "" && top != common) {
			common = ""
			break
		}
		common = top
	}
	if common != "" && inWorkspace(common) {
		return common, true
	}
	if ws != "" && within(ws, cwd) {
		return ws, false
	}
	return "", false
}

// stepRelative spells p, relative to dir, for the step's directory
// stepDir: as given when dir is stepDir or p is absolute, else relative to
// stepDir when inside it, else absolute.
func stepRelative(stepDir, dir, p string) string {
	if dir == stepDir || filepath.IsAbs(p) {
		return p
	}
	abs := filepath.Join(dir, p)
	if within(stepDir, abs) {
		if rel, err := filepath.Rel(stepDir, abs); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return abs
}

// sourceReader reads linted files by their finding path (relative to
// workDir or absolute), once each, for the summary's suggested changes.
func sourceReader(workDir string) func(string) *source.File {
	cache := map[string]*source.File{}
	return func(p string) *source.File {
		if p == "" || p == "-" {
			return nil
		}
		if f, ok := cache[p]; ok {
			return f
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(workDir, p)
		}
		var file *source.File
		if fh, err := os.Open(abs); err == nil {
			data, err := io.ReadAll(io.LimitReader(fh, lint.DefaultMaxFileSize+1))
			fh.Close()
			if err == nil && len(data) <= lint.DefaultMaxFileSize {
				file = source.NewFile(p, data)
			}
		}
		cache[p] = file
		return file
	}
}

// within reports whether dir is base or below it.
func within(base, dir string) bool {
	rel, err := filepath.Rel(base, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// displayPath is p relative to root (forward slashes) when it is inside
// it, as annotations and SARIF show it.
func displayPath(p, root, workDir string) string {
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(workDir, p)
	}
	if root != "" {
		if rel, err := filepath.Rel(root, abs); err == nil && within(root, abs) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// baselineName is the baseline file the run read, relative to the root
// ("" when none was read).
func baselineName(res *lint.Result) string {
	if res.BaselinePath == "" {
		return ""
	}
	if rel, err := filepath.Rel(res.Root, res.BaselinePath); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return res.BaselinePath
}
