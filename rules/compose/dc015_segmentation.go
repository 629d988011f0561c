package compose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoSegmentation flags a service reachable from outside that shares a
// non-internal network with a datastore.
var NoSegmentation = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC015",
		Name:     "no-network-segmentation",
		Severity: rule.Warning,
		Summary:  "put datastores on a separate backend network, ideally internal: true, apart from services that publish ports",
		Tags:     []string{"security", "network"},
		RuleSet:  rule.Default,
		Since:    "0.1",
		Doc: rule.Doc{
			Why: "When the service that faces the outside (it publishes ports) sits on the same flat network as " +
				"the database, one bug in it gives an attacker direct network access to every datastore port, and " +
				"the datastore can reach the internet to exfiltrate. Put datastores on a backend network declared " +
				"`internal: true` (no route out) and attach to it only the services that need them. Datastores are " +
				"recognised by image name (postgres, mysql, redis, mongo, ...) or by a well-known port. A shared " +
				"network with `internal: true` is not reported.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n" +
				"  db:\n    image: postgres:16\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n    networks: [front]\n" +
				"  app:\n    image: python:3.12\n    networks: [front, back]\n" +
				"  db:\n    image: postgres:16\n    networks: [back]\n" +
				"networks:\n  front: {}\n  back:\n    internal: true\n",
		},
	},
	Compose: checkSegmentation,
}

func checkSegmentation(p *rule.Pass, proj *compose.Project) {
	// network -> datastore services on it
	stores := map[string][]string{}
	for _, s := range proj.Services {
		if !isDatastore(s) {
			continue
		}
		for _, n := range serviceNetworks(s) {
			stores[n] = append(stores[n], s.Name)
		}
	}
	if len(stores) == 0 {
		return
	}
	for _, s := range proj.Services {
		if !publishes(s) {
			continue
		}
		for _, n := range serviceNetworks(s) {
			if nc, ok := proj.Model.Networks[n]; ok && nc.Internal {
				continue
			}
			var others []string
			for _, d := range stores[n] {
				if d != s.Name {
					others = append(others, d)
				}
			}
			if len(others) == 0 {
				continue
			}
			loc, ok := proj.Lookup(s.Name, "networks")
			if !ok {
				loc = proj.Locate(s.Name, "ports")
			}
			p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: s.Name, Message: fmt.Sprintf("service %q publishes ports and shares network %q with datastore %s; "+
				"move the datastore to a separate internal network that only the services using it join", s.Name, n, strings.Join(others, ", "))})
		}
	}
}

// serviceNetworks lists the compose networks a service joins, sorted.
func serviceNetworks(s *compose.Service) []string {
	if s.Config.NetworkMode != "" {
		return nil // host, none, service:x, container:x
	}
	if len(s.Config.Networks) == 0 {
		return []string{"default"}
	}
	var out []string
	for n := range s.Config.Networks {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func publishes(s *compose.Service) bool { return len(s.Config.Ports) > 0 }

var datastoreImages = []string{
	"postgres", "postgis", "postgresql", "timescaledb", "mysql", "mariadb", "percona", "mongo", "mongodb",
	"redis", "valkey", "keydb", "dragonfly", "memcached", "elasticsearch", "opensearch", "couchdb",
	"cassandra", "scylla", "neo4j", "influxdb", "cockroach", "mssql", "oracle", "rethinkdb", "arangodb",
	"clickhouse", "etcd", "couchbase",
}

var datastorePorts = map[uint32]bool{
	5432: true, 3306: true, 6379: true, 27017: true, 9200: true, 11211: true, 5984: true, 9042: true,
	7687: true, 1433: true, 1521: true, 26257: true, 2379: true, 8529: true, 28015: true,
}

func isDatastore(s *compose.Service) bool {
	if s.Config.Image != "" {
		if ref, err := imageref.Parse(s.Config.Image); err == nil {
			repo := strings.ToLower(ref.Repository)
			for _, part := range strings.Split(repo, "/") {
				for _, d := range datastoreImages {
					if part == d || strings.HasPrefix(part, d+"-") || strings.HasSuffix(part, "-"+d) {
						return true
					}
				}
			}
		}
	}
	for _, port := range s.Config.Ports {
		if datastorePorts[port.Target] {
			return true
		}
	}
	for _, e := range s.Config.Expose {
		e = strings.TrimSuffix(strings.TrimSuffix(e, "/tcp"), "/udp")
		for port := range datastorePorts {
			if e == strconv.FormatUint(uint64(port), 10) {
				return true
			}
		}
	}
	return false
}
