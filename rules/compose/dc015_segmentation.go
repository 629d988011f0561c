package compose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// NoSegmentation flags a flat network: a service that publishes ports and
// has no other network shares it with a datastore.
var NoSegmentation = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC015",
		Name:     "no-network-segmentation",
		Severity: rule.Warning,
		Summary:  "put datastores on a separate backend network, ideally internal: true, apart from services that publish ports",
		Tags:     []string{"security", "network"},
		RuleSet:  rule.Default,
		Since:    "0.1",
		Changed:  "0.2",
		Doc: rule.Doc{
			Why: "When the service that faces the outside (it publishes ports) sits on the same flat network as " +
				"the database, one bug in it gives an attacker direct network access to every datastore port, and " +
				"the datastore can reach the internet to exfiltrate. Put datastores on a backend network declared " +
				"`internal: true` (no route out) and attach to it only the services that need them. " +
				"The rule reports each network once, at its definition (at the first service that publishes ports " +
				"when it is the implicit `default` network), naming the services that publish ports and the " +
				"datastores on it; the others are related locations. A network is flat when a service that publishes " +
				"ports has no other network: a project whose front services also join a separate network already " +
				"separates its tiers, and a backend network there that lacks `internal: true` is DC020's milder " +
				"finding instead. Datastores are recognised by image name (postgres, mysql, redis, mongo, ...) or by " +
				"a well-known port; a datastore that publishes its own port, and a service that publishes only " +
				"datastore, admin or engine ports, are DC014's. A network with " +
				"`internal: true` is not reported.",
			Bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n" +
				"  db:\n    image: postgres:16\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n    networks: [front]\n" +
				"  app:\n    image: python:3.12\n    networks: [front, back]\n" +
				"  db:\n    image: postgres:16\n    networks: [back]\n" +
				"networks:\n  front: {}\n  back:\n    internal: true\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, n := range networkMixes(proj) {
			if !n.flat {
				continue
			}
			loc, related := n.anchor(proj)
			p.Report(rule.Diagnostic{Path: loc.Path, Range: loc.Range, Subject: n.name, Related: related,
				Message: fmt.Sprintf("network %q connects %s %s with %s, which %s ports; "+
					"move the %s to a separate network with internal: true that only the services using %s join",
					n.name, plural(len(n.stores), "datastore", "datastores"), quoteList(n.stores), quoteList(n.pubs),
					plural(len(n.pubs), "publishes", "publish"), plural(len(n.stores), "datastore", "datastores"), plural(len(n.stores), "it", "them"))})
		}
	},
}

// networkMix is a network that holds datastores, in a project with
// services that publish ports.
type networkMix struct {
	name     string
	external bool
	stores   []string // datastores on it
	pubs     []string // services on it that publish ports and are not datastores
	flat     bool     // one of pubs has no other network: DC015; else DC020
}

// networkMixes lists the non-internal networks that hold a datastore, in a
// project where a service that is not a datastore publishes ports.
func networkMixes(proj *compose.Project) []networkMix {
	byName := map[string]*networkMix{}
	var order []string
	anyPub := false
	for _, s := range proj.Services {
		store, pub := isDatastore(s), publishes(s)
		anyPub = anyPub || pub && !store
		nets := serviceNetworks(s)
		for _, n := range nets {
			m := byName[n]
			if m == nil {
				m = &networkMix{name: n}
				byName[n] = m
				order = append(order, n)
			}
			switch {
			case store:
				m.stores = append(m.stores, s.Name)
			case pub:
				m.pubs = append(m.pubs, s.Name)
				if len(nets) == 1 {
					m.flat = true
				}
			}
		}
	}
	if !anyPub {
		return nil
	}
	sort.Strings(order)
	var out []networkMix
	for _, n := range order {
		m := byName[n]
		if len(m.stores) == 0 {
			continue
		}
		if nc, ok := proj.Model.Networks[n]; ok {
			if nc.Internal {
				continue
			}
			m.external = bool(nc.External)
		}
		out = append(out, *m)
	}
	return out
}

// anchor is where a network finding is reported (the network's definition,
// or the first service that publishes ports on an implicit network, else
// the first datastore), and the other services as related locations.
func (n networkMix) anchor(proj *compose.Project) (source.Location, []rule.Related) {
	pubs := byPosition(proj, n.pubs)
	stores := byPosition(proj, n.stores)
	var loc source.Location
	declared := false
	if l, ok := proj.LookupTop("networks." + n.name); ok {
		loc, declared = l, true
	}
	var related []rule.Related
	add := func(names []string, msg string) {
		for _, s := range names {
			at := proj.ServiceLocation(s)
			if !declared && at == loc {
				continue
			}
			related = append(related, rule.Related{Path: at.Path, Range: at.Range, Message: fmt.Sprintf("service %q %s", s, msg)})
		}
	}
	if !declared {
		if len(pubs) > 0 {
			loc = proj.ServiceLocation(pubs[0])
		} else {
			loc = proj.ServiceLocation(stores[0])
		}
	}
	add(pubs, "publishes ports on network "+strconv.Quote(n.name))
	add(stores, "is a datastore on network "+strconv.Quote(n.name))
	return loc, related
}

// byPosition sorts service names by where they are defined: file load
// order, then line.
func byPosition(proj *compose.Project, names []string) []string {
	rank := map[string]int{}
	for i, src := range proj.Sources {
		rank[src.Path] = i
	}
	out := append([]string(nil), names...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := proj.ServiceLocation(out[i]), proj.ServiceLocation(out[j])
		if a.Path != b.Path {
			return rank[a.Path] < rank[b.Path]
		}
		return a.Range.Start.Before(b.Range.Start)
	})
	return out
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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

// publishes reports a service that publishes a port other services would
// be reached through from outside: any port but those DC014 reports as
// datastore, admin or engine ports (a ZooKeeper that publishes 2181 is not
// a front service).
func publishes(s *compose.Service) bool {
	for _, port := range s.Config.Ports {
		if _, dc014 := sensitivePublished(port); !dc014 && compose.ValidPublished(port.Published) {
			return true
		}
	}
	return false
}

var datastoreImages = []string{
	"postgres", "postgis", "postgresql", "timescaledb", "mysql", "mariadb", "percona", "mongo", "mongodb",
	"redis", "valkey", "keydb", "dragonfly", "memcached", "elasticsearch", "opensearch", "couchdb",
	"cassandra", "scylla", "neo4j", "influxdb", "cockroach", "mssql", "oracle", "rethinkdb", "arangodb",
	"clickhouse", "etcd", "couchbase",
}

// isDatastore recognises a datastore by its image name, or by a datastore
// port (knownPorts) it publishes or exposes.
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
		if knownPorts[port.Target].datastore {
			return true
		}
	}
	for _, e := range s.Config.Expose {
		e = strings.TrimSuffix(strings.TrimSuffix(e, "/tcp"), "/udp")
		if n, err := strconv.ParseUint(e, 10, 32); err == nil && knownPorts[uint32(n)].datastore {
			return true
		}
	}
	return false
}
