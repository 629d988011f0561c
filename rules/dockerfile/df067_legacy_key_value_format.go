package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// LegacyKeyValueFormat flags ENV and LABEL in the `key value` form.
var LegacyKeyValueFormat = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF067",
		Name:       "legacy-key-value-format",
		Severity:   rule.Info,
		Summary:    "write ENV and LABEL as key=value",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"LegacyKeyValueFormat"}},
		Doc: rule.Doc{
			Why: "`ENV key value` sets one variable to the whole rest of the line, spaces included, while " +
				"`ENV key=value other=value` sets several: the same line means different things depending " +
				"on a `=` in the first word, and the legacy form is deprecated." +
				buildKitDoc("LegacyKeyValueFormat", "legacy-key-value-format"),
			Bad:  "FROM alpine:3.20\nENV APP_HOME /srv/app\nLABEL description A small image\n",
			Good: "FROM alpine:3.20\nENV APP_HOME=/srv/app\nLABEL description=\"A small image\"\n",
			Fix: "The fix writes `key=value`, and quotes the value when it has spaces; it is not offered when " +
				"a value with spaces also has quotes or escapes.",
		},
	},
	Dockerfile: checkLegacyKeyValueFormat,
}

func checkLegacyKeyValueFormat(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if in.Keyword != "ENV" && in.Keyword != "LABEL" || len(in.Args) < 2 || strings.Contains(in.Args[0].Value, "=") {
				continue
			}
			key := in.Args[0]
			d := rule.Diagnostic{Range: key.Range, Subject: s.DisplayName(),
				Message: fmt.Sprintf("legacy form `%s %s <value>`: write `%s %s=<value>`", in.Keyword, key.Value, in.Keyword, key.Value)}
			gap := source.Range{Start: key.Range.End, End: in.Args[1].Range.Start}
			last := in.Args[len(in.Args)-1]
			switch {
			case len(in.Args) == 2:
				d.Fix = &rule.Fix{Description: "write " + key.Value + "=value", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: gap, NewText: "="}}}
			case !anyQuoted(in.Args[1:], f.Escape):
				d.Fix = &rule.Fix{Description: "write " + key.Value + "=\"value\"", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: gap, NewText: `="`}, {Range: source.Range{Start: last.Range.End, End: last.Range.End}, NewText: `"`}}}
			}
			p.Report(d)
		}
	}
}

func anyQuoted(toks []dockerfile.Token, esc rune) bool {
	for _, t := range toks {
		if strings.ContainsAny(t.Value, `"'`) || strings.ContainsRune(t.Value, esc) {
			return true
		}
	}
	return false
}
