package dockerfile

import (
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
)

// LabelMissing flags images that lack a label the configured label-schema
// requires.
var LabelMissing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF089",
		Name:       "label-missing",
		Severity:   rule.Info,
		Summary:    "set every label of the configured label-schema",
		Tags:       []string{"hygiene", "labels"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3049"}},
		Doc: rule.Doc{
			Why: "A team that publishes images often agrees on labels every image carries: where the source " +
				"is, which commit built it, the licence, who to contact. The rule runs only when " +
				"`.dockguard.yaml` has a `label-schema` (`label: type`, see the configuration reference; " +
				"hadolint's `label-schema` in `.hadolint.yaml` means the same). It reports each stage that " +
				"ends up as an image (the final stage, and stages no other stage uses) and that does not set " +
				"every label of the schema itself or in the stages it is built on; stages that are only copied " +
				"from are not images and need none. Labels inherited from the base image cannot be seen: set " +
				"them again, or leave them out of the schema.",
			Bad:  "FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"app\"\n",
			Good: "FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"app\" \\\n      org.opencontainers.image.source=\"https://github.com/example/app\"\n",
			Fix:  "Add the missing labels to a LABEL instruction of the stage, with values of the types the schema gives.",
		},
	},
	Dockerfile: checkLabelMissing,
}

func checkLabelMissing(p *rule.Pass, f *dockerfile.File) {
	schema := p.Settings.LabelSchema
	if len(schema) == 0 {
		return
	}
	base := map[*dockerfile.Stage]bool{}
	for _, s := range f.Stages {
		if s.Parent() != nil {
			base[s.Parent()] = true
		}
	}
	images := layers.ImageStages(f)
	for _, s := range f.Stages {
		if !images[s] || base[s] || s.From == nil {
			continue
		}
		set := map[string]bool{}
		for _, st := range s.Chain() {
			for _, in := range st.Instructions {
				for _, l := range labelsOf(in) {
					set[l.Key] = true
				}
			}
		}
		var missing []string
		for name := range schema {
			if !set[name] {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			continue
		}
		sort.Strings(missing)
		noun := "label "
		if len(missing) > 1 {
			noun = "labels "
		}
		p.Report(rule.Diagnostic{Range: s.From.KeywordRange, Subject: s.DisplayName(),
			Message: "add " + noun + strings.Join(missing, ", ") + " to stage " + s.DisplayName() + ": the label-schema requires them"})
	}
}
