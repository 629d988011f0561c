package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// RestartNoHealthcheck flags services restarted whatever their exit status
// that have no health check.
var RestartNoHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC035",
		Name:       "restart-no-healthcheck",
		Severity:   rule.Warning,
		Summary:    "give a service with restart: always or unless-stopped a healthcheck:",
		Tags:       []string{"security", "wiring", "healthcheck"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Healthcheck Not Set"}, rule.CIS: {"5.27"}},
		Doc: rule.Doc{
			Why: "`restart: always` and `unless-stopped` only act when the container's process exits. A server " +
				"that hangs, deadlocks or stops answering without exiting stays \"Up\": nothing restarts it and " +
				"nothing shows it. A health check makes that state visible (`unhealthy` in `docker compose ps` and " +
				"in engine events), lets `depends_on: service_healthy` and `docker compose up --wait` work, and " +
				"lets Swarm or a watchdog replace the container (the engine alone does not restart an unhealthy " +
				"container). The rule reports, at the restart policy (`restart:`, or `deploy.restart_policy." +
				"condition: any`, which wins when both are set, as in docker compose), a service restarted " +
				"whatever its exit status that DC002's heuristic judges long-running (a command that only idles, " +
				"such as `sleep infinity`, and one-shot jobs are left alone) and that has no health check: none in " +
				"compose (or one switched off with `disable: true` or `test: [\"NONE\"]`), and none in the image " +
				"it builds, or an image whose own `HEALTHCHECK` cannot be seen offline (the message says so; the " +
				"official images listed in DC034's doc define none). A service that others wait for with " +
				"`condition: service_healthy` is DC034's (compose refuses to start the services that wait); DC002 does not also " +
				"report the service. " +
				"KICS's Healthcheck Not Set reports every service without `healthcheck:` whatever it runs and " +
				"however it restarts, and does not look at the Dockerfile the service builds; compose-lint " +
				"withdrew its health check rule (CL-0015).",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    restart: always\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost/\"]\n      interval: 30s\n",
			Fix: "Add `healthcheck:` with a test that exercises the service (an HTTP request, `pg_isready`, " +
				"`redis-cli ping`), or a `HEALTHCHECK` to the Dockerfile the service builds.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, r := range unhealthyRestarts(proj, p.Settings.Images) {
			var msg string
			if r.health.state == healthAbsent {
				msg = fmt.Sprintf("service %q has %s but no health check (%s): restart only acts when the process exits, so one that hangs stays up unnoticed; add healthcheck: with a test", r.service.Name, r.shown, r.health.why)
			} else {
				msg = fmt.Sprintf("service %q has %s and declares no health check (%s): unless the image defines one, a process that hangs stays up unnoticed, since restart only acts when it exits; add healthcheck: with a test", r.service.Name, r.shown, r.health.why)
			}
			d := rule.Diagnostic{Path: r.at.Path, Range: r.at.Range, Subject: r.service.Name, Message: msg}
			if r.health.at.Path != "" && r.health.at != r.at {
				d.Related = []rule.Related{{Path: r.health.at.Path, Range: r.health.at.Range, Message: r.health.why}}
			}
			p.Report(d)
		}
	},
}
