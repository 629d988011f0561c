// Package suppress reads inline suppression comments and applies them to
// findings after the rules ran.
//
// # Syntax
//
//	# dockguard ignore=DF001,mutable-base-tag -- reason
//	# dockguard global ignore=DF002 -- reason
//
// Rules are named by ID or by name, separated by commas (spaces after the
// commas are fine). Everything after `--` is the reason; it is optional but
// recommended (other text after the rule list is reported, since it is
// most likely a reason missing its `--`; the directive still applies).
// `dockguard`, `global` and `ignore` are case-insensitive.
// A comment that starts with `dockguard ignore` or `dockguard global` but
// does not follow the syntax is reported; any other comment that merely
// mentions dockguard is left alone.
//
// # Dockerfiles
//
// Only full-line comments count: a `#` inside an instruction is not a
// comment, nor is a line inside a heredoc body (`RUN <<EOF`). A directive
// applies to the next instruction (all of its lines, continuation lines
// included); several directive lines stacked above the same instruction
// all apply, and other comment lines may sit between them and the
// instruction. A blank line ends the association (the directive then
// suppresses nothing and is reported as unused), as does the end of the
// file. A directive written inside a multi-line instruction (a comment
// line between continuation lines, which BuildKit drops) applies to that
// instruction. `global` directives apply to the whole file wherever they
// are.
//
// # YAML (Compose)
//
// A directive at the end of a line applies to that line; a directive on a
// full comment line applies to the next line that is neither blank nor a
// comment (stacked comment lines all apply; a blank line ends the
// association). So a directive above a key suppresses findings reported on
// that key's line, not the whole block under it. Comments are found as the
// YAML parser sees them: a `#` inside a quoted string or a block scalar
// (`|`, `>`) is text, not a comment. If the file is not valid YAML, only
// full-line comments are considered.
//
// # Peers' comments
//
// Other tools' inline comments are honoured for the dockguard rules whose
// References name the rules they list: hadolint's, Trivy's, Checkov's and
// KICS's and BuildKit's `# check=` directive in Dockerfiles (migrate.go),
// KICS's and dclint's in YAML files (migrate.go, peers.go). They are never
// reported as unused, except a `# check=` parser directive BuildKit
// cannot read (the build fails on it).
//
// # Unused ignores
//
// A directive that suppresses nothing is reported as DG001 (unused-ignore,
// info), as is each rule name in it that suppressed nothing while others
// did, a rule name that is not known, and a malformed directive. A
// `# dockguard global ignore=DG001` silences these reports for its file.
package suppress

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Syntax says how comments are written in a file.
type Syntax int

const (
	Dockerfile Syntax = iota + 1 // full-line `#` comments, instructions with continuations
	YAML                         // YAML comments (Compose files)
)

func (s Syntax) String() string {
	switch s {
	case Dockerfile:
		return "dockerfile"
	case YAML:
		return "yaml"
	}
	return "unknown"
}

// Entry is one rule named in a directive.
type Entry struct {
	Written string       // as written
	ID      string       // canonical rule ID; "" when the rule is unknown
	Range   source.Range // of the written name
}

// Directive is one `# dockguard ... ignore=...` comment.
type Directive struct {
	Path   string
	Line   int          // line of the comment
	Range  source.Range // the comment, from `#` to its last character
	Global bool
	// Target is the line the directive applies to: for a Dockerfile the
	// first line of the instruction, for YAML the line itself. 0 for
	// global directives and for directives that attach to nothing.
	Target int
	// End is the last line a block directive covers (KICS's
	// ignore-block): it applies to the lines Target..End. 0: Target only.
	End     int
	Entries []Entry
	Reason  string // after "--"; "" when missing
	// Malformed is non-empty when the comment looks like a directive but
	// cannot be read; it then suppresses nothing and is reported.
	Malformed string
	// Tool is the peer tool whose comment this is (finding.DCLint,
	// finding.Hadolint...), or "" for dockguard's own directives. A peer's
	// directive names the dockguard rules that reference the peer rules it
	// lists; it is never reported as unused (a malformed BuildKit
	// `# check=` directive is reported: BuildKit fails the build on it).
	Tool finding.Tool

	detached string // why Target is 0, for the unused report
	raise    bool   // a BuildKit check directive's error=true
	junk     string // text after the rule list that is not after "--"
}

// Rules returns the canonical IDs of the known rules the directive names.
func (d *Directive) Rules() []string {
	var ids []string
	for _, e := range d.Entries {
		if e.ID != "" {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// Set is the directives of one file.
type Set struct {
	Path       string
	Syntax     Syntax
	Directives []*Directive
	// unusedID is the ID of the rule that reports unused ignores, which a
	// global ignore of it silences for the file.
	unusedID string
	// raise holds the rules whose findings `# check=error=true` raises to
	// error in this file.
	raise map[string]bool
}

// RaisesToError reports whether the file's `# check=error=true` raises
// the findings of rule id to error (the engine does, after the
// configuration's severities: the file says its build fails on them).
func (s *Set) RaisesToError(id string) bool { return s != nil && s.raise[id] }

// Parse reads the directives among the comments a front end found in f
// (syn says which kind of file it is). cat resolves rule names (nil: only
// IDs of the form AA000 are accepted, unchecked). It never fails: what
// cannot be read is kept as a malformed directive.
func Parse(f *source.File, syn Syntax, comments []source.Comment, cat *finding.Catalog) *Set {
	return ParseWith(f, syn, comments, ParseOptions{Catalog: cat})
}

// ParseWith is Parse with the peers' comments and BuildKit's `# check=`
// directive (see migrate.go) tuned by opts.
func ParseWith(f *source.File, syn Syntax, comments []source.Comment, opts ParseOptions) *Set {
	cat := opts.Catalog
	s := &Set{Path: f.Path, Syntax: syn}
	if cat != nil {
		if m := cat.ByRole(finding.UnusedIgnores); m != nil {
			s.unusedID = m.ID
		}
	}
	p := &parseCtx{f: f, syn: syn, opts: opts, first: -1}
	if cat != nil && opts.Check != "" && syn == Dockerfile {
		if d := p.checkDirective(s); d != nil {
			s.Directives = append(s.Directives, d)
		}
	}
	headDone := false
	for _, c := range comments {
		d := parseDirective(f, c, cat)
		if d == nil && cat != nil {
			if !headDone {
				p.head, headDone = kicsHead(f, syn), true
			}
			d = p.peerComment(c)
		}
		if d != nil {
			s.Directives = append(s.Directives, d)
		}
	}
	return s
}

// Options tune Filter.
type Options struct {
	// Anchor maps a finding's line to the line directives attach to (for a
	// Dockerfile: the first line of the instruction covering it). nil or a
	// result <= 0 means the line itself.
	Anchor func(path string, line int) int
	// Ran reports whether a rule ran on a file. An ignore of a rule that
	// did not run (disabled in the configuration, not applicable) is not
	// reported as unused. nil: every rule ran.
	Ran func(path, ruleID string) bool
	// PeerAnchor maps a finding's line to the line a peer tool would
	// report it on (for a compose file, the key of the service's block
	// that holds it: compose.Project.ServiceKeyLine); peers' line
	// comments on that line apply too. nil or a result <= 0: none.
	PeerAnchor func(path string, line int) int
}

// Unused is a directive, or a rule name in one, that suppressed nothing,
// names an unknown rule or cannot be read. The engine reports it as a
// finding of the rule with the UnusedIgnores role.
type Unused struct {
	Path    string
	Range   source.Range
	Message string
}

// FilterWith drops the findings that a directive of their file (sets are
// keyed by Finding.Path) suppresses. It returns the kept findings, in their
// order, and the malformed directives, unknown rule names and directives
// (or rule names in them) that suppressed nothing, sorted by path and
// position. sets are not modified.
func FilterWith(findings []finding.Finding, sets map[string]*Set, opts Options) (kept []finding.Finding, unused []Unused) {
	used := map[*Directive][]bool{}
	index := map[*Set]*dirIndex{}
	kept = make([]finding.Finding, 0, len(findings))
	for _, f := range findings {
		s := sets[f.Path]
		if s == nil || len(s.Directives) == 0 {
			kept = append(kept, f)
			continue
		}
		line := f.Range.Start.Line
		anchor := line
		if line > 0 && opts.Anchor != nil {
			if a := opts.Anchor(f.Path, line); a > 0 {
				anchor = a
			}
		}
		ix := index[s]
		if ix == nil {
			ix = newDirIndex(s)
			index[s] = ix
		}
		suppressed := false
		match := func(d *Directive) {
			for i, e := range d.Entries {
				if e.ID != "" && e.ID == f.RuleID {
					u := used[d]
					if u == nil {
						u = make([]bool, len(d.Entries))
						used[d] = u
					}
					u[i] = true
					suppressed = true
				}
			}
		}
		for _, d := range ix.candidates(anchor) {
			match(d)
		}
		if ix.peerLines && line > 0 && opts.PeerAnchor != nil {
			if pl := opts.PeerAnchor(f.Path, line); pl > 0 && pl != anchor {
				for _, d := range ix.byTarget[pl] {
					if d.Tool != "" {
						match(d)
					}
				}
			}
		}
		if !suppressed {
			kept = append(kept, f)
		}
	}

	paths := make([]string, 0, len(sets))
	for p := range sets {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s := sets[p]
		if s == nil || s.silencesUnused() {
			continue
		}
		for _, d := range s.Directives {
			unused = appendUnused(unused, p, d, used[d], opts.Ran, s.unusedID)
		}
	}
	sort.SliceStable(unused, func(i, j int) bool {
		a, b := unused[i], unused[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Range.Start.Before(b.Range.Start)
	})
	return kept, unused
}

// dirIndex finds the directives that may apply to a line.
type dirIndex struct {
	global    []*Directive
	byTarget  map[int][]*Directive
	ranged    []*Directive // directives over Target..End
	buf       []*Directive
	peerLines bool // some line directive is a peer's
}

func newDirIndex(s *Set) *dirIndex {
	ix := &dirIndex{byTarget: map[int][]*Directive{}}
	for _, d := range s.Directives {
		switch {
		case d.Malformed != "":
		case d.Global:
			ix.global = append(ix.global, d)
		case d.Target > 0 && d.End > d.Target:
			ix.ranged = append(ix.ranged, d)
		case d.Target > 0:
			ix.byTarget[d.Target] = append(ix.byTarget[d.Target], d)
			ix.peerLines = ix.peerLines || d.Tool != ""
		}
	}
	return ix
}

// candidates returns the global directives and those targeting line; the
// result is only valid until the next call.
func (ix *dirIndex) candidates(line int) []*Directive {
	local := ix.byTarget[line]
	if line <= 0 {
		return ix.global
	}
	if len(ix.ranged) == 0 {
		if len(local) == 0 {
			return ix.global
		}
		if len(ix.global) == 0 {
			return local
		}
	}
	ix.buf = append(append(ix.buf[:0], ix.global...), local...)
	for _, d := range ix.ranged {
		if line >= d.Target && line <= d.End {
			ix.buf = append(ix.buf, d)
		}
	}
	return ix.buf
}

// silencesUnused reports whether a global directive of the file ignores
// the unused-ignore rule itself.
func (s *Set) silencesUnused() bool {
	for _, d := range s.Directives {
		if s.unusedID != "" && d.Global && d.Malformed == "" && slices.Contains(d.Rules(), s.unusedID) {
			return true
		}
	}
	return false
}

func report(path string, r source.Range, msg string) Unused {
	return Unused{Path: path, Range: r, Message: msg}
}

// Syntax reminder used in messages.
const usage = `write "# dockguard [global] ignore=ID[,ID...] [-- reason]"`

func appendUnused(out []Unused, path string, d *Directive, used []bool, ran func(path, id string) bool, unusedID string) []Unused {
	if d.Tool == finding.BuildKit && d.Malformed != "" {
		return append(out, report(path, d.Range, "BuildKit check directive: "+d.Malformed+"; BuildKit fails the build on it (write \"# check=skip=<Check>[,<Check>];error=true\")"))
	}
	if d.Tool != "" {
		return out // a peer's comment may be there for the peer's findings
	}
	if d.Malformed != "" {
		return append(out, report(path, d.Range, "malformed dockguard comment: "+d.Malformed+"; "+usage))
	}
	if d.junk != "" {
		out = append(out, report(path, d.Range, "text after the rule list must follow \"--\": "+quote(d.junk)))
	}
	var idle []int // known entries that suppressed nothing
	counted := 0
	for i, e := range d.Entries {
		switch {
		case e.ID == "":
			out = append(out, report(path, e.Range, "ignore names unknown rule "+quote(e.Written)))
		case e.ID == unusedID:
		case ran != nil && !ran(path, e.ID):
		default:
			counted++
			if used == nil || !used[i] {
				idle = append(idle, i)
			}
		}
	}
	if len(idle) == 0 {
		return out
	}
	if len(idle) == counted {
		names := make([]string, len(idle))
		for k, i := range idle {
			names[k] = d.Entries[i].Written
		}
		msg := "ignore of " + strings.Join(names, ", ") + " suppresses nothing"
		if d.detached != "" {
			msg += ": " + d.detached
		}
		return append(out, report(path, d.Range, msg))
	}
	for _, i := range idle {
		out = append(out, report(path, d.Entries[i].Range, "ignore of "+d.Entries[i].Written+" suppresses nothing"))
	}
	return out
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// parseDirective reads a comment; it returns nil when the comment is not a
// dockguard directive at all.
func parseDirective(f *source.File, c source.Comment, cat *finding.Catalog) *Directive {
	// c.Text starts with '#'.
	body := c.Text[1:]
	i := skipSpace(body, 0)
	if !hasPrefixFold(body[i:], "dockguard") {
		return nil
	}
	i += len("dockguard")
	j := skipSpace(body, i)
	if j == i { // "dockguards", "dockguard:" ...
		return nil
	}
	i = j
	if !hasPrefixFold(body[i:], "ignore") && !hasPrefixFold(body[i:], "global") {
		return nil // a comment that merely mentions dockguard
	}
	lineText := f.Line(c.Line)
	col := func(off int) source.Pos { // off is a byte offset into body
		b := c.Start + 1 + off
		if b > len(lineText) {
			b = len(lineText)
		}
		return source.Pos{Line: c.Line, Col: utf8.RuneCountInString(lineText[:b]) + 1}
	}
	d := &Directive{
		Path:  f.Path,
		Line:  c.Line,
		Range: source.Range{Start: col(-1), End: col(len(body))},
	}
	spec := body
	if k := strings.Index(body, "--"); k >= 0 {
		spec = body[:k]
		d.Reason = strings.TrimSpace(body[k+2:])
	}
	if hasPrefixFold(spec[i:], "global") {
		d.Global = true
		i += len("global")
		j := skipSpace(spec, i)
		if j == i && j < len(spec) {
			d.Malformed = "expected a space after \"global\""
			return d
		}
		i = j
	}
	if !hasPrefixFold(spec[i:], "ignore") {
		d.Malformed = `expected "ignore="`
		return d
	}
	i = skipSpace(spec, i+len("ignore"))
	if i >= len(spec) || spec[i] != '=' {
		d.Malformed = `expected "=" after "ignore"`
		return d
	}
	i++
	for {
		i = skipSpace(spec, i)
		start := i
		for i < len(spec) && spec[i] != ',' && spec[i] != ' ' && spec[i] != '\t' {
			i++
		}
		if i == start {
			if i < len(spec) && spec[i] == ',' {
				i++
				continue
			}
			break
		}
		name := spec[start:i]
		e := Entry{Written: name, Range: source.Range{Start: col(start), End: col(i)}}
		if cat != nil {
			if m := cat.Lookup(name); m != nil {
				e.ID = m.ID
			}
		} else if looksLikeID(name) {
			e.ID = strings.ToUpper(name)
		}
		d.Entries = append(d.Entries, e)
		j := skipSpace(spec, i)
		if j < len(spec) && spec[j] == ',' {
			i = j + 1
			continue
		}
		i = j
		break
	}
	d.junk = strings.TrimSpace(spec[i:])
	if len(d.Entries) == 0 {
		d.Malformed = "no rule to ignore"
		return d
	}
	if !d.Global {
		d.Target, d.detached = c.Target, c.Detached
	}
	return d
}

func looksLikeID(s string) bool {
	if len(s) != 5 {
		return false
	}
	for k := 0; k < 5; k++ {
		c := s[k] | 0x20
		if k < 2 && (c < 'a' || c > 'z') || k >= 2 && (s[k] < '0' || s[k] > '9') {
			return false
		}
	}
	return true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
