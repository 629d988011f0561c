package compose

import (
	"cmp"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// HostPortConflict flags a host port published twice on the same address.
var HostPortConflict = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC036",
		Name:       "host-port-conflict",
		Severity:   rule.Error,
		Summary:    "publish each host port (and protocol, on one host address) from one container only",
		Tags:       []string{"security", "wiring", "network"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"no-duplicate-exported-ports"}},
		Doc: rule.Doc{
			Why: "A host port can be bound by one container only: when two services publish the same host port " +
				"and protocol on overlapping host addresses, the second container fails to start (\"Bind for " +
				"0.0.0.0:8080 failed: port is already allocated\"). The rule reports the second publication (in " +
				"file order, overrides and included files after the main file) with the first as a related " +
				"location. Host port ranges (`8000-8010:80`) count as each port of the range; `tcp`, `udp` and " +
				"`sctp` are separate; addresses overlap when they are equal, when one is empty (all interfaces) " +
				"or when one is `0.0.0.0` (`::`) and the other an IPv4 (IPv6) address, since the engine cannot " +
				"bind 127.0.0.1:8080 while 0.0.0.0:8080 is taken; `127.0.0.1` and `10.0.0.5` do not overlap. It " +
				"also reports a service that runs several replicas (`scale`, `deploy.replicas`) and publishes a " +
				"fixed host port, or a range smaller than the replica count: each replica binds the same port. Not " +
				"reported: a port with no host port (`\"3000\"`, `\"127.0.0.1::3000\"`: the engine picks a free one), " +
				"services with `network_mode: host` (compose discards their `ports:`), and two services whose " +
				"`profiles:` do not share a profile (alternatives, such as `dev` and `prod` variants, that are not " +
				"meant to run together). dclint's no-duplicate-exported-ports compares ports within one file " +
				"only, ignores host addresses and profiles, and takes a bare container port (`\"3000\"`) for a " +
				"host port; dockguard compares the merged project.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n  api:\n    image: ghcr.io/acme/api:1.4\n    ports:\n      - \"127.0.0.1:8080:8080\"\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n  api:\n    image: ghcr.io/acme/api:1.4\n    ports:\n      - \"127.0.0.1:8081:8080\"\n",
			Fix: "Publish a different host port for one of the services, bind them to different host " +
				"addresses, or put alternatives in different `profiles:`.",
		},
	},
	Compose: checkHostPortConflict,
}

// publication is one published host port (or range) of a service.
type publication struct {
	svc    *compose.Service
	port   types.ServicePortConfig
	lo, hi uint64
	proto  string
	at     source.Location
	merged bool // lo..hi spans the ports of one range item
}

// sameItem reports whether two publications come from one `ports` item.
func sameItem(a, b publication) bool {
	return a.svc == b.svc && a.at == b.at && a.proto == b.proto && a.port.HostIP == b.port.HostIP
}

func (pb publication) describe() string {
	where := "all interfaces"
	if pb.port.HostIP != "" {
		where = pb.port.HostIP
	}
	published := pb.port.Published
	if pb.merged {
		published = fmt.Sprintf("%d-%d", pb.lo, pb.hi)
	}
	return fmt.Sprintf("host port %s/%s on %s", published, pb.proto, where)
}

func checkHostPortConflict(p *rule.Pass, proj *compose.Project) {
	order := locationOrder(proj)
	var pubs []publication
	for _, s := range proj.Services {
		if s.Config.Provider != nil || s.Config.NetworkMode == "host" || s.Config.GetScale() == 0 {
			continue
		}
		for _, port := range s.Config.Ports {
			lo, hi, ok := hostPorts(port.Published)
			if !ok {
				continue // no host port, or one the engine refuses (DC000)
			}
			at := proj.LocatePort(s.Name, port)
			pb := publication{svc: s, port: port, lo: lo, hi: hi, proto: normProtocol(port.Protocol), at: at}
			// The ports of one range item ("8000-8100:8000-8100") never
			// conflict with each other: keep the item as one range, so
			// that the pairs below are of items, not of ports.
			if n := len(pubs); n > 0 && sameItem(pubs[n-1], pb) && pubs[n-1].hi+1 == lo {
				pubs[n-1].hi = hi
				pubs[n-1].merged = true
				continue
			}
			pubs = append(pubs, pb)
		}
	}
	slices.SortStableFunc(pubs, func(a, b publication) int {
		if c := order(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.svc.Name, b.svc.Name)
	})
	type item struct {
		at      source.Location
		service string
	}
	seen := map[item]bool{}
	for i, b := range pubs {
		if seen[item{b.at, b.svc.Name}] {
			continue
		}
		for _, a := range pubs[:i] {
			if !portsOverlap(a, b) || !runTogether(a.svc, b.svc) {
				continue
			}
			seen[item{b.at, b.svc.Name}] = true
			var msg string
			if a.svc == b.svc {
				msg = fmt.Sprintf("service %q publishes %s twice (for container ports %d and %d): the container cannot start (port is already allocated); publish a different host port", b.svc.Name, b.describe(), a.port.Target, b.port.Target)
			} else {
				msg = fmt.Sprintf("service %q publishes %s, but service %q already publishes %s: the second container cannot start (port is already allocated); publish a different host port", b.svc.Name, b.describe(), a.svc.Name, a.describe())
			}
			p.Report(rule.Diagnostic{Path: b.at.Path, Range: b.at.Range, Subject: b.svc.Name, Message: msg,
				Related: []rule.Related{{Path: a.at.Path, Range: a.at.Range, Message: fmt.Sprintf("service %q publishes %s here", a.svc.Name, a.describe())}}})
			break
		}
		if n := b.svc.Config.GetScale(); n > 1 && b.hi-b.lo+1 < uint64(n) && !seen[item{b.at, b.svc.Name}] {
			seen[item{b.at, b.svc.Name}] = true
			attr := "scale"
			if b.svc.Config.Scale == nil {
				attr = "deploy.replicas"
			}
			where := proj.Locate(b.svc.Name, attr)
			p.Report(rule.Diagnostic{Path: b.at.Path, Range: b.at.Range, Subject: b.svc.Name,
				Message: fmt.Sprintf("service %q runs %d replicas (%s) but publishes %s: only %d of them can bind it (port is already allocated); publish a host port range as large as the replica count, or no host port", b.svc.Name, n, attr, b.describe(), b.hi-b.lo+1),
				Related: []rule.Related{{Path: where.Path, Range: where.Range, Message: fmt.Sprintf("%s: %d", attr, n)}}})
		}
	}
}

// hostPorts reads a published host port or range; false when there is
// none (the engine picks one) or it is not valid.
func hostPorts(published string) (lo, hi uint64, ok bool) {
	if published == "" || !compose.ValidPublished(published) {
		return 0, 0, false
	}
	a, b, isRange := strings.Cut(published, "-")
	lo, _ = strconv.ParseUint(a, 10, 16)
	hi = lo
	if isRange {
		hi, _ = strconv.ParseUint(b, 10, 16)
	}
	return lo, hi, true
}

func normProtocol(p string) string {
	if p == "" {
		return "tcp"
	}
	return strings.ToLower(p)
}

// portsOverlap reports whether two publications bind a common host port,
// protocol and address.
func portsOverlap(a, b publication) bool {
	return a.proto == b.proto && a.lo <= b.hi && b.lo <= a.hi && hostIPsOverlap(a.port.HostIP, b.port.HostIP)
}

// hostIPsOverlap reports whether two host addresses share an address: equal,
// one empty (every interface, IPv4 and IPv6), or one the unspecified
// address of the other's family.
func hostIPsOverlap(a, b string) bool {
	a, b = strings.Trim(a, "[]"), strings.Trim(b, "[]")
	if a == "" || b == "" {
		return true
	}
	ia, ib := net.ParseIP(a), net.ParseIP(b)
	if ia == nil || ib == nil {
		return strings.EqualFold(a, b)
	}
	if (ia.To4() != nil) != (ib.To4() != nil) {
		return false
	}
	return ia.IsUnspecified() || ib.IsUnspecified() || ia.Equal(ib)
}

// runTogether reports whether two services can be enabled together by one
// set of profiles that the project means to run at once: a service without
// profiles always runs; two with profiles must share one.
func runTogether(a, b *compose.Service) bool {
	if a == b || len(a.Config.Profiles) == 0 || len(b.Config.Profiles) == 0 {
		return true
	}
	for _, x := range a.Config.Profiles {
		if slices.Contains(b.Config.Profiles, x) {
			return true
		}
	}
	return false
}
