package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// MissingHealthcheck flags services with no health check anywhere, or with
// one switched off.
var MissingHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC002",
		Name:       "service-no-healthcheck",
		Severity:   rule.Warning,
		Summary:    "give the service a healthcheck: (or a HEALTHCHECK in the Dockerfile it builds) and do not disable it",
		Tags:       []string{"security", "healthcheck"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.KICS: {"Healthcheck Not Set"}, rule.CIS: {"5.27"}},
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
	},
	Compose: checkHealthcheck,
}

func checkHealthcheck(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		if hc := s.Config.HealthCheck; hc != nil {
			switch {
			case hc.Disable:
				where := proj.Locate(s.Name, "healthcheck.disable")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: health check disabled; remove disable: true and give healthcheck: a test", s.Name)})
				continue
			case len(hc.Test) > 0 && strings.EqualFold(hc.Test[0], "NONE"):
				where := proj.Locate(s.Name, "healthcheck.test")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: health check disabled by test NONE; give healthcheck: a real test", s.Name)})
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
				where := proj.Locate(s.Name, "build")
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: the Dockerfile the service builds disables its health check (HEALTHCHECK NONE); add healthcheck: with a test", s.Name)})
			case at == nil:
				where := proj.ServiceLocation(s.Name)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q has no health check, neither in compose nor in the Dockerfile it builds; add healthcheck: with a test", s.Name)})
			}
			continue
		}
		where := proj.ServiceLocation(s.Name)
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q has no health check; add healthcheck: with a test", s.Name)})
	}
}
