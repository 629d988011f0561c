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
		References: rule.Refs{rule.CIS: {"5.7", "5.9"}},
		Doc: rule.Doc{
			Why: "Databases, caches, search engines, message brokers, remote shells and the Docker API are the " +
				"first things scanners try. Several (Redis, Memcached, Elasticsearch, MongoDB, etcd, the Docker API " +
				"on 2375) accept anyone by default, and an open Docker API is root on the host. The rule looks at " +
				"the container port of every published port not bound to a loopback address: unauthenticated-by-default " +
				"services and the plaintext Docker API are errors, other datastores, brokers, SSH, RDP and VNC are warnings. " +
				"Other services reach these over the compose network without any published port.",
			Bad:  "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n",
			Good: "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, port := range s.Config.Ports {
				if isLoopback(port.HostIP) {
					continue
				}
				c, ok := sensitivePorts[port.Target]
				if !ok {
					continue
				}
				where := proj.LocatePort(s.Name, port)
				p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: c.sev, Subject: s.Name, Message: fmt.Sprintf("service %q: %s port %d is published on the host; keep it on an internal network or bind it to 127.0.0.1", s.Name, c.what, port.Target)})
			}
		}
	},
}

func isLoopback(ip string) bool {
	ip = strings.Trim(ip, "[]")
	return strings.HasPrefix(ip, "127.") || ip == "::1" || strings.EqualFold(ip, "localhost")
}

type portClass struct {
	what string
	sev  rule.Severity
}

// sensitivePorts maps well-known container ports to what usually listens there.
var sensitivePorts = map[uint32]portClass{
	2375:  {"Docker API without TLS", rule.Error},
	4243:  {"Docker API", rule.Error},
	2376:  {"Docker API (TLS)", rule.Warning},
	2379:  {"etcd", rule.Error},
	10250: {"kubelet API", rule.Error},
	6379:  {"Redis", rule.Error},
	11211: {"Memcached", rule.Error},
	9200:  {"Elasticsearch", rule.Error},
	9300:  {"Elasticsearch transport", rule.Error},
	27017: {"MongoDB", rule.Error},
	5984:  {"CouchDB", rule.Error},
	5432:  {"PostgreSQL", rule.Warning},
	3306:  {"MySQL", rule.Warning},
	1433:  {"SQL Server", rule.Warning},
	1521:  {"Oracle", rule.Warning},
	9042:  {"Cassandra", rule.Warning},
	7687:  {"Neo4j Bolt", rule.Warning},
	26257: {"CockroachDB", rule.Warning},
	8086:  {"InfluxDB", rule.Warning},
	8529:  {"ArangoDB", rule.Warning},
	28015: {"RethinkDB", rule.Warning},
	5672:  {"AMQP broker", rule.Warning},
	15672: {"RabbitMQ management", rule.Warning},
	9092:  {"Kafka", rule.Warning},
	2181:  {"ZooKeeper", rule.Warning},
	1883:  {"MQTT broker", rule.Warning},
	4222:  {"NATS", rule.Warning},
	61616: {"ActiveMQ", rule.Warning},
	6443:  {"Kubernetes API", rule.Warning},
	8500:  {"Consul", rule.Warning},
	22:    {"SSH", rule.Warning},
	3389:  {"RDP", rule.Warning},
	5900:  {"VNC", rule.Warning},
	5901:  {"VNC", rule.Warning},
}
