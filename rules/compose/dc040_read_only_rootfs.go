package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// WritableRootFS notes services whose root filesystem is writable.
var WritableRootFS = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC040",
		Name:       "writable-root-filesystem",
		Severity:   rule.Info,
		Summary:    "set read_only: true and give the service tmpfs or volumes for the paths it writes",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0007"}, rule.Semgrep: {"writable-filesystem-service"}, rule.CIS: {"5.13"}},
		Doc: rule.Doc{
			Why: "A container's root filesystem is writable unless `read_only: true` is set. Whoever gets code " +
				"execution in the service can then replace its binaries, scripts and configuration, drop tools, " +
				"and persist until the container is recreated. With a read-only root filesystem the image stays " +
				"as built, and the places the service may write are the ones the file declares: `tmpfs:` for " +
				"scratch space (`/tmp`, `/run`, caches; Docker mounts tmpfs `noexec,nosuid,nodev`) and volumes for " +
				"data. To find those paths, run the service once without the flag and look at `docker diff`. " +
				"The rule reports, at the service, every service that does not set `read_only: true`, and at " +
				"the key a service whose `read_only` is false (in whichever file — override, `extends` base or " +
				"included file — sets it). It differs from compose-lint's CL-0007 only in reporting an explicit " +
				"`read_only: false` where it is written. The finding carries a hardening fix " +
				"(`dockguard lint --fix=hardening`) that sets `read_only: true`; the `tmpfs:` and volumes the " +
				"service writes to must then be added by hand, after a test run.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    tmpfs:\n      - /tmp\n      - /var/cache/nginx\n      - /var/run\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if s.Config.ReadOnly {
				continue
			}
			const fix = "set read_only: true and mount tmpfs (such as /tmp) or volumes on the paths it writes"
			if where, set := proj.Lookup(s.Name, "read_only"); set {
				if w, ok := proj.Written(s.Name, "read_only"); ok && strings.Contains(w, "$") && strings.TrimSpace(proj.Expand(w)) == "" {
					continue // from a variable not set here: chosen where it is deployed
				}
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
					Message: fmt.Sprintf("service %q sets read_only: false, so its root filesystem is writable; %s", s.Name, fix),
					Fix:     readOnlyFix(proj, s.Name)})
				continue
			}
			where := proj.ServiceLocation(s.Name)
			p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
				Message: fmt.Sprintf("service %q has a writable root filesystem; %s", s.Name, fix),
				Fix:     readOnlyFix(proj, s.Name)})
		}
	},
}

// readOnlyFix is the hardening fix that sets read_only: true (turning a
// written false into true, or adding the key).
func readOnlyFix(proj *compose.Project, name string) *rule.Fix {
	t, ok := fixableService(proj, name)
	if !ok {
		return nil
	}
	const desc = "set read_only: true (then mount tmpfs or volumes where the service writes)"
	k, v := t.entry("read_only")
	if k == nil {
		return t.insertKey("read_only", "true", nil, desc, rule.FixHardening)
	}
	if !literal(v) || quoted(v) || v.Line != k.Line {
		return nil
	}
	return t.replaceScalar(v, "true", desc, rule.FixHardening)
}
