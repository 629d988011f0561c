package compose

import (
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// VersionObsolete flags the top-level `version:` key.
var VersionObsolete = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC050",
		Name:       "compose-version-obsolete",
		Severity:   rule.Info,
		Summary:    "remove the obsolete top-level version: key; docker compose ignores it",
		Tags:       []string{"style", "compose-spec"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"no-version-field"}},
		Doc: rule.Doc{
			Why: "The Compose Specification dropped `version:`: docker compose ignores it and warns " +
				"(\"the attribute `version` is obsolete\") on every command. It does not select a file format " +
				"or turn features on or off, so a reader who trusts it (`version: \"2\"` for an old feature set) " +
				"is misled. Every compose file of the project is checked, overrides, `extends` bases and " +
				"included files too. The finding carries a fix that deletes the line.",
			Bad:  "version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n",
			Fix:  "Delete the `version:` line.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, f := range proj.Files() {
			for _, d := range f.Docs {
				k, v := mapEntry(d, "version")
				if k == nil {
					continue
				}
				p.Report(rule.Diagnostic{Path: f.Source.Path, Range: f.KeyRange(k, v), Subject: "version",
					Message: "remove the obsolete top-level version: key; docker compose ignores it and warns about it",
					Fix:     deleteLine(f, k, v, "delete the version: line")})
			}
		}
	},
}

// deleteLine is a fix that deletes the line of key k when the entry (k and
// its scalar value v) is all the line holds, a trailing comment aside;
// nil otherwise.
func deleteLine(f compose.File, k, v *yaml.Node, desc string) *rule.Fix {
	if v == nil || v.Kind != yaml.ScalarNode || v.Line != k.Line || k.Column != 1 {
		return nil
	}
	r := f.KeyRange(k, v)
	rest := []rune(f.Source.Line(k.Line))
	if r.End.Col-1 > len(rest) {
		return nil
	}
	if tail := string(rest[r.End.Col-1:]); len(tail) > 0 && tail[0] != ' ' && tail[0] != '\t' && tail[0] != '#' {
		return nil
	}
	end := source.Pos{Line: k.Line + 1, Col: 1}
	if k.Line >= f.Source.NumLines() {
		end = f.Source.PosOf(len(f.Source.Content))
	}
	return &rule.Fix{Description: desc, Class: rule.FixSafe, Edits: []rule.Edit{{Range: source.Range{Start: source.Pos{Line: k.Line, Col: 1}, End: end}}}}
}
