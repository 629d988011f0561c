// Package format writes lint reports in the formats users and CI systems
// read: text (people), json (our own stable schema), sarif (GitHub code
// scanning), github (workflow-command annotations), checkstyle, junit,
// gitlab (GitLab Code Quality) and rdjson (reviewdog).
//
// Every formatter treats finding text (paths, messages, subjects) as
// untrusted: it comes from the linted files, which a pull request controls.
// Each format escapes it for its consumer; see the file of each format.
//
// Paths: text, json, checkstyle, junit and rdjson print Finding.Path as the
// engine gave it (relative to the working directory, or absolute): these
// formats are read by people and by tools running in the same directory.
// sarif, github and gitlab need paths relative to the repository root and
// make them relative to Report.Root (forward slashes); a file outside Root
// keeps its absolute path (a file:// URI in SARIF).
package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Report is everything a formatter needs about one run.
type Report struct {
	Findings []finding.Finding // sorted by path, line, col, rule by the engine
	// Baselined are findings the baseline file holds: not reported as
	// problems. Text and JSON count them; SARIF lists them as suppressed
	// results (suppressions kind "external").
	Baselined []finding.Finding
	Rules     []*finding.Meta // every rule of the registry (SARIF driver.rules lists them all)
	Tool      ToolInfo
	// Root is the absolute directory that SARIF, GitHub and GitLab paths are
	// made relative to (the repository root). Finding paths are relative to
	// WorkDir or absolute.
	Root        string
	WorkDir     string // the working directory (absolute)
	FilesLinted int
	// Sources optionally returns the content of a linted file by its
	// Finding.Path (nil when unknown). Only rdjson uses it, to turn rune
	// columns into the UTF-8 byte columns reviewdog expects; without it
	// rdjson columns are runes (exact for ASCII lines).
	Sources func(path string) *source.File
}

// ToolInfo describes the tool in machine-readable reports.
type ToolInfo struct {
	Name           string // "dockguard" when empty
	Version        string // e.g. "1.2.0"; SARIF semanticVersion is set when it is x.y.z[-pre][+build]
	InformationURI string // project home page
}

// Options tune formatters; the zero value is sensible for all formats.
type Options struct {
	// Color turns on ANSI colours in text output. The CLI decides (stdout is
	// a terminal and NO_COLOR is unset); formatters never look at the terminal.
	Color bool
	// MaxAnnotationsPerLevel caps github annotations per level (error,
	// warning, notice); 0 means unlimited. GitHub shows 10 per level per
	// step and silently drops the rest, so the Action passes 10.
	MaxAnnotationsPerLevel int
	// Category is the SARIF automationDetails category ("" = the tool name).
	// Runs uploaded with different categories are kept side by side by code
	// scanning; an id in the file wins over upload-sarif's category input.
	Category string
}

// Formatter writes a report to w.
type Formatter interface {
	Format(w io.Writer, r *Report) error
}

var constructors = map[string]func(Options) Formatter{
	"text":       func(o Options) Formatter { return &Text{Color: o.Color} },
	"json":       func(Options) Formatter { return &JSON{} },
	"sarif":      func(o Options) Formatter { return &SARIF{Category: o.Category} },
	"github":     func(o Options) Formatter { return &GitHub{MaxPerLevel: o.MaxAnnotationsPerLevel} },
	"checkstyle": func(Options) Formatter { return &Checkstyle{} },
	"junit":      func(Options) Formatter { return &JUnit{} },
	"gitlab":     func(Options) Formatter { return &GitLab{} },
	"rdjson":     func(Options) Formatter { return &RDJSON{} },
}

// Names lists the format names New accepts, sorted.
func Names() []string {
	names := make([]string, 0, len(constructors))
	for n := range constructors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the formatter called name (case-insensitive).
func New(name string, opts Options) (Formatter, error) {
	if c, ok := constructors[strings.ToLower(strings.TrimSpace(name))]; ok {
		return c(opts), nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// toolName is the tool's name, "dockguard" by default.
func (r *Report) toolName() string {
	if r.Tool.Name != "" {
		return r.Tool.Name
	}
	return "dockguard"
}

// ruleIndex maps rule IDs to rules.
func (r *Report) ruleIndex() map[string]*finding.Meta {
	m := make(map[string]*finding.Meta, len(r.Rules))
	for _, ru := range r.Rules {
		if ru != nil {
			m[ru.ID] = ru
		}
	}
	return m
}

// severity is the finding's severity; SeverityDefault (which the engine
// should have resolved) falls back to the rule's, then to warning.
func severity(f *finding.Finding, rules map[string]*finding.Meta) finding.Severity {
	if f.Severity != finding.SeverityDefault {
		return f.Severity
	}
	if ru := rules[f.RuleID]; ru != nil && ru.Severity != finding.SeverityDefault {
		return ru.Severity
	}
	return finding.Warning
}

// docURL is the rule's documentation link, also for findings of rules
// missing from Report.Rules.
func docURL(ruleID string, rules map[string]*finding.Meta) string {
	if ru := rules[ruleID]; ru != nil {
		return ru.DocURL()
	}
	return (&finding.Meta{ID: ruleID}).DocURL()
}

// counts tallies findings by severity.
type counts struct{ errors, warnings, info int }

func countFindings(r *Report, rules map[string]*finding.Meta) counts {
	var c counts
	for i := range r.Findings {
		switch severity(&r.Findings[i], rules) {
		case finding.Error:
			c.errors++
		case finding.Warning:
			c.warnings++
		default:
			c.info++
		}
	}
	return c
}

// span is a finding's range with unknown parts made explicit: line and
// column are clamped to at least 1 and the end is never before the start.
// Formats that can say "unknown" look at the Known fields.
type span struct {
	Line, Col, EndLine, EndCol int
	// LastLine is the last line holding a character of the range: EndLine,
	// or the line before when the exclusive end is at column 1 of a later line.
	LastLine  int
	ColKnown  bool // the start column was given (>= 1)
	LineKnown bool // the start line was given (>= 1)
}

func spanOf(rg source.Range) span {
	s := span{Line: rg.Start.Line, Col: rg.Start.Col, LineKnown: rg.Start.Line >= 1, ColKnown: rg.Start.Col >= 1}
	if s.Line < 1 {
		s.Line = 1
	}
	if s.Col < 1 {
		s.Col = 1
	}
	s.EndLine, s.EndCol = rg.End.Line, rg.End.Col
	if s.EndLine < 1 || s.EndCol < 1 || s.EndLine < s.Line || (s.EndLine == s.Line && s.EndCol < s.Col) {
		// Unknown or inverted end: an empty region at the start.
		s.EndLine, s.EndCol = s.Line, s.Col
	}
	s.LastLine = s.EndLine
	if s.EndCol == 1 && s.EndLine > s.Line {
		s.LastLine--
	}
	return s
}

// streamedArray marks, inside a document given to writeJSONStream, the one
// array that is written element by element.
const streamedArray = "\x00dockguard-streamed-array\x00"

// writeJSONStream writes doc as JSON indented by two spaces, with a final
// newline, where the field holding streamedArray becomes the array of
// item(0..n-1), encoded one element at a time: a report of 100,000
// findings never exists whole in memory (json.Encoder would hold it twice:
// marshalled and indented).
func writeJSONStream(w io.Writer, doc any, n int, item func(int) any) error {
	head, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	marker, _ := json.Marshal(streamedArray)
	at := bytes.Index(head, marker)
	if at < 0 {
		return errors.New("format: document has no streamed array")
	}
	lineStart := bytes.LastIndexByte(head[:at], '\n') + 1
	indent := head[lineStart : lineStart+len(head[lineStart:])-len(bytes.TrimLeft(head[lineStart:], " "))]
	inner := string(indent) + "  "
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head[:at])
	if n == 0 {
		bw.WriteString("[]")
	} else {
		bw.WriteString("[\n")
		for i := 0; i < n; i++ {
			b, err := json.MarshalIndent(item(i), inner, "  ")
			if err != nil {
				return err
			}
			bw.WriteString(inner)
			bw.Write(b)
			if i < n-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.Write(indent)
		bw.WriteByte(']')
	}
	bw.Write(head[at+len(marker):])
	bw.WriteByte('\n')
	return bw.Flush()
}
