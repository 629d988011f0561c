package dockerfile

import (
	"encoding/json"
	"path"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"

	"github.com/dockguard/dockguard/lint/source"
)

// Script is the shell program a RUN instruction runs, read with
// mvdan.cc/sh: the shell form after continuation lines are joined, the
// exec form's argument list, and the scripts inside heredocs and `sh -c`
// bodies. Every word keeps its range in the Dockerfile.
type Script struct {
	Instruction *Instruction
	// Shell is the shell the shell form runs in: the stage's SHELL, or
	// ["/bin/sh", "-c"].
	Shell []string
	// Exec is set for the exec form (`RUN ["apt-get", "update"]`).
	Exec bool
	// Commands are the simple commands in the order they run (those in
	// a $(...) before the command that uses its output), including those nested in lists, pipelines, subshells, control
	// structures, `sh -c "..."` bodies and heredoc scripts.
	Commands []*Command
	// Err is set when the body is not valid shell; Commands then holds
	// what was read before the error (nothing, for the outer body).
	Err *ParseError
	// Skipped says why the body was not read as POSIX shell (a PowerShell
	// or cmd stage); "" when it was.
	Skipped string

	memo sync.Map // see Memo
}

// Memo returns what compute returns for key, computing it once per
// script: readings of the commands that several rules share (the
// package-manager commands) are made once per RUN. The value is shared:
// callers must not change it.
func (sc *Script) Memo(key any, compute func() any) any {
	if v, ok := sc.memo.Load(key); ok {
		return v
	}
	v, _ := sc.memo.LoadOrStore(key, compute())
	return v
}

// Command is one simple command: `apt-get install -y curl`.
type Command struct {
	// Name is the command word, after wrappers (sudo, env, xargs, nice,
	// timeout, ...) are seen through.
	Name Word
	Args []Word
	// Assigns are the VAR=value words before the command (and those
	// given to env).
	Assigns []Word
	// Wrappers are the words of the wrapper commands seen through, outer
	// first: `sudo -E env X=1 make` has Wrappers [sudo, env].
	Wrappers  []Word
	Redirects []Redirect
	// Range covers the command as written, wrappers included.
	Range source.Range
	// PipeFrom is the command whose output this command reads in a
	// pipeline (`curl ... | sh`: PipeFrom of sh is curl); PipeTo the
	// reverse.
	PipeFrom, PipeTo *Command
	// Depth is 0 for the RUN's own script (its text, or the heredoc of
	// `RUN <<EOF`), 1 for a `sh -c` body or `bash <<EOF` script inside it,
	// and so on.
	Depth int
	// Subshell is set for a command that runs in a subshell of the script:
	// inside `( ... )`, `$( ... )` or a pipeline, where `cd`, `set` and
	// assignments do not reach the commands after it.
	Subshell bool
	Index    int // position in Script.Commands
	Script   *Script
}

// Word is one shell word.
type Word struct {
	// Raw is the word as written (quotes kept).
	Raw string
	// Value is the word after quote removal, with variables replaced by
	// their values where known (ARG and ENV of the stage, assignments
	// earlier in the same RUN). Parts that cannot be known (a variable
	// without value, $(...), $((...))) are kept as written.
	Value string
	// Known is set when Value has no part kept as written.
	Known bool
	Range source.Range
}

// Redirect is a redirection of a command: `> /etc/file`, `2>&1`, `<<EOF`.
type Redirect struct {
	Op     string // ">", ">>", "<", "<<", "<<-", "<<<", ">&", "&>", ...
	Target Word   // the file, fd or heredoc body
}

// Base returns the last path element of the command name: "apt-get" for
// /usr/bin/apt-get.
func (c *Command) Base() string { return path.Base(c.Name.Value) }

// Is reports whether the command's base name is one of names.
func (c *Command) Is(names ...string) bool {
	b := c.Base()
	for _, n := range names {
		if b == n {
			return true
		}
	}
	return false
}

// Wrapped reports whether the command runs under the wrapper named name
// (e.g. "sudo"), and returns the wrapper's word.
func (c *Command) Wrapped(name string) (Word, bool) {
	for _, w := range c.Wrappers {
		if path.Base(w.Value) == name {
			return w, true
		}
	}
	return Word{}, false
}

// HasOption reports whether an argument is one of the options: a
// one-letter option also matches inside a group of short options (`-qy`
// has y; `-qO-` has q and O), a long option (`--yes`) also matches `--yes=...`. Options are
// given with their dashes: HasOption("-y", "--yes", "--assume-yes").
func (c *Command) HasOption(opts ...string) bool {
	_, ok := c.Option(opts...)
	return ok
}

// Option returns the first argument that is one of opts (see HasOption).
func (c *Command) Option(opts ...string) (Word, bool) {
	for _, a := range c.Args {
		v := a.Value
		if v == "--" {
			break
		}
		for _, o := range opts {
			switch {
			case strings.HasPrefix(o, "--"):
				if v == o || strings.HasPrefix(v, o+"=") {
					return a, true
				}
			case len(o) == 2 && o[0] == '-':
				if len(v) >= 2 && v[0] == '-' && v[1] != '-' && strings.IndexByte(letters(v[1:]), o[1]) >= 0 {
					return a, true
				}
			default:
				if v == o {
					return a, true
				}
			}
		}
	}
	return Word{}, false
}

// isAssignment reports whether w has the form NAME=value.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return false
		}
	}
	return true
}

// letters returns the leading letters and digits of s: the options of a
// group like `-qO-` (q and O; what follows is O's value).
func letters(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return s[:i]
		}
	}
	return s
}

// Positionals returns the arguments that do not start with "-".
func (c *Command) Positionals() []Word {
	var out []Word
	for _, a := range c.Args {
		if !strings.HasPrefix(a.Value, "-") {
			out = append(out, a)
		}
	}
	return out
}

// Script returns the shell program of a RUN instruction, parsed once on
// first use; nil for other instructions.
func (in *Instruction) Script() *Script {
	if in.run == nil {
		return nil
	}
	in.run.once.Do(func() { in.run.script = in.parseScript() })
	return in.run.script
}

// Scripts returns the scripts of the stage's RUN instructions.
func (s *Stage) Scripts() []*Script {
	var out []*Script
	for _, in := range s.Instructions {
		if sc := in.Script(); sc != nil {
			out = append(out, sc)
		}
	}
	return out
}

// runBody is what a RUN keeps to parse its script on demand.
type runBody struct {
	lg    logical
	rest  span     // the arguments after the flags in lg.text
	shell []string // the stage's SHELL at the RUN; nil: the default
	once  sync.Once

	script *Script
}

// maxShellDepth bounds how deep `sh -c` bodies and heredoc scripts are
// read again.
const maxShellDepth = 4

// Windows reports whether the stage is built on a Windows image (by its
// --platform or the base image's name).
func (s *Stage) Windows() bool { return windowsBase(s) }

// windowsBase reports whether the stage is built on a Windows image,
// whose default shell is cmd.
func windowsBase(st *Stage) bool {
	if st == nil {
		return false
	}
	root := st.Root()
	if strings.Contains(strings.ToLower(root.Platform), "windows") {
		return true
	}
	n := strings.ToLower(root.Base.Name)
	for _, w := range []string{"windows/", "servercore", "nanoserver", "windowsservercore", "/windows:"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// posixShell reports whether the shell (argv[0]) is a POSIX-like shell.
func posixShell(name string) bool {
	switch path.Base(strings.ToLower(name)) {
	case "sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "busybox":
		return true
	}
	return false
}

func (in *Instruction) parseScript() *Script {
	sc := &Script{Instruction: in}
	sh := in.run.shell
	switch {
	case sh != nil:
		sc.Shell = sh
	case windowsBase(in.Stage):
		sc.Shell = []string{"cmd", "/S", "/C"}
	default:
		sc.Shell = []string{"/bin/sh", "-c"}
	}
	rb := in.run
	text := string(rb.lg.text[rb.rest.s:rb.rest.e])
	src := in.file.Source
	outer := func(off int) int { return rb.lg.fileOff(rb.rest.s + off) }
	if strings.HasPrefix(strings.TrimSpace(text), "[") {
		var argv []string
		if json.Unmarshal([]byte(text), &argv) == nil {
			sc.Exec = true
			r := &reader{script: sc, in: in, assigned: map[string]string{}}
			r.execForm(argv, text, outer)
			return sc
		}
	}
	if !posixShell(sc.Shell[0]) {
		sc.Skipped = "the RUN runs in " + sc.Shell[0] + ", not a POSIX shell"
		return sc
	}
	// The shell sees the joined line followed by the heredoc bodies.
	m := &offsetMap{parts: []mapPart{{at: 0, fn: outer}}}
	if len(in.Heredocs) > 0 {
		first := in.Heredocs[0].First
		last := in.Heredocs[len(in.Heredocs)-1].Last + 1
		if last > src.NumLines() {
			last = src.NumLines()
		}
		text += "\n"
		for n := first; n <= last; n++ {
			line, off := lineBytes(src, n)
			m.parts = append(m.parts, mapPart{at: len(text), fn: func(o int) int { return off + min(o, len(line)) }})
			text += string(line) + "\n"
		}
	}
	r := &reader{script: sc, in: in, assigned: map[string]string{}}
	r.parse(text, m.fileOff, 0)
	return sc
}

// offsetMap maps offsets of a text pieced together from parts of the file.
type offsetMap struct{ parts []mapPart }

type mapPart struct {
	at int // where the part starts in the text
	fn func(int) int
}

func (m *offsetMap) fileOff(o int) int {
	for i := len(m.parts) - 1; i >= 0; i-- {
		if o >= m.parts[i].at {
			return m.parts[i].fn(o - m.parts[i].at)
		}
	}
	return m.parts[0].fn(o)
}

// reader turns mvdan.cc/sh syntax trees into Commands.
type reader struct {
	script   *Script
	in       *Instruction
	assigned map[string]string // VAR=value set earlier in the RUN, when known
}

func (r *reader) rangeOf(fileOff func(int) int, start, end int) source.Range {
	src := r.in.file.Source
	if end <= start {
		p := src.PosOf(fileOff(start))
		return source.Range{Start: p, End: p}
	}
	return src.RangeOf(fileOff(start), fileOff(end-1)+1)
}

// parse reads text as a shell program; fileOff maps its offsets to the file.
func (r *reader) parse(text string, fileOff func(int) int, depth int) bool {
	p := parsers.Get().(*syntax.Parser)
	f, err := p.Parse(strings.NewReader(text), "")
	parsers.Put(p) // the tree does not share memory with the parser
	if err != nil {
		if r.script.Err == nil {
			off := 0
			msg := err.Error()
			if pe, ok := err.(syntax.ParseError); ok {
				off = int(pe.Pos.Offset())
				msg = pe.Text
			}
			if off > len(text) {
				off = len(text)
			}
			if off == len(text) && off > 0 {
				off--
			}
			r.script.Err = &ParseError{Range: r.rangeOf(fileOff, off, off+1), Msg: msg}
		}
		return false
	}
	ctx := &parseCtx{text: text, fileOff: fileOff, depth: depth}
	for _, st := range f.Stmts {
		r.stmt(ctx, st)
	}
	return true
}

// parsers reuses shell parsers (and their buffers) across RUNs.
var parsers = sync.Pool{New: func() any {
	return syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))
}}

type parseCtx struct {
	text     string
	fileOff  func(int) int
	depth    int
	subshell bool
}

func (ctx *parseCtx) inSubshell() *parseCtx {
	c := *ctx
	c.subshell = true
	return &c
}

// stmt reads a statement and returns its first and last commands, which
// pipelines connect.
func (r *reader) stmt(ctx *parseCtx, st *syntax.Stmt) (first, last *Command) {
	if st == nil {
		return nil, nil
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		cmd := r.call(ctx, c, st)
		return cmd, cmd
	case *syntax.BinaryCmd:
		sub := ctx
		if c.Op == syntax.Pipe || c.Op == syntax.PipeAll {
			sub = ctx.inSubshell()
		}
		xf, xl := r.stmt(sub, c.X)
		yf, yl := r.stmt(sub, c.Y)
		if (c.Op == syntax.Pipe || c.Op == syntax.PipeAll) && xl != nil && yf != nil {
			xl.PipeTo, yf.PipeFrom = yf, xl
		}
		if xf == nil {
			xf = yf
		}
		if yl == nil {
			yl = xl
		}
		return xf, yl
	case *syntax.DeclClause:
		cmd := r.decl(ctx, c, st)
		return cmd, cmd
	case nil:
		// `<<EOF` alone: the heredoc is the RUN's script; BuildKit hands
		// it to the SHELL as the -c argument, so it counts as the same depth.
		r.redirectScripts(ctx, st, ctx.depth)
		return nil, nil
	default:
		// Subshells, blocks, if/for/while/case, functions...: read the
		// commands they hold, in order.
		if _, ok := c.(*syntax.Subshell); ok {
			ctx = ctx.inSubshell()
		}
		var f, l *Command
		syntax.Walk(c, func(n syntax.Node) bool {
			if s, ok := n.(*syntax.Stmt); ok {
				a, b := r.stmt(ctx, s)
				if f == nil {
					f = a
				}
				if b != nil {
					l = b
				}
				return false
			}
			if s, ok := n.(*syntax.CmdSubst); ok {
				for _, x := range s.Stmts {
					r.stmt(ctx.inSubshell(), x)
				}
				return false
			}
			return true
		})
		return f, l
	}
}

// decl reads `export A=1 B`, `declare -x A=1`, `readonly`, `local`: a
// command named by the keyword whose arguments are the assignments (a
// name alone for `export B`). Known values are visible to later commands.
func (r *reader) decl(ctx *parseCtx, c *syntax.DeclClause, st *syntax.Stmt) *Command {
	cmd := &Command{Script: r.script, Depth: ctx.depth}
	start, end := int(st.Pos().Offset()), int(st.End().Offset())
	cmd.Range = r.rangeOf(ctx.fileOff, start, end)
	vs, ve := int(c.Variant.Pos().Offset()), int(c.Variant.End().Offset())
	cmd.Name = Word{Raw: c.Variant.Value, Value: c.Variant.Value, Known: true, Range: r.rangeOf(ctx.fileOff, vs, ve)}
	for _, a := range c.Args {
		var w Word
		if a.Naked && a.Name == nil && a.Value != nil {
			w = r.word(ctx, a.Value) // an option: declare -x
		} else {
			w = r.assignWord(ctx, a)
			if a.Naked {
				w.Value = strings.TrimSuffix(w.Value, "=")
			} else if a.Name != nil {
				if w.Known {
					r.assigned[a.Name.Value] = strings.TrimPrefix(w.Value, a.Name.Value+"=")
				} else {
					delete(r.assigned, a.Name.Value)
				}
			}
		}
		cmd.Args = append(cmd.Args, w)
	}
	if s := ctx.text[start:end]; strings.Contains(s, "$(") || strings.Contains(s, "`") {
		for _, a := range c.Args {
			r.walkSubst(ctx, a)
		}
	}
	cmd.Index = len(r.script.Commands)
	r.script.Commands = append(r.script.Commands, cmd)
	return cmd
}

// wrappers are commands that run the rest of their arguments as a command.
// The value is the set of their options that take a value.
var wrappers = map[string]map[string]bool{
	"sudo":      {"-u": true, "-g": true, "-C": true, "-D": true, "-h": true, "-p": true, "-r": true, "-t": true, "-U": true},
	"doas":      {"-u": true, "-C": true},
	"env":       {"-u": true, "-C": true, "-S": true, "--unset": true, "--chdir": true},
	"nice":      {"-n": true},
	"ionice":    {"-c": true, "-n": true, "-p": true},
	"nohup":     {},
	"time":      {"-f": true, "-o": true},
	"exec":      {"-a": true},
	"command":   {},
	"builtin":   {},
	"xargs":     {"-a": true, "-d": true, "-E": true, "-I": true, "-L": true, "-n": true, "-P": true, "-s": true, "--arg-file": true, "--delimiter": true, "--max-args": true, "--max-procs": true, "--replace": true},
	"timeout":   {"-k": true, "-s": true, "--kill-after": true, "--signal": true},
	"stdbuf":    {"-i": true, "-o": true, "-e": true},
	"eatmydata": {},
	"fakeroot":  {},
	"chronic":   {},
	"gosu":      {},
	"su-exec":   {},
}

// wrapperArgs are how many positional arguments a wrapper takes before the
// command: timeout's duration, gosu's user.
var wrapperArgs = map[string]int{"timeout": 1, "gosu": 1, "su-exec": 1}

func (r *reader) call(ctx *parseCtx, c *syntax.CallExpr, st *syntax.Stmt) *Command {
	cmd := &Command{Script: r.script, Depth: ctx.depth, Subshell: ctx.subshell}
	start, end := int(st.Pos().Offset()), int(st.End().Offset())
	cmd.Range = r.rangeOf(ctx.fileOff, start, end)
	for _, a := range c.Assigns {
		w := r.assignWord(ctx, a)
		cmd.Assigns = append(cmd.Assigns, w)
		if len(c.Args) == 0 && a.Name != nil {
			if w.Known {
				r.assigned[a.Name.Value] = strings.TrimPrefix(w.Value, a.Name.Value+"=")
			} else {
				delete(r.assigned, a.Name.Value)
			}
		}
	}
	words := make([]Word, 0, len(c.Args))
	for _, a := range c.Args {
		words = append(words, r.word(ctx, a))
	}
	// See through wrappers.
	for len(words) > 0 {
		name := path.Base(words[0].Value)
		opts, ok := wrappers[name]
		if !ok {
			break
		}
		cmd.Wrappers = append(cmd.Wrappers, words[0])
		i := 1
		for i < len(words) {
			v := words[i].Value
			if (name == "env" || name == "sudo" || name == "doas") && isAssignment(v) {
				cmd.Assigns = append(cmd.Assigns, words[i])
				i++
				continue
			}
			if v == "--" {
				i++
				break
			}
			if !strings.HasPrefix(v, "-") || v == "-" {
				break
			}
			i++
			if opts[v] && i < len(words) {
				i++
			}
		}
		i += wrapperArgs[name]
		if i > len(words) {
			i = len(words)
		}
		words = words[i:]
	}
	if len(words) > 0 {
		cmd.Name = words[0]
		cmd.Args = words[1:]
	}
	for _, rd := range st.Redirs {
		red := Redirect{Op: rd.Op.String()}
		if rd.Word != nil {
			red.Target = r.word(ctx, rd.Word)
		}
		if rd.Hdoc != nil {
			red.Target = r.word(ctx, rd.Hdoc)
		}
		cmd.Redirects = append(cmd.Redirects, red)
	}
	// Commands inside $(...), `...` and <(...) run too.
	if s := ctx.text[start:end]; strings.Contains(s, "$(") || strings.Contains(s, "`") || strings.Contains(s, "<(") {
		r.substitutions(ctx, c)
	}
	if cmd.Name.Raw == "" {
		return nil // only assignments (or only redirections)
	}
	cmd.Index = len(r.script.Commands)
	r.script.Commands = append(r.script.Commands, cmd)

	if ctx.depth+1 >= maxShellDepth {
		return cmd
	}
	if posixShell(cmd.Base()) {
		// sh -c 'body': read the body as a script too.
		for i, a := range cmd.Args {
			if strings.HasPrefix(a.Value, "-") && !strings.HasPrefix(a.Value, "--") && strings.ContainsRune(a.Value, 'c') && i+1 < len(cmd.Args) {
				r.nested(ctx, c.Args[len(c.Args)-len(cmd.Args)+i+1], ctx.depth+1)
				break
			}
			if !strings.HasPrefix(a.Value, "-") {
				break
			}
		}
		// sh <<EOF: the heredoc is the script.
		r.redirectScripts(ctx, st, ctx.depth+1)
	}
	return cmd
}

// redirectScripts reads the heredocs of st as shell scripts (for `<<EOF`
// alone, or a shell reading its script from a heredoc), unless a shebang
// names another interpreter.
func (r *reader) redirectScripts(ctx *parseCtx, st *syntax.Stmt, depth int) {
	if depth >= maxShellDepth {
		return
	}
	for _, rd := range st.Redirs {
		if rd.Hdoc == nil || (rd.Op != syntax.Hdoc && rd.Op != syntax.DashHdoc) {
			continue
		}
		body := ctx.text[rd.Hdoc.Pos().Offset():rd.Hdoc.End().Offset()]
		// The body's end is that of its closing delimiter line.
		if i := strings.LastIndexByte(body, '\n'); i >= 0 && rd.Word != nil &&
			strings.TrimLeft(body[i+1:], "\t") == strings.Trim(ctx.text[rd.Word.Pos().Offset():rd.Word.End().Offset()], `'"\`) {
			body = body[:i+1]
		}
		if strings.HasPrefix(body, "#!") {
			line, _, _ := strings.Cut(body, "\n")
			fields := strings.Fields(strings.TrimPrefix(line, "#!"))
			interp := ""
			if len(fields) > 0 {
				interp = fields[0]
				if path.Base(interp) == "env" && len(fields) > 1 {
					interp = fields[1]
				}
			}
			if !posixShell(interp) {
				continue
			}
		}
		base := int(rd.Hdoc.Pos().Offset())
		fileOff := ctx.fileOff
		r.parse(body, func(o int) int { return fileOff(base + o) }, depth)
	}
}

// nested reads the value of a `sh -c` argument as a script. Offsets map
// into the word when it is a plain or quoted literal; otherwise findings
// inside point at the whole word.
func (r *reader) nested(ctx *parseCtx, w *syntax.Word, depth int) {
	raw := ctx.text[w.Pos().Offset():w.End().Offset()]
	base := int(w.Pos().Offset())
	var body string
	inner := 0
	switch {
	case len(w.Parts) == 1:
		switch p := w.Parts[0].(type) {
		case *syntax.SglQuoted:
			body, inner = p.Value, 1
		case *syntax.DblQuoted:
			body, inner = raw[1:len(raw)-1], 1
		case *syntax.Lit:
			body = p.Value
		default:
			return
		}
	default:
		return
	}
	fileOff := ctx.fileOff
	r.parse(body, func(o int) int { return fileOff(base + inner + o) }, depth)
}

func (r *reader) assignWord(ctx *parseCtx, a *syntax.Assign) Word {
	start, end := int(a.Pos().Offset()), int(a.End().Offset())
	w := Word{Raw: ctx.text[start:end], Range: r.rangeOf(ctx.fileOff, start, end), Known: true}
	if a.Name != nil {
		w.Value = a.Name.Value + "="
	}
	if a.Value != nil {
		v := r.word(ctx, a.Value)
		w.Value += v.Value
		w.Known = v.Known
	} else if a.Array != nil || a.Index != nil {
		w.Value, w.Known = w.Raw, false
	}
	return w
}

// word resolves a word: quotes removed, known variables replaced.
func (r *reader) word(ctx *parseCtx, w *syntax.Word) Word {
	start, end := int(w.Pos().Offset()), int(w.End().Offset())
	out := Word{Raw: ctx.text[start:end], Range: r.rangeOf(ctx.fileOff, start, end), Known: true}
	if len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok && !strings.Contains(l.Value, `\`) {
			out.Value = l.Value // most words: a plain literal, nothing to build
			return out
		}
	}
	var b strings.Builder
	r.parts(ctx, w.Parts, &b, &out.Known)
	out.Value = b.String()
	return out
}

func (r *reader) parts(ctx *parseCtx, parts []syntax.WordPart, b *strings.Builder, known *bool) {
	r.partsIn(ctx, parts, b, known, false)
}

// partsIn writes parts; inDouble says they are inside double quotes,
// where a backslash escapes only $, `, ", \ and a newline.
func (r *reader) partsIn(ctx *parseCtx, parts []syntax.WordPart, b *strings.Builder, known *bool, inDouble bool) {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(unescapeLit(p.Value, inDouble))
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			r.partsIn(ctx, p.Parts, b, known, true)
		case *syntax.ParamExp:
			if v, ok := r.param(ctx, p); ok {
				b.WriteString(v)
				continue
			}
			*known = false
			b.WriteString(ctx.text[p.Pos().Offset():p.End().Offset()])
		default:
			*known = false
			b.WriteString(ctx.text[p.Pos().Offset():p.End().Offset()])
		}
	}
}

// param resolves $NAME, ${NAME} and ${NAME:-default} from assignments
// earlier in the RUN and the stage's ARG and ENV values.
func (r *reader) param(ctx *parseCtx, p *syntax.ParamExp) (string, bool) {
	if p.Param == nil || p.Excl || p.Length || p.Width || p.Index != nil || p.Slice != nil || p.Repl != nil || p.Names != 0 || p.NestedParam != nil {
		return "", false
	}
	name := p.Param.Value
	v, ok := r.assigned[name]
	if !ok {
		v, ok = r.in.scope.Get(name)
	}
	if p.Exp == nil {
		return v, ok
	}
	switch p.Exp.Op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull:
		if ok && (v != "" || p.Exp.Op == syntax.DefaultUnset) {
			return v, true
		}
		if p.Exp.Word == nil {
			return "", true
		}
		var b strings.Builder
		known := true
		r.parts(ctx, p.Exp.Word.Parts, &b, &known)
		return b.String(), known
	}
	return "", false
}

// unescapeLit removes the backslashes of a literal as the shell does:
// unquoted, `\x` is `x`; inside double quotes only before $, `, ", \ and
// a newline ("a\nb" keeps its backslash).
func unescapeLit(s string, inDouble bool) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (!inDouble || strings.IndexByte("$`\"\\\n", s[i+1]) >= 0) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// execForm reads `RUN ["cmd", "arg"]`: one command, or the script of
// `["/bin/sh", "-c", "..."]`.
func (r *reader) execForm(argv []string, text string, fileOff func(int) int) {
	spans := jsonStrings(text)
	words := make([]Word, len(argv))
	for i, a := range argv {
		w := Word{Raw: a, Value: a, Known: true}
		if len(spans) == len(argv) {
			w.Raw = text[spans[i].s:spans[i].e]
			w.Range = r.rangeOf(fileOff, spans[i].s, spans[i].e)
		} else {
			w.Range = r.rangeOf(fileOff, 0, len(text))
		}
		words[i] = w
	}
	if len(words) == 0 {
		return
	}
	cmd := &Command{Script: r.script, Name: words[0], Args: words[1:], Range: r.rangeOf(fileOff, 0, len(text))}
	r.script.Commands = append(r.script.Commands, cmd)
	if posixShell(cmd.Base()) && len(argv) >= 3 && strings.HasPrefix(argv[1], "-") && strings.Contains(argv[1], "c") {
		body := argv[2]
		var off func(int) int
		if len(spans) == len(argv) && text[spans[2].s+1:spans[2].e-1] == body {
			base := spans[2].s + 1
			off = func(o int) int { return fileOff(base + o) }
		} else {
			s := 0
			if len(spans) == len(argv) {
				s = spans[2].s
			}
			off = func(int) int { return fileOff(s) }
		}
		r.parse(body, off, 1)
	}
}

// jsonStrings returns the spans of the JSON string literals in text,
// quotes included.
func jsonStrings(text string) []span {
	var out []span
	for i := 0; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != '"' {
			if text[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(text) {
			break
		}
		out = append(out, span{i, j + 1})
		i = j
	}
	return out
}

// substitutions reads the commands of the $(...) in a command's words.
func (r *reader) substitutions(ctx *parseCtx, c *syntax.CallExpr) {
	for _, n := range append(wordNodes(c.Args), assignNodes(c.Assigns)...) {
		r.walkSubst(ctx, n)
	}
}

// walkSubst reads the commands of the $(...), `...` and <(...) in n.
func (r *reader) walkSubst(ctx *parseCtx, n syntax.Node) {
	syntax.Walk(n, func(n syntax.Node) bool {
		switch s := n.(type) {
		case *syntax.CmdSubst:
			for _, x := range s.Stmts {
				r.stmt(ctx.inSubshell(), x)
			}
			return false
		case *syntax.ProcSubst:
			for _, x := range s.Stmts {
				r.stmt(ctx.inSubshell(), x)
			}
			return false
		}
		return true
	})
}

func wordNodes(ws []*syntax.Word) []syntax.Node {
	out := make([]syntax.Node, len(ws))
	for i, w := range ws {
		out[i] = w
	}
	return out
}

func assignNodes(as []*syntax.Assign) []syntax.Node {
	out := make([]syntax.Node, len(as))
	for i, a := range as {
		out[i] = a
	}
	return out
}
