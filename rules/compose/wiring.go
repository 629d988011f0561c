package compose

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/source"
)

// This file holds what the wiring rules (DC034-DC038) share, and the
// judgement DC002 and DC019 ask so that a service a wiring rule reports
// for its health check is not reported twice.

// healthState is whether a service's containers run a health check.
type healthState int

const (
	healthPresent healthState = iota // a test in compose or a HEALTHCHECK in the built image
	healthAbsent                     // certainly none: switched off, or an image known to define none
	healthUnknown                    // none in compose; the image's own HEALTHCHECK cannot be seen offline
)

// serviceHealth is what the project shows of a service's health check.
type serviceHealth struct {
	state healthState
	// why says why there is none, or why it cannot be known, as a clause
	// ("image \"redis:7.4\" is an official image, which defines none").
	why string
	// at is where that shows (the disable key, the Dockerfile's FROM);
	// zero when nowhere in particular.
	at source.Location
}

// noHealthcheckImages are Docker Official Images whose images define no
// HEALTHCHECK. The official images program adds none on principle
// (docker-library/faq, "HEALTHCHECK"), but an image maintained upstream
// may (kong's does), so only images checked one by one are listed: the
// operating systems, the language runtimes and the services maintained
// in the docker-library organisation or whose Dockerfiles were read.
var noHealthcheckImages = []string{
	// operating systems
	"alpine", "busybox", "debian", "ubuntu", "fedora", "centos", "rockylinux", "almalinux", "amazonlinux", "archlinux", "oraclelinux",
	// language runtimes and build tools
	"python", "node", "golang", "ruby", "php", "openjdk", "eclipse-temurin", "perl", "rust", "gcc", "bash", "buildpack-deps", "pypy", "erlang", "elixir", "maven", "gradle",
	// servers
	"nginx", "httpd", "postgres", "mysql", "mariadb", "mongo", "redis", "memcached", "rabbitmq", "wordpress", "drupal", "ghost", "joomla",
	"redmine", "mediawiki", "tomcat", "haproxy", "cassandra", "adminer", "registry", "caddy", "traefik", "eclipse-mosquitto", "zookeeper", "nextcloud", "phpmyadmin",
}

// imageWithoutHealthcheck reports whether ref is an official image listed
// in noHealthcheckImages.
func imageWithoutHealthcheck(ref imageref.Ref) bool {
	return ref.IsOfficial() && slices.Contains(noHealthcheckImages, ref.FamiliarName())
}

// healthOf judges a service's health check: compose's `healthcheck:`
// first (a test, or disable / test NONE), else the image's HEALTHCHECK:
// the Dockerfile it builds (or that another service of the project builds
// under the image name it runs), or a registry image known to define none.
func healthOf(proj *compose.Project, s *compose.Service, db *imagefacts.DB) serviceHealth {
	if hc := s.Config.HealthCheck; hc != nil {
		switch {
		case hc.Disable:
			return serviceHealth{healthAbsent, "its health check is disabled (healthcheck.disable)", proj.Locate(s.Name, "healthcheck.disable")}
		case len(hc.Test) > 0 && strings.EqualFold(hc.Test[0], "NONE"):
			return serviceHealth{healthAbsent, "its health check is disabled (test NONE)", proj.Locate(s.Name, "healthcheck.test")}
		case len(hc.Test) > 0:
			return serviceHealth{state: healthPresent}
		}
	}
	builder := s
	if s.Config.Build == nil {
		builder = builtImage(proj, s.Config.Image)
	}
	if builder != nil {
		return dockerfileHealth(proj, builder, db)
	}
	image := written(proj, s.Name, "image", s.Config.Image)
	ref, err := imageref.Parse(s.Config.Image)
	if err == nil && db.Lookup(ref).Healthcheck {
		return serviceHealth{state: healthPresent} // the image's own HEALTHCHECK
	}
	if err == nil && imageWithoutHealthcheck(ref) {
		return serviceHealth{healthAbsent, fmt.Sprintf("image %s is an official image, which defines no HEALTHCHECK", image), proj.Locate(s.Name, "image")}
	}
	return serviceHealth{healthUnknown, fmt.Sprintf("whether image %s defines a HEALTHCHECK cannot be seen offline", image), proj.Locate(s.Name, "image")}
}

// builtImage is the service of the project that builds the image name
// runs (`build:` and `image: name`), or nil.
func builtImage(proj *compose.Project, name string) *compose.Service {
	if name == "" {
		return nil
	}
	for _, t := range proj.Services {
		if t.Config.Build != nil && t.Config.Image == name {
			return t
		}
	}
	return nil
}

// dockerfileHealth judges the HEALTHCHECK of the image a service builds:
// the target stage's, or the stages' it is built on; with none, the base
// image decides (scratch and listed official images define none).
func dockerfileHealth(proj *compose.Project, s *compose.Service, db *imagefacts.DB) serviceHealth {
	d := s.Dockerfile
	if d == nil || d.Stage == nil {
		why := s.DockerfileUnread
		switch {
		case why == "" && d != nil:
			why = fmt.Sprintf("builds target %q, which its Dockerfile does not define", s.Config.Build.Target)
		case why == "":
			why = "builds a Dockerfile that does not parse"
		}
		return serviceHealth{healthUnknown, fmt.Sprintf("service %q %s, so its HEALTHCHECK cannot be read", s.Name, why), proj.Locate(s.Name, "build")}
	}
	name := dockerfileName(proj, s)
	at, disabled := d.Stage.Healthcheck()
	switch {
	case at != nil && !disabled:
		return serviceHealth{state: healthPresent}
	case disabled:
		return serviceHealth{healthAbsent, fmt.Sprintf("%s disables it (HEALTHCHECK NONE)", name), dockerfileLocation(proj, d, at.Range)}
	}
	root := d.Stage.Root()
	from := dockerfileLocation(proj, d, root.From.Range)
	switch {
	case root.Base.Scratch:
		return serviceHealth{healthAbsent, fmt.Sprintf("%s has no HEALTHCHECK", name), from}
	case root.BaseFacts(db).Healthcheck:
		return serviceHealth{state: healthPresent} // inherited from the base image
	case root.Base.IsImage() && imageWithoutHealthcheck(root.Base.Ref):
		return serviceHealth{healthAbsent, fmt.Sprintf("%s has no HEALTHCHECK, nor has its base image %s (an official image)", name, root.Base.Ref.Familiar()), from}
	case root.Base.IsImage():
		return serviceHealth{healthUnknown, fmt.Sprintf("%s has no HEALTHCHECK, and whether its base image %s defines one cannot be seen offline", name, root.Base.Ref.Familiar()), from}
	}
	return serviceHealth{healthUnknown, fmt.Sprintf("%s has no HEALTHCHECK, and its base image is not known", name), from}
}

// dockerfileLocation places a range of a service's Dockerfile: in the
// Dockerfile, or in the compose file for dockerfile_inline.
func dockerfileLocation(proj *compose.Project, d *compose.Dockerfile, r source.Range) source.Location {
	if d.Inline {
		for _, in := range proj.InlineDockerfiles() {
			if in.File == d.File {
				placed, _ := in.Place(r)
				return source.Location{Path: in.Path, Range: placed}
			}
		}
	}
	return source.Location{Path: d.Path, Range: r}
}

// restartPolicy is the restart policy docker compose gives a service's
// containers: deploy.restart_policy.condition when set (`any` is
// `always`), else restart; with how it is written and where.
func restartPolicy(proj *compose.Project, s *compose.Service) (policy, shown string, at source.Location) {
	cfg := s.Config
	if cfg.Deploy != nil && cfg.Deploy.RestartPolicy != nil {
		c := strings.ToLower(strings.TrimSpace(cfg.Deploy.RestartPolicy.Condition))
		policy = c
		switch c {
		case "any":
			policy = types.RestartPolicyAlways
		case "none":
			policy = types.RestartPolicyNo
		}
		return policy, "deploy.restart_policy.condition: " + c, proj.Locate(s.Name, "deploy.restart_policy.condition")
	}
	r := strings.ToLower(strings.TrimSpace(cfg.Restart))
	policy, _, _ = strings.Cut(r, ":")
	return policy, "restart: " + r, proj.Locate(s.Name, "restart")
}

// restartsForever reports a restart policy that restarts whatever the exit status.
func restartsForever(policy string) bool {
	return policy == types.RestartPolicyAlways || policy == types.RestartPolicyUnlessStopped
}

// healthWired lists the services a wiring rule reports for their health
// check: a dependency waited for with `service_healthy` that has none
// (DC034), or a service restarted forever with none (DC035). DC002 and
// DC019 leave these to the wiring rules: one problem, one finding.
func healthWired(proj *compose.Project, db *imagefacts.DB) map[string]bool {
	out := map[string]bool{}
	for _, w := range healthyWaits(proj, db) {
		out[w.dep.Name] = true
	}
	for _, r := range unhealthyRestarts(proj, db) {
		out[r.service.Name] = true
	}
	return out
}

// healthyWait is a service that others wait for with `condition:
// service_healthy` and that has no health check, or none that can be seen.
type healthyWait struct {
	dep     *compose.Service
	health  serviceHealth
	waiters []healthyWaiter
}

type healthyWaiter struct {
	service  *compose.Service
	required bool
	at       source.Location // the condition
}

// healthyWaits finds DC034's dependencies, in service order, with their
// waiters in file order.
func healthyWaits(proj *compose.Project, db *imagefacts.DB) []healthyWait {
	order := locationOrder(proj)
	var out []healthyWait
	for _, d := range proj.Services {
		if d.Config.Provider != nil || d.Config.GetScale() == 0 {
			continue // not a container, or none to wait for (compose skips it)
		}
		var waiters []healthyWaiter
		for _, t := range proj.Services {
			dep, ok := t.Config.DependsOn[d.Name]
			if !ok || dep.Condition != types.ServiceConditionHealthy {
				continue
			}
			at, found := proj.Lookup(t.Name, "depends_on."+d.Name+".condition")
			if !found {
				at = proj.Locate(t.Name, "depends_on")
			}
			waiters = append(waiters, healthyWaiter{service: t, required: dep.Required, at: at})
		}
		if len(waiters) == 0 {
			continue
		}
		slices.SortStableFunc(waiters, func(a, b healthyWaiter) int { return order(a.at, b.at) })
		h := healthOf(proj, d, db)
		if h.state == healthPresent {
			continue
		}
		out = append(out, healthyWait{dep: d, health: h, waiters: waiters})
	}
	return out
}

// unhealthyRestart is a long-running service that restarts forever and
// has no health check, or none that can be seen.
type unhealthyRestart struct {
	service *compose.Service
	shown   string // "restart: always"
	at      source.Location
	health  serviceHealth
}

// unhealthyRestarts finds DC035's services: restarted whatever their exit
// status, judged long-running by DC002's heuristic (a command that only
// idles, such as `sleep infinity`, and one-shot jobs are not), with no
// health check, and not DC034's.
func unhealthyRestarts(proj *compose.Project, db *imagefacts.DB) []unhealthyRestart {
	deps := dependents(proj)
	waited := map[string]bool{}
	for _, w := range healthyWaits(proj, db) {
		waited[w.dep.Name] = true
	}
	var out []unhealthyRestart
	for _, s := range proj.Services {
		if s.Config.Provider != nil || s.Config.GetScale() == 0 || waited[s.Name] {
			continue // DC034 reports a dependency waited for as healthy: one finding
		}
		policy, shown, at := restartPolicy(proj, s)
		if !restartsForever(policy) {
			continue
		}
		if w := judgeService(proj, s, deps); w.service == "" {
			continue
		}
		h := healthOf(proj, s, db)
		if h.state == healthPresent {
			continue
		}
		out = append(out, unhealthyRestart{service: s, shown: shown, at: at, health: h})
	}
	return out
}

// quoteNames quotes and joins service names: `"a"`, `"a" and "b"`.
func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// locationOrder compares locations in the order the project's files were
// read (the main file first, then overrides, extends bases and included
// files as met), then by line and column.
func locationOrder(proj *compose.Project) func(a, b source.Location) int {
	index := map[string]int{}
	for i, f := range proj.Sources {
		if _, ok := index[f.Path]; !ok {
			index[f.Path] = i
		}
	}
	return func(a, b source.Location) int {
		if c := cmp.Compare(index[a.Path], index[b.Path]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Range.Start.Line, b.Range.Start.Line); c != 0 {
			return c
		}
		return cmp.Compare(a.Range.Start.Col, b.Range.Start.Col)
	}
}

// dockerfileName names the Dockerfile a service builds, for messages: as
// the compose file writes it, or its dockerfile_inline.
func dockerfileName(proj *compose.Project, s *compose.Service) string {
	if s.Dockerfile != nil && s.Dockerfile.Inline {
		return fmt.Sprintf("the dockerfile_inline of service %q", s.Name)
	}
	return buildDockerfileName(proj, s)
}
