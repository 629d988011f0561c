package dockerfile

import (
	"strings"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// LabelKeyFormat flags LABEL keys that do not follow Docker's key format.
var LabelKeyFormat = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF088",
		Name:       "label-key-format",
		Severity:   rule.Info,
		Summary:    "write LABEL keys in lower-case reverse-DNS form (a-z, 0-9, . and -)",
		Tags:       []string{"hygiene", "labels"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3048"}},
		Doc: rule.Doc{
			Why: "Docker's guidelines for object labels ask for keys that start with a lower-case letter, end " +
				"with a letter or digit, use only lower-case letters, digits, `.` and `-`, never two separators " +
				"in a row, and stay out of the namespaces Docker reserves (`com.docker.`, `io.docker.`, " +
				"`org.dockerproject.`). Tools that read labels (registries, scanners, `docker inspect` filters, " +
				"the OCI annotations `org.opencontainers.image.*`) expect that form; `Version`, `build_date` or " +
				"`MAINTAINER` are read by nobody. The rule reports each LABEL key that breaks one of these " +
				"rules (hadolint's DL3048), whether or not a label-schema is configured.",
			Bad:  "FROM alpine:3.20\nLABEL Version=\"1.0\"\n",
			Good: "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.0\"\n",
			Fix:  "Rename the label to a lower-case reverse-DNS key, preferably one of the OCI annotation keys (`org.opencontainers.image.version`, `.source`, `.licenses`...).",
		},
	},
	Dockerfile: checkLabelKeyFormat,
}

func checkLabelKeyFormat(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		for _, l := range labelsOf(in) {
			if l.Key == "" || !l.KeyKnown {
				continue
			}
			if why := labelKeyProblem(l.Key); why != "" {
				p.Report(rule.Diagnostic{Range: l.KeyRange, Subject: in.Stage.DisplayName(),
					Message: "rename label `" + l.Key + "`: " + why})
			}
		}
	}
}

// labelKeyProblem says what is wrong with a label key, or "".
func labelKeyProblem(k string) string {
	for _, ns := range []string{"com.docker.", "io.docker.", "org.dockerproject."} {
		if strings.HasPrefix(k, ns) {
			return "the namespace " + ns + " is reserved for Docker"
		}
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			if r >= 'A' && r <= 'Z' {
				return "keys are lower case (a-z, 0-9, . and -)"
			}
			return "keys use only a-z, 0-9, . and -"
		}
	}
	switch {
	case k[0] < 'a' || k[0] > 'z':
		return "keys start with a lower-case letter"
	case k[len(k)-1] == '.' || k[len(k)-1] == '-':
		return "keys end with a letter or digit"
	case strings.Contains(k, "..") || strings.Contains(k, "--"):
		return "keys have no consecutive separators (.. or --)"
	}
	return ""
}

// label is one key=value of a LABEL instruction.
type label struct {
	Key, Value           string // expanded, quotes removed
	KeyKnown, ValueKnown bool   // no unresolved variable
	KeyRange, ValueRange source.Range
}

// labelsOf returns the labels an instruction sets (none unless LABEL).
func labelsOf(in *dockerfile.Instruction) []label {
	if !in.Is("LABEL") || len(in.Args) == 0 {
		return nil
	}
	if first := in.Args[0].Value; !strings.Contains(first, "=") {
		// legacy form: LABEL key value with spaces
		l := label{KeyRange: in.Args[0].Range}
		k := in.Expand(first)
		l.Key, l.KeyKnown = k.Value, k.Resolved()
		if len(in.Args) > 1 {
			var raws []string
			for _, a := range in.Args[1:] {
				raws = append(raws, a.Value)
			}
			v := in.Expand(strings.Join(raws, " "))
			l.Value, l.ValueKnown = v.Value, v.Resolved()
			l.ValueRange = source.Range{Start: in.Args[1].Range.Start, End: in.Args[len(in.Args)-1].Range.End}
		} else {
			l.ValueKnown = true
			l.ValueRange = source.Range{Start: in.Args[0].Range.End, End: in.Args[0].Range.End}
		}
		return []label{l}
	}
	var out []label
	for _, a := range in.Args {
		i := equalsOutsideQuotes(a.Value)
		if i < 0 {
			continue
		}
		rawKey, rawVal := a.Value[:i], a.Value[i+1:]
		l := label{KeyRange: a.Range, ValueRange: a.Range}
		if a.Range.Start.Line == a.Range.End.Line {
			kEnd := source.Pos{Line: a.Range.Start.Line, Col: a.Range.Start.Col + utf8.RuneCountInString(rawKey)}
			l.KeyRange = source.Range{Start: a.Range.Start, End: kEnd}
			l.ValueRange = source.Range{Start: source.Pos{Line: kEnd.Line, Col: kEnd.Col + 1}, End: a.Range.End}
		}
		k, v := in.Expand(rawKey), in.Expand(rawVal)
		l.Key, l.KeyKnown = k.Value, k.Resolved()
		l.Value, l.ValueKnown = v.Value, v.Resolved()
		out = append(out, l)
	}
	return out
}

// equalsOutsideQuotes returns the index of the first = that is not inside
// quotes, or -1.
func equalsOutsideQuotes(s string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '\\':
			i++
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}
