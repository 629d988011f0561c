// Package dockerfile turns a Dockerfile into a typed model, using BuildKit's
// own parser, with exact line and column ranges computed from the source.
//
// BuildKit's parser (github.com/moby/buildkit/frontend/dockerfile/parser)
// gives each instruction its lines only, and joins continuation lines
// before splitting words. This package re-reads the source lines of every
// instruction the way the parser does (escape token, continuation lines,
// comment and blank lines inside them, CRLF, a UTF-8 BOM, heredoc bodies)
// and keeps a map from each character of the joined line back to the file,
// so that every token (the keyword, flags, the image of FROM, each port of
// EXPOSE, each key of ARG and ENV, ...) has an exact range.
//
// Variables are expanded with BuildKit's shell.Lex: FROM sees the global
// ARGs declared before the first FROM (plus the automatic platform ARGs);
// other instructions see the ARGs and ENVs of their stage and the ENVs
// inherited from a parent stage. ParseOptions.BuildArgs override ARG
// defaults as `docker build --build-arg` does. Variables that are declared
// without a default and not given as build args are "unresolved", so that
// rules can say a value cannot be known rather than guess.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/source"
)

// ParseOptions tune parsing.
type ParseOptions struct {
	// BuildArgs override ARG defaults (global ARGs before the first FROM and
	// stage ARGs), as `docker build --build-arg` does. Like BuildKit, only
	// declared ARGs take their value from here.
	BuildArgs map[string]string
	// Context is the build context (see LoadContext); nil when unknown
	// (standard input, a compose dockerfile_inline).
	Context *BuildContext
}

// ParseError is a file that cannot be parsed. Range is where known (line at least).
type ParseError struct {
	Range source.Range
	Msg   string
}

func (e *ParseError) Error() string { return e.Msg }

// File is the model of one Dockerfile.
type File struct {
	Source *source.File
	// Directives are the parser directives at the top of the file
	// (`# syntax=`, `# escape=`, `# check=`), in order.
	Directives []*Directive
	// Escape is the escape token: '\\' or '`'.
	Escape rune
	// Instructions are all instructions in file order, including the
	// global ARGs before the first FROM.
	Instructions []*Instruction
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []*Instruction
	Stages   []*Stage
	// Comments are the full-line comments, each with the line of the
	// instruction it applies to (inline suppressions read them).
	Comments []source.Comment
	// Context is the build context, from ParseOptions; nil when unknown.
	Context *BuildContext
	// BuildKitWarnings are the build checks BuildKit's parser reports while
	// the file is read (the same parse as the model's): NoEmptyContinuation
	// from the parser, and from instructions.ParseInstructionWithLinter
	// MaintainerDeprecated, StageNameCasing, FromAsCasing and the
	// experimental InvalidDefinitionDescription. A `# check=skip=` comment
	// right above an instruction already drops its checks, as in BuildKit.
	BuildKitWarnings []BuildKitWarning

	global    *scope      // the scope FROM lines are expanded in (after all meta ARGs)
	imageRefs []*ImageRef // see ImageRefs
}

// Directive is a parser directive such as `# syntax=docker/dockerfile:1`.
type Directive struct {
	Name       string // lower-case: syntax, escape, check
	Value      string
	Range      source.Range // the whole directive line, from `#`
	ValueRange source.Range
}

// BuildKitWarning is one build check reported by BuildKit's parser.
type BuildKitWarning struct {
	Rule    string // BuildKit's check name, e.g. "StageNameCasing"
	Message string // BuildKit's message
	// Instruction is the instruction the check is about (for
	// NoEmptyContinuation, the instruction with the empty line).
	Instruction *Instruction
}

// Token is a word of an instruction as written in the file (before
// variable expansion, quotes kept), with its range.
type Token struct {
	Value string
	Range source.Range
}

// Flag is a `--name=value` option of an instruction.
type Flag struct {
	Name  string // without the dashes
	Value string // after the first "=", quotes removed; "" when absent
	Range source.Range
}

// Var is one key of an ARG or ENV instruction.
type Var struct {
	Key      string
	Value    string // as written, quotes kept; "" when HasValue is false
	HasValue bool   // ARG NAME has no value; ENV always has one
	KeyRange source.Range
	// ValueRange is the range of the value as written (empty at the end
	// of the key when there is no value).
	ValueRange source.Range
}

// Heredoc is a here-document attached to RUN, COPY or ADD.
type Heredoc struct {
	Name    string // the delimiter word
	Content string
	Expand  bool // the delimiter was not quoted
	Chomp   bool // <<- (leading tabs removed)
	// Lines are the body lines (first..last, the terminator excluded);
	// First > Last when the body is empty.
	First, Last int
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	// Keyword is the instruction name in upper case: FROM, RUN...
	Keyword string
	// Range covers the whole instruction, from the keyword to the end of
	// its last line (continuation lines and heredoc bodies included).
	Range source.Range
	// KeywordRange is the range of the keyword as written.
	KeywordRange source.Range
	// StartLine and EndLine are the first and last lines of the instruction.
	StartLine, EndLine int
	Flags              []Flag
	// Args are the argument tokens after the flags. How they are split
	// depends on the instruction: whitespace for FROM and EXPOSE, shell-like
	// words (quotes kept) for ARG, ENV and LABEL, and one token holding the
	// rest of the line for the others (USER, RUN, CMD...).
	Args []Token
	// Paths are the words of COPY and ADD after the flags: the sources,
	// then the destination last. A heredoc source is its `<<EOF` word. In
	// the JSON form the Values are the decoded strings; otherwise they are
	// as written (expand them with Expand).
	Paths []Token
	// Vars are the keys of an ARG or ENV instruction.
	Vars     []Var
	Heredocs []Heredoc
	// Node is BuildKit's AST node.
	Node *parser.Node
	// Command is BuildKit's typed instruction (instructions.ParseInstruction)
	// for the kinds the model reads: *instructions.Stage (FROM),
	// *instructions.ArgCommand, *instructions.EnvCommand and
	// *instructions.HealthCheckCommand; nil for the others, which are
	// validated by the same parse but not kept.
	Command any
	// Stage is the stage the instruction belongs to (for FROM, the stage it
	// opens); nil for the global ARGs before the first FROM.
	Stage *Stage

	scope *scope   // variables visible to the instruction
	run   *runBody // RUN only: the text its Script is parsed from
	file  *File
}

// Is reports whether the instruction is the keyword kw (case-insensitive).
func (in *Instruction) Is(kw string) bool { return strings.EqualFold(in.Keyword, kw) }

// Flag returns the flag named name, or nil.
func (in *Instruction) Flag(name string) *Flag {
	for i := range in.Flags {
		if in.Flags[i].Name == name {
			return &in.Flags[i]
		}
	}
	return nil
}

// Stage is one FROM ... block.
type Stage struct {
	Index int
	// Name is the stage name after AS, lower-cased as BuildKit does; "" when unnamed.
	Name      string
	NameRange source.Range // invalid when unnamed
	// From is the FROM instruction that opens the stage.
	From *Instruction
	// Base is what the stage is built on.
	Base Base
	// Platform is the --platform value as written; "" when absent.
	Platform string
	// Instructions are the stage's instructions after FROM.
	Instructions []*Instruction

	file      *File
	lastScope *scope   // variables at the end of the stage
	shell     []string // the SHELL in force at the end of the stage; nil: the default
}

// Base is the base of a stage: an image, `scratch`, or an earlier stage.
type Base struct {
	// Token is the image word as written (`${BASE}`, `alpine:3.20`).
	Token Token
	// Name is the word after ARG expansion.
	Name string
	// Scratch is set for `FROM scratch`.
	Scratch bool
	// Stage is set when the base is an earlier stage (`FROM build`).
	Stage *Stage
	// Unresolved lists the variables the name uses that have no value (an
	// ARG without default and no build arg, or an undeclared variable).
	Unresolved []string
	// Ref is the parsed image reference; valid only when IsImage().
	Ref imageref.Ref
	// RefErr is set when Name is not a valid image reference.
	RefErr error
}

// IsImage reports whether the base is a resolved, valid image reference
// (not scratch, not a stage, no unresolved variable).
func (b *Base) IsImage() bool {
	return !b.Scratch && b.Stage == nil && len(b.Unresolved) == 0 && b.RefErr == nil
}

// Parse builds the model. A file that cannot be parsed returns a *ParseError.
// Parse never panics: a panic inside the parser library becomes a ParseError.
func Parse(path string, content []byte, opts ParseOptions) (f *File, err error) {
	src := source.NewFile(path, content)
	defer func() {
		if r := recover(); r != nil {
			f = nil
			err = &ParseError{
				Range: source.LineRange(1, 1),
				Msg:   fmt.Sprintf("internal error while parsing the Dockerfile: %v", r),
			}
		}
	}()
	res, perr := parser.Parse(bytes.NewReader(sanitize(content)))
	if perr != nil {
		return nil, newParseError(src, perr)
	}
	f = &File{Source: src, Escape: res.EscapeToken, Context: opts.Context}
	f.Directives = parseDirectives(src)

	b := builder{f: f, opts: opts, byName: map[string]*Stage{}, lex: shell.NewLex(f.Escape)}
	b.lint = linter.New(&linter.Config{ExperimentalAll: true, Warn: func(rule, _, _, msg string, _ []parser.Range) {
		f.BuildKitWarnings = append(f.BuildKitWarnings, BuildKitWarning{Rule: rule, Message: msg, Instruction: b.cur})
	}})
	if err := b.build(res.AST); err != nil {
		return nil, err
	}
	for _, w := range res.Warnings {
		if w.URL == linter.RuleNoEmptyContinuation.URL && w.Location != nil {
			if in := f.InstructionAt(w.Location.Start.Line); in != nil {
				f.BuildKitWarnings = append(f.BuildKitWarnings, BuildKitWarning{
					Rule: linter.RuleNoEmptyContinuation.Name, Message: linter.RuleNoEmptyContinuation.Format(), Instruction: in,
				})
			}
		}
	}
	f.Comments = f.comments()
	return f, nil
}

// sanitize replaces invalid UTF-8 and NUL bytes, which BuildKit's lexer
// (text/scanner) reports on stderr, by U+FFFD. Lines stay the same, and
// columns are computed from the original content.
func sanitize(content []byte) []byte {
	if utf8.Valid(content) && bytes.IndexByte(content, 0) < 0 {
		return content
	}
	return bytes.ReplaceAll(bytes.ToValidUTF8(content, []byte("\uFFFD")), []byte{0}, []byte("\uFFFD"))
}

func newParseError(src *source.File, err error) *ParseError {
	line := 0
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, locs := range le.Locations {
			if len(locs) > 0 && locs[0].Start.Line > 0 {
				line = locs[0].Start.Line
				break
			}
		}
	}
	if line < 1 {
		line = 1
	}
	if n := src.NumLines(); line > n && n >= 1 {
		line = n
	}
	msg := err.Error()
	// instructions' errors repeat the line: "dockerfile parse error on line 2: x"
	if i := strings.Index(msg, "dockerfile parse error on line "); i == 0 {
		if j := strings.Index(msg, ": "); j > 0 {
			msg = msg[j+2:]
		}
	}
	return &ParseError{Range: src.LineSpan(line), Msg: msg}
}

// parseDirectives reads the parser directives at the top of the file with
// BuildKit's own DirectiveParser, and locates them.
func parseDirectives(src *source.File) []*Directive {
	var out []*Directive
	var dp parser.DirectiveParser
	for n := 1; n <= src.NumLines(); n++ {
		tb, _ := lineBytes(src, n)
		text := string(tb)
		trimmed := strings.TrimLeftFunc(text, isSpace)
		d, err := dp.ParseLine([]byte(trimmed))
		if err != nil || d == nil {
			break
		}
		lead := len(text) - len(trimmed)
		start := src.Offset(source.Pos{Line: n, Col: 1})
		dir := &Directive{Name: d.Name, Value: d.Value}
		end := strings.TrimRightFunc(text, isSpace)
		dir.Range = src.RangeOf(start+lead, start+len(end))
		if i := strings.LastIndex(end, d.Value); i >= 0 {
			dir.ValueRange = src.RangeOf(start+i, start+i+len(d.Value))
		} else {
			dir.ValueRange = dir.Range
		}
		out = append(out, dir)
	}
	return out
}

// Directive returns the parser directive named name (lower-case), or nil.
func (f *File) Directive(name string) *Directive {
	for _, d := range f.Directives {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// InstructionStart returns the first line of the instruction that covers
// line, or line itself when no instruction covers it. Inline suppressions
// anchor on it.
func (f *File) InstructionStart(line int) int {
	if f == nil {
		return line
	}
	ins := f.Instructions
	i := sort.Search(len(ins), func(i int) bool { return ins[i].EndLine >= line })
	if i < len(ins) && ins[i].StartLine <= line {
		return ins[i].StartLine
	}
	return line
}

// InstructionAt returns the instruction covering line, or nil.
func (f *File) InstructionAt(line int) *Instruction {
	ins := f.Instructions
	i := sort.Search(len(ins), func(i int) bool { return ins[i].EndLine >= line })
	if i < len(ins) && ins[i].StartLine <= line {
		return ins[i]
	}
	return nil
}

// Target returns the stage named name (case-insensitive), or the last
// stage when name is ""; nil if there is none.
func (f *File) Target(name string) *Stage {
	if f == nil || len(f.Stages) == 0 {
		return nil
	}
	if name == "" {
		return f.Stages[len(f.Stages)-1]
	}
	for _, s := range f.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// Final returns the last stage (the image `docker build` produces without
// --target), or nil.
func (f *File) Final() *Stage { return f.Target("") }

// IsFinal reports whether s is the last stage of its file.
func (s *Stage) IsFinal() bool {
	return s.file != nil && len(s.file.Stages) > 0 && s.file.Stages[len(s.file.Stages)-1] == s
}

// Parent returns the earlier stage this stage is built on, or nil.
func (s *Stage) Parent() *Stage { return s.Base.Stage }

// Chain returns the stage and the stages it is built on, nearest first.
func (s *Stage) Chain() []*Stage {
	var out []*Stage
	for st := s; st != nil && len(out) <= len(s.file.Stages); st = st.Base.Stage {
		out = append(out, st)
	}
	return out
}

// Root returns the first stage of the chain that is not built on another
// stage (its Base is an image or scratch).
func (s *Stage) Root() *Stage {
	c := s.Chain()
	return c[len(c)-1]
}

// Last returns the last instruction named kw in the stage itself, or nil.
func (s *Stage) Last(kw string) *Instruction {
	for i := len(s.Instructions) - 1; i >= 0; i-- {
		if s.Instructions[i].Is(kw) {
			return s.Instructions[i]
		}
	}
	return nil
}

// EffectiveUser returns the user the stage runs as: the last USER of the
// stage or, if none, of the stages it is built on, after ARG/ENV
// expansion. When the value uses a variable that cannot be resolved, the
// user is returned as written (e.g. "${APP_UID}"). It returns "" and nil
// when no USER is set anywhere in the chain (the base image's default).
func (s *Stage) EffectiveUser() (user string, at *Instruction) {
	for _, st := range s.Chain() {
		if in := st.Last("USER"); in != nil && len(in.Args) > 0 {
			e := in.Expand(in.Args[0].Value)
			if len(e.Unresolved) > 0 || e.Err != nil {
				return strings.TrimSpace(in.Args[0].Value), in
			}
			return strings.TrimSpace(e.Value), in
		}
	}
	return "", nil
}

// Healthcheck returns the last HEALTHCHECK of the stage or, if none, of the
// stages it is built on; nil when there is none. disabled is true for
// `HEALTHCHECK NONE`.
func (s *Stage) Healthcheck() (at *Instruction, disabled bool) {
	for _, st := range s.Chain() {
		if in := st.Last("HEALTHCHECK"); in != nil {
			if hc, ok := in.Command.(*instructions.HealthCheckCommand); ok && hc.Health != nil &&
				len(hc.Health.Test) > 0 && strings.EqualFold(hc.Health.Test[0], "NONE") {
				return in, true
			}
			return in, false
		}
	}
	return nil, false
}

// IsRootUser reports whether a USER value means the superuser: `root`,
// `0`, with any group (`root:staff`, `0:0`), or the Windows administrator
// accounts `ContainerAdministrator` and `NT AUTHORITY\SYSTEM`
// (case-insensitive).
func IsRootUser(user string) bool {
	u := strings.TrimSpace(user)
	u = strings.Trim(u, `"'`)
	if name, _, ok := strings.Cut(u, ":"); ok {
		u = name
	}
	u = strings.ToLower(strings.TrimSpace(u))
	switch u {
	case "root", "0", "containeradministrator", `nt authority\system`:
		return true
	}
	return false
}

// DisplayName names the stage in messages and as a finding's subject: its
// name, or "stage N" for an unnamed stage; "" for no stage.
func (s *Stage) DisplayName() string {
	if s == nil {
		return ""
	}
	if s.Name != "" {
		return s.Name
	}
	return fmt.Sprintf("stage %d", s.Index)
}
