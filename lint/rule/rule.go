// Package rule defines what a rule is, what it reports, and the registry of
// rules. Rules are read-only values; per-file state lives in a Pass.
package rule

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/source"
)

// Severity grades a finding. The zero value means "the rule's default".
type Severity int

const (
	SeverityDefault Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "default"
}

// ParseSeverity reads "error", "warning" or "info" (also "note").
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return SeverityDefault, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// Kind says which front end a rule reads.
type Kind string

const (
	KindDockerfile Kind = "dockerfile"
	KindCompose    Kind = "compose"
	KindMeta       Kind = "meta" // reported by the engine itself (parse errors, unused ignores)
)

// Doc is the documentation of a rule, written once beside it. Everything
// else (explain, README table, SARIF help, docs/rules pages) is generated.
type Doc struct {
	Why  string // why it matters, in prose (markdown allowed)
	Bad  string // a file that must trigger the rule
	Good string // the same file fixed; must not trigger the rule
	Fix  string // optional: how to fix, when Good is not self-explanatory
}

// Rule is one check. Exactly one of Dockerfile and Compose is set, except
// for meta rules, which have neither.
type Rule struct {
	ID       string   // stable public ID: DF001, DC003
	Name     string   // kebab-case short name
	Severity Severity // default severity
	// Severities lists the other severities the rule can report (graded rules),
	// for documentation.
	Severities []Severity
	Summary    string   // one line: what to change
	Tags       []string // "security", "CIS-4.1", "CWE-250"...
	Doc        Doc

	Dockerfile func(*Pass, *dockerfile.File)
	Compose    func(*Pass, *compose.Project)
}

// Kind reports which front end the rule reads.
func (r *Rule) Kind() Kind {
	switch {
	case r.Dockerfile != nil:
		return KindDockerfile
	case r.Compose != nil:
		return KindCompose
	}
	return KindMeta
}

// DocURL is the address of the rule's generated doc page.
func (r *Rule) DocURL() string {
	return DocsBaseURL + r.ID + ".md"
}

// DocsBaseURL is where docs/rules/<ID>.md pages are published.
const DocsBaseURL = "https://github.com/dockguard/dockguard/blob/main/docs/rules/"

// Finding is one problem found in one place.
type Finding struct {
	RuleID   string
	RuleName string
	Severity Severity
	Path     string       // display path of the file to edit
	Range    source.Range // 1-based; End exclusive
	Message  string
	// Subject names the thing the finding is about when there is one
	// (a compose service, a Dockerfile stage), for per-subject exceptions.
	Subject string
	// Fingerprint identifies the finding across runs and across unrelated
	// edits above it (no line number in it); set by the engine.
	Fingerprint string
}

// Settings are the parts of the configuration that rules read.
type Settings struct {
	Trust *imageref.Policy
}

// Pass carries one rule's run over one file or project.
type Pass struct {
	Rule     *Rule
	Path     string // default path for Report
	Settings *Settings
	report   func(Finding)
}

// NewPass makes a pass that hands findings to report.
func NewPass(r *Rule, path string, s *Settings, report func(Finding)) *Pass {
	if s == nil {
		s = &Settings{}
	}
	if s.Trust == nil {
		s.Trust = imageref.DefaultPolicy()
	}
	return &Pass{Rule: r, Path: path, Settings: s, report: report}
}

// Report records a finding at r in the pass's file with the rule's severity.
// msg is used as is: it is data, never a format string.
func (p *Pass) Report(r source.Range, msg string) {
	p.ReportAt(source.Location{Path: p.Path, Range: r}, SeverityDefault, "", msg)
}

// Reportf is Report with a message built by fmt.Sprintf.
func (p *Pass) Reportf(r source.Range, format string, args ...any) {
	p.Report(r, fmt.Sprintf(format, args...))
}

// ReportAt records a finding at loc (which may be another file, e.g. a
// compose override) with severity sev (SeverityDefault = the rule's) about
// subject (may be "").
func (p *Pass) ReportAt(loc source.Location, sev Severity, subject, msg string) {
	if sev == SeverityDefault {
		sev = p.Rule.Severity
	}
	if loc.Path == "" {
		loc.Path = p.Path
	}
	p.report(Finding{
		RuleID: p.Rule.ID, RuleName: p.Rule.Name, Severity: sev,
		Path: loc.Path, Range: loc.Range, Message: msg, Subject: subject,
	})
}

// Registry is an ordered set of rules with unique IDs and names.
type Registry struct {
	rules []*Rule
	byKey map[string]*Rule // ID and name, lower-cased
}

var (
	idPattern   = regexp.MustCompile(`^(DF|DC|DG)[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// NewRegistry checks and indexes rules; it fails on malformed or duplicate IDs and names.
func NewRegistry(rules ...*Rule) (*Registry, error) {
	reg := &Registry{byKey: map[string]*Rule{}}
	for _, r := range rules {
		if !idPattern.MatchString(r.ID) {
			return nil, fmt.Errorf("rule %q: ID must be DF, DC or DG and three digits", r.ID)
		}
		if !namePattern.MatchString(r.Name) {
			return nil, fmt.Errorf("rule %s: name %q is not kebab-case", r.ID, r.Name)
		}
		if r.Severity == SeverityDefault {
			return nil, fmt.Errorf("rule %s: no severity", r.ID)
		}
		for _, k := range []string{strings.ToLower(r.ID), r.Name} {
			if _, dup := reg.byKey[k]; dup {
				return nil, fmt.Errorf("rule %s: duplicate ID or name %q", r.ID, k)
			}
			reg.byKey[k] = r
		}
		reg.rules = append(reg.rules, r)
	}
	sort.SliceStable(reg.rules, func(i, j int) bool { return reg.rules[i].ID < reg.rules[j].ID })
	return reg, nil
}

// All returns the rules ordered by ID.
func (reg *Registry) All() []*Rule { return reg.rules }

// Lookup finds a rule by ID or name, case-insensitively.
func (reg *Registry) Lookup(key string) *Rule {
	return reg.byKey[strings.ToLower(strings.TrimSpace(key))]
}
