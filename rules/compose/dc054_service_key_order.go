package compose

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// serviceKeyOrder is dclint's default order of the keys of a service
// (its groups core, dependencies, data, environment, network, runtime,
// metadata, security, in that order); other keys follow, sorted.
var serviceKeyOrder = []string{
	"image", "build", "container_name",
	"depends_on",
	"volumes", "volumes_from", "configs", "secrets",
	"environment", "env_file",
	"ports", "networks", "network_mode", "extra_hosts",
	"command", "entrypoint", "working_dir", "restart", "healthcheck",
	"logging", "labels",
	"user", "isolation",
}

// ServiceKeyOrder flags keys of a service out of dclint's order.
var ServiceKeyOrder = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC054",
		Name:       "service-key-order",
		Severity:   rule.Info,
		Summary:    "order the keys of each service: image, build, container_name, depends_on, volumes, …, then the rest sorted",
		Tags:       []string{"style"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"service-keys-order"}},
		Doc: rule.Doc{
			Why: "Services whose keys come in the same order are quicker to read and to compare: what runs " +
				"(`image`, `build`), what it needs (`depends_on`, volumes, environment), how it is reached " +
				"(ports, networks), how it runs (command, restart, healthcheck) and who it runs as come in " +
				"the same place in every service. The order is dclint's default, exactly, so that a team " +
				"moving from dclint keeps its files as they are:\n\n" +
				"1. `image`, `build`, `container_name`\n" +
				"2. `depends_on`\n" +
				"3. `volumes`, `volumes_from`, `configs`, `secrets`\n" +
				"4. `environment`, `env_file`\n" +
				"5. `ports`, `networks`, `network_mode`, `extra_hosts`\n" +
				"6. `command`, `entrypoint`, `working_dir`, `restart`, `healthcheck`\n" +
				"7. `logging`, `labels`\n" +
				"8. `user`, `isolation`\n" +
				"9. every other key, in alphabetical order\n\n" +
				"As in dclint, a key is reported when it comes after a key that belongs below it, and the " +
				"next keys are compared with it. Unlike dclint, a `<<` merge key (which by convention comes " +
				"first, so that the service's own keys override what it merges) is not a key out of order.",
			Bad:  "services:\n  web:\n    ports:\n      - \"127.0.0.1:8080:80\"\n    image: nginx:1.27\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range writtenServices(proj) {
			var keys []*yaml.Node
			var others []string
			for i := 0; i+1 < len(s.val.Content); i += 2 {
				if k := s.val.Content[i]; k.Kind == yaml.ScalarNode && !compose.IsMergeKey(k) {
					keys = append(keys, k)
					if !slices.Contains(serviceKeyOrder, k.Value) {
						others = append(others, k.Value)
					}
				}
			}
			slices.SortStableFunc(others, func(a, b string) int { return localeCompare(a, b, false) })
			order := append(slices.Clip(serviceKeyOrder), others...)
			name := s.name
			reportOutOfOrder(p, s.file, keys, order, true, name, func(k, before string) string {
				return fmt.Sprintf("service %q: move %q above %q (dclint's key order)", name, k, before)
			})
		}
	},
}
