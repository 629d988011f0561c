// Package finding holds what every layer of dockguard shares: findings,
// severities, locations, related locations, fixes and the metadata of
// rules. It imports nothing but lint/source and the standard library, so
// that the output formats, the configuration, suppression, git diff
// filtering and discovery never link a parser.
package finding

import (
	"fmt"
	"strings"

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
	// Related are other places that take part in the problem (the
	// Dockerfile stage behind a compose service, the service that shares a
	// network), shown beside the finding by formats that can.
	Related []Related
	// Fix, when set, is a mechanical change that solves the problem.
	Fix *Fix
	// Fingerprint identifies the finding across runs and across unrelated
	// edits above it (no line number in it); set by the engine.
	Fingerprint string
}

// Location returns where the finding is.
func (f *Finding) Location() source.Location {
	return source.Location{Path: f.Path, Range: f.Range}
}

// Related is another place that takes part in a finding's problem.
type Related struct {
	Path    string // "" = the finding's file
	Range   source.Range
	Message string // what this place is, e.g. `stage "app" sets no USER`
}

// Fix is a set of text edits that together solve a finding's problem.
type Fix struct {
	Description string // imperative, e.g. "pin alpine to 3.20"
	Edits       []Edit
	// Class says whether applying the fix can change what the image or
	// service does. The zero value is FixHardening, so a fix nobody
	// classified is never applied by a plain `--fix`.
	Class FixClass
}

// FixClass says how safe a fix is to apply without a test run.
type FixClass int

const (
	// FixHardening changes behaviour on purpose (drop capabilities, run
	// as a non-root user, bind a port to 127.0.0.1): applied only with
	// `--fix=hardening`, and the change may need a test run.
	FixHardening FixClass = iota
	// FixSafe cannot change what the image or service does (MAINTAINER to
	// LABEL, instruction casing, an obsolete `version:` key).
	FixSafe
)

func (c FixClass) String() string {
	if c == FixSafe {
		return "safe"
	}
	return "hardening"
}

// Edit replaces the text of Range in Path (may be another file than the
// finding's) with NewText; an empty range inserts.
type Edit struct {
	Path    string // "" = the finding's file
	Range   source.Range
	NewText string
}
