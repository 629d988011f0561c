package compose

import (
	"net"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/source"
)

// ValidPublished reports whether the host port of a published port is one
// the Docker engine accepts: empty (a random port), a port number or a
// range "8000-8010" (the engine's ParsePortRange). compose-go's schema
// allows any string in the long syntax's `published:`, so
// `published: "127.0.0.1:8080"` loads, and the engine then refuses to create
// the container ("invalid port specification").
func ValidPublished(p string) bool {
	if p == "" {
		return true
	}
	lo, hi, ok := strings.Cut(p, "-")
	a, err := strconv.ParseUint(lo, 10, 16)
	if err != nil {
		return false
	}
	if !ok {
		return true
	}
	b, err := strconv.ParseUint(hi, 10, 16)
	return err == nil && b >= a
}

// checkPublished reports long-syntax ports whose `published:` value the
// engine would refuse, at that value.
func (l *loadState) checkPublished(p *Project, s *Service) {
	for _, port := range s.Config.Ports {
		if ValidPublished(port.Published) {
			continue
		}
		loc, written := p.Locate(s.Name, "ports"), ""
		if f, item, _ := p.findItem(s.Name, "ports", p.portMatcher(port)); item != nil {
			loc = location(f, nil, item)
			if k, v := child(resolve(item), "published"); k != nil {
				loc = source.Location{Path: f.src.Path, Range: scalarRange(f.src, resolve(v))}
				written, _ = scalar(v)
			}
		}
		what := "published " + strconv.Quote(written)
		if written == "" {
			what = "the published port of container port " + strconv.FormatUint(uint64(port.Target), 10)
		}
		msg := "service " + strconv.Quote(s.Name) + ": " + what + " is not a port number or range, and the Docker engine refuses to create the container (invalid port specification)"
		if host := publishedHost(written); host != "" {
			msg += "; write the address as host_ip: " + strconv.Quote(host) + " and only the port in published:"
		}
		l.problems = append(l.problems, Problem{Location: loc, Message: msg})
	}
}

// publishedHost is the address in a `published:` value that carries one
// ("127.0.0.1:8080", "127.0.0.1", "[::1]:8080"), or "".
func publishedHost(s string) string {
	if ip := net.ParseIP(strings.Trim(s, "[]")); ip != nil {
		return ip.String()
	}
	if i := strings.LastIndex(s, ":"); i > 0 {
		if ip := net.ParseIP(strings.Trim(s[:i], "[]")); ip != nil {
			return ip.String()
		}
	}
	return ""
}
