package dockerfile

import (
	"encoding/json"
	"strings"

	"github.com/dockguard/dockguard/lint/source"
)

// copyPaths splits the arguments of COPY or ADD as BuildKit does
// (parseMaybeJSONToList): a JSON array of strings when the text is one,
// else words separated by whitespace.
func copyPaths(lg *logical, src *source.File, rest span) []Token {
	t := lg.text
	if toks, ok := jsonPaths(lg, src, rest); ok {
		return toks
	}
	var out []Token
	for _, sp := range splitWS(t, rest) {
		out = append(out, Token{Value: lg.str(sp), Range: lg.rangeOf(src, sp)})
	}
	return out
}

// jsonPaths reads the JSON form ["src", "dest"], locating each string.
func jsonPaths(lg *logical, src *source.File, rest span) ([]Token, bool) {
	raw := strings.TrimSpace(lg.str(rest))
	if !strings.HasPrefix(raw, "[") {
		return nil, false
	}
	var vals []string
	if err := json.Unmarshal([]byte(raw), &vals); err != nil {
		return nil, false
	}
	spans := jsonStrings(lg.str(rest))
	if len(spans) != len(vals) {
		return nil, false
	}
	out := make([]Token, len(vals))
	for i, sp := range spans {
		out[i] = Token{Value: vals[i], Range: lg.rangeOf(src, span{rest.s + sp.s, rest.s + sp.e})}
	}
	return out, true
}

// CopySources returns the sources of a COPY or ADD (all paths but the
// last), and the destination; ok is false when there are fewer than two
// words.
func (in *Instruction) CopySources() (srcs []Token, dest Token, ok bool) {
	if len(in.Paths) < 2 {
		return nil, Token{}, false
	}
	return in.Paths[:len(in.Paths)-1], in.Paths[len(in.Paths)-1], true
}

// IsHeredocWord reports whether a COPY/ADD source word is a heredoc
// (`<<EOF`, `<<-"EOF"`).
func IsHeredocWord(w string) bool { return strings.HasPrefix(w, "<<") }
