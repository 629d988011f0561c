// Package config reads dockguard's configuration file and answers the
// engine's per-rule questions (enabled? which severity? ignored here?).
//
// # The configuration file
//
// dockguard reads `.dockguard.yaml` (or `.dockguard.yml`; `.yaml` wins when
// both exist) from the root of the linted tree, or the file given with
// `--config FILE`. Every key is optional; an empty file is valid. Unknown
// keys, values of the wrong type, duplicate keys and bad glob patterns are
// errors that name the file and line, e.g.
//
//	.dockguard.yaml:7: unknown key "trusted-registres" (did you mean trusted-registries?)
//
// Keys:
//
//	trusted-registries:          # list of strings
//	  - ghcr.io/myorg/           # a registry host, or a repository prefix
//	  - "*.corp.example"         # globs allowed (quote a leading *)
//	trusted-registries-mode: extend   # extend (default): add to the built-in
//	                                  # trust policy (Docker Official Images and
//	                                  # well-known publishers); narrow: add to
//	                                  # 0.1's narrower built-in list (Official
//	                                  # Images and a few vendor registries);
//	                                  # replace: use only this list
//	images:                      # what dockguard should know about images
//	  ghcr.io/myorg/*:           # (names as in FROM/image:, globs allowed)
//	    user: "10001"            #   the image's default user ("root": root)
//	    healthcheck: true        #   the image declares a HEALTHCHECK
//	failure-threshold: warning   # error | warning | info | none
//	                             # exit 1 when a finding is at or above it;
//	                             # none = never fail on findings; default warning
//	exclude:                     # globs of files and directories not to walk
//	  - "testdata/**"
//	  - "**/legacy/*"
//	ruleset: default             # default | strict | all: the rules that run;
//	                             # strict adds hardening advice most files do
//	                             # not follow yet, all adds style rules
//	ruleset-version: "0.1"       # keep the rule set to the rules it held in
//	                             # that release (rules added later stay off)
//	build-args:                  # like `docker build --build-arg`: values for
//	  BASE_IMAGE: "alpine:3.20"  # ARGs used in FROM lines (scalars, as written)
//	label-schema:                # labels every image must carry, with the
//	  org.opencontainers.image.source: url   # type of their value: text, url,
//	  org.opencontainers.image.created: rfc3339  # email, rfc3339, semver,
//	  org.opencontainers.image.revision: hash    # hash (git), spdx (licence)
//	strict-labels: false         # true: report labels not in label-schema
//	rules:                       # per-rule settings, by ID or by name
//	  DF005: off                 # disable: off, false, disable, disabled
//	  DF002: error               # override the severity: error, warning, info
//	  missing-healthcheck: info  # names work as well as IDs
//	  DF010: on                  # on / true / enable: enabled, default severity
//	  DC003:                     # long form
//	    severity: warning        #   any short-form value
//	    ignore-services: [buildkitd]     # globs matched against the finding's
//	                                     # subject (compose service); compose rules only
//	    ignore-paths: ["docker/dev/**"]  # globs matched against the finding's path
//
// Globs (package lint/pathglob) use doublestar's syntax: `*`, `?` and
// classes such as `[a-z]` or `[!.]` within a `/`-separated segment, `**`
// for any number of directories, `{a,b}` alternatives; they are
// case-sensitive. Exclude patterns are matched against the path
// relative to the walked directory, against the path as displayed, and
// against the base name (so `*.dev.Dockerfile` works anywhere); a
// directory that matches is skipped whole (so `**/legacy/*` also skips
// what is below legacy's sub-directories); files named on the command
// line are always linted. Paths are slash-separated on every OS.
//
// Rule settings may name a rule by ID or name; naming the same rule twice
// in one file is an error. Setting a severity (or `on`) enables the rule
// whatever the rule set; `off` turns any rule off.
//
// # Partial configurations
//
// Defaults, the file and command-line flags are each a partial Config;
// Merge lays one over another (hadolint style): scalars set in the upper
// layer win, lists (trusted-registries, exclude) are concatenated, maps
// (build-args) are merged key by key, and rule settings are applied in
// order, field by field, the upper layer last.
package config

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/util/suggest"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/pathglob"
)

// FileNames are the names Find looks for, in order of preference.
var FileNames = []string{".dockguard.yaml", ".dockguard.yml"}

// Config is one layer of configuration. The zero value sets nothing.
type Config struct {
	// Path is the file this layer came from ("" for flags and defaults).
	Path string

	// TrustedRegistries are registry hosts and repository prefixes (globs
	// allowed) whose images are trusted.
	TrustedRegistries []string
	// TrustedRegistriesMode says whether TrustedRegistries extend or
	// replace the built-in policy.
	TrustedRegistriesMode TrustMode
	// FailureThreshold is the lowest severity that fails the run.
	FailureThreshold Threshold
	// Exclude are globs of paths not to walk.
	Exclude []string
	// RuleSet selects the rules that run (unset: the default set).
	RuleSet finding.RuleSet
	// RuleSetVersion, "X.Y", keeps the rule set to the rules added up to
	// that release; "" means every rule of the set.
	RuleSetVersion string
	// BuildArgs override Dockerfile ARG defaults.
	BuildArgs map[string]string
	// LabelSchema names the labels images must carry and the type of
	// their values (one of LabelTypes).
	LabelSchema map[string]string
	// StrictLabels, when set and true, reports labels not in LabelSchema.
	StrictLabels *bool
	// Rules are per-rule settings in the order written; later ones win.
	Rules []RuleSetting
	// NoInlineIgnores lists peer tools whose inline ignore comments are
	// not honoured (hadolint's disable-ignore-pragma).
	NoInlineIgnores []finding.Tool
	// Notes are what reading the file has to say without failing (a
	// hadolint setting with no dockguard counterpart).
	Notes []*Error
	// Images are facts the team states about images (`images:`), in the
	// order written; later ones win.
	Images []ImageSetting
}

// ImageSetting is one `images:` entry.
type ImageSetting struct {
	Image       string // name or glob, as written
	User        *string
	Healthcheck *bool
	Path        string
	Line        int
}

// LabelTypes are the value types of label-schema (hadolint's).
var LabelTypes = []string{"text", "url", "email", "rfc3339", "semver", "hash", "spdx"}

// TrustMode says how trusted-registries combine with the built-in policy.
type TrustMode int

const (
	TrustUnset   TrustMode = iota // not set: extend
	TrustExtend                   // add to the built-in policy
	TrustReplace                  // use only the configured list
	TrustNarrow                   // add to 0.1's narrower built-in list
)

// ParseTrustMode reads "extend", "narrow" or "replace".
func ParseTrustMode(s string) (TrustMode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "extend":
		return TrustExtend, nil
	case "replace":
		return TrustReplace, nil
	case "narrow":
		return TrustNarrow, nil
	}
	return TrustUnset, fmt.Errorf("unknown trusted-registries-mode %q (want extend, narrow or replace)", s)
}

// Threshold is the lowest severity that makes the run fail.
type Threshold int

const (
	ThresholdUnset   Threshold = iota // not set: DefaultThreshold
	ThresholdInfo                     // any finding fails
	ThresholdWarning                  // warnings and errors fail
	ThresholdError                    // only errors fail
	ThresholdNone                     // findings never fail the run
)

// DefaultThreshold applies when no layer sets failure-threshold.
const DefaultThreshold = ThresholdWarning

func (t Threshold) String() string {
	switch t {
	case ThresholdInfo:
		return "info"
	case ThresholdWarning:
		return "warning"
	case ThresholdError:
		return "error"
	case ThresholdNone:
		return "none"
	}
	return "unset"
}

// ParseThreshold reads "error", "warning", "info" or "none" (also "warn",
// "note", "never").
func ParseThreshold(s string) (Threshold, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "never":
		return ThresholdNone, nil
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		return ThresholdUnset, fmt.Errorf("unknown failure threshold %q (want error, warning, info or none)", s)
	}
	return thresholdOf(sev), nil
}

func thresholdOf(s finding.Severity) Threshold {
	switch s {
	case finding.Error:
		return ThresholdError
	case finding.Warning:
		return ThresholdWarning
	}
	return ThresholdInfo
}

// Fails reports whether a finding of severity s fails the run. An unset
// threshold acts as DefaultThreshold.
func (t Threshold) Fails(s finding.Severity) bool {
	if t == ThresholdUnset {
		t = DefaultThreshold
	}
	if t == ThresholdNone || s == finding.SeverityDefault {
		return false
	}
	return thresholdOf(s) >= t
}

// FailsAny reports whether any of the findings fails the run.
func (t Threshold) FailsAny(findings []finding.Finding) bool {
	for _, f := range findings {
		if t.Fails(f.Severity) {
			return true
		}
	}
	return false
}

// RuleState says whether a setting turns a rule on or off.
type RuleState int

const (
	RuleUnset RuleState = iota // leaves the rule as the layers below had it
	RuleOn
	RuleOff
)

// RuleSetting is the setting of one rule in one layer.
type RuleSetting struct {
	Rule           string           // ID or name, as written
	State          RuleState        // RuleOn also when Severity is set
	Severity       finding.Severity // SeverityDefault: keep the rule's own
	IgnoreServices []string         // globs over Finding.Subject
	IgnorePaths    []string         // globs over Finding.Path (slash form)

	// Where it was written, for messages (Line 0 = flags).
	Path string
	Line int
}

// ParseRuleValue reads a short-form rule value: off/false/disable/disabled,
// on/true/enable/enabled, or a severity (error, warning, info). It is what
// both the file and a `--rule ID=VALUE` flag accept.
func ParseRuleValue(s string) (RuleState, finding.Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "false", "disable", "disabled":
		return RuleOff, finding.SeverityDefault, nil
	case "on", "true", "enable", "enabled":
		return RuleOn, finding.SeverityDefault, nil
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		return RuleUnset, finding.SeverityDefault, fmt.Errorf("unknown rule setting %q (want off, on, error, warning or info)", s)
	}
	return RuleOn, sev, nil
}

// Find returns the configuration file at the root of a tree, if any.
func Find(root string) (string, bool) {
	for _, name := range FileNames {
		p := filepath.Join(root, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// Load reads and parses a configuration file.
func Load(path string) (*Config, error) {
	// Stat first: opening a FIFO or a device would block or never end.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading config: %s: not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Merge returns a new layer: c with over laid on top (see the package doc).
// Either may be nil; neither is modified.
func (c *Config) Merge(over *Config) *Config {
	if c == nil {
		c = &Config{}
	}
	if over == nil {
		over = &Config{}
	}
	out := &Config{
		Path:                  cmp.Or(over.Path, c.Path),
		TrustedRegistries:     appendUnique(c.TrustedRegistries, over.TrustedRegistries),
		TrustedRegistriesMode: c.TrustedRegistriesMode,
		FailureThreshold:      c.FailureThreshold,
		Exclude:               appendUnique(c.Exclude, over.Exclude),
	}
	if over.TrustedRegistriesMode != TrustUnset {
		out.TrustedRegistriesMode = over.TrustedRegistriesMode
	}
	if over.FailureThreshold != ThresholdUnset {
		out.FailureThreshold = over.FailureThreshold
	}
	out.RuleSet = c.RuleSet
	if over.RuleSet != finding.RuleSetUnset {
		out.RuleSet = over.RuleSet
	}
	out.RuleSetVersion = cmp.Or(over.RuleSetVersion, c.RuleSetVersion)
	if len(c.BuildArgs)+len(over.BuildArgs) > 0 {
		out.BuildArgs = make(map[string]string, len(c.BuildArgs)+len(over.BuildArgs))
		for k, v := range c.BuildArgs {
			out.BuildArgs[k] = v
		}
		for k, v := range over.BuildArgs {
			out.BuildArgs[k] = v
		}
	}
	if len(c.LabelSchema)+len(over.LabelSchema) > 0 {
		out.LabelSchema = make(map[string]string, len(c.LabelSchema)+len(over.LabelSchema))
		for k, v := range c.LabelSchema {
			out.LabelSchema[k] = v
		}
		for k, v := range over.LabelSchema {
			out.LabelSchema[k] = v
		}
	}
	out.StrictLabels = c.StrictLabels
	if over.StrictLabels != nil {
		out.StrictLabels = over.StrictLabels
	}
	out.Rules = append(append(make([]RuleSetting, 0, len(c.Rules)+len(over.Rules)), c.Rules...), over.Rules...)
	if len(c.NoInlineIgnores)+len(over.NoInlineIgnores) > 0 {
		out.NoInlineIgnores = append(append([]finding.Tool{}, c.NoInlineIgnores...), over.NoInlineIgnores...)
	}
	if len(c.Notes)+len(over.Notes) > 0 {
		out.Notes = append(append([]*Error{}, c.Notes...), over.Notes...)
	}
	if len(c.Images)+len(over.Images) > 0 {
		out.Images = append(append(make([]ImageSetting, 0, len(c.Images)+len(over.Images)), c.Images...), over.Images...)
	}
	return out
}

func appendUnique(a, b []string) []string {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := make([]string, 0, len(a)+len(b))
	seen := make(map[string]bool, len(a)+len(b))
	for _, l := range [][]string{a, b} {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// Threshold is the effective failure threshold (DefaultThreshold if unset).
func (c *Config) Threshold() Threshold {
	if c == nil || c.FailureThreshold == ThresholdUnset {
		return DefaultThreshold
	}
	return c.FailureThreshold
}

// ExtendDefaultTrust reports whether trusted-registries add to the
// built-in trust policy (the default) rather than replace it.
func (c *Config) ExtendDefaultTrust() bool {
	return c == nil || c.TrustedRegistriesMode != TrustReplace
}

// names reports whether setting s names the rule with this ID or name.
func (s *RuleSetting) names(id, name string) bool {
	return (id != "" && strings.EqualFold(s.Rule, id)) || (name != "" && strings.EqualFold(s.Rule, name))
}

// EffectiveRuleSet is the selected rule set (the default set when unset).
func (c *Config) EffectiveRuleSet() finding.RuleSet {
	if c == nil || c.RuleSet == finding.RuleSetUnset {
		return finding.RuleSetDefault
	}
	return c.RuleSet
}

// InRuleSet reports whether the selected rule set, at RuleSetVersion,
// holds m. The engine's own rules are always in it.
func (c *Config) InRuleSet(m *finding.Meta) bool {
	if m.Role != finding.NoRole {
		return true
	}
	if m.RuleSet > c.EffectiveRuleSet() {
		return false
	}
	return c == nil || c.RuleSetVersion == "" || finding.CompareVersions(m.Since, c.RuleSetVersion) <= 0
}

// RuleEnabled reports whether the rule m runs: a setting that names it
// decides (the last one wins); otherwise it runs when the rule set holds it.
func (c *Config) RuleEnabled(m *finding.Meta) bool {
	on := c.InRuleSet(m)
	if c == nil {
		return on
	}
	for i := range c.Rules {
		s := &c.Rules[i]
		if s.names(m.ID, m.Name) && s.State != RuleUnset {
			on = s.State == RuleOn
		}
	}
	return on
}

// Severity is the severity to report for a finding of r that the rule
// graded found: the configured override if any, else found, else the
// rule's default.
func (c *Config) Severity(r *finding.Meta, found finding.Severity) finding.Severity {
	if found == finding.SeverityDefault {
		found = r.Severity
	}
	if c == nil {
		return found
	}
	for i := range c.Rules {
		s := &c.Rules[i]
		if s.names(r.ID, r.Name) && s.Severity != finding.SeverityDefault {
			found = s.Severity
		}
	}
	return found
}

// Ignored reports whether a finding falls under its rule's ignore-services
// (matched against f.Subject) or ignore-paths (matched against f.Path in
// slash form, without a leading "./").
func (c *Config) Ignored(f finding.Finding) bool {
	if c == nil {
		return false
	}
	p := filepath.ToSlash(f.Path)
	for i := range c.Rules {
		s := &c.Rules[i]
		if !s.names(f.RuleID, f.RuleName) {
			continue
		}
		if f.Subject != "" {
			for _, g := range s.IgnoreServices {
				if pathglob.Match(g, f.Subject) {
					return true
				}
			}
		}
		for _, g := range s.IgnorePaths {
			if pathglob.Match(g, p) {
				return true
			}
		}
	}
	return false
}

// Validate checks the rule settings against the registry: every rule must
// exist, no file may set the same rule twice, and ignore-services only
// applies to compose rules. Errors name the file and line.
func (c *Config) Validate(cat *finding.Catalog) error {
	if c == nil {
		return nil
	}
	var errs ErrorList
	type key struct{ path, id string }
	first := map[key]*RuleSetting{}
	for i := range c.Rules {
		s := &c.Rules[i]
		r := cat.Lookup(s.Rule)
		if r == nil {
			msg := fmt.Sprintf("unknown rule %q", s.Rule)
			if hint := suggestRule(cat, s.Rule); hint != "" {
				msg += " (did you mean " + hint + "?)"
			}
			errs = append(errs, &Error{Path: s.Path, Line: s.Line, Msg: msg})
			continue
		}
		if s.Line > 0 {
			k := key{s.Path, r.ID}
			if prev, dup := first[k]; dup {
				errs = append(errs, &Error{Path: s.Path, Line: s.Line,
					Msg: fmt.Sprintf("rule %s is already set on line %d (as %q)", r.ID, prev.Line, prev.Rule)})
				continue
			}
			first[k] = s
		}
		if len(s.IgnoreServices) > 0 && !r.Kind().Reads(finding.KindCompose) {
			errs = append(errs, &Error{Path: s.Path, Line: s.Line,
				Msg: fmt.Sprintf("ignore-services only applies to compose rules, and %s is not one (use ignore-paths)", r.ID)})
		}
	}
	return errs.err()
}

func suggestRule(cat *finding.Catalog, s string) string {
	var cands []string
	for _, r := range cat.All() {
		cands = append(cands, r.ID, r.Name)
	}
	return didYouMean(s, cands)
}

// Error is a configuration error at a place in a file.
type Error struct {
	Path string // "" for flags
	Line int    // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return e.Msg
	case e.Line <= 0:
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
}

// ErrorList is several configuration errors, one per line when printed.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

func (l ErrorList) err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// didYouMean returns the candidate that BuildKit's "did you mean" search
// finds for s (case-insensitive, at most 2 edits), spelled as in cands, or
// "". A candidate equal to s but for case is a hint too.
func didYouMean(s string, cands []string) string {
	for _, c := range cands {
		if strings.EqualFold(s, c) {
			return c // suggest.Search takes an exact match for no typo
		}
	}
	m, _ := suggest.Search(s, cands, false)
	for _, c := range cands {
		if strings.EqualFold(m, c) {
			return c // Search answers in s's case
		}
	}
	return ""
}
