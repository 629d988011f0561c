package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HealthcheckNotEvident flags, in the strict set, a service with no health
// check that is not evidently long-running (DC002's) nor a one-shot job.
var HealthcheckNotEvident = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC019",
		Name:       "service-no-healthcheck-strict",
		Severity:   rule.Info,
		Summary:    "give the service a healthcheck: if it is long-running",
		Tags:       []string{"security", "healthcheck"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Healthcheck Not Set"}, rule.CIS: {"5.27"}},
		Doc: rule.Doc{
			Why: "DC002 reports a missing health check only where the service is evidently long-running. " +
				"Other services may be too (a worker, a service whose clients are outside the project), or " +
				"may be tools and jobs that never need one. The rule reports, at the service, a service " +
				"with no `healthcheck:` test that runs a registry image or builds a Dockerfile that cannot " +
				"be read, and that DC002 does not judge long-running and is not a one-shot job. A service " +
				"that builds a Dockerfile that can be read (or runs the image another service of the project " +
				"builds) is judged at the Dockerfile (DF002, DF008), and one that DC034 or DC035 reports is left " +
				"to them. " +
				healthcheckHeuristic + " If the service is long-running, add `healthcheck:`; otherwise " +
				"ignore the rule for the service.",
			Bad: "services:\n  worker:\n    image: ghcr.io/acme/worker:1.4\n",
			Good: "services:\n  worker:\n    image: ghcr.io/acme/worker:1.4\n    healthcheck:\n" +
				"      test: [\"CMD\", \"worker\", \"--check\"]\n      interval: 30s\n",
		},
	},
	Compose: checkHealthcheckStrict,
}

func checkHealthcheckStrict(p *rule.Pass, proj *compose.Project) {
	deps := dependents(proj)
	wired := healthWired(proj, p.Settings.Images)
	for _, s := range proj.Services {
		if wired[s.Name] {
			continue // DC034's or DC035's
		}
		if hc := s.Config.HealthCheck; hc != nil && (hc.Disable || len(hc.Test) > 0) {
			continue // a test, or DC002's disable / NONE
		}
		if !judgedInCompose(proj, s, p.Settings.Images) {
			continue
		}
		if w := judgeService(proj, s, deps); w.service != "" || w.job != "" {
			continue
		}
		where := proj.ServiceLocation(s.Name)
		msg := fmt.Sprintf("service %q has no health check and does not show that it is long-running (no ports, restart policy, server command or service depending on it); if it is, add healthcheck: with a test", s.Name)
		if s.Config.Build != nil {
			msg = fmt.Sprintf("service %q %s, and compose declares no health check; if the service is long-running, add healthcheck: with a test", s.Name, s.DockerfileUnread)
		}
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: msg})
	}
}
