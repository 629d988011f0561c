package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// The resource-limit rules (DC041 memory, DC042 CPU, DC043 pids) share one
// shape: a service is fine when one of its keys bounds the resource; a key
// written with a value that bounds nothing (0, -1: Docker reads both as
// unlimited) is reported at that key; otherwise the finding is at the
// service key.

// limitKeys are the keys that can bound one resource, as service paths.
type limitKeys []string

// reportUnbounded reports a service whose merged configuration does not
// bound a resource. what names the resource ("memory limit"), fix says
// what to set; note, when not empty, is added to the service-key message
// (say, that cpu_shares is a weight and not a ceiling).
func reportUnbounded(p *rule.Pass, proj *compose.Project, s *compose.Service, keys limitKeys, what, fix, note string) {
	for _, k := range keys {
		w, ok := proj.Written(s.Name, k)
		if !ok {
			if _, set := proj.Lookup(s.Name, k); set {
				// Written as something other than a scalar (a YAML
				// tag, a mapping): compose validates it; not ours.
				return
			}
			continue
		}
		if strings.TrimSpace(w) == "" {
			continue // `mem_limit:` with no value: not set
		}
		v := strings.TrimSpace(proj.Expand(w))
		if v == "" || !unbounded(v) {
			// Empty: the value comes from a variable that is not set
			// here, so the limit is chosen where the project is deployed
			// (compose refuses to load without it: DC000). A bound the
			// model lost (a value compose could not read): DC000 too.
			return
		}
		where := proj.Locate(s.Name, k)
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
			Message: fmt.Sprintf("service %q: %s: %q sets no %s (Docker reads 0 and -1 as unlimited); %s", s.Name, k, w, what, fix)})
		return
	}
	where := proj.ServiceLocation(s.Name)
	msg := fmt.Sprintf("service %q has no %s; %s", s.Name, what, fix)
	if note != "" {
		msg = fmt.Sprintf("service %q has no %s (%s); %s", s.Name, what, note, fix)
	}
	p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: msg})
}

// unbounded reports whether a limit value as written (interpolated) is one
// Docker reads as no limit: zero or negative, with or without a unit.
func unbounded(v string) bool {
	n, err := strconv.ParseFloat(strings.TrimRight(strings.ToLower(v), "bkmgt"), 64)
	return err == nil && n <= 0
}

// deployLimits are the merged deploy.resources.limits of a service, or nil.
func deployLimits(s *compose.Service) (memory int64, cpus float32, pids int64) {
	if d := s.Config.Deploy; d != nil && d.Resources.Limits != nil {
		l := d.Resources.Limits
		return int64(l.MemoryBytes), float32(l.NanoCPUs), l.Pids
	}
	return 0, 0, 0
}
