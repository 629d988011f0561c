package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// ProjectNameMissing flags a project that takes its name from its directory.
var ProjectNameMissing = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC051",
		Name:       "project-name-missing",
		Severity:   rule.Info,
		Summary:    "set a top-level name: so that the project's name does not depend on its directory",
		Tags:       []string{"style", "compose-spec"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"require-project-name-field"}},
		Doc: rule.Doc{
			Why: "Without `name:`, docker compose names the project after the directory it runs in, and " +
				"prefixes every container, network and volume with it. Two checkouts in directories of the same " +
				"name (`app/`, `deploy/`) then share, stop and overwrite each other's containers and volumes, " +
				"and renaming the directory orphans the old ones. The rule looks at the files the project is " +
				"loaded from (the main file and its overrides) and is satisfied by `COMPOSE_PROJECT_NAME` in the " +
				"project's `.env` file, which dclint does not read. It reports once per project, at the first " +
				"key of the main file.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n",
			Good: "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		var main *compose.File
		for _, f := range proj.Files() {
			if !f.Top {
				continue
			}
			if main == nil {
				main = &f
			}
			for _, d := range f.Docs {
				if k, _ := mapEntry(d, "name"); k != nil {
					return
				}
			}
		}
		if main == nil || len(main.Docs) == 0 || len(main.Docs[0].Content) < 2 || proj.Expand("${COMPOSE_PROJECT_NAME}") != "" {
			return
		}
		first := main.Docs[0].Content[0]
		name := "myproject"
		if proj.Model != nil && proj.Model.Name != "" {
			name = proj.Model.Name
		}
		p.Report(rule.Diagnostic{Path: main.Source.Path, Range: main.KeyRange(first, nil), Subject: name,
			Message: fmt.Sprintf("the project has no top-level name:, so docker compose names it after its directory; add name: %s (or another fixed name) at the top", name)})
	},
}
