package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// eachCommand calls fn for every command of every RUN of the file, in
// order (commands in `sh -c` bodies and heredoc scripts included).
func eachCommand(f *dockerfile.File, fn func(in *dockerfile.Instruction, c *dockerfile.Command)) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		for _, c := range sc.Commands {
			fn(in, c)
		}
	}
}

// stageName names the stage of an instruction for Diagnostic.Subject.
func stageName(in *dockerfile.Instruction) string {
	if in.Stage == nil {
		return ""
	}
	return in.Stage.DisplayName()
}

// fetchers are the commands that download a URL.
func isFetcher(c *dockerfile.Command) bool {
	return c != nil && c.Is("curl", "wget", "fetch", "aria2c")
}

// interpreters run a script they read from stdin when given no script
// file; the value is the option that makes them run a string instead.
var interpreters = map[string][]string{
	"sh": {"-c"}, "bash": {"-c"}, "zsh": {"-c"}, "dash": {"-c"}, "ash": {"-c"}, "ksh": {"-c"}, "mksh": {"-c"},
	"python": {"-c", "-m"}, "perl": {"-e", "-E"}, "ruby": {"-e"}, "node": {"-e", "--eval", "-p", "--print"},
	"nodejs": {"-e", "--eval", "-p", "--print"}, "php": {"-r"}, "pwsh": {"-c", "-Command", "-command"},
}

// interpreter returns the interpreter family of a command name: "python"
// for python3.12, "" when it is none.
func interpreter(c *dockerfile.Command) string {
	b := c.Base()
	if _, ok := interpreters[b]; ok {
		return b
	}
	for _, p := range []string{"python", "perl", "ruby", "php"} {
		if strings.HasPrefix(b, p) && strings.Trim(b[len(p):], "0123456789.") == "" {
			return p
		}
	}
	return ""
}

// mentions reports whether any word of c (name, arguments, assignments,
// redirections) holds s, in its value or as written.
func mentions(c *dockerfile.Command, s string) bool {
	if s == "" || c == nil {
		return false
	}
	check := func(w dockerfile.Word) bool {
		return strings.Contains(w.Value, s) || strings.Contains(w.Raw, s)
	}
	if check(c.Name) {
		return true
	}
	for _, w := range c.Args {
		if check(w) {
			return true
		}
	}
	for _, w := range c.Assigns {
		if check(w) {
			return true
		}
	}
	for _, r := range c.Redirects {
		if check(r.Target) {
			return true
		}
	}
	return false
}

// declaredVar says where a variable used by in comes from: "ARG" for a
// build argument, "ENV", "secret" for a `RUN --mount=type=secret,env=`,
// or "" when the stage does not declare it.
func declaredVar(in *dockerfile.Instruction, name string) string {
	for _, fl := range in.Flags {
		if fl.Name != "mount" || !strings.Contains(fl.Value, "type=secret") {
			continue
		}
		for _, kv := range strings.Split(fl.Value, ",") {
			if k, v, ok := strings.Cut(kv, "="); ok && k == "env" && v == name {
				return "secret"
			}
		}
	}
	if in.Stage == nil {
		return ""
	}
	for i, s := range in.Stage.Chain() {
		for j := len(s.Instructions) - 1; j >= 0; j-- {
			x := s.Instructions[j]
			if i == 0 && x.StartLine >= in.StartLine {
				continue
			}
			if x.Keyword != "ARG" && x.Keyword != "ENV" {
				continue
			}
			if i > 0 && x.Keyword == "ARG" {
				continue // ARGs do not pass to child stages
			}
			for _, v := range x.Vars {
				if v.Key == name {
					return x.Keyword
				}
			}
		}
	}
	return ""
}

// varNames returns the names of the variables a shell word refers to
// ($X, ${X}, ${X:-d}), as BuildKit's lexer finds them.
func varNames(raw string) []string {
	var out []string
	for _, r := range varRefs(raw, '\\', false) {
		out = append(out, r.name)
	}
	return out
}

// removeWordEdit returns the edit that deletes a plain word (no quotes
// or variables, on one line) with the blanks after it, or before it when
// the word ends the line; ok is false when the word cannot be cut cleanly.
func removeWordEdit(src *source.File, w dockerfile.Word) (rule.Edit, bool) {
	if w.Raw != w.Value || w.Range.Start.Line != w.Range.End.Line || !w.Range.IsValid() {
		return rule.Edit{}, false
	}
	s, e := src.Offset(w.Range.Start), src.Offset(w.Range.End)
	if e <= s || string(src.Content[s:e]) != w.Raw {
		return rule.Edit{}, false
	}
	c := src.Content
	end := e
	for end < len(c) && (c[end] == ' ' || c[end] == '\t') {
		end++
	}
	start := s
	if end == len(c) || c[end] == '\n' || c[end] == '\r' || c[end] == '\\' || c[end] == '`' || c[end] == ';' || c[end] == '|' || c[end] == '&' || c[end] == ')' || c[end] == '\'' || c[end] == '"' {
		end = e
		for start > 0 && (c[start-1] == ' ' || c[start-1] == '\t') {
			start--
		}
		if start == s {
			return rule.Edit{}, false
		}
	}
	return rule.Edit{Range: src.RangeOf(start, end)}, true
}

// removeLetterEdit deletes one option letter from a group of short
// options written plainly (`-fsSLk` -> `-fsSL`).
func removeLetterEdit(src *source.File, w dockerfile.Word, letter byte) (rule.Edit, bool) {
	if w.Raw != w.Value || w.Range.Start.Line != w.Range.End.Line || len(w.Raw) < 3 || w.Raw[0] != '-' || w.Raw[1] == '-' {
		return rule.Edit{}, false
	}
	s := src.Offset(w.Range.Start)
	if s+len(w.Raw) > len(src.Content) || string(src.Content[s:s+len(w.Raw)]) != w.Raw {
		return rule.Edit{}, false
	}
	i := strings.IndexByte(w.Raw[1:], letter)
	if i < 0 || strings.Count(w.Raw[1:], string(letter)) != 1 {
		return rule.Edit{}, false
	}
	return rule.Edit{Range: src.RangeOf(s+1+i, s+2+i)}, true
}
