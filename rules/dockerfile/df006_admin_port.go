package dockerfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// AdminPortExposed flags EXPOSE of remote-administration and engine ports.
var AdminPortExposed = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF006",
		Name:       "admin-port-exposed",
		Severity:   rule.Warning,
		Summary:    "do not EXPOSE remote-administration or container-engine ports",
		Tags:       []string{"security", "open-network"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.Trivy: {"DS-0004"}, rule.Checkov: {"CKV_DOCKER_1"}, rule.KICS: {"Exposing Port 22 (SSH)"}, rule.CIS: {"5.7"}, rule.CWE: {"CWE-668"}},
		Doc: rule.Doc{
			Why: "A container should run one service, not a way to log into it. SSH (22), Telnet (23), " +
				"RDP (3389), VNC (5900), WinRM (5985, 5986) and the Docker engine API (2375, 2376; " +
				"swarm management 2377) inside an image mean extra daemons, credentials to manage, and, " +
				"for the engine API, root on the host for whoever reaches it. Use `docker exec` or " +
				"`kubectl exec` to get a shell. The rule reports each such port of an `EXPOSE` " +
				"(after variable expansion; `22/tcp` and ranges such as `20-25` count).",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nEXPOSE 22\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
			Good: "FROM nginx:1.27\nEXPOSE 80\n",
		},
	},
	Dockerfile: checkAdminPort,
}

// adminPorts are the reported ports and what they serve.
var adminPorts = []struct {
	port int
	what string
}{
	{22, "SSH"},
	{23, "Telnet"},
	{2375, "the unencrypted Docker engine API"},
	{2376, "the Docker engine API"},
	{2377, "Docker swarm management"},
	{3389, "RDP"},
	{5900, "VNC"},
	{5985, "WinRM"},
	{5986, "WinRM"},
}

func checkAdminPort(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, tok := range in.Args {
				e := in.Expand(tok.Value)
				if !e.Resolved() {
					continue
				}
				for _, word := range strings.Fields(e.Value) {
					lo, hi, ok := parsePortRange(word)
					if !ok {
						continue
					}
					for _, ap := range adminPorts {
						if ap.port >= lo && ap.port <= hi {
							p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(), Message: fmt.Sprintf("EXPOSE %s opens port %d (%s); remove it and use docker exec for access", word, ap.port, ap.what)})
							break
						}
					}
				}
			}
		}
	}
}

// parsePortRange reads "22", "22/tcp", "5900-5910/udp".
func parsePortRange(s string) (lo, hi int, ok bool) {
	s, _, _ = strings.Cut(s, "/")
	a, b, isRange := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(b); err != nil {
			return 0, 0, false
		}
	}
	return lo, hi, lo <= hi
}
