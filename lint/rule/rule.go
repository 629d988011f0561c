// Package rule defines what a rule is, how it reports, and the registry of
// rules. A rule is its metadata (finding.Meta) plus one check for one front
// end; rules are read-only values, and per-file state lives in a Pass.
//
// The metadata types are re-exported from lint/finding, so that a rule file
// imports only this package and its front end.
package rule

import (
	"fmt"
	"slices"
	"time"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/source"
)

type (
	Meta     = finding.Meta
	Doc      = finding.Doc
	Refs     = finding.Refs
	Severity = finding.Severity
	Finding  = finding.Finding
	Related  = finding.Related
	Fix      = finding.Fix
	Edit     = finding.Edit
	FixClass = finding.FixClass
)

// Severities.
const (
	SeverityDefault = finding.SeverityDefault
	Info            = finding.Info
	Warning         = finding.Warning
	Error           = finding.Error
)

// Fix classes.
const (
	FixSafe      = finding.FixSafe
	FixHardening = finding.FixHardening
)

// Rule sets.
const (
	Default = finding.RuleSetDefault
	Strict  = finding.RuleSetStrict
	All     = finding.RuleSetAll
)

// Tools for References.
const (
	Hadolint    = finding.Hadolint
	BuildKit    = finding.BuildKit
	Trivy       = finding.Trivy
	Checkov     = finding.Checkov
	KICS        = finding.KICS
	ComposeLint = finding.ComposeLint
	DCLint      = finding.DCLint
	Semgrep     = finding.Semgrep
	CIS         = finding.CIS
	CWE         = finding.CWE
)

// Rule is one check: its metadata and one of Dockerfile and Compose; a
// general (DG) rule may have both, for one concern judged in both kinds of
// file. The engine's own rules (Meta.Role set) have neither: the engine
// reports through them.
type Rule struct {
	Meta
	Dockerfile func(*Pass, *dockerfile.File)
	Compose    func(*Pass, *compose.Project)
}

// Diagnostic is what a rule reports: one problem in one place.
type Diagnostic struct {
	// Path is the file Range is in; "" means the file the pass reads (a
	// compose rule may point into an override, an extends base or an
	// included file instead).
	Path  string
	Range source.Range
	// Message says what is wrong and what to change, in one line. It is
	// data, never a format string; it must not quote secrets.
	Message string
	// Severity is the rule's severity when zero; graded rules set one of
	// the severities they declare.
	Severity Severity
	// Subject names what the finding is about (a compose service, a
	// Dockerfile stage), for per-subject exceptions in the configuration.
	Subject string
	Related []Related // other places that take part in the problem
	Fix     *Fix      // a mechanical fix, when there is one
}

// Settings are the parts of the configuration that rules read.
type Settings struct {
	Trust *imageref.Policy
	// Images answers what is known about images (users, health checks,
	// trust tiers): the configuration's `images:`, then what
	// --resolve-images read from registries, then the built-in table.
	Images *imagefacts.DB
	// Today is the date end-of-life rules judge against (--date,
	// DOCKGUARD_DATE; the clock when zero).
	Today time.Time
	// LabelSchema is the configured label-schema: label name -> value
	// type (text, url, email, rfc3339, semver, hash, spdx); nil when none.
	LabelSchema map[string]string
	// StrictLabels reports labels that LabelSchema does not name.
	StrictLabels bool
}

// Pass carries one rule's run over one file or project.
type Pass struct {
	Rule     *Rule
	Path     string // the file read (a compose project's first file)
	Settings *Settings
	emit     func(Finding)
	seen     map[reportKey]bool
}

type reportKey struct {
	path, subject, message string
	rng                    source.Range
}

// NewPass makes a pass that hands findings to emit.
func NewPass(r *Rule, path string, s *Settings, emit func(Finding)) *Pass {
	if s == nil {
		s = &Settings{}
	}
	if s.Trust == nil {
		s.Trust = imagefacts.DefaultTrust()
	}
	if s.Images == nil {
		s.Images = imagefacts.Default()
	}
	if s.Today.IsZero() {
		s.Today = time.Now().UTC()
	}
	return &Pass{Rule: r, Path: path, Settings: s, emit: emit}
}

// Report records a finding. A diagnostic equal to an earlier one of the
// pass (same place, subject and message: a value merged from two files is
// seen twice) is dropped. Reporting a severity the rule does not declare
// is a programming error and panics; the engine turns panics into findings.
func (p *Pass) Report(d Diagnostic) {
	sev := d.Severity
	if sev == SeverityDefault {
		sev = p.Rule.Severity
	} else if !p.Rule.Reports(sev) {
		panic(fmt.Sprintf("rule %s reported severity %s, which it does not declare", p.Rule.ID, sev))
	}
	path := d.Path
	if path == "" {
		path = p.Path
	}
	k := reportKey{path: path, subject: d.Subject, message: d.Message, rng: d.Range}
	if p.seen[k] {
		return
	}
	if p.seen == nil {
		p.seen = map[reportKey]bool{}
	}
	p.seen[k] = true
	related := slices.Clone(d.Related)
	for i := range related {
		if related[i].Path == "" {
			related[i].Path = path
		}
	}
	p.emit(Finding{
		RuleID: p.Rule.ID, RuleName: p.Rule.Name, Severity: sev,
		Path: path, Range: d.Range, Message: d.Message, Subject: d.Subject,
		Related: related, Fix: d.Fix,
	})
}

// Registry is an ordered set of rules with unique IDs and names.
type Registry struct {
	catalog *finding.Catalog
	rules   []*Rule
	byID    map[string]*Rule
}

// NewRegistry checks and indexes rules. It fails on malformed or duplicate
// metadata, on a rule with no check (or two, unless it is a DG rule), and
// on a check that does not match the rule's ID (DF rules read Dockerfiles,
// DC rules compose files, DG rules either).
func NewRegistry(rules ...*Rule) (*Registry, error) {
	metas := make([]*Meta, len(rules))
	for i, r := range rules {
		metas[i] = &r.Meta
	}
	cat, err := finding.NewCatalog(metas...)
	if err != nil {
		return nil, err
	}
	reg := &Registry{catalog: cat, byID: map[string]*Rule{}}
	for _, r := range rules {
		checks := 0
		if r.Dockerfile != nil {
			checks++
		}
		if r.Compose != nil {
			checks++
		}
		switch {
		case r.Role != finding.NoRole && checks > 0:
			return nil, fmt.Errorf("rule %s: an engine rule (Role) has no check", r.ID)
		case r.Role == finding.NoRole && checks == 0:
			return nil, fmt.Errorf("rule %s: has no check (Dockerfile or Compose)", r.ID)
		case checks == 2 && r.Kind() != finding.KindAny:
			return nil, fmt.Errorf("rule %s: only a DG rule may check both Dockerfiles and compose files", r.ID)
		case r.Dockerfile != nil && !r.Kind().Reads(finding.KindDockerfile),
			r.Compose != nil && !r.Kind().Reads(finding.KindCompose):
			return nil, fmt.Errorf("rule %s: its ID prefix does not match the files its check reads", r.ID)
		}
		reg.byID[r.ID] = r
	}
	for _, m := range cat.All() {
		reg.rules = append(reg.rules, reg.byID[m.ID])
	}
	return reg, nil
}

// All returns the rules ordered by ID.
func (reg *Registry) All() []*Rule { return reg.rules }

// Catalog is the rules' metadata, for the packages that must not see checks.
func (reg *Registry) Catalog() *finding.Catalog { return reg.catalog }

// Lookup finds a rule by ID or name, case-insensitively.
func (reg *Registry) Lookup(key string) *Rule {
	if m := reg.catalog.Lookup(key); m != nil {
		return reg.byID[m.ID]
	}
	return nil
}

// ByRole returns the engine's rule for role, or nil.
func (reg *Registry) ByRole(role finding.Role) *Rule {
	if m := reg.catalog.ByRole(role); m != nil {
		return reg.byID[m.ID]
	}
	return nil
}

// Kind is the kind of file a rule reads.
type Kind = finding.Kind

// Kinds.
const (
	KindDockerfile = finding.KindDockerfile
	KindCompose    = finding.KindCompose
	KindMeta       = finding.KindMeta
	KindAny        = finding.KindAny
)

// Engine roles (see finding.Role).
const (
	NoRole             = finding.NoRole
	DockerfileProblems = finding.DockerfileProblems
	ComposeProblems    = finding.ComposeProblems
	UnusedIgnores      = finding.UnusedIgnores
	StaleBaseline      = finding.StaleBaseline
)
