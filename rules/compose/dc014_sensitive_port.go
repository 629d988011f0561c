package compose

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"

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
				"these ports to this rule. The finding carries a hardening fix (`dockguard lint --fix=hardening`) " +
				"that binds a short-syntax entry to 127.0.0.1 (`\"5432:5432\"` becomes " +
				"`\"127.0.0.1:5432:5432\"`): the port then answers only on the host itself.",
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
					Message: fmt.Sprintf("service %q publishes %s port %d on %s: %s; remove the port (services on the compose network reach it without one) or bind it to 127.0.0.1", s.Name, k.what, port.Target, on, k.why),
					Fix:     bindLoopback(proj, s.Name, where)})
			}
		}
	},
}

func isLoopback(ip string) bool {
	ip = strings.Trim(ip, "[]")
	return strings.HasPrefix(ip, "127.") || ip == "::1" || strings.EqualFold(ip, "localhost")
}

// bindLoopback is the hardening fix that binds a short-syntax port entry
// ("5432:5432", "0.0.0.0:5432:5432") to 127.0.0.1. Entries without a
// published port, with interpolation or an IPv6 address, and long-syntax
// entries are left alone.
func bindLoopback(proj *compose.Project, name string, where source.Location) *rule.Fix {
	t, ok := fixableService(proj, name)
	if !ok || where.Path != t.file.Source.Path {
		return nil
	}
	_, ports := t.entry("ports")
	if ports == nil || ports.Kind != yaml.SequenceNode {
		return nil
	}
	for _, it := range ports.Content {
		if it.Kind != yaml.ScalarNode || t.file.Range(it) != where.Range || !literal(it) || !t.singleLineScalar(it) {
			continue
		}
		v := it.Value
		r := t.file.Range(it)
		if quoted(it) {
			r.Start.Col++
		}
		const desc = "bind the port to 127.0.0.1"
		switch {
		case strings.Count(v, ":") == 1 && !strings.ContainsAny(v, "[] "):
			pos := r.Start
			return &rule.Fix{Description: desc, Class: rule.FixHardening, Edits: []rule.Edit{{Range: source.Range{Start: pos, End: pos}, NewText: "127.0.0.1:"}}}
		case strings.HasPrefix(v, "0.0.0.0:") && strings.Count(v, ":") == 2:
			end := r.Start
			end.Col += len("0.0.0.0")
			return &rule.Fix{Description: desc, Class: rule.FixHardening, Edits: []rule.Edit{{Range: source.Range{Start: r.Start, End: end}, NewText: "127.0.0.1"}}}
		}
		return nil
	}
	return nil
}
