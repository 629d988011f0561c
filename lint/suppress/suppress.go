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

	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// UnusedIgnore is the meta rule that reports ignores that suppress nothing.
var UnusedIgnore = &rule.Rule{
	ID: "DG001", Name: "unused-ignore", Severity: rule.Info,
	Summary: "remove ignore comments that suppress nothing, and fix those that name unknown rules",
	Tags:    []string{"hygiene"},
	Doc: rule.Doc{
		Why: "An ignore comment that no longer matches a finding hides the next real problem " +
			"on that line and misleads readers; a misspelt rule name suppresses nothing at all. " +
			"Directives are `# dockguard ignore=ID[,ID...] -- reason` above an instruction " +
			"(Dockerfile) or at the end of or above a line (Compose), and " +
			"`# dockguard global ignore=ID -- reason` for the whole file. " +
			"A reason after `--` is optional but recommended.",
		Bad:  "# dockguard ignore=DF004 -- pinned below\nFROM alpine:3.20\n",
		Good: "FROM alpine:3.20\n",
		Fix:  "Delete the ignore comment, or correct the rule ID or name it lists.",
	},
}

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
	Target  int
	Entries []Entry
	Reason  string // after "--"; "" when missing
	// Malformed is non-empty when the comment looks like a directive but
	// cannot be read; it then suppresses nothing and is reported.
	Malformed string

	detached string // why Target is 0, for the unused report
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
	// starts[i] is the first line of the Dockerfile instruction covering
	// line i+1, or 0 (Dockerfile only).
	starts []int
}

// Parse reads the directives of f. reg resolves rule names (nil: only
// IDs of the form AA000 are accepted, unchecked). It never fails: what
// cannot be read is kept as a malformed directive.
func Parse(f *source.File, syn Syntax, reg *rule.Registry) *Set {
	s := &Set{Path: f.Path, Syntax: syn}
	var cs []comment
	switch syn {
	case Dockerfile:
		cs, s.starts = scanDockerfile(f)
	default:
		cs = scanYAML(f)
	}
	for _, c := range cs {
		if d := parseDirective(f, c, reg); d != nil {
			s.Directives = append(s.Directives, d)
		}
	}
	return s
}

// InstructionStart returns the first line of the Dockerfile instruction
// covering line, as this package's scanner sees it, or line itself.
func (s *Set) InstructionStart(line int) int {
	if s != nil && line >= 1 && line <= len(s.starts) && s.starts[line-1] > 0 {
		return s.starts[line-1]
	}
	return line
}

// comment is one comment as found by a scanner.
type comment struct {
	line   int
	start  int    // byte offset of '#' in the line text
	text   string // the line text from '#' on, trailing blanks removed
	target int    // line the comment attaches to, 0 = none
	why    string // why target is 0
}

// Options tune Filter.
type Options struct {
	// Anchor maps a finding's line to the line directives attach to (for a
	// Dockerfile: the first line of the instruction covering it). nil uses
	// the line itself for YAML and the scanner's instruction start for
	// Dockerfiles. A result <= 0 means the line itself.
	Anchor func(path string, line int) int
	// Ran reports whether a rule ran on a file. An ignore of a rule that
	// did not run (disabled in the configuration, not applicable) is not
	// reported as unused. nil: every rule ran.
	Ran func(path, ruleID string) bool
}

// FilterWith drops the findings that a directive of their file (sets are
// keyed by Finding.Path) suppresses. It returns the kept findings, in their
// order, and DG001 findings for malformed directives, unknown rule names
// and directives (or rule names in them) that suppressed nothing, sorted by
// path and position. sets are not modified.
func FilterWith(findings []rule.Finding, sets map[string]*Set, opts Options) (kept, unused []rule.Finding) {
	used := map[*Directive][]bool{}
	index := map[*Set]*dirIndex{}
	kept = make([]rule.Finding, 0, len(findings))
	for _, f := range findings {
		s := sets[f.Path]
		if s == nil || len(s.Directives) == 0 {
			kept = append(kept, f)
			continue
		}
		line := f.Range.Start.Line
		anchor := line
		if line > 0 {
			switch {
			case opts.Anchor != nil:
				if a := opts.Anchor(f.Path, line); a > 0 {
					anchor = a
				}
			case s.Syntax == Dockerfile:
				anchor = s.InstructionStart(line)
			}
		}
		ix := index[s]
		if ix == nil {
			ix = newDirIndex(s)
			index[s] = ix
		}
		suppressed := false
		for _, d := range ix.candidates(anchor) {
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
		if s == nil || silencesDG001(s) {
			continue
		}
		for _, d := range s.Directives {
			unused = appendUnused(unused, p, d, used[d], opts.Ran)
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
	global   []*Directive
	byTarget map[int][]*Directive
	buf      []*Directive
}

func newDirIndex(s *Set) *dirIndex {
	ix := &dirIndex{byTarget: map[int][]*Directive{}}
	for _, d := range s.Directives {
		switch {
		case d.Malformed != "":
		case d.Global:
			ix.global = append(ix.global, d)
		case d.Target > 0:
			ix.byTarget[d.Target] = append(ix.byTarget[d.Target], d)
		}
	}
	return ix
}

// candidates returns the global directives and those targeting line; the
// result is only valid until the next call.
func (ix *dirIndex) candidates(line int) []*Directive {
	local := ix.byTarget[line]
	if len(local) == 0 || line <= 0 {
		return ix.global
	}
	if len(ix.global) == 0 {
		return local
	}
	ix.buf = append(append(ix.buf[:0], ix.global...), local...)
	return ix.buf
}

func silencesDG001(s *Set) bool {
	for _, d := range s.Directives {
		if d.Global && d.Malformed == "" && slices.Contains(d.Rules(), UnusedIgnore.ID) {
			return true
		}
	}
	return false
}

func report(path string, r source.Range, msg string) rule.Finding {
	return rule.Finding{
		RuleID: UnusedIgnore.ID, RuleName: UnusedIgnore.Name, Severity: UnusedIgnore.Severity,
		Path: path, Range: r, Message: msg,
	}
}

// Syntax reminder used in messages.
const usage = `write "# dockguard [global] ignore=ID[,ID...] [-- reason]"`

func appendUnused(out []rule.Finding, path string, d *Directive, used []bool, ran func(path, id string) bool) []rule.Finding {
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
		case e.ID == UnusedIgnore.ID:
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
func parseDirective(f *source.File, c comment, reg *rule.Registry) *Directive {
	// c.text starts with '#'.
	body := c.text[1:]
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
	lineText := f.Line(c.line)
	col := func(off int) source.Pos { // off is a byte offset into body
		b := c.start + 1 + off
		if b > len(lineText) {
			b = len(lineText)
		}
		return source.Pos{Line: c.line, Col: utf8.RuneCountInString(lineText[:b]) + 1}
	}
	d := &Directive{
		Path:  f.Path,
		Line:  c.line,
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
		if reg != nil {
			if r := reg.Lookup(name); r != nil {
				e.ID = r.ID
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
		d.Target, d.detached = c.target, c.why
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
