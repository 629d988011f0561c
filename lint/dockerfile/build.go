package dockerfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/source"
)

type builder struct {
	f      *File
	opts   ParseOptions
	byName map[string]*Stage // stages so far by lower-case name
	lex    *shell.Lex        // reused for every expansion during the build
	// pending are the COPY --from and RUN --mount from= words, resolved
	// against the stages at the end of the build.
	pending []pendingRef
	// lint collects BuildKit's parse-time checks into File.BuildKitWarnings;
	// cur is the instruction being parsed.
	lint *linter.Linter
	cur  *Instruction
}

func (b *builder) buildArg(k string) (string, bool) {
	v, ok := b.opts.BuildArgs[k]
	return v, ok
}

func (b *builder) build(ast *parser.Node) error {
	f := b.f
	src := f.Source
	maxLine := src.NumLines()

	global := &scope{vars: make(map[string]variable, len(builtinArgs)+4)}
	for k, v := range builtinArgs {
		if bv, ok := b.buildArg(k); ok {
			v = bv
		}
		global.vars[k] = variable{value: v, set: true}
	}
	f.global = global

	var cur *Stage
	var sc *scope // the current stage's scope
	for _, node := range ast.Children {
		in, err := b.instruction(node, maxLine)
		if err != nil {
			return err
		}
		f.Instructions = append(f.Instructions, in)
		switch {
		case in.Keyword == "FROM":
			st, ok := in.Command.(*instructions.Stage)
			if !ok {
				return b.errorAt(in, "FROM could not be read")
			}
			cur = b.stage(in, st)
			if p := cur.Base.Stage; p != nil {
				cur.shell = p.shell // SHELL is inherited from the parent stage
			}
			sc = &scope{vars: map[string]variable{}}
			if p := cur.Base.Stage; p != nil && p.lastScope != nil {
				for k, v := range p.lastScope.vars {
					if v.env {
						sc.vars[k] = v
					}
				}
			}
			cur.lastScope = sc
		case cur == nil:
			if in.Keyword != "ARG" {
				return b.errorAt(in, fmt.Sprintf("%s before the first FROM: no build stage in current context", in.Keyword))
			}
			in.scope = global
			global = b.applyArg(in, global, nil)
			f.global = global
			f.MetaArgs = append(f.MetaArgs, in)
		default:
			in.Stage = cur
			in.scope = sc
			switch in.Keyword {
			case "ARG":
				sc = b.applyArg(in, sc, f.global)
			case "ENV":
				sc = b.applyEnv(in, sc)
			}
			switch in.Keyword {
			case "SHELL":
				var sh []string
				if len(in.Args) > 0 && json.Unmarshal([]byte(in.Args[0].Value), &sh) == nil && len(sh) > 0 {
					cur.shell = sh
				}
			case "RUN":
				if in.run != nil {
					in.run.shell = cur.shell
				}
			}
			cur.Instructions = append(cur.Instructions, in)
			cur.lastScope = sc
		}
	}
	if len(f.Stages) == 0 {
		line := 1
		if len(f.Instructions) > 0 {
			line = f.Instructions[0].StartLine
		}
		return &ParseError{Range: src.LineSpan(line), Msg: "the Dockerfile has no FROM instruction"}
	}
	b.resolveRefs()
	return nil
}

func (b *builder) errorAt(in *Instruction, msg string) *ParseError {
	return &ParseError{Range: in.KeywordRange, Msg: msg}
}

// instruction builds one instruction from its AST node.
func (b *builder) instruction(node *parser.Node, maxLine int) (*Instruction, error) {
	f := b.f
	src := f.Source
	start, end := node.StartLine, node.EndLine
	if start < 1 {
		start = 1
	}
	if end < start {
		end = start
	}
	if end > maxLine && maxLine >= 1 {
		end = maxLine
	}
	in := &Instruction{
		Keyword:   strings.ToUpper(node.Value),
		StartLine: start,
		EndLine:   end,
		Node:      node,
		file:      f,
	}
	lg := readLogical(src, start, end, f.Escape)
	tk := splitInstruction(lg.text, f.Escape)
	if len(lg.text) == 0 || !strings.EqualFold(lg.str(tk.keyword), node.Value) {
		// Should not happen; keep line-level ranges rather than wrong columns.
		in.KeywordRange = src.LineSpan(start)
		in.Range = source.Range{Start: in.KeywordRange.Start, End: lineEnd(src, end)}
	} else {
		in.KeywordRange = lg.rangeOf(src, tk.keyword)
		in.Range = source.Range{Start: in.KeywordRange.Start, End: lineEnd(src, end)}
		for _, sp := range tk.flags {
			raw := strings.TrimPrefix(lg.str(sp), "--")
			name, val, _ := strings.Cut(raw, "=")
			in.Flags = append(in.Flags, Flag{Name: strings.ToLower(name), Value: unquote(val, f.Escape), Range: lg.rangeOf(src, sp)})
		}
		b.args(in, &lg, tk)
		b.flagRefs(in, &lg, tk.flags)
		if in.Keyword == "RUN" && tk.rest.e > tk.rest.s {
			in.run = &runBody{lg: lg, rest: tk.rest}
		}
	}

	b.cur = in
	cmd, err := instructions.ParseInstructionWithLinter(node, b.lint)
	if err != nil {
		return nil, &ParseError{Range: in.KeywordRange, Msg: err.Error()}
	}
	// Every instruction is parsed (that is what rejects bad flags and
	// arguments), but only the kinds the model reads are kept: a RUN's
	// parsed mounts, network and security flags take about 1 KB each, the
	// largest share of the memory of a big Dockerfile.
	switch cmd.(type) {
	case *instructions.Stage, *instructions.ArgCommand, *instructions.EnvCommand, *instructions.HealthCheckCommand:
		in.Command = cmd
	}

	b.heredocs(in, node, lg.lastLine, end)
	return in, nil
}

func lineEnd(src *source.File, n int) source.Pos {
	text, off := lineBytes(src, n)
	return src.PosOf(off + len(text))
}

// args fills Args and Vars.
func (b *builder) args(in *Instruction, lg *logical, tk tokens) {
	src := b.f.Source
	t := lg.text
	if tk.rest.e <= tk.rest.s {
		return
	}
	tok := func(sp span) Token { return Token{Value: lg.str(sp), Range: lg.rangeOf(src, sp)} }
	switch in.Keyword {
	case "FROM", "EXPOSE":
		for _, sp := range splitWS(t, tk.rest) {
			in.Args = append(in.Args, tok(sp))
		}
	case "ARG", "LABEL":
		words := splitWords(t, tk.rest, b.f.Escape)
		for _, sp := range words {
			in.Args = append(in.Args, tok(sp))
		}
		if in.Keyword == "ARG" {
			for _, sp := range words {
				in.Vars = append(in.Vars, kvVar(lg, src, sp, "ARG"))
			}
		}
	case "ENV":
		words := splitWords(t, tk.rest, b.f.Escape)
		for _, sp := range words {
			in.Args = append(in.Args, tok(sp))
		}
		if len(words) > 0 && !strings.Contains(lg.str(words[0]), "=") {
			// legacy form: ENV KEY value with spaces
			ws := splitWS(t, tk.rest)
			key := ws[0]
			val := span{key.e, tk.rest.e}
			for val.s < val.e && isWS(t[val.s]) {
				val.s++
			}
			in.Vars = append(in.Vars, Var{
				Key: lg.str(key), Value: lg.str(val), HasValue: true,
				KeyRange: lg.rangeOf(src, key), ValueRange: lg.rangeOf(src, val),
			})
			return
		}
		for _, sp := range words {
			in.Vars = append(in.Vars, kvVar(lg, src, sp, "ENV"))
		}
	case "COPY", "ADD":
		in.Args = append(in.Args, tok(tk.rest))
		in.Paths = copyPaths(lg, src, tk.rest)
	default:
		in.Args = append(in.Args, tok(tk.rest))
	}
}

func kvVar(lg *logical, src *source.File, sp span, kw string) Var {
	raw := lg.str(sp)
	i := strings.IndexByte(raw, '=')
	if i < 0 {
		return Var{Key: raw, KeyRange: lg.rangeOf(src, sp), ValueRange: lg.rangeOf(src, span{sp.e, sp.e})}
	}
	key := span{sp.s, sp.s + i}
	val := span{sp.s + i + 1, sp.e}
	return Var{
		Key: raw[:i], Value: raw[i+1:], HasValue: true,
		KeyRange: lg.rangeOf(src, key), ValueRange: lg.rangeOf(src, val),
	}
}

// heredocs locates the bodies of the node's heredocs, which follow the
// instruction's joined lines.
func (b *builder) heredocs(in *Instruction, node *parser.Node, after, end int) {
	if len(node.Heredocs) == 0 {
		return
	}
	src := b.f.Source
	n := after + 1
	for _, h := range node.Heredocs {
		hd := Heredoc{Name: h.Name, Content: h.Content, Expand: h.Expand, Chomp: h.Chomp, First: n, Last: n - 1}
		for ; n <= end; n++ {
			text, _ := lineBytes(src, n)
			if h.Chomp {
				text = bytes.TrimLeft(text, "\t")
			}
			if string(text) == h.Name {
				hd.Last = n - 1
				n++
				break
			}
			hd.Last = n
		}
		in.Heredocs = append(in.Heredocs, hd)
	}
}

// stage opens a new stage at the FROM instruction in.
func (b *builder) stage(in *Instruction, st *instructions.Stage) *Stage {
	f := b.f
	s := &Stage{Index: len(f.Stages), Name: st.Name, From: in, Platform: st.Platform, file: f}
	in.Stage = s
	in.scope = f.global
	if len(in.Args) >= 3 {
		s.NameRange = in.Args[2].Range
	}
	base := Base{Name: st.BaseName}
	if len(in.Args) > 0 {
		base.Token = in.Args[0]
	} else {
		base.Token = Token{Value: st.BaseName, Range: in.KeywordRange}
	}
	e := expand(b.lex, st.BaseName, f.global)
	base.Name = strings.TrimSpace(e.Value)
	base.Unresolved = e.Unresolved
	switch {
	case e.Err != nil:
		base.RefErr = e.Err
	case strings.EqualFold(base.Name, "scratch"):
		base.Scratch = true
	default:
		base.Stage = b.byName[strings.ToLower(base.Name)]
		if base.Stage == nil && len(base.Unresolved) == 0 {
			base.Ref, base.RefErr = imageref.Parse(base.Name)
		}
	}
	s.Base = base
	f.Stages = append(f.Stages, s)
	if s.Name != "" && b.byName[s.Name] == nil {
		b.byName[s.Name] = s
	}
	return s
}

// applyArg declares the keys of an ARG instruction in a copy of sc.
// global is the global scope a stage ARG without default takes its value
// from (nil for global ARGs themselves).
func (b *builder) applyArg(in *Instruction, sc *scope, global *scope) *scope {
	cmd, ok := in.Command.(*instructions.ArgCommand)
	if !ok || len(cmd.Args) == 0 {
		return sc
	}
	n := sc.clone()
	for _, kv := range cmd.Args {
		if old, ok := n.vars[kv.Key]; ok && old.env {
			continue // ENV wins over ARG
		}
		v := variable{}
		if bv, ok := b.buildArg(kv.Key); ok {
			v = variable{value: bv, set: true}
		} else if kv.Value != nil {
			e := expand(b.lex, *kv.Value, sc)
			v = variable{value: e.Value, set: e.Resolved()}
		} else if global != nil {
			if g, ok := global.vars[kv.Key]; ok {
				v = variable{value: g.value, set: g.set}
			}
		} else if old, ok := n.vars[kv.Key]; ok {
			v = old // re-declaring a builtin global ARG keeps its value
		}
		n.vars[kv.Key] = v
	}
	return n
}

// applyEnv sets the keys of an ENV instruction in a copy of sc. All values
// are expanded with the variables as they were before the instruction.
func (b *builder) applyEnv(in *Instruction, sc *scope) *scope {
	cmd, ok := in.Command.(*instructions.EnvCommand)
	if !ok || len(cmd.Env) == 0 {
		return sc
	}
	n := sc.clone()
	for _, kv := range cmd.Env {
		e := expand(b.lex, kv.Value, sc)
		n.vars[kv.Key] = variable{value: e.Value, set: e.Resolved(), env: true}
	}
	return n
}
