package dockerfile

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// SSHServer reports an SSH daemon installed or started in the image.
var SSHServer = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF018",
		Name:       "ssh-server",
		Severity:   rule.Warning,
		Summary:    "do not run an SSH server in the container; use docker exec or kubectl exec",
		Tags:       []string{"security", "network"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CIS: {"5.7"}, rule.CWE: {"CWE-1327"}},
		Doc: rule.Doc{
			Why: "An SSH daemon in a container is a second entry point with its own credentials, host keys baked " +
				"into the image (the same for every container), and a process that needs root to start. The " +
				"engine already gives shell access (`docker exec`, `kubectl exec`) with its own access control " +
				"and audit. CIS Docker Benchmark 5.7 asks not to run sshd in containers. The rule reports the " +
				"`openssh-server` (also `dropbear`, and Alpine's `openssh` when the stage configures or starts sshd: " +
				"it is mostly installed for the client) package word of an " +
				"apt-get, apt, apk, yum, dnf, microdnf, tdnf or zypper install, and a `CMD`/`ENTRYPOINT` " +
				"that starts `sshd` in a stage where no install was reported.",
			Bad:  "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
			Good: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-client\n",
			Fix: "Remove the SSH server and use `docker exec` / `kubectl exec` for access, or a sidecar. An image " +
				"whose purpose is to be an SSH endpoint (a bastion, a Git server) can disable the rule for the file.",
		},
	},
	Dockerfile: checkSSHServer,
}

// packageName strips a version or release from a package word
// (openssh-server=1:9.6, openssh~9, openssh-server-9.6p1).
func packageName(v string) string {
	if i := strings.IndexAny(v, "=<>~"); i >= 0 {
		v = v[:i]
	}
	return v
}

var sshServerPkgs = map[string]bool{"openssh-server": true, "dropbear": true, "openssh-server-pam": true}

func checkSSHServer(p *rule.Pass, f *dockerfile.File) {
	reported := map[*dockerfile.Stage]bool{}
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		pc, ok := pkgmgr.Parse(c)
		if !ok || !pc.Manager.System() || !pc.Install() {
			return
		}
		for _, w := range pc.Packages {
			name := packageName(w.Value)
			// Alpine's openssh also pulls in the server, but is mostly
			// installed for the client (git over ssh): count it when the
			// stage configures or starts sshd.
			if sshServerPkgs[name] || (pc.Manager == pkgmgr.Apk && name == "openssh" && mentionsSSHD(in.Stage)) {
				reported[in.Stage] = true
				p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: "the image installs the SSH server " + name + "; use docker exec / kubectl exec for access instead"})
			}
		}
	})
	for _, s := range f.Stages {
		if inChain(reported, s) {
			continue
		}
		for _, in := range s.Instructions {
			if in.Keyword != "CMD" && in.Keyword != "ENTRYPOINT" || len(in.Args) == 0 {
				continue
			}
			if startsSSHD(in.Args[0].Value) {
				p.Report(rule.Diagnostic{Range: in.Args[0].Range, Subject: stageName(in), Message: in.Keyword + " starts sshd; use docker exec / kubectl exec for access instead of an SSH server"})
			}
		}
	}
}

func inChain(set map[*dockerfile.Stage]bool, s *dockerfile.Stage) bool {
	for _, x := range s.Chain() {
		if set[x] {
			return true
		}
	}
	return false
}

// startsSSHD reports a CMD/ENTRYPOINT whose program (exec form or first
// word) is sshd, or that runs `service ssh start`.
func startsSSHD(v string) bool {
	var argv []string
	if strings.HasPrefix(strings.TrimSpace(v), "[") {
		if json.Unmarshal([]byte(v), &argv) != nil {
			return false
		}
	}
	if argv != nil {
		v = strings.Join(argv, " ")
	}
	argv = strings.Fields(strings.NewReplacer(";", " ", "&&", " ", "|", " ").Replace(v))
	for i, a := range argv {
		if path.Base(a) == "sshd" {
			return true
		}
		if a == "service" && i+2 < len(argv) && (argv[i+1] == "ssh" || argv[i+1] == "sshd") && argv[i+2] == "start" {
			return true
		}
	}
	return false
}

// mentionsSSHD reports whether a stage (or one it is built on) names sshd
// in a RUN (`ssh-keygen -A`, `/etc/ssh/sshd_config`, `rc-update add sshd`)
// or starts it in CMD/ENTRYPOINT.
func mentionsSSHD(st *dockerfile.Stage) bool {
	if st == nil {
		return false
	}
	for _, s := range st.Chain() {
		for _, in := range s.Instructions {
			if (in.Keyword == "CMD" || in.Keyword == "ENTRYPOINT") && len(in.Args) > 0 && startsSSHD(in.Args[0].Value) {
				return true
			}
			sc := in.Script()
			if sc == nil {
				continue
			}
			for _, c := range sc.Commands {
				if c.Is("sshd", "ssh-keygen") && (c.Is("sshd") || c.HasOption("-A")) || mentions(c, "sshd") {
					return true
				}
			}
		}
	}
	return false
}
