package dockerfile

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// commands renders the commands of every RUN as "line:col name arg|arg",
// with -> for a pipe to the next command and the wrappers in brackets.
func commands(t *testing.T, content string) []string {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(content), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		if sc.Err != nil {
			out = append(out, fmt.Sprintf("error %d:%d %s", sc.Err.Range.Start.Line, sc.Err.Range.Start.Col, sc.Err.Msg))
		}
		if sc.Skipped != "" {
			out = append(out, "skipped: "+sc.Skipped)
		}
		for _, c := range sc.Commands {
			var args []string
			for _, a := range c.Args {
				v := a.Value
				if !a.Known {
					v += "?"
				}
				args = append(args, v)
			}
			s := fmt.Sprintf("%d:%d %s %s", c.Name.Range.Start.Line, c.Name.Range.Start.Col, c.Name.Value, strings.Join(args, "|"))
			for _, w := range c.Wrappers {
				s += " [" + w.Value + "]"
			}
			if c.PipeTo != nil {
				s += " -> " + c.PipeTo.Name.Value
			}
			if c.Subshell {
				s += " sub"
			}
			if c.Depth > 0 {
				s += fmt.Sprintf(" depth=%d", c.Depth)
			}
			out = append(out, s)
		}
	}
	return out
}

func TestScript(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"continuation", "FROM alpine\nRUN apt-get update \\\n  && apt-get install -y curl\n",
			[]string{"2:5 apt-get update", "3:6 apt-get install|-y|curl"}},
		{"pipe and sudo", "FROM alpine\nRUN curl -fsSL https://x.sh | sudo -E bash -s -- --yes\n",
			[]string{"2:5 curl -fsSL|https://x.sh -> bash sub", "2:39 bash -s|--|--yes [sudo] sub"}},
		{"sh -c body", "FROM alpine\nRUN sh -c 'wget -qO- https://x | sh'\n",
			[]string{"2:5 sh -c|wget -qO- https://x | sh", "2:12 wget -qO-|https://x -> sh sub depth=1", "2:34 sh  sub depth=1"}},
		{"heredoc script", "FROM alpine\nRUN <<EOF\nset -e\n  apk add curl\nEOF\nRUN echo done\n",
			[]string{"3:1 set -e", "4:3 apk add|curl", "6:5 echo done"}},
		{"heredoc stdin of another interpreter", "FROM python:3.13\nRUN python3 <<EOF\nimport os\nEOF\n",
			[]string{"2:5 python3 "}},
		{"shebang heredoc", "FROM python:3.13\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n", nil},
		{"bash heredoc", "FROM alpine\nRUN bash <<'EOF'\ncurl -k https://x\nEOF\n",
			[]string{"2:5 bash ", "3:1 curl -k|https://x depth=1"}},
		{"exec form", "FROM alpine\nRUN [\"/bin/sh\", \"-c\", \"echo hi && curl x\"]\n",
			[]string{"2:6 /bin/sh -c|echo hi && curl x", "2:24 echo hi depth=1", "2:35 curl x depth=1"}},
		{"variables", "FROM alpine\nARG V=1.2\nENV P=/opt\nRUN V2=3 && apk add curl=${V} x=$UNKNOWN y=${NOPE:-9} $P/bin $V2\n",
			[]string{"4:13 apk add|curl=1.2|x=$UNKNOWN?|y=9|/opt/bin|3"}},
		{"command substitution", "FROM alpine\nRUN echo $(curl -s https://x) `id -u`\n",
			[]string{"2:12 curl -s|https://x sub", "2:32 id -u sub", "2:5 echo $(curl -s https://x)?|`id -u`?"}},
		{"export and process substitution", "FROM alpine\nARG T=1\nRUN export A=$T B && bash <(curl -s https://x) && echo $A\n",
			[]string{"3:5 export A=1|B", "3:29 curl -s|https://x sub", "3:22 bash <(curl -s https://x)?", "3:51 echo 1"}},
		{"control structures", "FROM alpine\nRUN for p in a b; do pip install \"$p\"; done && if [ -f x ]; then rm x; fi\n",
			[]string{"2:22 pip install|$p?", "2:51 [ -f|x|]", "2:66 rm x"}},
		{"powershell", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest https://x\n",
			[]string{"skipped: the RUN runs in powershell, not a POSIX shell"}},
		{"windows default shell", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n",
			[]string{"skipped: the RUN runs in cmd, not a POSIX shell"}},
		{"parse error", "FROM alpine\nRUN echo ok \\\n  && if then\n",
			[]string{"error 3:6 `if` must be followed by a statement list"}},
		{"escape backtick", "# escape=`\nFROM alpine\nRUN apk add `\n    curl && echo \\n\n",
			[]string{"3:5 apk add|curl", "4:13 echo n"}},
		{"crlf heredoc", "FROM alpine\r\nRUN <<EOF\r\napk add curl\r\nEOF\r\n",
			[]string{"3:1 apk add|curl"}},
		{"xargs and env", "FROM alpine\nRUN find . | xargs -n1 env A=1 rm -f\n",
			[]string{"2:5 find . -> rm sub", "2:32 rm -f [xargs] [env] sub"}},
		{"subshell", "FROM alpine\nRUN (cd /src && make) && cd /app\n",
			[]string{"2:6 cd /src sub", "2:17 make  sub", "2:26 cd /app"}},
		{"backslashes", "FROM alpine\nRUN printf \"a\\nb \\$HOME\" a\\ b 'c\\d'\n",
			[]string{`2:5 printf a\nb $HOME|a b|c\d`}},
		{"inherited shell", "FROM alpine AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM a\nRUN echo hi\n",
			[]string{"4:5 echo hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := commands(t, tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestScriptShellAndOptions(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM alpine AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM a\nRUN apt-get -qy install --no-install-recommends x\n"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sc := f.Stages[1].Scripts()[0]
	if strings.Join(sc.Shell, " ") != "/bin/bash -o pipefail -c" {
		t.Errorf("shell %q", sc.Shell)
	}
	c := sc.Commands[0]
	if !c.HasOption("-y", "--yes") || c.HasOption("-x") || !c.HasOption("--no-install-recommends") || c.HasOption("--no-install") {
		t.Errorf("options of %v", c.Args)
	}
	if ps := c.Positionals(); len(ps) != 2 || ps[0].Value != "install" {
		t.Errorf("positionals %v", ps)
	}
	if in := f.Stages[0].From; in.Script() != nil {
		t.Error("FROM has a script")
	}
}

func TestStageWindows(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS w\nFROM w\nFROM --platform=windows/amd64 x\nFROM alpine\n"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, true, true, false} {
		if got := f.Stages[i].Windows(); got != want {
			t.Errorf("stage %d: Windows() = %v", i, got)
		}
	}
}

func FuzzScript(f *testing.F) {
	for _, s := range []string{
		"FROM a\nRUN curl x | sh\n", "FROM a\nRUN <<EOF\nsh -c 'a && b'\nEOF\n",
		"FROM a\nRUN [\"sh\", \"-c\", \"x\"]\n", "FROM a\nRUN sh -c \"$(echo \\\"x\\\")\"\n",
		"# escape=`\nFROM a\nRUN a `\n b\n", "FROM a\nRUN bash <<-EOF\n\tif x; then y; fi\n\tEOF\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// A hang is a failure too: the panic names the input.
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("HANG %q", b)) })
		defer tm.Stop()
		df, err := Parse("Dockerfile", b, ParseOptions{})
		if err != nil {
			return
		}
		n := df.Source.NumLines()
		for _, in := range df.Instructions {
			sc := in.Script()
			if sc == nil {
				continue
			}
			for _, c := range sc.Commands {
				for _, w := range append([]Word{c.Name}, c.Args...) {
					if w.Range.Start.Line < 0 || w.Range.End.Line > n+1 || w.Range.End.Line < w.Range.Start.Line {
						t.Fatalf("word %q range %v outside the file (%d lines)", w.Raw, w.Range, n)
					}
				}
			}
		}
	})
}
