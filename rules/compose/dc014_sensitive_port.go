package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// SensitivePortPublished flags datastore, admin and engine ports published
// beyond the host's loopback interface.
var SensitivePortPublished = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC014",
		Name:       "sensitive-port-published",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "do not publish datastore, admin or engine ports; keep them on an internal network or bind 127.0.0.1",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.CIS: {"5.7", "5.9"}},
		Doc: rule.Doc{
			Why: "Databases, caches, search engines, message brokers, remote shells and the Docker API are the " +
				"first things scanners try. The rule looks at the container port of every published port not bound " +
				"to a loopback address, and grades it by what listens there by default: an error for services that " +
				"accept anyone unless configured otherwise (Redis, Memcached, MongoDB, Elasticsearch before 8.0, " +
				"Cassandra, RethinkDB, etcd, Kafka, ZooKeeper, NATS, ActiveMQ, Consul) and for the Docker API on " +
				"2375, which is root on the host; a warning for those that ask for credentials by default " +
				"(PostgreSQL, MySQL, SQL Server, Oracle, CouchDB 3, Neo4j, CockroachDB, InfluxDB 2, ArangoDB, " +
				"RabbitMQ, Mosquitto 2, SSH, RDP, VNC, the TLS Docker API and the Kubernetes API), which are still " +
				"open to password guessing and to their own vulnerabilities. The message says which case applies. " +
				"Other services reach these over the compose network without any published port. DC006 leaves " +
				"these ports to this rule.",
			Bad:  "services:\n  cache:\n    image: redis:7.4\n    ports:\n      - \"6379:6379\"\n",
			Good: "services:\n  cache:\n    image: redis:7.4\n    ports:\n      - \"127.0.0.1:6379:6379\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, port := range s.Config.Ports {
				k, ok := sensitivePublished(port)
				if !ok {
					continue
				}
				on := "all host interfaces"
				if !allInterfaces(port.HostIP) {
					on = "host address " + port.HostIP
				}
				where := proj.LocatePort(s.Name, port)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: k.sev, Subject: s.Name,
					Message: fmt.Sprintf("service %q publishes %s port %d on %s: %s; remove the port (services on the compose network reach it without one) or bind it to 127.0.0.1", s.Name, k.what, port.Target, on, k.why)})
			}
		}
	},
}

func isLoopback(ip string) bool {
	ip = strings.Trim(ip, "[]")
	return strings.HasPrefix(ip, "127.") || ip == "::1" || strings.EqualFold(ip, "localhost")
}
