package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// Helpers shared by the rules that match BuildKit's build checks
// (`docker build --check`), DF050-DF068.

// buildKitDoc is the sentence that ends the Why of those rules: the
// BuildKit check they match, linked to its page.
func buildKitDoc(check, slug string) string {
	return " Same check as BuildKit's [" + check + "](https://docs.docker.com/reference/build-checks/" + slug + "/) " +
		"(`docker build --check`)."
}

// buildKitWarnings returns the warnings BuildKit's parser reported for check.
func buildKitWarnings(f *dockerfile.File, check string) []dockerfile.BuildKitWarning {
	var out []dockerfile.BuildKitWarning
	for _, w := range f.BuildKitWarnings {
		if w.Rule == check && w.Instruction != nil {
			out = append(out, w)
		}
	}
	return out
}

// varRef is a variable reference ($NAME or ${NAME...}) inside a word: the
// name and the byte span [s, e) of the whole reference.
type varRef struct {
	name string
	s, e int
	// plain is true for $NAME and ${NAME} (no modifier such as :-).
	plain bool
}

// varRefs finds the variable references that BuildKit's shell lexer looks
// up in word: not after the escape token, not inside single quotes (unless
// quotes are literal, as in heredoc bodies), nested ones included
// (${A:-$B} gives A and B). Special parameters ($1, $@) are not names.
func varRefs(word string, esc byte, literalQuotes bool) []varRef {
	var out []varRef
	inSingle, inDouble := false, false
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case inSingle:
			if c == '\'' {
				inSingle = false
			}
		case c == esc:
			i++
		case c == '\'' && !inDouble && !literalQuotes:
			inSingle = true
		case c == '"' && !literalQuotes:
			inDouble = !inDouble
		case c == '$' && i+1 < len(word):
			if word[i+1] == '{' {
				n := nameLen(word[i+2:])
				if n == 0 {
					continue
				}
				end, depth := -1, 0
				for k := i + 2 + n; k < len(word); k++ {
					if word[k] == esc {
						k++
						continue
					}
					if word[k] == '{' {
						depth++
					} else if word[k] == '}' {
						if depth == 0 {
							end = k + 1
							break
						}
						depth--
					}
				}
				if end < 0 {
					continue
				}
				out = append(out, varRef{name: word[i+2 : i+2+n], s: i, e: end, plain: i+2+n == end-1})
				i += 1 + n // nested references are scanned next
			} else if n := nameLen(word[i+1:]); n > 0 {
				out = append(out, varRef{name: word[i+1 : i+1+n], s: i, e: i + 1 + n, plain: true})
				i += n
			}
		}
	}
	return out
}

// nameLen is the length of the variable name at the start of s.
func nameLen(s string) int {
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || n > 0 && s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n
}

// escByte is the file's escape token as a byte.
func escByte(f *dockerfile.File) byte {
	if f.Escape == '`' {
		return '`'
	}
	return '\\'
}

// platformArgs are BuildKit's automatic global ARGs (dockerfile2llb
// defaultArgs): FROM may use them without declaring them.
var platformArgs = map[string]bool{
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDOSVERSION": true, "BUILDARCH": true, "BUILDVARIANT": true,
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETOSVERSION": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"TARGETSTAGE": true,
}

// metaArgKeys are the keys of the global ARGs (before the first FROM).
func metaArgKeys(f *dockerfile.File) []string {
	var keys []string
	for _, in := range f.MetaArgs {
		for _, v := range in.Vars {
			keys = append(keys, v.Key)
		}
	}
	return keys
}

// flagToken returns the value of a --name=value flag as a token (the text
// after `=`, quotes kept), and whether it was found.
func flagToken(in *dockerfile.Instruction, name string) (dockerfile.Token, bool) {
	fl := in.Flag(name)
	if fl == nil {
		return dockerfile.Token{}, false
	}
	full, ok := in.TokenAt(fl.Range)
	if !ok {
		return dockerfile.Token{}, false
	}
	eq := strings.IndexByte(full.Value, '=')
	if eq < 0 {
		return dockerfile.Token{}, false
	}
	return dockerfile.Token{Value: full.Value[eq+1:], Range: in.SubRange(full, eq+1, len(full.Value))}, true
}

// keywordCase converts a keyword as written to the case wanted.
func keywordCase(kw string, upper bool) string {
	if upper {
		return strings.ToUpper(kw)
	}
	return strings.ToLower(kw)
}
