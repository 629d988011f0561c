package compose

import (
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/rules/internal/longrun"
)

// healthcheckHeuristic documents, for DC002 and DC019, how a service is
// judged to be long-running.
const healthcheckHeuristic = "What a service runs is decided from compose alone, in this order: (1) a " +
	"service that another waits for with `condition: service_completed_successfully` is a one-shot job; " +
	"(2) a `command`/`entrypoint` that runs a server is long-running (nginx, httpd, caddy, traefik, " +
	"haproxy, php-fpm, gunicorn, uvicorn, puma, redis-server, postgres, supervisord, ...; `npm start`, " +
	"`node server.js`, `java -jar`, `rails server`, `manage.py runserver`, `flask run`; the list DF002 " +
	"uses); (3) a command that only keeps the container alive (`sleep infinity`, `tail -f /dev/null`, " +
	"`top`, a shell loop around `sleep`), or an operating system image (alpine, busybox, debian, ubuntu, " +
	"...) run without a command, is not evidently long-running, whatever else it declares; (4) `restart: " +
	"always` or `unless-stopped` (or `deploy.restart_policy.condition: any`) is long-running; (5) a command " +
	"that runs tests, migrations or seeds (pytest, jest, `npm test`, `go test`, `manage.py migrate`, " +
	"`prisma migrate`, `rake db:seed`, `run_tests.sh`, ...) or only prints or checks something and exits " +
	"(`echo`, `cat <file>`, `env`, `exit 1`, a short `sleep`) is a one-shot job; (6) `restart: on-failure`, " +
	"published `ports`, `expose`, another service depending on it with `service_healthy` or " +
	"`service_started` (the short `depends_on` list, `links` and `network_mode: service:` included), or a " +
	"well-known server image (nginx, httpd, caddy, traefik, haproxy, tomcat, postgres, mysql, mariadb, " +
	"mongo, redis, rabbitmq, elasticsearch, wordpress, ...) run without a command of its own, is " +
	"long-running; (7) anything else is not evidently long-running (DC019). One-shot jobs get neither " +
	"DC002 nor DC019. `provider:` services are not containers and are never reported."

// MissingHealthcheck flags long-running services with no health check, and
// services whose health check compose switches off.
var MissingHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC002",
		Name:       "service-no-healthcheck",
		Severity:   rule.Warning,
		Summary:    "give a long-running service a healthcheck: and do not disable it",
		Tags:       []string{"security", "healthcheck"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.KICS: {"Healthcheck Not Set"}, rule.CIS: {"5.27"}},
		Doc: rule.Doc{
			Why: "Without a health check, a hung or compromised service looks healthy: `restart` policies, " +
				"`depends_on: condition: service_healthy` and orchestrators cannot react. The rule reports " +
				"`healthcheck: {disable: true}` and `test: [\"NONE\"]` on any service, and, at the service, an " +
				"evidently long-running service that runs a registry image and has no `healthcheck:` test. A service that builds a " +
				"Dockerfile is judged by DF002 at the Dockerfile (its `HEALTHCHECK`, or `HEALTHCHECK " +
				"NONE`), whether or not the Dockerfile is linted in the same run, and DC002 does not repeat " +
				"it; only when the Dockerfile cannot be read (missing, a remote context, outside the linted " +
				"tree) does DC002 report the long-running service, since compose is then the only place the " +
				"health check can be seen. A service that runs the image another service of the project builds " +
				"(`image:` equal to that service's) is judged at that Dockerfile too. A service whose missing health " +
				"check a wiring rule reports is left to it, which says more: a dependency that others wait for with " +
				"`condition: service_healthy` (DC034) and a service restarted whatever its exit status (DC035). " +
				"A registry image that declares a HEALTHCHECK of its own (pihole, vaultwarden, jellyfin, uptime-kuma, ...: " +
				"dockguard's dated table of image facts, extended by `images:` with `healthcheck: true` in " +
				"`.dockguard.yaml`) needs none in compose and is not reported. " +
				healthcheckHeuristic,
			Bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    healthcheck:\n" +
				"      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost/\"]\n      interval: 30s\n",
		},
	},
	Compose: checkHealthcheck,
}

func checkHealthcheck(p *rule.Pass, proj *compose.Project) {
	deps := dependents(proj)
	wired := healthWired(proj, p.Settings.Images)
	for _, s := range proj.Services {
		if wired[s.Name] {
			continue // DC034's or DC035's, which say more
		}
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
		if !judgedInCompose(proj, s, p.Settings.Images) {
			continue
		}
		w := judgeService(proj, s, deps)
		if w.service == "" {
			continue // DC019's, or a one-shot job
		}
		where := proj.ServiceLocation(s.Name)
		d := rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name}
		if s.Config.Build != nil {
			d.Message = fmt.Sprintf("service %q %s, so its HEALTHCHECK could not be read; the service is long-running (%s): add healthcheck: with a test in compose", s.Name, s.DockerfileUnread, w.service)
		} else {
			d.Message = fmt.Sprintf("service %q is long-running (%s) and has no health check; add healthcheck: with a test", s.Name, w.service)
		}
		if w.at.Path != "" && w.at != where {
			d.Related = []rule.Related{{Path: w.at.Path, Range: w.at.Range, Message: w.service}}
		}
		p.Report(d)
	}
}

// judgedInCompose reports whether a service with no healthcheck test in
// compose is judged by the compose rules: it runs a registry image, or
// builds a Dockerfile that cannot be read. A Dockerfile that was read is
// judged by DF002/DF008 at the Dockerfile (its HEALTHCHECK, inherited by
// the service), and so is a service that runs the image another service of
// the project builds; one that does not parse is reported by DF000. A
// `provider:` service is no container.
func judgedInCompose(proj *compose.Project, s *compose.Service, db *imagefacts.DB) bool {
	if s.Config.Provider != nil {
		return false
	}
	if s.Config.Build == nil {
		if b := builtImage(proj, s.Config.Image); b != nil {
			s = b
		} else if ref, err := imageref.Parse(s.Config.Image); err == nil && db.Lookup(ref).Healthcheck {
			return false // the image declares a HEALTHCHECK of its own
		}
	}
	return s.Config.Build == nil || s.DockerfileUnread != ""
}

// serviceWorkload is what a service evidently runs: a long-running service
// (with the reason and where it is written), a one-shot job, or neither.
type serviceWorkload struct {
	service string // "publishes ports", "restart: always"; "" when not evident
	job     string // set only when service is ""
	at      source.Location
}

// dependency is how other services depend on one.
type dependency struct {
	completed      string // a service waiting for it to complete
	waiting        string // a service waiting for it to be healthy or started
	waitingCond    string
	completedWhere source.Location
	waitingWhere   source.Location
}

// dependents indexes, by service name, the services that depend on it.
func dependents(proj *compose.Project) map[string]*dependency {
	out := map[string]*dependency{}
	for _, t := range proj.Services {
		for name, dep := range t.Config.DependsOn {
			d := out[name]
			if d == nil {
				d = &dependency{}
				out[name] = d
			}
			switch dep.Condition {
			case types.ServiceConditionCompletedSuccessfully:
				if d.completed == "" {
					d.completed, d.completedWhere = t.Name, proj.Locate(t.Name, "depends_on")
				}
			case types.ServiceConditionHealthy, types.ServiceConditionStarted, "":
				if dep.Condition != types.ServiceConditionHealthy && volumesFrom(t, name) {
					continue // a data container shared with volumes_from
				}
				if d.waiting == "" || dep.Condition == types.ServiceConditionHealthy && d.waitingCond != dep.Condition {
					d.waiting, d.waitingCond, d.waitingWhere = t.Name, dep.Condition, proj.Locate(t.Name, "depends_on")
				}
			}
		}
	}
	return out
}

func volumesFrom(t *compose.Service, name string) bool {
	for _, v := range t.Config.VolumesFrom {
		if src, _, _ := strings.Cut(v, ":"); src == name {
			return true
		}
	}
	return false
}

// judgeService applies the heuristic documented in healthcheckHeuristic,
// from compose alone.
func judgeService(proj *compose.Project, s *compose.Service, deps map[string]*dependency) serviceWorkload {
	cfg := s.Config
	dep := deps[s.Name]
	if dep == nil {
		dep = &dependency{}
	}
	if dep.completed != "" {
		return serviceWorkload{job: fmt.Sprintf("service %q waits for it to complete", dep.completed), at: dep.completedWhere}
	}
	cmd := longrun.Parse(append(append([]string{}, cfg.Entrypoint...), cfg.Command...)...)
	cmdAt := func() source.Location {
		if len(cfg.Entrypoint) > 0 {
			return proj.Locate(s.Name, "entrypoint")
		}
		return proj.Locate(s.Name, "command")
	}
	if srv := cmd.Server(); srv != "" {
		return serviceWorkload{service: "it runs " + srv, at: cmdAt()}
	}
	if cmd.Idle() {
		return serviceWorkload{} // sleep infinity: kept alive, serving nothing
	}
	var ref imageref.Ref
	imageOK := false
	if cfg.Build == nil {
		var err error
		ref, err = imageref.Parse(cfg.Image)
		imageOK = err == nil
	}
	ownCommand := len(cfg.Entrypoint) > 0 || len(cfg.Command) > 0 && !cmd.OnlyOptions()
	if imageOK && !ownCommand && longrun.IdleImage(ref) {
		return serviceWorkload{} // alpine with no command runs a shell
	}
	restart := strings.ToLower(strings.TrimSpace(cfg.Restart))
	if restart == types.RestartPolicyAlways || restart == types.RestartPolicyUnlessStopped {
		return serviceWorkload{service: "restart: " + restart, at: proj.Locate(s.Name, "restart")}
	}
	if cfg.Deploy != nil && cfg.Deploy.RestartPolicy != nil && strings.EqualFold(cfg.Deploy.RestartPolicy.Condition, "any") {
		return serviceWorkload{service: "deploy.restart_policy: any", at: proj.Locate(s.Name, "deploy.restart_policy")}
	}
	if job := cmd.Job(); job != "" {
		return serviceWorkload{job: "it runs " + job, at: cmdAt()}
	}
	if cmd.Exits() {
		return serviceWorkload{job: "its command exits at once", at: cmdAt()}
	}
	switch {
	case strings.HasPrefix(restart, types.RestartPolicyOnFailure):
		return serviceWorkload{service: "restart: " + restart, at: proj.Locate(s.Name, "restart")}
	case cfg.Deploy != nil && cfg.Deploy.RestartPolicy != nil && strings.EqualFold(cfg.Deploy.RestartPolicy.Condition, "on-failure"):
		return serviceWorkload{service: "deploy.restart_policy: on-failure", at: proj.Locate(s.Name, "deploy.restart_policy")}
	case len(cfg.Ports) > 0:
		return serviceWorkload{service: "it publishes ports", at: proj.Locate(s.Name, "ports")}
	case len(cfg.Expose) > 0:
		return serviceWorkload{service: "it declares expose:", at: proj.Locate(s.Name, "expose")}
	case dep.waiting != "":
		return serviceWorkload{service: fmt.Sprintf("service %q depends on it with %s", dep.waiting, condName(dep.waitingCond)), at: dep.waitingWhere}
	}
	if imageOK && !ownCommand {
		if img := longrun.ServerImage(ref); img != "" {
			return serviceWorkload{service: "image " + img + " runs a server", at: proj.Locate(s.Name, "image")}
		}
	}
	return serviceWorkload{}
}

func condName(c string) string {
	if c == "" {
		return types.ServiceConditionStarted
	}
	return c
}
