// Package lint is the engine: it discovers files, parses each once, runs
// the enabled rules over them in parallel, applies suppressions and the
// configuration, and returns the findings in a deterministic order.
package lint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/dockguard/dockguard/lint/baseline"
	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/internal/fileread"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/lint/suppress"
	"golang.org/x/sync/errgroup"
)

// DefaultMaxFileSize bounds what is read of one file; a larger file is a
// finding, not a read. Compose loading applies the same default.
const DefaultMaxFileSize = compose.DefaultMaxFileSize

// Options say what to lint and how.
type Options struct {
	Paths []string  // files and directories; "-" reads Stdin; empty = "."
	Stdin io.Reader // for "-"
	// ForceType forces the kind of explicitly named files: "", "dockerfile" or "compose".
	ForceType string
	// ComposeFiles name one compose project's files explicitly, in order (-f).
	ComposeFiles []string
	EnvFiles     []string // compose --env-file
	Profiles     []string // compose --profile; empty = every profile
	UseEnv       bool     // let compose interpolation read the process environment
	Exclude      []string // path globs, added to the configuration's

	Registry *rule.Registry
	// ConfigPath is an explicit config file; "" = look for .dockguard.yaml in Root.
	ConfigPath string
	// FlagConfig holds settings given as flags; they override the file's.
	FlagConfig *config.Config
	// Root is the tree boundary and the base of relative URIs; "" = working directory.
	Root string
	Jobs int // parallelism; 0 = number of CPUs
	// MaxFileSize bounds one file's size in bytes; 0 = DefaultMaxFileSize.
	MaxFileSize int64
	// MaxYAMLNodes and MaxYAMLDepth bound one compose file's YAML nodes
	// (alias expansions counted) and nesting; 0 = compose.MaxNodes and
	// compose.MaxDepth. Going over is a DC000 finding.
	MaxYAMLNodes, MaxYAMLDepth int
	// Getenv is the process environment, read only with UseEnv.
	Getenv func(string) string
	// Today is the date end-of-life rules judge against (--date); zero
	// means the clock's.
	Today time.Time
	// Images, when set (--resolve-images), reads the configuration of the
	// images the linted files name from their registries before rules run;
	// rules see it through rule.Settings.Images, after the
	// configuration's `images:` and before the built-in table. nil: linting stays offline.
	Images ImageResolver
	// Baseline is the baseline file; "" = .dockguard-baseline.json in
	// Root, when it exists. Findings it holds are not reported (Result
	// counts them), and its entries that match no finding are.
	Baseline string
	// NoBaseline ignores any baseline file.
	NoBaseline bool
	// Change, when set, narrows the run to the targets whose findings the
	// change can affect (see Change; --diff-base).
	Change *Change
}

// Result is the outcome of a run.
type Result struct {
	Findings         []finding.Finding // sorted by path, line, column, rule ID
	FilesLinted      int
	Root             string // absolute
	WorkDir          string // absolute
	FailureThreshold config.Threshold
	Config           *config.Config // effective
	// Notes are the configuration's notes (a hadolint setting with no
	// counterpart), then the paths named on the command line that were
	// not linted (neither their name nor their content says what they
	// are), each "path: why", in path order. They do not change the exit
	// code.
	Notes []string
	// ImageWarnings are the images Options.Images could not look up; rules
	// judged them as they do offline.
	ImageWarnings []imageresolve.Warning
	// Baselined are the findings the baseline holds, left out of Findings.
	Baselined []finding.Finding
	// BaselinePath is the baseline file read ("" when none was).
	BaselinePath string
	// Everything says why a run given a Change linted everything.
	Everything string
}

// UsageError is a problem with what the user asked for (bad config, a
// path that does not exist): exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Run lints. The error is for usage problems and internal failures only:
// unreadable or unparsable files become findings.
func Run(ctx context.Context, opts Options) (*Result, error) {
	plan, err := Discover(opts)
	if err != nil {
		return nil, err
	}
	cfg, wd, root, targets := plan.Config, plan.WorkDir, plan.Root, plan.Targets
	patterns := cfg.TrustedRegistries
	if m := cfg.TrustedRegistriesMode; m != config.TrustReplace && m != config.TrustNarrow {
		patterns = append(imagefacts.TrustedPatterns(), patterns...) // Official Images and well-known publishers
	}
	trust, err := imageref.NewPolicy(patterns, cfg.ExtendDefaultTrust())
	if err != nil {
		return nil, &UsageError{fmt.Errorf("trusted-registries: %w", err)}
	}
	e := &engine{
		opts: opts, cfg: cfg, reg: opts.Registry, wd: wd, root: root, stdin: plan.Stdin,
		settings: &rule.Settings{Trust: trust, Images: imageFacts(cfg), Today: opts.Today,
			LabelSchema: cfg.LabelSchema, StrictLabels: cfg.StrictLabels != nil && *cfg.StrictLabels},
		maxSize: opts.MaxFileSize,
	}
	if e.maxSize <= 0 {
		e.maxSize = DefaultMaxFileSize
	}
	for _, t := range targets {
		if t.Kind == discover.Compose && containsDash(t.Files) {
			e.stdinCompose = true
		}
	}
	for _, r := range opts.Registry.All() {
		if !cfg.RuleEnabled(&r.Meta) {
			continue
		}
		if r.Dockerfile != nil {
			e.dfRules = append(e.dfRules, r)
		}
		if r.Compose != nil { // a DG rule may have both checks
			e.dcRules = append(e.dcRules, r)
		}
	}
	for _, role := range []finding.Role{finding.DockerfileProblems, finding.ComposeProblems, finding.UnusedIgnores} {
		if opts.Registry.ByRole(role) == nil {
			return nil, fmt.Errorf("lint: the rule registry has no rule for engine role %d", role)
		}
	}

	var findings []finding.Finding
	var notes []string
	for _, n := range cfg.Notes {
		notes = append(notes, (&config.Error{Path: plan.Display(n.Path), Line: n.Line, Msg: n.Msg}).Error())
	}
	for _, p := range plan.Problems {
		if p.Note {
			notes = append(notes, plan.Display(p.Path)+": "+p.Message)
			continue
		}
		role := finding.DockerfileProblems
		if discover.IsComposeName(filepath.Base(p.Path)) {
			role = finding.ComposeProblems
		}
		findings = append(findings, e.engineFindings(role, source.Location{Path: p.Path}, p.Message)...)
	}

	var imageWarnings []imageresolve.Warning
	if opts.Images != nil {
		var resolved imageresolve.Results
		resolved, imageWarnings = e.resolveImages(ctx, targets)
		e.settings.Images = e.settings.Images.WithResolver(resolved)
	}

	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	perTarget := make([][]finding.Finding, len(targets))
	var g errgroup.Group
	g.SetLimit(jobs)
	for i := range targets {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			perTarget[i] = e.lintTarget(ctx, targets[i])
			return nil
		})
	}
	_ = g.Wait() // lintTarget reports its failures as findings
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	linted := map[string]bool{}
	for i, fs := range perTarget {
		findings = append(findings, fs...)
		for _, f := range targets[i].Files {
			linted[f] = true
		}
		if targets[i].Stdin {
			linted["-"] = true
		}
	}
	for i := range findings {
		findings[i].Path = e.displayPath(findings[i].Path)
	}
	findings = finish(findings)
	res := &Result{
		Findings: findings, FilesLinted: len(linted), Root: root, WorkDir: wd,
		FailureThreshold: cfg.Threshold(), Config: cfg, Notes: notes, ImageWarnings: imageWarnings, Everything: plan.Everything,
	}
	if err := e.applyBaseline(res, linted); err != nil {
		return nil, err
	}
	return res, nil
}

// maxBaselineSize bounds the baseline file read (about 200 bytes a
// finding: 300,000 findings).
const maxBaselineSize = 64 << 20

// applyBaseline moves the findings the baseline holds from res.Findings
// to res.Baselined, and reports its stale entries (of files this run
// linted, or that no longer exist) through the StaleBaseline rule.
func (e *engine) applyBaseline(res *Result, linted map[string]bool) error {
	path := e.opts.Baseline
	if e.opts.NoBaseline {
		return nil
	}
	if path == "" {
		p := filepath.Join(e.root, baseline.FileName)
		if _, err := os.Stat(p); err != nil {
			return nil
		}
		path = p
	}
	b, err := baseline.Read(path, maxBaselineSize)
	if err != nil {
		return &UsageError{fmt.Errorf("baseline %s: %w", path, errMessageErr(err))}
	}
	res.BaselinePath = path
	scope := map[string]bool{}
	for p := range linted {
		scope[baseline.RelPath(e.root, p)] = true
	}
	inScope := func(p string) bool {
		if scope[p] {
			return true
		}
		_, err := os.Stat(filepath.Join(e.root, filepath.FromSlash(p)))
		return errors.Is(err, os.ErrNotExist)
	}
	kept, baselined, stale := b.Match(res.Findings, inScope)
	res.Findings, res.Baselined = kept, baselined
	r := e.reg.ByRole(finding.StaleBaseline)
	if r == nil || !e.cfg.RuleEnabled(&r.Meta) || len(stale) == 0 {
		return nil
	}
	display := e.displayPath(path)
	var found []finding.Finding
	pass := rule.NewPass(r, display, e.settings, func(f finding.Finding) {
		if e.cfg.Ignored(f) {
			return
		}
		f.Severity = e.cfg.Severity(&r.Meta, f.Severity)
		f.Fingerprint = fingerprintBase(f, nil, e.root)
		found = append(found, f)
	})
	for _, s := range stale {
		line := max(s.Line, 1)
		pass.Report(rule.Diagnostic{
			Range:   source.Range{Start: source.Pos{Line: line, Col: 1}, End: source.Pos{Line: line, Col: 1}},
			Subject: s.Path,
			Message: fmt.Sprintf("baseline entry for %s in %s matches no finding any more (fixed, or the line changed); delete the entry or run dockguard baseline again", s.RuleID, s.Path),
		})
	}
	res.Findings = append(res.Findings, finish(found)...)
	sortFindings(res.Findings)
	return nil
}

func errMessageErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func loadConfig(opts Options, root string) (*config.Config, error) {
	path := opts.ConfigPath
	if path == "" {
		if p, ok := config.Find(root); ok {
			path = p
		}
	}
	if path == "" {
		// No .dockguard.yaml: a hadolint configuration, translated.
		if p, ok := config.FindHadolint(root); ok {
			path = p
		}
	}
	cfg := &config.Config{}
	if path != "" {
		var err error
		if config.IsHadolintFile(path) {
			cfg, err = config.LoadHadolint(path, opts.Registry.Catalog())
		} else {
			cfg, err = config.Load(path)
		}
		if err != nil {
			return nil, err
		}
	}
	if opts.FlagConfig != nil {
		cfg = cfg.Merge(opts.FlagConfig)
	}
	if err := cfg.Validate(opts.Registry.Catalog()); err != nil {
		return nil, err
	}
	return cfg, nil
}

type engine struct {
	opts     Options
	cfg      *config.Config
	reg      *rule.Registry
	wd, root string
	settings *rule.Settings
	dfRules  []*rule.Rule
	dcRules  []*rule.Rule
	maxSize  int64
	stdin    []byte // standard input, read by Discover when "-" is linted
	// stdinCompose: standard input is linted as a compose file.
	stdinCompose bool
}

// lintTarget lints one Dockerfile or compose project. A panic in a parser
// or a rule becomes a finding on that target; the other targets go on.
func (e *engine) lintTarget(ctx context.Context, t discover.Target) (out []finding.Finding) {
	role := finding.DockerfileProblems
	if t.Kind == discover.Compose {
		role = finding.ComposeProblems
	}
	defer func() {
		if r := recover(); r != nil {
			path := "-"
			if len(t.Files) > 0 {
				path = t.Files[0]
			}
			out = append(out, e.engineFindings(role, source.Location{Path: path},
				fmt.Sprintf("internal error while linting this file (please report it): %v", r))...)
			if os.Getenv("DOCKGUARD_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	if t.Kind == discover.Compose {
		return e.lintCompose(ctx, t)
	}
	return e.lintDockerfile(t)
}

func (e *engine) readFile(path string) ([]byte, error) {
	if path == "-" {
		if e.stdin == nil {
			return nil, errors.New("no standard input")
		}
		return e.stdin, nil
	}
	return fileread.Read(path, e.maxSize)
}

func (e *engine) lintDockerfile(t discover.Target) []finding.Finding {
	path := "-"
	if !t.Stdin && len(t.Files) > 0 {
		path = t.Files[0]
	}
	content, err := e.readFile(path)
	if err != nil {
		return e.engineFindings(finding.DockerfileProblems, source.Location{Path: path}, "cannot read file: "+errMessage(err))
	}
	if int64(len(content)) > e.maxSize {
		return e.engineFindings(finding.DockerfileProblems, source.Location{Path: path},
			fmt.Sprintf("input is over the %d-byte limit (--max-file-size)", e.maxSize))
	}
	popts := dockerfile.ParseOptions{BuildArgs: e.cfg.BuildArgs}
	if path != "-" {
		popts.Context = dockerfile.LoadContext(path, e.maxSize)
	}
	f, err := dockerfile.Parse(path, content, popts)
	if err != nil {
		loc := source.Location{Path: path}
		var pe *dockerfile.ParseError
		if errors.As(err, &pe) {
			loc.Range = pe.Range
		}
		return e.engineFindings(finding.DockerfileProblems, loc, err.Error())
	}
	var found []finding.Finding
	collect := func(x finding.Finding) { found = append(found, x) }
	for _, r := range e.dfRules {
		r.Dockerfile(rule.NewPass(r, path, e.settings, collect), f)
	}
	sets := map[string]*suppress.Set{path: suppress.ParseWith(f.Source, suppress.Dockerfile, f.Comments, e.dockerfileSuppress(f))}
	anchor := func(p string, line int) int {
		if p == path {
			return f.InstructionStart(line)
		}
		return line
	}
	return e.postProcess(found, sets, suppress.Options{Anchor: anchor}, map[string]*source.File{path: f.Source})
}

func (e *engine) lintCompose(ctx context.Context, t discover.Target) []finding.Finding {
	var out []finding.Finding
	proj, problems := compose.Load(ctx, compose.LoadOptions{
		Files: t.Files, Root: e.composeRoot(t), EnvFiles: e.opts.EnvFiles, Profiles: e.opts.Profiles,
		UseEnv: e.opts.UseEnv, Getenv: e.opts.Getenv, BuildArgs: e.cfg.BuildArgs,
		MaxFileSize: e.maxSize, MaxNodes: e.opts.MaxYAMLNodes, MaxDepth: e.opts.MaxYAMLDepth,
		Stdin: e.stdin,
	})
	for _, p := range problems {
		loc := p.Location
		if loc.Path == "" && len(t.Files) > 0 {
			loc.Path = t.Files[0]
		}
		out = append(out, e.engineFindings(finding.ComposeProblems, loc, p.Message)...)
	}
	if proj == nil {
		return out
	}
	var found []finding.Finding
	collect := func(x finding.Finding) { found = append(found, x) }
	for _, r := range e.dcRules {
		r.Compose(rule.NewPass(r, t.Files[0], e.settings, collect), proj)
	}
	for _, d := range proj.InlineDockerfiles() {
		found = append(found, e.lintInline(d)...)
	}
	sets := map[string]*suppress.Set{}
	srcs := map[string]*source.File{}
	for _, src := range proj.Sources {
		sets[src.Path] = suppress.ParseWith(src, suppress.YAML, compose.Comments(src),
			suppress.ParseOptions{Catalog: e.reg.Catalog(), NoInline: e.cfg.NoInlineIgnores})
		srcs[src.Path] = src
	}
	return append(out, e.postProcess(found, sets, suppress.Options{PeerAnchor: proj.ServiceKeyLine}, srcs)...)
}

// dockerfileSuppress says how to read the suppressions of a Dockerfile:
// its `# check=` directive, the extent of its stages (KICS's
// ignore-block above a FROM covers the stage) and the peers' comments
// the configuration turns off.
func (e *engine) dockerfileSuppress(f *dockerfile.File) suppress.ParseOptions {
	o := suppress.ParseOptions{Catalog: e.reg.Catalog(), NoInline: e.cfg.NoInlineIgnores}
	if d := f.Directive("check"); d != nil {
		o.Check, o.CheckRange = d.Value, d.Range
	}
	o.Block = func(line int) int {
		for _, st := range f.Stages {
			if st.From != nil && st.From.StartLine == line {
				end := st.From.EndLine
				if n := len(st.Instructions); n > 0 {
					end = st.Instructions[n-1].EndLine
				}
				return end
			}
		}
		return 0
	}
	return o
}

// lintInline runs the Dockerfile rules on a Dockerfile written in a compose
// file (build.dockerfile_inline) and places their findings, and its syntax
// error, in the compose file. Ignore comments inside it apply to it.
func (e *engine) lintInline(d *compose.InlineDockerfile) []finding.Finding {
	virt := d.Path + "#dockerfile_inline:" + d.Service // never shown: placed in d.Path
	if d.Err != nil {
		loc := source.Location{Path: virt}
		var pe *dockerfile.ParseError
		if errors.As(d.Err, &pe) {
			loc.Range = pe.Range
		}
		msg := fmt.Sprintf("dockerfile_inline of service %s: %s", d.Service, d.Err.Error())
		return placeInline(d, virt, e.engineFindings(finding.DockerfileProblems, loc, msg))
	}
	var found []finding.Finding
	collect := func(x finding.Finding) { found = append(found, x) }
	for _, r := range e.dfRules {
		r.Dockerfile(rule.NewPass(r, virt, e.settings, collect), d.File)
	}
	set := suppress.ParseWith(d.File.Source, suppress.Dockerfile, d.File.Comments, e.dockerfileSuppress(d.File))
	kept, unused := suppress.FilterWith(found, map[string]*suppress.Set{virt: set}, suppress.Options{
		Anchor: func(_ string, line int) int { return d.File.InstructionStart(line) }, Ran: e.ran})
	for i := range kept {
		if set.RaisesToError(kept[i].RuleID) {
			kept[i].Severity = finding.Error // before the configuration's severities, unlike a Dockerfile's
		}
	}
	pass := rule.NewPass(e.reg.ByRole(finding.UnusedIgnores), virt, e.settings, collect)
	found = kept
	for _, u := range unused {
		pass.Report(rule.Diagnostic{Path: u.Path, Range: u.Range, Message: u.Message})
	}
	return placeInline(d, virt, found)
}

// placeInline moves findings from an inline Dockerfile (path virt) to the
// compose file that writes it. A fix whose place is approximate, or that
// adds lines (which would need the block's indentation), is dropped.
func placeInline(d *compose.InlineDockerfile, virt string, fs []finding.Finding) []finding.Finding {
	for i := range fs {
		f := &fs[i]
		if f.Path != virt {
			continue
		}
		var exact bool
		f.Path = d.Path
		f.Range, exact = d.Place(f.Range)
		if len(f.Related) > 0 {
			rel := make([]finding.Related, len(f.Related))
			for j, r := range f.Related {
				if r.Path == virt {
					r.Path = d.Path
					r.Range, _ = d.Place(r.Range)
				}
				rel[j] = r
			}
			f.Related = rel
		}
		if f.Fix != nil {
			fix := &finding.Fix{Description: f.Fix.Description, Class: f.Fix.Class}
			for _, ed := range f.Fix.Edits {
				if ed.Path == "" || ed.Path == virt {
					var ok bool
					ed.Path = ""
					if ed.Range, ok = d.Place(ed.Range); !ok || strings.Contains(ed.NewText, "\n") {
						exact = false
					}
				}
				fix.Edits = append(fix.Edits, ed)
			}
			f.Fix = fix
			if !exact {
				f.Fix = nil
			}
		}
	}
	return fs
}

// composeRoot bounds what a compose project may read. It is the run's
// root, except for a project named on the command line from outside the
// working directory without --root (`dockguard lint /elsewhere/compose.yaml`):
// then its own directory is.
func (e *engine) composeRoot(t discover.Target) string {
	if e.opts.Root != "" || len(t.Files) == 0 {
		return e.root
	}
	abs, err := filepath.Abs(t.Files[0])
	if err != nil {
		return e.root
	}
	if rel, err := filepath.Rel(e.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return e.root
	}
	return filepath.Dir(abs)
}

// postProcess applies inline suppressions, then the configuration's
// severity overrides and exceptions, and fingerprints what is left.
func (e *engine) postProcess(found []finding.Finding, sets map[string]*suppress.Set, opts suppress.Options, srcs map[string]*source.File) []finding.Finding {
	opts.Ran = e.ran
	kept, unused := suppress.FilterWith(found, sets, opts)
	unusedRule := e.reg.ByRole(finding.UnusedIgnores)
	pass := rule.NewPass(unusedRule, "", e.settings, func(f finding.Finding) { kept = append(kept, f) })
	for _, u := range unused {
		pass.Report(rule.Diagnostic{Path: u.Path, Range: u.Range, Message: u.Message})
	}
	var out []finding.Finding
	for _, f := range kept {
		r := e.reg.Lookup(f.RuleID)
		if r == nil || !e.cfg.RuleEnabled(&r.Meta) || e.cfg.Ignored(f) {
			continue
		}
		f.Severity = e.cfg.Severity(&r.Meta, f.Severity)
		if sets[f.Path].RaisesToError(f.RuleID) {
			f.Severity = finding.Error // `# check=error=true`: the build fails on it
		}
		f.Fingerprint = fingerprintBase(f, srcs[f.Path], e.root)
		out = append(out, f)
	}
	return out
}

// ran reports whether a rule ran on a file: an ignore of a rule that is
// disabled, or of the other kind of file, is not an unused ignore.
func (e *engine) ran(path, id string) bool {
	r := e.reg.Lookup(id)
	if r == nil || !e.cfg.RuleEnabled(&r.Meta) {
		return false
	}
	if r.Kind() == rule.KindMeta {
		return true
	}
	isYAML := strings.HasSuffix(strings.ToLower(path), ".yaml") || strings.HasSuffix(strings.ToLower(path), ".yml") ||
		(path == "-" && e.stdinCompose)
	if isYAML {
		return r.Kind().Reads(rule.KindCompose)
	}
	return r.Kind().Reads(rule.KindDockerfile)
}

// engineFindings reports what the engine met (a file it cannot read or
// parse, a panic) through the rule with that role, at loc (line 1 when
// unknown), with the configuration applied as to any finding.
func (e *engine) engineFindings(role finding.Role, loc source.Location, msg string) []finding.Finding {
	r := e.reg.ByRole(role)
	if !e.cfg.RuleEnabled(&r.Meta) {
		return nil
	}
	rg := loc.Range
	if !rg.Start.IsValid() {
		rg = source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 1}}
	}
	if rg.Start.Col < 1 {
		rg.Start.Col = 1
	}
	if !rg.End.IsValid() || rg.End.Before(rg.Start) {
		rg.End = rg.Start
	}
	var out []finding.Finding
	rule.NewPass(r, loc.Path, e.settings, func(f finding.Finding) {
		if e.cfg.Ignored(f) {
			return
		}
		f.Severity = e.cfg.Severity(&r.Meta, f.Severity)
		f.Fingerprint = fingerprintBase(f, nil, e.root)
		out = append(out, f)
	}).Report(rule.Diagnostic{Range: rg, Message: msg})
	return out
}

// displayPath shows paths relative to the working directory when they are
// inside it, with forward slashes kept as the OS gives them.
func (e *engine) displayPath(p string) string { return displayPath(e.wd, p) }

func displayPath(wd, p string) string {
	if p == "" || p == "-" {
		return p
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, p)
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != ".." {
		return rel
	}
	return filepath.Clean(p)
}

// fingerprintBase hashes what identifies a finding independently of its
// line number: rule, file (relative to the root, so that the fingerprint
// does not depend on the directory dockguard runs in or the paths it is
// given), and the text of the offending line. finish() adds an occurrence
// counter so identical lines stay distinct. SARIF's partialFingerprints and
// the baseline both use the result.
func fingerprintBase(f finding.Finding, src *source.File, root string) string {
	text := ""
	if src != nil {
		text = strings.Join(strings.Fields(src.Line(f.Range.Start.Line)), " ")
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", f.RuleID, baseline.RelPath(root, f.Path), text, f.Subject)
	if src == nil {
		fmt.Fprintf(h, "\x00%s", f.Message)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// finish sorts, removes duplicates (a base compose file shared by two
// projects reports the same finding twice) and makes fingerprints unique.
func finish(fs []finding.Finding) []finding.Finding {
	sortFindings(fs)
	out := fs[:0]

	seen := map[string]int{}
	for i, f := range fs {
		if i > 0 {
			p := out[len(out)-1]
			if p.Path == f.Path && p.Range == f.Range && p.RuleID == f.RuleID && p.Message == f.Message {
				continue
			}
		}
		n := seen[f.Fingerprint]
		seen[f.Fingerprint] = n + 1
		h := sha256.Sum256([]byte(fmt.Sprintf("%s:%d", f.Fingerprint, n)))
		f.Fingerprint = hex.EncodeToString(h[:16])
		out = append(out, f)
	}
	return out
}

func errMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// imageFacts is the built-in image table with the configuration's
// `images:` overrides.
func imageFacts(cfg *config.Config) *imagefacts.DB {
	db := imagefacts.Default()
	if len(cfg.Images) == 0 {
		return db
	}
	ov := make([]imagefacts.Override, 0, len(cfg.Images))
	for _, s := range cfg.Images {
		ov = append(ov, imagefacts.Override{Image: s.Image, User: s.User, Healthcheck: s.Healthcheck,
			Where: fmt.Sprintf("%s:%d", filepath.Base(s.Path), s.Line)})
	}
	return db.WithOverrides(ov)
}

// sortFindings orders findings by path, position, rule ID and message.
func sortFindings(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Range.Start != b.Range.Start {
			return a.Range.Start.Before(b.Range.Start)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
}
