package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/longrun"
)

// healthcheckHeuristic documents, for DF002 and DF008, how a final stage is
// judged to run a long-running service.
const healthcheckHeuristic = "What the final stage runs is decided from the Dockerfile alone, in this " +
	"order (its `ENTRYPOINT` and `CMD` are the nearest in the stage and the stages it is built on; an " +
	"`ENTRYPOINT` drops the `CMD` of the stages before it): (1) an `ENTRYPOINT`/`CMD` that runs a server is " +
	"a service: nginx, httpd, apache2, caddy, traefik, haproxy, envoy, php-fpm, gunicorn, uvicorn, " +
	"hypercorn, daphne, uwsgi, puma, unicorn, catalina.sh, redis-server, postgres, mysqld, mongod, " +
	"supervisord, sshd, ...; `npm start`/`serve`, `yarn start`, `ng serve`, `java -jar`, `rails server`, " +
	"`manage.py runserver`, `flask run`, `php -S`, `python -m http.server`, a script named `server*` run " +
	"by node, python or ruby; seen through `sh -c`, `exec`, `gosu`, `tini`, `busybox` and entrypoint " +
	"scripts; (2) a command that only keeps the container alive (`sleep infinity`, `tail -f /dev/null`, " +
	"`top`, a shell loop around `sleep`) is not evidently a service, whatever else the stage declares; " +
	"(3) a command that runs tests, migrations or seeds (pytest, jest, `npm test`, `go test`, " +
	"`manage.py migrate`, `rake db:seed`, `run_tests.sh`, ...), or only prints or checks something and " +
	"exits (`echo`, `cat <file>`, `env`, a short `sleep`), is a one-shot job, which needs no health check; " +
	"(4) an `EXPOSE` is a service; (5) a stage built on the ASP.NET runtime image " +
	"(`mcr.microsoft.com/dotnet/aspnet`) is a service; (6) with no `ENTRYPOINT` or `CMD`, a base image " +
	"that is a well-known server is a service (nginx, httpd, caddy, traefik, haproxy, tomcat, postgres, " +
	"mysql, mariadb, mongo, redis, rabbitmq, elasticsearch, wordpress, php with an `apache` or `fpm` tag, " +
	"or a name with one of these as a dash-separated word such as `uvicorn-gunicorn-fastapi`, ...); " +
	"(7) anything else is not evidently a service (DF008)."

// MissingHealthcheck flags a final stage that evidently runs a service and
// has no health check, and a HEALTHCHECK NONE.
var MissingHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF002",
		Name:       "missing-healthcheck",
		Severity:   rule.Warning,
		Summary:    "add a HEALTHCHECK to the final stage of an image that runs a service",
		Tags:       []string{"security", "healthcheck", "availability"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3057"}, rule.Trivy: {"DS-0026"}, rule.Checkov: {"CKV_DOCKER_2"}, rule.KICS: {"Healthcheck Instruction Missing"}, rule.CIS: {"4.6"}},
		Doc: rule.Doc{
			Why: "Without a `HEALTHCHECK` the engine only knows whether the main process is alive, not " +
				"whether it still serves: a hung or half-started service looks healthy, restart policies " +
				"and `depends_on: condition: service_healthy` cannot act on it. The rule reports a final " +
				"stage that evidently runs a long-running service and has no `HEALTHCHECK` (in it or in the " +
				"stages it is built on), at its `FROM`, and a `HEALTHCHECK NONE` that switches off the base " +
				"image's check, at that instruction, whatever the image runs. " + healthcheckHeuristic + " " +
				"A final stage that is neither a service nor a one-shot job (a CLI tool, a base image, a build " +
				"image) is DF008's, in the strict set. The Dockerfile's own `HEALTHCHECK` is judged here, whether or not a compose " +
				"file that builds it is linted too: DC002 does not repeat it.",
			Bad:  "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 80\n",
			Good: "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 80\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1\n",
		},
	},
	Dockerfile: checkHealthcheck,
}

func checkHealthcheck(p *rule.Pass, f *dockerfile.File) {
	st := f.Final()
	if st == nil {
		return
	}
	at, disabled := st.Healthcheck()
	switch {
	case at == nil:
		w := judgeStage(st)
		if w.service == "" {
			return // DF008's (or a one-shot job's)
		}
		d := rule.Diagnostic{Range: st.From.Range, Subject: st.DisplayName(),
			Message: fmt.Sprintf("final stage runs a service (%s) and has no HEALTHCHECK; add one so the engine can tell when the service stops working", w.service)}
		if w.at != nil && w.at != st.From {
			d.Related = []rule.Related{{Range: w.at.Range, Message: w.service}}
		}
		p.Report(d)
	case disabled:
		p.Report(rule.Diagnostic{Range: at.Range, Subject: st.DisplayName(), Message: "HEALTHCHECK NONE disables the image's health check; define a HEALTHCHECK CMD instead"})
	}
}

// workload is what a final stage evidently runs: a service (with the
// instruction that shows it), a one-shot job, or neither.
type workload struct {
	service string // "exposes port 80", "runs gunicorn"; "" when not evident
	job     string // "runs pytest"; set only when service is ""
	at      *dockerfile.Instruction
}

// judgeStage applies the heuristic documented in healthcheckHeuristic.
func judgeStage(st *dockerfile.Stage) workload {
	entry, cmd := effectiveCommand(st)
	var values []string
	for _, in := range []*dockerfile.Instruction{entry, cmd} {
		values = append(values, commandValues(in)...)
	}
	c := longrun.Parse(values...)
	shown := cmd
	if entry != nil {
		shown = entry
	}
	if s := c.Server(); s != "" {
		if entry != nil && cmd != nil && longrun.Parse(commandValues(cmd)...).Server() == s {
			shown = cmd
		}
		return workload{service: "runs " + s, at: shown}
	}
	if c.Idle() {
		return workload{} // sleep infinity: kept alive, serving nothing
	}
	if j := c.Job(); j != "" {
		return workload{job: "runs " + j, at: shown}
	}
	if c.Exits() {
		return workload{job: "exits at once", at: shown}
	}
	for _, s := range st.Chain() {
		for _, in := range s.Instructions {
			if in.Is("EXPOSE") && len(in.Args) > 0 {
				ports := make([]string, 0, len(in.Args))
				for _, a := range in.Args {
					ports = append(ports, a.Value)
				}
				noun := "port"
				if len(ports) > 1 {
					noun = "ports"
				}
				return workload{service: "exposes " + noun + " " + strings.Join(ports, " "), at: in}
			}
		}
	}
	if root := st.Root(); root.Base.IsImage() {
		if img := longrun.WebRuntimeImage(root.Base.Ref); img != "" {
			return workload{service: "base image " + img + " runs web applications", at: root.From}
		}
		if entry == nil && cmd == nil {
			if img := longrun.ServerImage(root.Base.Ref); img != "" {
				return workload{service: "base image " + img + " runs a server", at: root.From}
			}
		}
	}
	return workload{}
}

// effectiveCommand returns the ENTRYPOINT and CMD the image runs with, as
// far as the Dockerfile says: the nearest of each in the stage and the
// stages it is built on, except that an ENTRYPOINT resets the CMD of the
// stages before it (as it resets a base image's CMD).
func effectiveCommand(st *dockerfile.Stage) (entry, cmd *dockerfile.Instruction) {
	for _, s := range st.Chain() {
		e, c := s.Last("ENTRYPOINT"), s.Last("CMD")
		if cmd == nil && entry == nil {
			cmd = c
		}
		if entry == nil && e != nil {
			entry = e
		}
		if entry != nil {
			break
		}
	}
	return entry, cmd
}

// commandValues are the words of a CMD or ENTRYPOINT: the exec-form
// elements, or the shell-form string.
func commandValues(in *dockerfile.Instruction) []string {
	if in == nil || in.Node == nil {
		return nil
	}
	var out []string
	for n := in.Node.Next; n != nil; n = n.Next {
		out = append(out, n.Value)
	}
	return out
}
