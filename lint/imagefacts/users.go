package imagefacts

import (
	"strings"
)

// checked is the date the user and health check entries below were last
// reviewed against their sources.
const checked = "2026-12-01"

// entry is one row of the built-in table of image users and health checks.
type entry struct {
	names []string // name patterns (see matchName); the first is shown
	// tag, when set, limits the entry to matching tags (the digest-only
	// reference matches no tag predicate).
	tag         func(tag string) bool
	user        string
	userKnown   bool
	drops       string // how the entrypoint drops root
	dropsTo     string // to which user
	healthcheck bool
	hint        string // how to run it as non-root
	source      string
	checked     string
}

func nonRoot(user, source string, names ...string) entry {
	return entry{names: names, user: user, userKnown: true, source: source, checked: checked}
}

func root(source string, names ...string) entry {
	return entry{names: names, user: "root", userKnown: true, source: source, checked: checked}
}

func dropsRoot(how, to, source string, names ...string) entry {
	return entry{names: names, user: "root", userKnown: true, drops: how, dropsTo: to, source: source, checked: checked}
}

func withHint(hint string, e entry) entry {
	e.hint = hint
	return e
}

func withHealthcheck(e entry) entry {
	e.healthcheck = true
	return e
}

// nonrootTag is distroless's naming of its non-root variants.
func nonrootTag(tag string) bool {
	return tag == "nonroot" || strings.HasPrefix(tag, "nonroot-") || strings.HasSuffix(tag, "-nonroot")
}

// images is the built-in table, most specific entries first.
var images = []entry{
	// Non-root out of the box.
	{names: []string{"gcr.io/distroless/*"}, tag: nonrootTag, user: "65532", userKnown: true,
		source: "https://github.com/GoogleContainerTools/distroless#debug-images (the :nonroot tags run as uid 65532)", checked: checked},
	nonRoot("472", "https://grafana.com/docs/grafana/latest/setup-grafana/installation/docker/ (runs as the grafana user, UID 472)",
		"grafana/grafana", "grafana/grafana-oss", "grafana/grafana-enterprise"),
	nonRoot("10001", "https://github.com/grafana/loki/blob/main/cmd/loki/Dockerfile (USER 10001)", "grafana/loki"),
	nonRoot("nobody", "https://github.com/prometheus/prometheus/blob/main/Dockerfile (USER nobody)",
		"prom/prometheus", "quay.io/prometheus/prometheus"),
	nonRoot("nobody", "https://github.com/prometheus/alertmanager/blob/main/Dockerfile (USER nobody)",
		"prom/alertmanager", "quay.io/prometheus/alertmanager"),
	nonRoot("nobody", "https://github.com/prometheus/node_exporter/blob/master/Dockerfile (USER nobody)",
		"prom/node-exporter", "quay.io/prometheus/node-exporter"),
	nonRoot("nobody", "https://github.com/prometheus/pushgateway/blob/master/Dockerfile (USER nobody)",
		"prom/pushgateway", "quay.io/prometheus/pushgateway"),
	nonRoot("1000:0", "https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html (the image runs as uid:gid 1000:0)",
		"docker.elastic.co/elasticsearch/elasticsearch", "elasticsearch"),
	nonRoot("1000", "https://www.elastic.co/guide/en/kibana/current/docker.html (the image runs as the kibana user, uid 1000)",
		"docker.elastic.co/kibana/kibana", "kibana"),
	nonRoot("1000", "https://www.elastic.co/guide/en/logstash/current/docker.html (the image runs as the logstash user, uid 1000)",
		"docker.elastic.co/logstash/logstash", "logstash"),
	nonRoot("101", "https://hub.docker.com/r/nginxinc/nginx-unprivileged (runs as the nginx user, uid 101)",
		"nginxinc/nginx-unprivileged"),
	nonRoot("1001", "https://docs.bitnami.com/tutorials/work-with-non-root-containers/ (Bitnami images run as uid 1001)",
		"bitnami/*", "public.ecr.aws/bitnami/*"),
	nonRoot("5050", "https://www.pgadmin.org/docs/pgadmin4/latest/container_deployment.html (runs as the pgadmin user, uid 5050)",
		"dpage/pgadmin4"),
	nonRoot("mssql", "https://learn.microsoft.com/en-us/azure/azure-sql-edge/configure (runs as the non-root mssql user, uid 10001)",
		"mcr.microsoft.com/azure-sql-edge"),
	{names: []string{"mcr.microsoft.com/mssql/server"}, tag: func(t string) bool { return !strings.HasPrefix(t, "2017") },
		user: "mssql", userKnown: true, source: "https://learn.microsoft.com/en-us/sql/linux/sql-server-linux-docker-container-security (SQL Server 2019 and later images run as mssql, uid 10001)", checked: checked},
	nonRoot("redpanda", "https://docs.redpanda.com/current/get-started/quick-start/ (the image runs as the redpanda user, uid 101)",
		"docker.redpanda.com/vectorized/redpanda", "docker.redpanda.com/redpandadata/redpanda", "vectorized/redpanda", "redpandadata/redpanda"),
	nonRoot("jenkins", "https://github.com/jenkinsci/docker/blob/master/README.md (runs as the jenkins user, uid 1000)", "jenkins/jenkins"),
	nonRoot("sonarqube", "https://github.com/SonarSource/docker-sonarqube (USER sonarqube)", "sonarqube"),
	nonRoot("1000", "https://github.com/keycloak/keycloak/blob/main/quarkus/container/Dockerfile (USER 1000)", "quay.io/keycloak/keycloak"),
	nonRoot("memcache", "https://github.com/docker-library/memcached/blob/master/1/debian/Dockerfile (USER memcache)", "memcached"),
	nonRoot("solr", "https://github.com/apache/solr-docker (USER solr, uid 8983)", "solr"),
	{names: []string{"gitea/gitea"}, tag: func(t string) bool { return strings.Contains(t, "rootless") },
		user: "git", userKnown: true, source: "https://docs.gitea.com/installation/install-with-docker-rootless (the rootless images run as git, uid 1000)", checked: checked},

	// Start as root and drop it in the entrypoint.
	dropsRoot("gosu", "postgres", "https://github.com/docker-library/postgres (Dockerfile installs gosu, docker-entrypoint.sh: exec gosu postgres; debian and alpine variants)", "postgres"),
	dropsRoot("gosu", "redis", "https://github.com/docker-library/redis (Dockerfile installs gosu, docker-entrypoint.sh: exec gosu redis; debian and alpine variants)", "redis"),
	dropsRoot("gosu", "mysql", "https://github.com/docker-library/mysql (Dockerfile installs gosu, docker-entrypoint.sh: exec gosu mysql)", "mysql"),
	dropsRoot("gosu", "mysql", "https://github.com/MariaDB/mariadb-docker/blob/master/docker-entrypoint.sh", "mariadb"),
	dropsRoot("gosu", "mongodb", "https://github.com/docker-library/mongo/blob/master/docker-entrypoint.sh", "mongo"),
	dropsRoot("gosu", "rabbitmq", "https://github.com/docker-library/rabbitmq/blob/master/docker-entrypoint.sh", "rabbitmq"),
	dropsRoot("gosu", "couchdb", "https://github.com/apache/couchdb-docker (docker-entrypoint.sh: exec gosu couchdb)", "couchdb"),
	dropsRoot("gosu", "cassandra", "https://github.com/docker-library/cassandra/blob/master/docker-entrypoint.sh", "cassandra"),
	dropsRoot("gosu", "zookeeper", "https://github.com/31z4/zookeeper-docker/blob/master/docker-entrypoint.sh", "zookeeper"),
	dropsRoot("su-exec", "vault", "https://github.com/hashicorp/docker-vault/blob/master/0.X/docker-entrypoint.sh", "hashicorp/vault", "vault"),
	dropsRoot("su-exec", "consul", "https://github.com/hashicorp/docker-consul/blob/master/0.X/docker-entrypoint.sh", "hashicorp/consul", "consul"),
	dropsRoot("s6-overlay", "abc (PUID/PGID)", "https://docs.linuxserver.io/general/understanding-puid-and-pgid/", "linuxserver/*", "lscr.io/linuxserver/*", "ghcr.io/linuxserver/*"),
	dropsRoot("s6", "git", "https://docs.gitea.com/installation/install-with-docker (the server runs as the git user, USER_UID)", "gitea/gitea"),

	// Images with a HEALTHCHECK of their own (and their users).
	withHealthcheck(root("https://github.com/pi-hole/docker-pi-hole/blob/master/src/Dockerfile (HEALTHCHECK CMD dig ...)", "pihole/pihole")),
	withHealthcheck(root("https://github.com/dani-garcia/vaultwarden/blob/main/docker/Dockerfile.debian (HEALTHCHECK CMD /healthcheck.sh)", "vaultwarden/server")),
	withHealthcheck(root("https://github.com/louislam/uptime-kuma/blob/master/docker/dockerfile (HEALTHCHECK ... extra/healthcheck)", "louislam/uptime-kuma")),
	withHealthcheck(root("https://github.com/authelia/authelia/blob/master/Dockerfile (HEALTHCHECK CMD /app/healthcheck.sh)", "authelia/authelia")),
	withHealthcheck(root("https://github.com/jellyfin/jellyfin-packaging/blob/master/docker/Dockerfile (HEALTHCHECK ... /health)", "jellyfin/jellyfin")),
	withHealthcheck(root("https://github.com/docker-mailserver/docker-mailserver/blob/master/Dockerfile (HEALTHCHECK)", "mailserver/docker-mailserver")),

	// Well-known images that run as root (no USER, no privilege drop).
	root("https://github.com/docker-library/official-images (no USER in the Dockerfile)",
		"alpine", "busybox", "ubuntu", "debian", "centos", "fedora", "amazonlinux", "rockylinux", "almalinux", "archlinux", "opensuse/leap"),
	withHint("nginxinc/nginx-unprivileged is the same nginx running as uid 101 on port 8080",
		root("https://github.com/nginxinc/docker-nginx (no USER: the master process runs as root, workers as nginx)", "nginx")),
	root("https://github.com/docker-library/httpd (no USER: the parent process runs as root, children as www-data)", "httpd"),
	root("https://github.com/docker-library/wordpress (no USER: Apache's parent process runs as root)", "wordpress"),
	root("https://github.com/nextcloud/docker (no USER: Apache's parent process runs as root)", "nextcloud"),
	root("https://github.com/traefik/traefik-library-image (no USER)", "traefik"),
	root("https://github.com/caddyserver/caddy-docker (no USER)", "caddy"),
	root("https://github.com/portainer/portainer/blob/develop/build/linux/Dockerfile (no USER; it needs the engine socket)", "portainer/portainer-ce", "portainer/portainer"),
	withHint("the image has a node user (uid 1000)",
		root("https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#non-root-user (runs as root; the image has a node user: USER node)", "node")),
	root("https://github.com/docker-library/python (no USER)", "python"),
	root("https://github.com/docker-library/golang (no USER)", "golang"),
	root("https://github.com/docker-library/ruby (no USER)", "ruby"),
	root("https://github.com/docker-library/php (no USER: php-fpm's master and Apache's parent run as root)", "php"),
	root("https://github.com/docker-library/openjdk, https://github.com/adoptium/containers (no USER)", "openjdk", "eclipse-temurin", "amazoncorretto"),
}
