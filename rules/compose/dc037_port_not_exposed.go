package compose

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/rules/internal/longrun"
)

// PortNotExposed flags, in the strict set, a published container port that
// the built image never EXPOSEs, and EXPOSEd ports left unpublished by a
// service that publishes others: the signs of a mistyped port.
var PortNotExposed = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC037",
		Name:     "port-not-exposed",
		Severity: rule.Info,
		Summary:  "publish the container ports the image EXPOSEs",
		Tags:     []string{"security", "wiring", "network"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		Doc: rule.Doc{
			Why: "`EXPOSE` documents the ports the image listens on. When compose publishes a container port the " +
				"image it builds never EXPOSEs (`\"8080:3001\"` for an app that EXPOSEs 3000), the published port " +
				"most likely leads nowhere: a typo, or a port that changed in one file only. The rule compares, for " +
				"a service that builds a Dockerfile that can be read (or runs the image another service of the " +
				"project builds), the container ports of `ports:` with the `EXPOSE` ports of the target stage and " +
				"the stages it is built on, plus compose's own `expose:`. It reports each published container port " +
				"that is not EXPOSEd, at the port, with the EXPOSE instructions as related locations; and, when " +
				"every published port is EXPOSEd or configured, the EXPOSEd ports the service does not publish " +
				"(once per service, at `ports:`). A port the service's own compose configuration names is " +
				"deliberate, not a typo: a number in its `command:` or `entrypoint:` (`gunicorn -b 0.0.0.0:8000`), " +
				"Node's inspector port 9229 with `--inspect`, or the value of an environment variable whose name " +
				"contains PORT. Not reported: a Dockerfile with no `EXPOSE` (nothing to compare), one " +
				"whose `EXPOSE` uses a variable that cannot be resolved, published ports of an image built on a " +
				"server image (`nginx`, `httpd`, `php:*-apache`...), whose own EXPOSE cannot be seen offline, and " +
				"services with `network_mode: host`. No other linter compares the two files. The rule is in the " +
				"strict set: an unpublished EXPOSEd port is often deliberate (a port used only between services).",
			Bad: "services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22\n        EXPOSE 3000\n" +
				"        CMD [\"node\", \"server.js\"]\n    ports:\n      - \"127.0.0.1:8080:3001\"\n",
			Good: "services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22\n        EXPOSE 3000\n" +
				"        CMD [\"node\", \"server.js\"]\n    ports:\n      - \"127.0.0.1:8080:3000\"\n",
			Fix: "Publish the container port the service listens on, or correct the `EXPOSE` of the Dockerfile.",
		},
	},
	Compose: checkPortNotExposed,
}

// exposedPort is one port or range of an EXPOSE (or of compose's expose:).
type exposedPort struct {
	lo, hi  uint64
	proto   string
	written string
	at      source.Location
	image   bool // from the Dockerfile, not compose's expose:
}

func (e exposedPort) covers(port uint64, proto string) bool {
	return e.proto == proto && e.lo <= port && port <= e.hi
}

func checkPortNotExposed(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		if len(s.Config.Ports) == 0 || s.Config.NetworkMode == "host" || s.Config.Provider != nil {
			continue
		}
		builder := s
		if s.Config.Build == nil {
			builder = builtImage(proj, s.Config.Image)
		}
		if builder == nil || builder.Dockerfile == nil || builder.Dockerfile.Stage == nil {
			continue
		}
		exposed, serverBase, ok := imageExposes(proj, builder)
		if !ok {
			continue
		}
		name := dockerfileName(proj, builder)
		for _, e := range s.Config.Expose {
			if lo, hi, proto, ok := parseExposed(e); ok {
				exposed = append(exposed, exposedPort{lo: lo, hi: hi, proto: proto, written: e})
			}
		}
		// Which image EXPOSEs are published, and which published ports are not EXPOSEd.
		published := make([]bool, len(exposed))
		type miss struct {
			target uint64
			proto  string
			at     source.Location
		}
		var missing []miss
		seen := map[source.Location]bool{}
		configured := configuredPorts(s)
		var configuredOnly []string
		for _, port := range s.Config.Ports {
			proto := normProtocol(port.Protocol)
			found := false
			for i, e := range exposed {
				if e.covers(uint64(port.Target), proto) {
					published[i], found = true, true
				}
			}
			if !found && serverBase == "" && configured[uint64(port.Target)] {
				configuredOnly = append(configuredOnly, fmt.Sprintf("%d/%s", port.Target, proto))
			}
			if found || serverBase != "" || configured[uint64(port.Target)] {
				continue
			}
			at := proj.LocatePort(s.Name, port)
			if seen[at] {
				continue
			}
			seen[at] = true
			missing = append(missing, miss{uint64(port.Target), proto, at})
		}
		var unpublished []string
		var related []rule.Related
		for i, e := range exposed {
			if !e.image {
				continue
			}
			related = append(related, rule.Related{Path: e.at.Path, Range: e.at.Range, Message: fmt.Sprintf("%s EXPOSEs %s", name, e.written)})
			if !published[i] {
				unpublished = append(unpublished, e.written)
			}
		}
		if len(missing) > 0 {
			exposes := fmt.Sprintf("%s EXPOSEs %s", name, imageList(exposed))
			if len(unpublished) > 0 {
				exposes += fmt.Sprintf(", and the service does not publish %s", strings.Join(unpublished, ", "))
			}
			for _, m := range missing {
				p.Report(rule.Diagnostic{Path: m.at.Path, Range: m.at.Range, Subject: s.Name, Related: related,
					Message: fmt.Sprintf("service %q publishes container port %d/%s, which its image never EXPOSEs (%s); publish the port the service listens on, or EXPOSE %d/%s", s.Name, m.target, m.proto, exposes, m.target, m.proto)})
			}
			continue
		}
		if len(unpublished) > 0 {
			where := proj.Locate(s.Name, "ports")
			noun, pron := "port", "it"
			if len(unpublished) > 1 {
				noun, pron = "ports", "them"
			}
			msg := fmt.Sprintf("service %q publishes ports but not %s %s, which %s EXPOSEs; publish %s too if clients outside the project need %s, or remove %s from EXPOSE if nothing listens there", s.Name, noun, strings.Join(unpublished, ", "), name, pron, pron, pron)
			if len(configuredOnly) > 0 {
				msg = fmt.Sprintf("service %q publishes %s, which its command or environment sets but %s does not EXPOSE, and not %s %s, which it EXPOSEs; if the service listens on %s only, EXPOSE that instead, else publish %s too", s.Name, strings.Join(configuredOnly, ", "), name, noun, strings.Join(unpublished, ", "), strings.Join(configuredOnly, ", "), pron)
			}
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Related: related, Message: msg})
		}
	}
}

// imageList lists the image's EXPOSEd ports.
func imageList(exposed []exposedPort) string {
	var out []string
	for _, e := range exposed {
		if e.image {
			out = append(out, e.written)
		}
	}
	return strings.Join(out, " ")
}

// imageExposes lists the EXPOSE ports of the service's target stage and
// the stages it is built on; ok is false when there is none or one cannot
// be read (an unresolved variable). serverBase names a server base image,
// whose own EXPOSE cannot be seen.
func imageExposes(proj *compose.Project, s *compose.Service) (out []exposedPort, serverBase string, ok bool) {
	d := s.Dockerfile
	for _, st := range d.Stage.Chain() {
		for _, in := range st.Instructions {
			if !in.Is("EXPOSE") {
				continue
			}
			for _, tok := range in.Args {
				e := in.Expand(tok.Value)
				if !e.Resolved() {
					return nil, "", false
				}
				for _, w := range strings.Fields(e.Value) {
					lo, hi, proto, valid := parseExposed(w)
					if !valid {
						return nil, "", false
					}
					out = append(out, exposedPort{lo: lo, hi: hi, proto: proto, written: w, at: dockerfileLocation(proj, d, tok.Range), image: true})
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, "", false
	}
	if root := d.Stage.Root(); root.Base.IsImage() {
		serverBase = longrun.ServerImage(root.Base.Ref)
	} else if !root.Base.Scratch {
		serverBase = "an unresolved image" // its EXPOSE cannot be known
	}
	return out, serverBase, true
}

// parseExposed reads "3000", "3000/udp", "8000-8010/tcp".
func parseExposed(w string) (lo, hi uint64, proto string, ok bool) {
	w, proto, _ = strings.Cut(strings.TrimSpace(w), "/")
	proto = normProtocol(proto)
	a, b, isRange := strings.Cut(w, "-")
	lo, err := strconv.ParseUint(a, 10, 16)
	if err != nil {
		return 0, 0, "", false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.ParseUint(b, 10, 16); err != nil || hi < lo {
			return 0, 0, "", false
		}
	}
	return lo, hi, proto, true
}

var numberRE = regexp.MustCompile(`[0-9]+`)

// configuredPorts are the ports a service's own configuration names: a
// number in its command or entrypoint (`gunicorn -b 0.0.0.0:8000`,
// `--port=8000`), Node's inspector port 9229 with `--inspect`, and the
// value of an environment variable whose name contains PORT. Publishing a
// port the service is told to listen on is deliberate, not a typo.
func configuredPorts(s *compose.Service) map[uint64]bool {
	out := map[uint64]bool{}
	for _, w := range append(append([]string{}, s.Config.Entrypoint...), s.Config.Command...) {
		for _, n := range numberRE.FindAllString(w, -1) {
			if v, err := strconv.ParseUint(n, 10, 16); err == nil {
				out[v] = true
			}
		}
		if strings.Contains(w, "--inspect") {
			out[9229] = true
		}
	}
	for k, v := range s.Config.Environment {
		if v == nil || !strings.Contains(strings.ToUpper(k), "PORT") {
			continue
		}
		if p, err := strconv.ParseUint(strings.TrimSpace(*v), 10, 16); err == nil {
			out[p] = true
		}
	}
	return out
}
