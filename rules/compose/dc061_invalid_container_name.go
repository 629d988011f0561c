package compose

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// containerNameRE is the Docker Engine's pattern for container names
// (moby's validContainerNamePattern).
var containerNameRE = regexp.MustCompile(`^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)

// variableRE matches a ${...} or $NAME reference in a compose value.
var variableRE = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*`)

// InvalidContainerName flags a container_name the Docker Engine refuses.
var InvalidContainerName = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC061",
		Name:       "invalid-container-name",
		Severity:   rule.Error,
		Summary:    "use a container_name of letters, digits, _ . and -, starting with a letter or digit (2+ characters)",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"service-container-name-regex"}},
		Doc: rule.Doc{
			Why: "The Docker Engine accepts container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+` only; " +
				"anything else (a space, a slash, a leading `-` or `_`, a single character) makes " +
				"`docker compose up` fail when it creates the container. The Compose schema does not catch " +
				"it: its pattern is not anchored, so any name holding two valid characters passes, and " +
				"`docker compose config` is happy. The name is checked after interpolation; a name that is " +
				"only invalid because a variable is unset (no value in `.env`, no default) is left alone, " +
				"since the deployment may set it.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    container_name: shop web\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    container_name: shop-web\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			name := s.Config.ContainerName
			if name == "" || containerNameRE.MatchString(name) {
				continue
			}
			raw, _ := proj.Written(s.Name, "container_name")
			if strings.Contains(raw, "$") && containerNameRE.MatchString(variableRE.ReplaceAllString(raw, "x")) {
				// Valid once its variables have values: does it only fail for want of one?
				unset := false
				for _, ref := range variableRE.FindAllString(raw, -1) {
					unset = unset || proj.Expand(ref) == ""
				}
				if unset {
					continue
				}
			}
			where := proj.Locate(s.Name, "container_name")
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
				Message: fmt.Sprintf("service %q: the Docker Engine refuses container_name %q; use letters, digits, _ . and -, starting with a letter or digit, at least 2 characters", s.Name, name)})
		}
	},
}
