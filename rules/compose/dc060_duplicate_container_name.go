package compose

import (
	"fmt"
	"slices"
	"sort"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// DuplicateContainerName flags services that share a container_name.
var DuplicateContainerName = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC060",
		Name:       "duplicate-container-name",
		Severity:   rule.Error,
		Summary:    "give each service its own container_name, or drop container_name",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"no-duplicate-container-names"}},
		Doc: rule.Doc{
			Why: "Container names are unique on a Docker host. When two services of a project set the same " +
				"`container_name`, `docker compose up` refuses to start the project (\"container name is " +
				"already in use by service\"). The rule compares the names after interpolation and across " +
				"every file of the project (overrides, `extends` bases and included files), and leaves alone " +
				"two services that cannot run together because they belong to disjoint profiles. Each " +
				"service that repeats a name used earlier is reported, at its `container_name`, with the " +
				"first one as the related place. Without `container_name`, compose derives unique names from " +
				"the project and the service.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    container_name: app\n" +
				"  worker:\n    image: node:22\n    container_name: app\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    container_name: app-web\n" +
				"  worker:\n    image: node:22\n    container_name: app-worker\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		type named struct {
			svc *compose.Service
			loc source.Location
		}
		rank := map[string]int{} // files in precedence order: the main file first
		for i, f := range proj.Files() {
			rank[f.Source.Path] = i + 1
		}
		groups := map[string][]named{}
		for _, s := range proj.Services {
			n := s.Config.ContainerName
			if n == "" {
				// ${NAME} with NAME unset here: the same expression gives
				// the same name wherever it is set.
				n, _ = proj.Written(s.Name, "container_name")
			}
			if n != "" {
				groups[n] = append(groups[n], named{s, proj.Locate(s.Name, "container_name")})
			}
		}
		names := make([]string, 0, len(groups))
		for n := range groups {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			g := groups[n]
			sort.SliceStable(g, func(i, j int) bool {
				if g[i].loc.Path != g[j].loc.Path {
					return rank[g[i].loc.Path] < rank[g[j].loc.Path]
				}
				return g[i].loc.Range.Start.Before(g[j].loc.Range.Start)
			})
			for i := 1; i < len(g); i++ {
				for _, first := range g[:i] {
					if !canRunTogether(first.svc, g[i].svc) {
						continue
					}
					p.Report(rule.Diagnostic{Path: g[i].loc.Path, Range: g[i].loc.Range, Subject: g[i].svc.Name,
						Message: fmt.Sprintf("service %q uses container_name %s, as service %q does: docker compose refuses to start both; rename one or drop container_name",
							g[i].svc.Name, written(proj, g[i].svc.Name, "container_name", n), first.svc.Name),
						Related: []rule.Related{{Path: first.loc.Path, Range: first.loc.Range, Message: fmt.Sprintf("service %q sets the same container_name", first.svc.Name)}}})
					break
				}
			}
		}
	},
}

// canRunTogether reports whether two services can be enabled at once: a
// service without profiles always runs; two with profiles need one in common.
func canRunTogether(a, b *compose.Service) bool {
	pa, pb := a.Config.Profiles, b.Config.Profiles
	if len(pa) == 0 || len(pb) == 0 {
		return true
	}
	for _, x := range pa {
		if slices.Contains(pb, x) {
			return true
		}
	}
	return false
}
