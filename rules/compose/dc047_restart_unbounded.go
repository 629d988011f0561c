package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// maxRestarts is the cap CIS Docker Benchmark 5.15 recommends.
const maxRestarts = 5

// RestartUnbounded flags restart policies with no cap on retries.
var RestartUnbounded = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC047",
		Name:     "restart-unbounded",
		Severity: rule.Info,
		Summary:  "cap restarts: restart: \"on-failure:5\" (or deploy.restart_policy max_attempts: 5) instead of restarting forever",
		Tags:     []string{"security", "availability"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{rule.KICS: {"Restart Policy On Failure Not Set To 5"}, rule.CIS: {"5.15"},
			rule.CWE: {"CWE-400"}},
		Doc: rule.Doc{
			Why: "A container that crashes on start and restarts forever (`restart: always`, `unless-stopped`, " +
				"`on-failure` without a count, or more than 5 attempts) loops without end: it burns CPU, floods logs " +
				"and hides the failure behind a service that looks up. CIS 5.15 caps on-failure restarts at 5, so a " +
				"crash loop stops and alerts. The rule reads `restart:` and, where compose uses it, " +
				"`deploy.restart_policy` (`condition: any` or `on-failure`, `max_attempts`). This is hardening many " +
				"long-running services deliberately do not follow (a database should come back after a host reboot, " +
				"which only `always`/`unless-stopped` give): it is in the strict rule set, and DC035 already asks for a " +
				"health check wherever a service restarts itself.",
			Bad:  "services:\n  worker:\n    image: alpine:3.20\n    restart: always\n",
			Good: "services:\n  worker:\n    image: alpine:3.20\n    restart: \"on-failure:5\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if how, ok := unboundedRestart(proj, s); ok {
				where := proj.Locate(s.Name, how.key)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
					Message: fmt.Sprintf("service %q %s; cap it with restart: \"on-failure:%d\" so that a crash loop stops", s.Name, how.what, maxRestarts)})
			}
		}
	},
}

type restartHow struct{ key, what string }

// unboundedRestart reports how a service restarts without a cap: the
// restart key that says so, and how it reads. `restart:` wins over
// deploy.restart_policy, as in docker compose.
func unboundedRestart(proj *compose.Project, s *compose.Service) (restartHow, bool) {
	if r := strings.ToLower(strings.TrimSpace(s.Config.Restart)); r != "" {
		policy, count, hasCount := strings.Cut(r, ":")
		switch policy {
		case "always", "unless-stopped":
			return restartHow{"restart", "restarts forever (restart: " + policy + ")"}, true
		case "on-failure":
			n, err := strconv.Atoi(strings.TrimSpace(count))
			switch {
			case !hasCount || err != nil || n <= 0:
				return restartHow{"restart", "restarts on failure without a limit (restart: on-failure)"}, true
			case n > maxRestarts:
				return restartHow{"restart", fmt.Sprintf("restarts up to %d times on failure", n)}, true
			}
		}
		return restartHow{}, false
	}
	d := s.Config.Deploy
	if d == nil || d.RestartPolicy == nil {
		return restartHow{}, false
	}
	rp := d.RestartPolicy
	switch strings.ToLower(rp.Condition) {
	case "", "any", "on-failure": // swarm's default condition is any
	default:
		return restartHow{}, false
	}
	switch {
	case rp.MaxAttempts == nil || *rp.MaxAttempts == 0:
		key := "deploy.restart_policy"
		if _, ok := proj.Lookup(s.Name, "deploy.restart_policy.condition"); ok {
			key = "deploy.restart_policy.condition"
		}
		return restartHow{key, "restarts without a limit (deploy.restart_policy with no max_attempts)"}, true
	case *rp.MaxAttempts > maxRestarts:
		return restartHow{"deploy.restart_policy.max_attempts", fmt.Sprintf("restarts up to %d times", *rp.MaxAttempts)}, true
	}
	return restartHow{}, false
}
