package compose

import (
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// LoggingDisabled flags `logging.driver: none`.
var LoggingDisabled = &rule.Rule{
	ID:       "DC016",
	Name:     "logging-disabled",
	Severity: rule.Warning,
	Summary:  "do not set logging.driver: none; keep a logging driver so incidents leave a trace",
	Tags:     []string{"security", "logging"},
	Doc: rule.Doc{
		Why: "With the `none` logging driver the service's output is thrown away: `docker logs` shows " +
			"nothing and an intrusion or a crash leaves no trace. To bound disk use, keep `json-file` or " +
			"`local` with `max-size` and `max-file` options instead.",
		Bad: "services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: none\n",
		Good: "services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n" +
			"      options:\n        max-size: 10m\n",
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if lg := s.Config.Logging; lg != nil && strings.EqualFold(lg.Driver, "none") {
				reportService(p, proj.Locate(s.Name, "logging.driver"), rule.SeverityDefault, s.Name,
					"service discards its logs (logging driver none); use json-file or local with max-size instead")
			}
		}
	},
}
