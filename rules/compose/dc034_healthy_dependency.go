package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// HealthyDependencyNoHealthcheck flags `depends_on: condition:
// service_healthy` on a service that has no health check.
var HealthyDependencyNoHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC034",
		Name:       "depends-on-healthy-no-healthcheck",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "give a service that others wait for with service_healthy a healthcheck:, or wait with service_started",
		Tags:       []string{"security", "wiring", "healthcheck"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		Doc: rule.Doc{
			Why: "`depends_on: {db: {condition: service_healthy}}` makes docker compose wait until `db` reports " +
				"healthy. A container with no health check never does: compose stops with \"dependency failed to " +
				"start: container ... has no healthcheck configured\" and does not start the waiting service. " +
				"The rule reports, at the `condition:` of the first service that waits (the others as related " +
				"locations), each dependency with no health check, with the place that shows it. It is an error when " +
				"the absence is certain: compose switches the check off (`healthcheck: {disable: true}`, `test: " +
				"[\"NONE\"]`), the dependency builds a Dockerfile whose target stage has no `HEALTHCHECK` (or " +
				"`HEALTHCHECK NONE`) on `scratch` or on an official image known to define none, or it runs such an " +
				"official image. The official images program adds no `HEALTHCHECK` (docker-library/faq), but images " +
				"maintained upstream may (`kong` does), so only these Docker Hub official images count as known: " +
				strings.Join(noHealthcheckImages, ", ") + ". A service that runs the image another service of " +
				"the project builds (`image:` equal to its) is judged by that Dockerfile. It is a warning when " +
				"compose declares no test and the image's own `HEALTHCHECK` cannot be seen offline (another " +
				"registry image, a base image outside that list, a Dockerfile that cannot be read): the project " +
				"fails unless the image defines one. It is a warning too when every waiting service says " +
				"`required: false`: compose then only warns and starts it without waiting. Not reported: a " +
				"dependency with `scale: 0` (compose does not wait for it) and `provider:` services. DC002 does " +
				"not also report the dependency for its missing health check. No other linter checks this.",
			Bad: "services:\n  app:\n    image: ghcr.io/acme/app:1.4\n    depends_on:\n      db:\n        condition: service_healthy\n" +
				"  db:\n    image: postgres:16\n",
			Good: "services:\n  app:\n    image: ghcr.io/acme/app:1.4\n    depends_on:\n      db:\n        condition: service_healthy\n" +
				"  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n",
			Fix: "Add `healthcheck:` with a test to the dependency (for example `pg_isready` for PostgreSQL, " +
				"`redis-cli ping` for Redis, `mysqladmin ping` for MySQL), or, if being started is enough, wait " +
				"with `condition: service_started`.",
		},
	},
	Compose: checkHealthyDependency,
}

func checkHealthyDependency(p *rule.Pass, proj *compose.Project) {
	for _, w := range healthyWaits(proj, p.Settings.Images) {
		var names, refused []string
		first := w.waiters[0]
		for _, t := range w.waiters {
			names = append(names, t.service.Name)
			if t.required {
				if len(refused) == 0 {
					first = t
				}
				refused = append(refused, t.service.Name)
			}
		}
		subject := "service " + quoteNames(names) + " waits"
		if len(names) > 1 {
			subject = "services " + quoteNames(names) + " wait"
		}
		sev := rule.Warning
		var outcome string
		switch {
		case len(refused) == 0:
			outcome = fmt.Sprintf("docker compose only warns and starts %s without waiting (required: false)", quoteNames(names))
		case w.health.state == healthAbsent:
			sev = rule.Error
			outcome = fmt.Sprintf("docker compose refuses to start %s (container has no healthcheck configured)", quoteNames(refused))
		default:
			outcome = fmt.Sprintf("unless the image defines one, docker compose refuses to start %s", quoteNames(refused))
		}
		has := "has no health check"
		if w.health.state == healthUnknown {
			has = "declares no health check"
		}
		msg := fmt.Sprintf("%s for service %q with condition: service_healthy, but %q %s (%s): %s; add healthcheck: with a test to %q, or wait with condition: service_started",
			subject, w.dep.Name, w.dep.Name, has, w.health.why, outcome, w.dep.Name)
		d := rule.Diagnostic{Path: first.at.Path, Range: first.at.Range, Severity: sev, Subject: w.dep.Name, Message: msg}
		for _, t := range w.waiters {
			if t != first {
				d.Related = append(d.Related, rule.Related{Path: t.at.Path, Range: t.at.Range, Message: fmt.Sprintf("service %q also waits for %q to be healthy", t.service.Name, w.dep.Name)})
			}
		}
		if w.health.at.Path != "" {
			d.Related = append(d.Related, rule.Related{Path: w.health.at.Path, Range: w.health.at.Range, Message: w.health.why})
		}
		p.Report(d)
	}
}
