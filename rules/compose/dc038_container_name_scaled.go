package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// ContainerNameScaled flags container_name on a service that runs several
// replicas.
var ContainerNameScaled = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC038",
		Name:     "container-name-scaled",
		Severity: rule.Error,
		Summary:  "remove container_name from a service that runs several replicas (scale, deploy.replicas)",
		Tags:     []string{"security", "wiring"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		Doc: rule.Doc{
			Why: "A container name is unique on the engine, so a service with `container_name:` can run one " +
				"container only. With `scale:` or `deploy.replicas:` above 1, docker compose refuses the whole " +
				"project (\"can't set container_name and deploy.replicas as container name must be unique\"), and " +
				"`docker compose up --scale` fails the same way. The rule reports the `container_name:` of such a " +
				"service, with the replica count as a related location, in whichever file (override, `extends` " +
				"base, included file, `.env` value) supplies each. It is reported here rather than as DC000: " +
				"compose-go's own message swaps the service name and the key, and stops at the first service. " +
				"dclint's no-duplicate-container-names checks two services that share a name, not one service " +
				"that runs several containers.",
			Bad:  "services:\n  worker:\n    image: ghcr.io/acme/worker:1.4\n    container_name: worker\n    deploy:\n      replicas: 3\n",
			Good: "services:\n  worker:\n    image: ghcr.io/acme/worker:1.4\n    deploy:\n      replicas: 3\n",
			Fix: "Remove `container_name:` (compose names replicas `<project>-<service>-<n>`, and other services " +
				"reach them by the service name), or run one replica.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			n := s.Config.GetScale()
			if s.Config.ContainerName == "" || n <= 1 {
				continue
			}
			attr := "scale"
			if s.Config.Scale == nil {
				attr = "deploy.replicas"
			}
			at := proj.Locate(s.Name, "container_name")
			count := proj.Locate(s.Name, attr)
			p.Report(rule.Diagnostic{Path: at.Path, Range: at.Range, Subject: s.Name,
				Message: fmt.Sprintf("service %q sets container_name %s and runs %d replicas (%s): a container name must be unique, so docker compose refuses the project; remove container_name or run one replica", s.Name, written(proj, s.Name, "container_name", s.Config.ContainerName), n, attr),
				Related: []rule.Related{{Path: count.Path, Range: count.Range, Message: fmt.Sprintf("%s: %d", attr, n)}}})
		}
	},
}
