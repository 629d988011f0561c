// Package compose holds the Docker Compose rules (DC...). Each rule is a
// read-only *rule.Rule value in its own file, with its metadata, its check
// and its documentation. Rules read the merged project (overrides, extends,
// include and interpolation applied) and report at the file, line and
// column that supplied the offending value, with the service as subject.
package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// Rules returns the compose rules in ID order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		LoadError,
		RootUser,
		MissingHealthcheck,
		Privileged,
		DangerousCapability,
		HostNetwork,
		PortAllInterfaces,
		EngineSocket,
		HostNamespace,
		ConfinementDisabled,
		UntrustedImage,
		MutableImageTag,
		SensitiveMount,
		ImageDefaultUser,
		SensitivePortPublished,
		NoSegmentation,
		LoggingDisabled,
		CapDropMissing,
		NoNewPrivileges,
	}
}

// reporter reports findings about services, once per rule, location and message.
type reporter struct {
	p    *rule.Pass
	seen map[string]bool
}

func newReporter(p *rule.Pass) *reporter { return &reporter{p: p, seen: map[string]bool{}} }

func (r *reporter) report(loc source.Location, sev rule.Severity, svc, msg string) {
	r.reportKey(msg, loc, sev, svc, msg)
}

// reportOnce reports at most one finding per location and service (a port
// range written as one item expands to several ports).
func (r *reporter) reportOnce(loc source.Location, sev rule.Severity, svc, msg string) {
	r.reportKey("", loc, sev, svc, msg)
}

func (r *reporter) reportKey(key string, loc source.Location, sev rule.Severity, svc, msg string) {
	key = fmt.Sprintf("%s\x00%v\x00%s\x00%s", loc.Path, loc.Range, svc, key)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	reportService(r.p, loc, sev, svc, msg)
}

// reportService reports a finding about service svc and names the service
// in the message ("service \"web\" runs privileged"): the location may be
// in an extends base or an override, where another name is written.
func reportService(p *rule.Pass, loc source.Location, sev rule.Severity, svc, msg string) {
	if svc != "" {
		if rest, ok := strings.CutPrefix(msg, "service "); ok {
			msg = fmt.Sprintf("service %q %s", svc, rest)
		} else {
			msg = fmt.Sprintf("service %q: %s", svc, msg)
		}
	}
	p.ReportAt(loc, sev, svc, msg)
}

// registryImage is the parsed image a service pulls from a registry; ok
// is false for services that build their image or whose image does not
// parse (DC000 reports what compose cannot load).
func registryImage(s *compose.Service) (ref imageref.Ref, ok bool) {
	if s.Config.Build != nil || s.Config.Image == "" {
		return imageref.Ref{}, false
	}
	ref, err := imageref.Parse(s.Config.Image)
	return ref, err == nil
}

// written quotes the value at path as written in the compose file (before
// interpolation, so that no value from the environment is echoed).
func written(proj *compose.Project, svc, path, fallback string) string {
	if s, ok := proj.Written(svc, path); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q", fallback)
}

// normOpt normalises a security_opt entry: lower case, `=` as `:`.
func normOpt(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if k, v, ok := strings.Cut(s, "="); ok && !strings.Contains(k, ":") {
		s = k + ":" + v
	}
	return s
}

// normCap normalises a capability name: upper case, no CAP_ prefix.
func normCap(s string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "CAP_")
}
