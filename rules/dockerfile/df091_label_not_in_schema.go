package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// LabelNotInSchema flags labels the configured label-schema does not name,
// when strict-labels is on.
var LabelNotInSchema = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF091",
		Name:       "label-not-in-schema",
		Severity:   rule.Info,
		Summary:    "use only the labels of the configured label-schema (strict-labels)",
		Tags:       []string{"hygiene", "labels"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3050"}},
		Doc: rule.Doc{
			Why: "With `strict-labels: true` next to a `label-schema` in `.dockguard.yaml` (hadolint's " +
				"`strict-labels`), the schema is the complete list of labels images may carry: a label outside " +
				"it is a typo of a schema label or one nobody reads. The rule reports each LABEL key the schema " +
				"does not name; it does nothing without both settings.",
			Bad:  "FROM alpine:3.20\nLABEL org.opencontainers.image.sourc=\"https://github.com/example/app\"\n",
			Good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n",
			Fix:  "Rename the label to the schema's name, remove it, or add it to the label-schema.",
		},
	},
	Dockerfile: checkLabelNotInSchema,
}

func checkLabelNotInSchema(p *rule.Pass, f *dockerfile.File) {
	schema := p.Settings.LabelSchema
	if len(schema) == 0 || !p.Settings.StrictLabels {
		return
	}
	for _, in := range f.Instructions {
		for _, l := range labelsOf(in) {
			if _, ok := schema[l.Key]; ok || !l.KeyKnown || l.Key == "" {
				continue
			}
			p.Report(rule.Diagnostic{Range: l.KeyRange, Subject: in.Stage.DisplayName(),
				Message: "remove label " + l.Key + " or add it to the label-schema: strict-labels allows only the schema's labels"})
		}
	}
}
