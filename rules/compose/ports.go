package compose

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// knownPort is what usually listens on a well-known container port. The
// one table serves DC014 (grade and reason), DC006 (which leaves these
// ports to DC014) and DC015 (datastore ports).
type knownPort struct {
	what string
	// sev is DC014's grade: Error for services that accept anyone by
	// default (or are root on the host), Warning for those that ask for
	// credentials by default.
	sev rule.Severity
	// why says why: it is part of DC014's message.
	why string
	// datastore marks databases, caches and search engines (DC015).
	datastore bool
}

const (
	noAuth  = rule.Error
	hasAuth = rule.Warning
)

// knownPorts maps well-known container ports to what usually listens there.
var knownPorts = map[uint32]knownPort{
	// Engines and orchestrators: root on the host.
	2375:  {"Docker API without TLS", noAuth, "whoever reaches it controls the Docker engine, which is root on the host", false},
	4243:  {"Docker API", noAuth, "whoever reaches it controls the Docker engine, which is root on the host", false},
	2376:  {"Docker API (TLS)", hasAuth, "it asks for a client certificate, but any holder of one is root on the host", false},
	2379:  {"etcd", noAuth, "etcd accepts clients without authentication by default and holds cluster state and secrets", true},
	10250: {"kubelet API", noAuth, "the kubelet runs commands in every pod of the node and allows anonymous requests unless configured otherwise", false},
	6443:  {"Kubernetes API", hasAuth, "it requires authentication, but is a prime target", false},
	8500:  {"Consul HTTP API", noAuth, "Consul's ACLs are off by default, so anyone can read and register services", false},

	// Datastores that accept anyone by default.
	6379:  {"Redis", noAuth, "Redis accepts clients without authentication by default", true},
	11211: {"Memcached", noAuth, "Memcached has no authentication by default", true},
	9200:  {"Elasticsearch", noAuth, "Elasticsearch before 8.0, and any setup with xpack.security.enabled=false, accepts anyone", true},
	9300:  {"Elasticsearch transport", noAuth, "the node-to-node transport accepts anyone unless security is enabled (the default only from 8.0)", true},
	27017: {"MongoDB", noAuth, "MongoDB accepts clients without authentication unless a root user is configured", true},
	9042:  {"Cassandra", noAuth, "Cassandra's default authenticator (AllowAllAuthenticator) accepts anyone", true},
	28015: {"RethinkDB", noAuth, "RethinkDB's admin account has no password by default", true},

	// Datastores that ask for credentials by default.
	5432:  {"PostgreSQL", hasAuth, "PostgreSQL asks for a password by default, but the port stays open to password guessing and to its vulnerabilities", true},
	3306:  {"MySQL", hasAuth, "MySQL asks for a password by default, but the port stays open to password guessing and to its vulnerabilities", true},
	1433:  {"SQL Server", hasAuth, "SQL Server asks for a password, but the port stays open to password guessing and to its vulnerabilities", true},
	1521:  {"Oracle", hasAuth, "Oracle asks for a password, but the port stays open to password guessing and to its vulnerabilities", true},
	5984:  {"CouchDB", hasAuth, "CouchDB 3 asks for an admin password (earlier versions accepted anyone as admin)", true},
	7687:  {"Neo4j Bolt", hasAuth, "Neo4j asks for a password by default (NEO4J_AUTH)", true},
	26257: {"CockroachDB", hasAuth, "CockroachDB asks for certificates or passwords unless started with --insecure", true},
	8086:  {"InfluxDB", hasAuth, "InfluxDB 2 and later ask for a token (1.x had authentication off by default)", true},
	8529:  {"ArangoDB", hasAuth, "the ArangoDB image asks for a root password unless ARANGO_NO_AUTH is set", true},

	// Brokers.
	9092:  {"Kafka", noAuth, "Kafka's default PLAINTEXT listener has no authentication", false},
	2181:  {"ZooKeeper", noAuth, "ZooKeeper accepts clients without authentication by default", false},
	4222:  {"NATS", noAuth, "NATS accepts clients without authentication unless configured", false},
	61616: {"ActiveMQ", noAuth, "ActiveMQ's OpenWire port accepts clients without authentication by default", false},
	5672:  {"AMQP broker", hasAuth, "RabbitMQ asks for credentials (its guest account only works from localhost)", false},
	15672: {"RabbitMQ management", hasAuth, "the management UI asks for a password", false},
	1883:  {"MQTT broker", hasAuth, "Mosquitto 2 refuses anonymous clients unless allow_anonymous is set", false},

	// Remote access.
	22:   {"SSH", hasAuth, "SSH asks for a key or password, but is the first port scanners try", false},
	3389: {"RDP", hasAuth, "RDP asks for a password, but is the first port scanners try", false},
	5900: {"VNC", hasAuth, "VNC servers ask for a password in most setups, a weak one at best", false},
	5901: {"VNC", hasAuth, "VNC servers ask for a password in most setups, a weak one at best", false},
}

// sensitivePublished reports a port that DC014 reports: a well-known
// port published on an address other than loopback, with a valid host port.
func sensitivePublished(port types.ServicePortConfig) (knownPort, bool) {
	if isLoopback(port.HostIP) || !compose.ValidPublished(port.Published) {
		return knownPort{}, false
	}
	k, ok := knownPorts[port.Target]
	return k, ok
}
