package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// LoggingDisabled flags `logging.driver: none`.
var LoggingDisabled = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC016",
		Name:       "logging-disabled",
		Severity:   rule.Warning,
		Summary:    "do not set logging.driver: none; keep a logging driver so incidents leave a trace",
		Tags:       []string{"security", "logging"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.ComposeLint: {"CL-0014"}},
		Doc: rule.Doc{
			Why: "With the `none` logging driver the service's output is thrown away: `docker logs` shows " +
				"nothing and an intrusion or a crash leaves no trace. To bound disk use, keep `json-file` or " +
				"`local` with `max-size` and `max-file` options instead.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: none\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n" +
				"      options:\n        max-size: 10m\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if lg := s.Config.Logging; lg != nil && strings.EqualFold(lg.Driver, "none") {
				where := proj.Locate(s.Name, "logging.driver")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q discards its logs (logging driver none); use json-file or local with max-size instead", s.Name)})
			}
		}
	},
}
