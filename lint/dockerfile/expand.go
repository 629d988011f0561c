package dockerfile

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// variable is an ARG or ENV value in a scope.
type variable struct {
	value string
	set   bool // false: declared (ARG NAME) but without a value
	env   bool // set by ENV (inherited by child stages), else ARG
}

// scope is an immutable set of variables; instructions share it until an
// ARG or ENV makes a modified copy.
type scope struct {
	vars map[string]variable
}

func (s *scope) clone() *scope {
	n := &scope{vars: make(map[string]variable, len(s.vars)+2)}
	for k, v := range s.vars {
		n.vars[k] = v
	}
	return n
}

func (s *scope) lookup(k string) (variable, bool) {
	if s == nil {
		return variable{}, false
	}
	v, ok := s.vars[k]
	return v, ok
}

// Get implements shell.EnvGetter: unset and value-less variables are missing.
func (s *scope) Get(k string) (string, bool) {
	v, ok := s.lookup(k)
	if !ok || !v.set {
		return "", false
	}
	return v.value, true
}

// Keys implements shell.EnvGetter.
func (s *scope) Keys() []string {
	if s == nil {
		return nil
	}
	keys := make([]string, 0, len(s.vars))
	for k, v := range s.vars {
		if v.set {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// builtinArgs are the automatic platform ARGs of BuildKit's global scope,
// with the values of a linux/amd64 build.
var builtinArgs = map[string]string{
	"BUILDPLATFORM":  "linux/amd64",
	"BUILDOS":        "linux",
	"BUILDARCH":      "amd64",
	"BUILDVARIANT":   "",
	"TARGETPLATFORM": "linux/amd64",
	"TARGETOS":       "linux",
	"TARGETARCH":     "amd64",
	"TARGETVARIANT":  "",
}

// Expansion is the result of expanding a word.
type Expansion struct {
	Value string
	// Unresolved are the variables the word refers to plainly ($X, ${X})
	// that have no value. ${X:-default} forms are not counted.
	Unresolved []string
	Err        error
}

// Resolved reports whether the expansion is known.
func (e Expansion) Resolved() bool { return e.Err == nil && len(e.Unresolved) == 0 }

// Expand expands variables in word as BuildKit would for this instruction
// (quotes are removed too). FROM sees the global ARGs; other instructions
// see their stage's ARGs and ENVs.
func (in *Instruction) Expand(word string) Expansion {
	esc := '\\'
	if in.file != nil {
		esc = in.file.Escape
	}
	if esc != '`' {
		esc = '\\'
	}
	return expand(shell.NewLex(esc), word, in.scope)
}

// expand expands word in sc with lex (not safe for concurrent use).
func expand(lex *shell.Lex, word string, sc *scope) Expansion {
	if !utf8.ValidString(word) || strings.IndexByte(word, 0) >= 0 {
		// text/scanner inside shell.Lex prints these errors to stderr
		word = strings.ReplaceAll(strings.ToValidUTF8(word, "\uFFFD"), "\x00", "\uFFFD")
	}
	res, err := lex.ProcessWordWithMatches(word, sc)
	e := Expansion{Value: res.Result, Err: err}
	if err != nil {
		e.Value = word
	}
	for name := range res.Unmatched {
		if plainRef(word, name) {
			e.Unresolved = append(e.Unresolved, name)
		}
	}
	sort.Strings(e.Unresolved)
	return e
}

// plainRef reports whether word refers to name as $name or ${name} (no
// default-value modifier).
func plainRef(word, name string) bool {
	for i := 0; i < len(word); {
		j := strings.IndexByte(word[i:], '$')
		if j < 0 {
			return false
		}
		i += j + 1
		rest := word[i:]
		if strings.HasPrefix(rest, "{"+name+"}") {
			return true
		}
		if strings.HasPrefix(rest, name) {
			after := rest[len(name):]
			if after == "" || !isNameChar(after[0]) {
				return true
			}
		}
	}
	return false
}

func isNameChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
