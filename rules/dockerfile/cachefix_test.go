package dockerfile

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// TestCacheFixes applies the safe fixes of DF083 (apk add --no-cache) and
// DF085 (pip install --no-cache-dir) and checks the result: one edit per
// finding, at the subcommand, none for exec-form words whose text is quoted.
func TestCacheFixes(t *testing.T) {
	tests := []struct {
		r        *rule.Rule
		src, out string
	}{
		{ApkCache, "FROM alpine:3.20\nRUN apk add curl && sh -c 'apk add jq'\n", "FROM alpine:3.20\nRUN apk add --no-cache curl && sh -c 'apk add --no-cache jq'\n"},
		{ApkCache, "FROM alpine:3.20\nRUN set -e; \\\n    apk --update add \\\n      gcc\n", "FROM alpine:3.20\nRUN set -e; \\\n    apk --update add --no-cache \\\n      gcc\n"},
		{ApkCache, "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"curl\"]\n", "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"curl\"]\n"},
		{PipCache, "FROM python:3.12\nRUN <<EOF\npython3 -m pip install flask\nEOF\n", "FROM python:3.12\nRUN <<EOF\npython3 -m pip install --no-cache-dir flask\nEOF\n"},
	}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte(tt.src), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var edits []rule.Edit
		tt.r.Dockerfile(rule.NewPass(tt.r, "Dockerfile", nil, func(x rule.Finding) {
			if x.Fix != nil {
				if x.Fix.Class != rule.FixSafe {
					t.Errorf("%s: fix class %v, want safe", tt.r.ID, x.Fix.Class)
				}
				edits = append(edits, x.Fix.Edits...)
			}
		}), f)
		if got := applyEdits(tt.src, edits); got != tt.out {
			t.Errorf("%s fix of\n%s got\n%s want\n%s", tt.r.ID, tt.src, got, tt.out)
		}
	}
}

// applyEdits applies insertions (empty ranges) given in line/column
// positions, last first.
func applyEdits(src string, edits []rule.Edit) string {
	lines := strings.SplitAfter(src, "\n")
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		l := []rune(lines[e.Range.Start.Line-1])
		c := e.Range.Start.Col - 1
		lines[e.Range.Start.Line-1] = string(l[:c]) + e.NewText + string(l[c:])
	}
	return strings.Join(lines, "")
}
