package dockerfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/source"
)

func mustParse(t *testing.T, content string, opts ParseOptions) *File {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(content), opts)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return f
}

func rng(l1, c1, l2, c2 int) source.Range {
	return source.Range{Start: source.Pos{Line: l1, Col: c1}, End: source.Pos{Line: l2, Col: c2}}
}

func TestModelRanges(t *testing.T) {
	src := "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n" +
		"# escape=`\r\n" +
		"ARG BASE=alpine\r\n" +
		"ARG TAG\r\n" +
		"FROM --platform=$BUILDPLATFORM ${BASE}:3.20 AS Build\r\n" +
		"ENV APP_USER=app `\r\n" +
		"    HOME=/home/app\r\n" +
		"RUN echo hi `\r\n" +
		"  # comment inside a continuation\r\n" +
		"\r\n" +
		"  && echo there\r\n" +
		"USER $APP_USER\r\n" +
		"FROM build\r\n" +
		"EXPOSE 80 22/tcp `\r\n" +
		"  5900-5910\r\n" +
		"RUN <<EOF\r\n" +
		"echo é\r\n" +
		"EOF\r\n" +
		"HEALTHCHECK NONE\r\n" +
		"FROM ubuntu:${TAG}\r\n" +
		"ENV PASSWORD secret value\r\n"
	f := mustParse(t, src, ParseOptions{})

	if f.Escape != '`' {
		t.Errorf("escape = %q", f.Escape)
	}
	if len(f.Directives) != 2 || f.Directives[0].Name != "syntax" || f.Directives[0].Value != "docker/dockerfile:1" ||
		f.Directives[0].ValueRange != rng(1, 10, 1, 29) || f.Directive("escape").ValueRange != rng(2, 10, 2, 11) {
		t.Errorf("directives = %+v %+v", f.Directives[0], f.Directives[1])
	}
	if len(f.MetaArgs) != 2 || len(f.Stages) != 3 || len(f.Instructions) != 12 {
		t.Fatalf("meta=%d stages=%d instructions=%d", len(f.MetaArgs), len(f.Stages), len(f.Instructions))
	}

	s0 := f.Stages[0]
	if s0.Name != "build" || s0.NameRange != rng(5, 48, 5, 53) || s0.Platform != "$BUILDPLATFORM" {
		t.Errorf("stage 0 = %q %v %q", s0.Name, s0.NameRange, s0.Platform)
	}
	if fl := s0.From.Flag("platform"); fl == nil || fl.Range != rng(5, 6, 5, 31) {
		t.Errorf("platform flag = %+v", fl)
	}
	if b := s0.Base; b.Name != "alpine:3.20" || b.Token.Range != rng(5, 32, 5, 44) || !b.IsImage() ||
		b.Ref.Familiar() != "alpine:3.20" {
		t.Errorf("base 0 = %+v", b)
	}
	env := f.Instructions[3]
	if env.Keyword != "ENV" || env.StartLine != 6 || env.EndLine != 7 || len(env.Vars) != 2 ||
		env.Vars[1].Key != "HOME" || env.Vars[1].KeyRange != rng(7, 5, 7, 9) || env.Vars[1].ValueRange != rng(7, 10, 7, 19) {
		t.Errorf("env = %+v", env)
	}
	run := f.Instructions[4]
	if run.StartLine != 8 || run.EndLine != 11 || run.Range != rng(8, 1, 11, 16) {
		t.Errorf("run = %d-%d %v", run.StartLine, run.EndLine, run.Range)
	}
	if u, at := s0.EffectiveUser(); u != "app" || at == nil || at.Args[0].Range != rng(12, 6, 12, 15) {
		t.Errorf("user = %q %v", u, at)
	}

	s1 := f.Stages[1]
	if s1.Base.Stage != s0 || s1.Parent() != s0 || s1.Base.IsImage() {
		t.Errorf("stage 1 base = %+v", s1.Base)
	}
	if u, _ := s1.EffectiveUser(); u != "app" {
		t.Errorf("inherited user = %q", u)
	}
	expose := s1.Instructions[0]
	var got []string
	for _, a := range expose.Args {
		got = append(got, a.Value+"@"+a.Range.Start.String())
	}
	if !reflect.DeepEqual(got, []string{"80@14:8", "22/tcp@14:11", "5900-5910@15:3"}) {
		t.Errorf("expose args = %v", got)
	}
	heredoc := s1.Instructions[1]
	if len(heredoc.Heredocs) != 1 || heredoc.Heredocs[0].First != 17 || heredoc.Heredocs[0].Last != 17 ||
		heredoc.EndLine != 18 || !strings.Contains(heredoc.Heredocs[0].Content, "é") {
		t.Errorf("heredoc = %+v", heredoc.Heredocs)
	}
	if hc, disabled := s1.Healthcheck(); hc == nil || !disabled || hc.StartLine != 19 {
		t.Errorf("healthcheck = %v %v", hc, disabled)
	}

	s2 := f.Stages[2]
	if !reflect.DeepEqual(s2.Base.Unresolved, []string{"TAG"}) || s2.Base.IsImage() {
		t.Errorf("unresolved = %+v", s2.Base)
	}
	if v := s2.Instructions[0].Vars; len(v) != 1 || v[0].Key != "PASSWORD" || v[0].Value != "secret value" ||
		v[0].KeyRange != rng(21, 5, 21, 13) {
		t.Errorf("legacy env = %+v", v)
	}
	if f.Target("") != s2 || f.Target("BUILD") != s0 || f.Target("nope") != nil {
		t.Errorf("Target")
	}
	for line, want := range map[int]int{9: 8, 10: 8, 11: 8, 15: 14, 17: 16, 1: 1, 21: 21} {
		if got := f.InstructionStart(line); got != want {
			t.Errorf("InstructionStart(%d) = %d, want %d", line, got, want)
		}
	}
}

func TestBuildArgs(t *testing.T) {
	src := "ARG BASE=alpine\nARG TAG\nFROM ${BASE}:${TAG}\nARG USERNAME=app\nARG BASE\nUSER $USERNAME\n" +
		"FROM ${UNDECLARED}\n"
	f := mustParse(t, src, ParseOptions{BuildArgs: map[string]string{"TAG": "3.20", "USERNAME": "root", "UNDECLARED": "x"}})
	if b := f.Stages[0].Base; b.Name != "alpine:3.20" || !b.IsImage() {
		t.Errorf("base = %+v", b)
	}
	if u, _ := f.Stages[0].EffectiveUser(); u != "root" {
		t.Errorf("user = %q", u)
	}
	// Like BuildKit, an undeclared variable is not taken from build args.
	if b := f.Stages[1].Base; !reflect.DeepEqual(b.Unresolved, []string{"UNDECLARED"}) {
		t.Errorf("undeclared = %+v", b)
	}
	// A stage ARG without default takes the global value.
	in := f.Stages[0].Instructions[2]
	if e := in.Expand("$BASE"); e.Value != "alpine" || !e.Resolved() {
		t.Errorf("stage ARG = %+v", e)
	}
	if e := in.Expand("${NOPE:-dflt}"); e.Value != "dflt" || !e.Resolved() {
		t.Errorf("default form = %+v", e)
	}
}

func TestEnvInheritance(t *testing.T) {
	src := "FROM alpine:3.20 AS a\nENV U=1000 G=${U}\nENV G=${U}\nARG NOTINHERITED=x\nFROM a\nUSER $U:$G\nFROM a AS c\nUSER $NOTINHERITED\n"
	f := mustParse(t, src, ParseOptions{})
	if u, _ := f.Stages[1].EffectiveUser(); u != "1000:1000" {
		t.Errorf("user = %q", u)
	}
	// ENV A=1 B=$A sees the old A (unset here): BuildKit semantics.
	if e := f.Stages[0].Instructions[1].Expand("$G"); e.Resolved() {
		t.Errorf("G before the second ENV = %+v", e)
	}
	if u, _ := f.Stages[2].EffectiveUser(); u != "$NOTINHERITED" {
		t.Errorf("ARG must not be inherited: %q", u)
	}
}

func TestStageRefAndScratch(t *testing.T) {
	f := mustParse(t, "FROM scratch AS Base\nFROM base\nFROM BASE\nFROM later\nFROM alpine AS later\n", ParseOptions{})
	if !f.Stages[0].Base.Scratch || f.Stages[0].Base.IsImage() {
		t.Errorf("scratch")
	}
	if f.Stages[1].Base.Stage != f.Stages[0] || f.Stages[2].Base.Stage != f.Stages[0] {
		t.Errorf("stage refs")
	}
	if f.Stages[3].Base.Stage != nil || !f.Stages[3].Base.IsImage() {
		t.Errorf("a later stage is an image: %+v", f.Stages[3].Base)
	}
	if u, at := f.Stages[2].EffectiveUser(); u != "" || at != nil {
		t.Errorf("no user = %q", u)
	}
}

func TestIsRootUser(t *testing.T) {
	for u, want := range map[string]bool{
		"root": true, "0": true, "root:root": true, "0:0": true, "ROOT": true, " root ": true,
		"ContainerAdministrator": true, "containeradministrator": true, `NT AUTHORITY\SYSTEM`: true,
		"app": false, "1000": false, "1000:0": false, "ContainerUser": false, "": false, "rooted": false, "00": false,
	} {
		if got := IsRootUser(u); got != want {
			t.Errorf("IsRootUser(%q) = %v", u, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
		msg  string
	}{
		{"FROM alpine\nRUNN x\n", 2, "unknown instruction: RUNN (did you mean RUN?)"},
		{"", 1, "no instructions"},
		{"# only a comment\n", 1, "no instructions"},
		{"RUN echo\nFROM alpine\n", 1, "before the first FROM"},
		{"ARG X=1\n", 1, "no FROM"},
		{"FROM alpine\nRUN <<EOF\necho\n", 2, "heredoc"},
		{"FROM a b\n", 1, "FROM requires"},
		{"# escape=x\nFROM a\n", 1, "escape"},
		{"FROM alpine\nHEALTHCHECK --interval=xx CMD true\n", 2, ""},
	} {
		_, err := Parse("Dockerfile", []byte(c.src), ParseOptions{})
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v", c.src, err)
			continue
		}
		if pe.Range.Start.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%q: %v %q", c.src, pe.Range, pe.Msg)
		}
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	inputs := []string{
		"\x00\x01\x02",
		"FROM \xff\xfe\n",
		"FROM a\nRUN <<E\xff cat\nx\nE\xff\nCOPY <<\x00 /x\n\x00\n",
		"FROM a\x00b\nUSER \x00\nENV A=\x00 B=\xff\n",
		"FROM alpine\nRUN \\",
		"FROM alpine\nRUN \\\n",
		"\\\nFROM alpine\n",
		"FROM alpine\nENV\n",
		"FROM alpine\nEXPOSE\n",
		"FROM alpine\nONBUILD RUN <<EOF\nx\nEOF\n",
		"FROM alpine\nUSER \"\n",
		"FROM alpine\nARG =x\n",
		"FROM ${X:?boom}\n",
		"FROM alpine\r\rRUN x\r",
		"FROM " + strings.Repeat("a", 70000) + "\n",
		strings.Repeat("FROM alpine AS s\nRUN x \\\n  y\n", 5000),
	}
	for _, in := range inputs {
		f, err := Parse("Dockerfile", []byte(in), ParseOptions{})
		if f == nil && err == nil {
			t.Errorf("%.20q: nil file and nil error", in)
		}
		if f != nil {
			for _, st := range f.Stages {
				st.EffectiveUser()
				st.Healthcheck()
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := []byte(strings.Repeat("ARG V=1\nFROM alpine:3.20 AS s\nENV A=1 B=2\nRUN apk add --no-cache \\\n  curl \\\n  git\nUSER app\nEXPOSE 80 443\n", 20))
	for b.Loop() {
		if _, err := Parse("Dockerfile", src, ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestComments: the model's comment lines and the lines they apply to,
// read from BuildKit's instruction ranges (no second lexer).
func TestComments(t *testing.T) {
	const src = "# syntax=docker/dockerfile:1\n" + // 1: parser directive, not a comment
		"# above FROM\n" + // 2 -> 4
		"\t# stacked\n" + // 3 -> 4
		"FROM alpine:3.20\n" + // 4
		"RUN a \\\n" + // 5
		"  # inside the continuation\n" + // 6 -> 5
		"  b\n" + // 7
		"RUN <<EOF\n" + // 8
		"# heredoc body: shell text\n" + // 9: not a comment
		"EOF\n" + // 10
		"# cut off by a blank line\n" + // 11 -> none (blank)
		"\n" + // 12
		"USER app\n" + // 13
		"# at the end\n" // 14 -> none (EOF)
	f := mustParse(t, src, ParseOptions{})
	type c struct {
		line, target int
		detached     string
	}
	want := []c{{2, 4, ""}, {3, 4, ""}, {6, 5, ""}, {11, 0, source.DetachedBlank}, {14, 0, source.DetachedEOF}}
	var got []c
	for _, x := range f.Comments {
		got = append(got, c{x.Line, x.Target, x.Detached})
		if !strings.HasPrefix(x.Text, "#") || strings.HasSuffix(x.Text, " ") {
			t.Errorf("comment text %q", x.Text)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("comments = %+v\nwant %+v", got, want)
	}
	if f.Comments[1].Start != 1 {
		t.Errorf("start of an indented comment = %d, want 1", f.Comments[1].Start)
	}
}

// A `# check=` comment above an instruction (BuildKit merges it into the
// instruction's linter) must not crash the parser.
func TestCheckCommentAboveInstruction(t *testing.T) {
	for _, src := range []string{
		"FROM debian:12\n# check=skip=all\nCMD echo hi\n",
		"FROM debian:12\n# check=bogus\nRUN true\n",
		"# a\n# check=skip=StageNameCasing\n\nFROM debian:12 AS Build\n",
	} {
		if _, err := Parse("Dockerfile", []byte(src), ParseOptions{}); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
