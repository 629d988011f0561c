package compose

import (
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// MissingHealthcheck flags services with no health check anywhere, or with
// one switched off.
var MissingHealthcheck = &rule.Rule{
	ID:       "DC002",
	Name:     "service-no-healthcheck",
	Severity: rule.Warning,
	Summary:  "give the service a healthcheck: (or a HEALTHCHECK in the Dockerfile it builds) and do not disable it",
	Tags:     []string{"security", "healthcheck", "CIS-5.27"},
	Doc: rule.Doc{
		Why: "Without a health check, a hung or compromised service looks healthy: `restart` policies, " +
			"`depends_on: condition: service_healthy` and orchestrators cannot react. The rule is satisfied " +
			"by a compose `healthcheck:` with a test, or by a `HEALTHCHECK` in the Dockerfile stage the " +
			"service builds. It reports `healthcheck: {disable: true}` and `test: [\"NONE\"]`, and a Dockerfile " +
			"`HEALTHCHECK NONE` that compose does not replace.",
		Bad: "services:\n  web:\n    image: nginx:1.27\n",
		Good: "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n" +
			"      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost/\"]\n      interval: 30s\n",
	},
	Compose: checkHealthcheck,
}

func checkHealthcheck(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		if hc := s.Config.HealthCheck; hc != nil {
			switch {
			case hc.Disable:
				reportService(p, proj.Locate(s.Name, "healthcheck.disable"), rule.SeverityDefault, s.Name,
					"health check disabled; remove disable: true and give healthcheck: a test")
				continue
			case len(hc.Test) > 0 && strings.EqualFold(hc.Test[0], "NONE"):
				reportService(p, proj.Locate(s.Name, "healthcheck.test"), rule.SeverityDefault, s.Name,
					"health check disabled by test NONE; give healthcheck: a real test")
				continue
			case len(hc.Test) > 0:
				continue
			}
		}
		if s.Config.Build != nil {
			d := s.Dockerfile
			if d == nil || d.Stage == nil {
				continue // the Dockerfile could not be read: nothing to judge
			}
			at, disabled := d.Stage.Healthcheck()
			switch {
			case at != nil && disabled:
				reportService(p, proj.Locate(s.Name, "build"), rule.SeverityDefault, s.Name,
					"the Dockerfile the service builds disables its health check (HEALTHCHECK NONE); add healthcheck: with a test")
			case at == nil:
				reportService(p, proj.ServiceLocation(s.Name), rule.SeverityDefault, s.Name,
					"service has no health check, neither in compose nor in the Dockerfile it builds; add healthcheck: with a test")
			}
			continue
		}
		reportService(p, proj.ServiceLocation(s.Name), rule.SeverityDefault, s.Name,
			"service has no health check; add healthcheck: with a test")
	}
}
