package compose

import (
	"cmp"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
)

// Helpers of the style rules (dclint parity, rule set all). They read each
// compose file as written (compose.Project.Files), not the merged
// project: order and quoting are properties of a file.

// writtenService is one service mapping as written in one file.
type writtenService struct {
	file     compose.File
	name     string
	key, val *yaml.Node // val is a mapping
}

// writtenServices lists the services of every file of the project, in
// file order then written order. Services whose value is not a mapping
// as written (an alias, null) are left out, as dclint does.
func writtenServices(proj *compose.Project) []writtenService {
	var out []writtenService
	for _, f := range proj.Files() {
		for _, d := range f.Docs {
			svcs := mapValue(d, "services")
			if svcs == nil || svcs.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(svcs.Content); i += 2 {
				k, v := svcs.Content[i], svcs.Content[i+1]
				if k.Kind != yaml.ScalarNode || compose.IsMergeKey(k) || v.Kind != yaml.MappingNode {
					continue
				}
				out = append(out, writtenService{file: f, name: k.Value, key: k, val: v})
			}
		}
	}
	return out
}

// mapValue returns the value of key in mapping m as written (no alias or
// merge key followed), or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(m, key)
	return v
}

func mapEntry(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kn := m.Content[i]; kn.Kind == yaml.ScalarNode && !compose.IsMergeKey(kn) && kn.Value == key {
			return kn, m.Content[i+1]
		}
	}
	return nil, nil
}

// quoted reports whether scalar n is written in single or double quotes.
func quoted(n *yaml.Node) bool {
	return n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// localeCompare orders strings the way dclint does (JavaScript's
// localeCompare: ICU's root collation), exactly for ASCII, which is all
// compose names and ports may hold: case counts only on a tie (lower case
// first); blanks sort before punctuation, punctuation before symbols,
// symbols before digits, digits before letters. With numeric, runs of
// digits compare by value ("80" before "443"), as localeCompare's numeric
// option does. (golang.org/x/text/collate, which the tests compare it
// with, would add 1.5 MB of tables to the binary.)
func localeCompare(a, b string, numeric bool) int {
	ra, rb := []rune(a), []rune(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if numeric && isDigit(ra[i]) && isDigit(rb[j]) {
			ei, ej := digitsEnd(ra, i), digitsEnd(rb, j)
			if c := compareNumbers(string(ra[i:ei]), string(rb[j:ej])); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if c := cmp.Compare(primary(ra[i]), primary(rb[j])); c != 0 {
			return c
		}
		i++
		j++
	}
	if c := cmp.Compare(len(ra)-i, len(rb)-j); c != 0 {
		return c
	}
	// Equal but for case: lower case first.
	for k := 0; k < len(ra) && k < len(rb); k++ {
		if ra[k] != rb[k] {
			if unicode.IsLower(ra[k]) && unicode.IsUpper(rb[k]) {
				return -1
			}
			if unicode.IsUpper(ra[k]) && unicode.IsLower(rb[k]) {
				return 1
			}
			break
		}
	}
	return strings.Compare(a, b)
}

// collationMarks are the ASCII punctuation and symbols in ICU's root order.
const collationMarks = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

// primary is a rune's weight ignoring case: blanks, then the marks above,
// digits, letters; other runes after them, by code point.
func primary(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return 0
	case strings.ContainsRune(collationMarks, r):
		return 1 + strings.IndexRune(collationMarks, r)
	case isDigit(r):
		return 100 + int(r-'0')
	case r < 128 && unicode.IsLetter(r):
		return 200 + int(unicode.ToLower(r))
	}
	return 1000 + int(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func digitsEnd(rs []rune, i int) int {
	for i < len(rs) && isDigit(rs[i]) {
		i++
	}
	return i
}

func compareNumbers(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
