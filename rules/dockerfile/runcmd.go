package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
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

// shellLike reports whether the command is a POSIX shell.
func shellLike(c *dockerfile.Command) bool {
	switch c.Base() {
	case "sh", "bash", "zsh", "dash", "ash", "ksh", "mksh":
		return true
	}
	return false
}

// wordBase is the last path element of a word's value (or of its raw text
// when the value is empty).
func wordBase(w dockerfile.Word) string {
	v := w.Value
	if v == "" {
		v = w.Raw
	}
	return path.Base(strings.TrimRight(v, "/"))
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

// literal reports whether a word is a value written in the Dockerfile: no
// part of it comes from a variable without a known value or a command.
func literal(w dockerfile.Word) bool {
	return w.Known && w.Value != "" && !strings.ContainsAny(w.Raw, "$`")
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

// varRefs returns the names of the variables a raw word refers to ($X, ${X}, ${X:-d}).
func varRefs(raw string) []string {
	var out []string
	for i := 0; i < len(raw); i++ {
		if raw[i] != '$' || i+1 >= len(raw) {
			continue
		}
		j := i + 1
		if raw[j] == '{' {
			j++
		}
		k := j
		for k < len(raw) && (raw[k] == '_' || raw[k] >= 'a' && raw[k] <= 'z' || raw[k] >= 'A' && raw[k] <= 'Z' || k > j && raw[k] >= '0' && raw[k] <= '9') {
			k++
		}
		if k > j {
			out = append(out, raw[j:k])
		}
		i = k - 1
	}
	return out
}
