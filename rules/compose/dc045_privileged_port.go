package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// PrivilegedHostPort notes services other than a front proxy that publish
// a host port below 1024.
var PrivilegedHostPort = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC045",
		Name:       "privileged-host-port",
		Severity:   rule.Info,
		Summary:    "publish services on host ports from 1024 up, unless the port is their protocol's well-known port",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Privileged Ports Mapped In Container"}, rule.CIS: {"5.8"}},
		Doc: rule.Doc{
			Why: "Ports below 1024 are the host's privileged ports: only root may listen on them, so clients and " +
				"administrators take a service there to be one the host runs on purpose. Docker publishes any " +
				"of them for any container. The CIS Benchmark (5.8) asks that containers not be mapped to " +
				"them, except where the service must answer there: its own example is the HTTP(S) load " +
				"balancer on 80 and 443. This rule makes that exception for every protocol whose clients only " +
				"look on its well-known port: a host port that is the IANA port of a standard protocol (HTTP " +
				"80 and 443, DNS 53 and 853, SMTP 25, 465 and 587, IMAP and POP3, LDAP, Kerberos, NTP, DHCP, " +
				"TFTP, SNMP, syslog, SMB and NetBIOS, IPP, rsync, FTP, RTSP, IKE) is not reported: a DNS " +
				"resolver on `127.0.0.1:53` or a mail server on `25` is doing its job. Front services (reverse " +
				"proxies and web servers — nginx and its variants, OpenResty, Traefik, Caddy, HAProxy, Envoy, " +
				"Apache httpd, Varnish, Kong, lighttpd, SWAG — pulled, or the base of the Dockerfile the " +
				"service builds, and any service that publishes host port 80 or 443) may publish any port, " +
				"since they route other protocols too. What is reported is a service that takes another low " +
				"port (`81:80`, `127.0.0.1:99:3000`, a `1000-1030` range): nothing needs a privileged port " +
				"there, so publish it from 1024 up. One finding per service, at its first such `ports` item (the " +
				"others are related locations), and never on an item that DC006 (published on all " +
				"interfaces) or DC014 (datastore, admin or remote-access port) already reports. KICS and the CIS audit report every host port below 1024, the well-known ones " +
				"included; KICS also reports container ports below 1024 (`\"7000:80\"`, `\"80\"` with a " +
				"random host port), which take no privilege on the host: Docker lets every container bind low " +
				"ports in its own network namespace.",
			Bad:  "services:\n  admin:\n    image: ghcr.io/acme/admin:2.1\n    ports:\n      - \"127.0.0.1:81:8080\"\n",
			Good: "services:\n  admin:\n    image: ghcr.io/acme/admin:2.1\n    ports:\n      - \"127.0.0.1:8081:8080\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			if frontService(s) {
				continue
			}
			// Ports grouped by the item that yields them (a range yields
			// several): an item DC006 or DC014 reports is theirs.
			type item struct {
				at    source.Location
				low   []string // the low host ports it publishes, not well-known
				taken bool
			}
			var items []*item
			byLoc := map[source.Location]*item{}
			for _, port := range s.Config.Ports {
				if !compose.ValidPublished(port.Published) {
					continue
				}
				at := proj.LocatePort(s.Name, port)
				it := byLoc[at]
				if it == nil {
					it = &item{at: at}
					byLoc[at] = it
					items = append(items, it)
				}
				if _, dc014 := sensitivePublished(port); dc014 || dc006Reports(port) {
					it.taken = true
				}
				if lowHostPort(port.Published) && !wellKnownPort(port.Published) {
					it.low = append(it.low, port.Published)
				}
			}
			// One finding per service, at its first such item; the
			// others are related locations.
			var report []*item
			for _, it := range items {
				if len(it.low) > 0 && !it.taken {
					report = append(report, it)
				}
			}
			if len(report) == 0 {
				continue
			}
			msg := fmt.Sprintf("service %q publishes privileged host %s, below 1024 and not the well-known port of a standard protocol; publish it on a port from 1024 up, or through the front proxy", s.Name, lowPorts(report[0].low))
			var related []rule.Related
			if len(report) > 1 {
				var others []string
				for _, it := range report[1:] {
					others = append(others, lowPorts(it.low))
					related = append(related, rule.Related{Path: it.at.Path, Range: it.at.Range, Message: "also publishes privileged host " + lowPorts(it.low)})
				}
				msg += fmt.Sprintf(" (the same goes for %s: see the related locations)", strings.Join(others, ", "))
			}
			p.Report(rule.Diagnostic{Path: report[0].at.Path, Range: report[0].at.Range, Subject: s.Name, Message: msg, Related: related})
		}
	},
}

// lowPorts names the low host ports of one ports item: "port 81", or
// "ports 1000-1023" for a range.
func lowPorts(low []string) string {
	if n := len(low); n > 1 {
		return "ports " + low[0] + "-" + low[n-1]
	}
	return "port " + low[0]
}

// dc006Reports is DC006's condition for one port.
func dc006Reports(port types.ServicePortConfig) bool {
	_, dc014 := sensitivePublished(port)
	return allInterfaces(port.HostIP) && compose.ValidPublished(port.Published) && !webPort(port) && !dc014
}

// lowHostPort reports a published port (or range) that starts below 1024;
// "" and 0 are random ports.
func lowHostPort(published string) bool {
	lo, _, _ := strings.Cut(published, "-")
	n, err := strconv.ParseUint(lo, 10, 16)
	return err == nil && n > 0 && n < 1024
}

// wellKnownPorts are IANA ports below 1024 of protocols whose clients only
// look there: a service that publishes one is answering its protocol.
var wellKnownPorts = map[uint64]string{
	20: "FTP", 21: "FTP", 989: "FTPS", 990: "FTPS",
	22: "SSH", // DC014 reports it beyond loopback
	25: "SMTP", 465: "SMTP", 587: "SMTP",
	53: "DNS", 853: "DNS over TLS",
	67: "DHCP", 68: "DHCP", 546: "DHCPv6", 547: "DHCPv6",
	69: "TFTP",
	80: "HTTP", 443: "HTTPS",
	88: "Kerberos", 464: "Kerberos", 749: "Kerberos",
	110: "POP3", 995: "POP3", 143: "IMAP", 993: "IMAP",
	119: "NNTP", 563: "NNTP",
	123: "NTP",
	137: "NetBIOS", 138: "NetBIOS", 139: "NetBIOS", 445: "SMB",
	161: "SNMP", 162: "SNMP",
	389: "LDAP", 636: "LDAP",
	500: "IKE",
	514: "syslog",
	554: "RTSP",
	631: "IPP",
	873: "rsync",
}

// wellKnownPort reports a published port (not a range) that is one of
// wellKnownPorts.
func wellKnownPort(published string) bool {
	n, err := strconv.ParseUint(published, 10, 16)
	return err == nil && wellKnownPorts[n] != ""
}

// frontService reports a service that serves the network: one that
// publishes host port 80 or 443, or runs (or builds from) a reverse proxy
// or web server image.
func frontService(s *compose.Service) bool {
	for _, port := range s.Config.Ports {
		if port.Published == "80" || port.Published == "443" {
			return true
		}
	}
	if ref, ok := registryImage(s); ok {
		return proxyImage(ref)
	}
	if df := s.Dockerfile; df != nil && df.Stage != nil {
		if b := &df.Stage.Root().Base; b.IsImage() {
			return proxyImage(b.Ref)
		}
	}
	return false
}

// proxyNames are the last path element of reverse proxy and web server
// repositories (a "-suffix" variant counts too: nginx-unprivileged,
// nginx-proxy-manager, haproxy-alpine, kong-gateway).
var proxyNames = []string{"nginx", "openresty", "traefik", "caddy", "haproxy", "envoy", "httpd", "apache", "varnish", "kong", "lighttpd", "swag", "npmplus"}

func proxyImage(ref imageref.Ref) bool {
	name := ref.Repository
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if strings.Contains(name, "exporter") {
		return false // nginx-prometheus-exporter and the like
	}
	for _, n := range proxyNames {
		if name == n || strings.HasPrefix(name, n+"-") {
			return true
		}
	}
	return false
}
