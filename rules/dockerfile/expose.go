package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// exposePort is one port word of EXPOSE split as BuildKit's parsePort
// does: [ip:]hostPort:containerPort[/proto]. Offsets are into Raw.
type exposePort struct {
	Tok                   dockerfile.Token
	Raw                   string // the word after variable expansion
	Literal               bool   // Raw is the word as written (no variable, no quote)
	IP, HostPort, Port    string
	Proto                 string // as written; "" when absent
	ProtoStart, ContStart int    // offsets in Raw of the protocol and of the container port
}

// exposePorts returns the port words of an EXPOSE instruction that BuildKit
// would accept (a valid protocol), skipping words whose variables have no
// known value.
func exposePorts(in *dockerfile.Instruction) []exposePort {
	var out []exposePort
	for _, tok := range in.Args {
		raw, literal := tok.Value, true
		if strings.ContainsAny(tok.Value, "$\"'\\`") {
			e := in.Expand(tok.Value)
			if e.Err != nil || len(e.Unresolved) > 0 || strings.ContainsAny(e.Value, " \t") {
				continue
			}
			raw, literal = e.Value, false
		}
		if raw == "" {
			continue
		}
		ep := exposePort{Tok: tok, Raw: raw, Literal: literal}
		parts := strings.Split(raw, ":")
		n := len(parts)
		cont := parts[n-1]
		if n == 2 {
			ep.HostPort = parts[0]
		} else if n >= 3 {
			ep.IP = strings.Join(parts[:n-2], ":")
			ep.HostPort = parts[n-2]
		}
		ep.ContStart = len(raw) - len(cont)
		port, proto, _ := strings.Cut(cont, "/")
		if port == "" {
			continue
		}
		switch strings.ToLower(proto) {
		case "", "tcp", "udp", "sctp":
		default:
			continue
		}
		ep.Port, ep.Proto = port, proto
		ep.ProtoStart = ep.ContStart + len(port) + 1
		out = append(out, ep)
	}
	return out
}
