package dockerfile

import (
	"regexp"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// InlineIgnorePragma flags inline suppression comments, for teams that
// keep exceptions in the configuration file only.
var InlineIgnorePragma = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF112",
		Name:       "inline-ignore-pragma",
		Severity:   rule.Info,
		Summary:    "move the exception to the configuration file instead of an inline ignore comment",
		Tags:       []string{"policy"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL1001"}},
		Doc: rule.Doc{
			Why: "Inline `# hadolint ignore=` and `# dockguard ignore=` comments let anyone who edits the " +
				"Dockerfile silence a finding without review. Teams that want every exception in one " +
				"reviewed place (`.dockguard.yaml`) turn this rule on; it reports each inline suppression " +
				"comment, file-wide `global` ones included. The suppressions still work: the rule only makes " +
				"them visible. It is a policy choice, so it is only in the `all` set.",
			Bad:  "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
			Fix:  "Remove the comment and list the exception under `rules:` in `.dockguard.yaml` (with `ignore-paths` for one file).",
		},
	},
	Dockerfile: checkInlineIgnorePragma,
}

var ignorePragmaRE = regexp.MustCompile(`(?i)^#\s*(hadolint|dockguard)\s+(global\s+)?ignore\s*=`)

func checkInlineIgnorePragma(p *rule.Pass, f *dockerfile.File) {
	for _, c := range f.Comments {
		m := ignorePragmaRE.FindStringSubmatch(c.Text)
		if m == nil {
			continue
		}
		start := f.Source.Offset(source.Pos{Line: c.Line, Col: 1}) + c.Start
		r := f.Source.RangeOf(start, start+len(c.Text))
		p.Report(rule.Diagnostic{Range: r,
			Message: "inline " + m[1] + " suppression: keep exceptions in the configuration file"})
	}
}
