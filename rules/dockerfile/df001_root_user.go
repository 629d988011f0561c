package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/rule"
)

// RootUser flags a final stage that runs as root.
var RootUser = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF001",
		Name:       "root-user",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "switch the final stage to a non-root USER",
		Tags:       []string{"security", "root-user"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3002"}, rule.Trivy: {"DS-0002"}, rule.Checkov: {"CKV_DOCKER_3", "CKV_DOCKER_8"}, rule.KICS: {"Last User Is 'root'", "Missing User Instruction"}, rule.CIS: {"4.1"}, rule.CWE: {"CWE-250"}, rule.Semgrep: {"last-user-is-root", "missing-user", "missing-user-entrypoint"}},
		Doc: rule.Doc{
			Why: "A container runs as the image's last `USER`. As root, a compromised process owns the whole " +
				"container and is one kernel or runtime bug away from the host; files it writes to mounted " +
				"volumes belong to root. The rule reports an explicit root user (`root`, `0`, `root:group`, " +
				"Windows `ContainerAdministrator`) as an error at that `USER` (saying which non-root `USER` it " +
				"undoes when the stage switched to root again for some steps and did not switch back), and a final stage that sets no " +
				"`USER` at all (nor the stages it is built on) as a warning at its `FROM`: most base images, " +
				"and always `scratch`, default to root. Builder stages are not checked: only the final image runs. " +
				"Base images known to run as a non-root user (distroless `:nonroot`, Grafana, Prometheus, Elastic, " +
				"Bitnami, `nginxinc/nginx-unprivileged`, ...: dockguard's dated table of image facts, extended by " +
				"`images:` in `.dockguard.yaml`) are not reported; for images whose entrypoint drops root itself " +
				"(postgres, redis, mysql, mariadb, mongo, rabbitmq with gosu) the message says so, " +
				"unless the Dockerfile replaces the ENTRYPOINT; so does it for a Dockerfile that installs gosu or su-exec " +
				"itself and sets an ENTRYPOINT (the official postgres, redis and mysql Dockerfiles). " +
				"A compose service that builds the Dockerfile is not reported again: DC001 speaks only where " +
				"compose decides the user (`user: root`, or a `build.target` / `build.args` that makes a stage " +
				"run as root when the final stage does not).",
			Bad:  "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER root\nCMD [\"curl\", \"--version\"]\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache curl && adduser -D -u 10001 app\nUSER 10001\nCMD [\"curl\", \"--version\"]\n",
			Fix:  "Create an unprivileged user (`adduser -D -u 10001 app`) and end the final stage with `USER 10001` (a numeric UID lets Kubernetes verify `runAsNonRoot`).",
		},
	},
	Dockerfile: checkRootUser,
}

func checkRootUser(p *rule.Pass, f *dockerfile.File) {
	st := f.Final()
	if st == nil {
		return
	}
	user, at := st.EffectiveUser()
	switch st.RunsAsRootWith(p.Settings.Images) {
	case dockerfile.RootExplicit:
		if prev := nonRootBefore(st, at); prev != nil {
			pu, _, _ := userValue(prev)
			p.Report(rule.Diagnostic{Range: at.Args[0].Range, Severity: rule.Error, Subject: st.DisplayName(),
				Message: "final stage runs as " + quoteUser(user, at) + " again after USER " + pu + " (line " + strconv.Itoa(prev.StartLine) + "); switch back with USER " + pu + " after the steps that need root",
				Related: []rule.Related{{Range: prev.Args[0].Range, Message: "the non-root USER that USER root undoes"}}})
			return
		}
		p.Report(rule.Diagnostic{Range: at.Args[0].Range, Severity: rule.Error, Subject: st.DisplayName(), Message: "final stage runs as " + quoteUser(user, at) + "; switch to a non-root USER"})
	case dockerfile.RootScratch:
		p.Report(rule.Diagnostic{Range: st.From.Range, Severity: rule.Warning, Subject: st.DisplayName(), Message: "final stage is built FROM scratch with no USER and runs as root; add a non-root USER such as USER 65532"})
	case dockerfile.RootNoUser:
		p.Report(rule.Diagnostic{Range: st.From.Range, Severity: rule.Warning, Subject: st.DisplayName(), Message: noUserMessage(p, st)})
	}
}

// noUserMessage says what the final stage with no USER runs as, from what
// dockguard knows about its base image.
func noUserMessage(p *rule.Pass, st *dockerfile.Stage) string {
	root := st.Root()
	facts := root.BaseFacts(p.Settings.Images)
	name := root.Base.Ref.FamiliarName()
	switch {
	case facts.DropsRoot != "" && !st.SetsEntrypoint():
		return "final stage sets no USER: base image " + name + " starts as root and its entrypoint drops to user " + facts.DropsTo +
			" (" + facts.DropsRoot + "), but the entrypoint and `docker exec` still run as root; add a non-root USER if the image works without the drop"
	case facts.DropsRoot != "":
		return "final stage sets no USER and replaces the ENTRYPOINT of base image " + name + ", which would drop root to user " + facts.DropsTo + "; it runs as root: add a non-root USER"
	case st.SetsEntrypoint() && installsDropTool(st) != "":
		return "final stage sets no USER: it installs " + installsDropTool(st) + " for its ENTRYPOINT to drop root, but the entrypoint " +
			"and `docker exec` still run as root; add a non-root USER if the image works without the drop"
	case facts.Root() && facts.Hint != "":
		return "final stage sets no USER and runs as root, the default user of base image " + name + "; add a non-root USER (" + facts.Hint + ")"
	case facts.Root() && facts.Origin == imagefacts.Registry:
		return "final stage sets no USER and runs as root: the registry configuration of base image " + name + " sets no non-root user; add a non-root USER"
	case facts.Root():
		return "final stage sets no USER and runs as root, the default user of base image " + name + "; add a non-root USER"
	}
	return "final stage sets no USER and runs as the base image's user, usually root; add a non-root USER"
}

// nonRootBefore returns the last USER before at, in the stage and the
// stages it is built on, that names a known non-root user; nil if none.
func nonRootBefore(st *dockerfile.Stage, at *dockerfile.Instruction) *dockerfile.Instruction {
	chain := st.Chain()
	var last *dockerfile.Instruction
	for i := len(chain) - 1; i >= 0; i-- {
		for _, in := range chain[i].Instructions {
			if in == at {
				return last
			}
			if in.Keyword == "USER" && len(in.Args) > 0 {
				if u, _, known := userValue(in); known && !dockerfile.IsRootUser(u) {
					last = in
				} else {
					last = nil
				}
			}
		}
	}
	return nil
}

func quoteUser(user string, at *dockerfile.Instruction) string {
	written := strings.TrimSpace(at.Args[0].Value)
	if written != user {
		return `"` + user + `" (from "` + written + `")`
	}
	return `"` + user + `"`
}

// installsDropTool returns "gosu" or "su-exec" when a RUN of the stage (or
// the stages it is built on) installs or runs that tool, the way the
// official database images do before an entrypoint that drops root; "".
// dropTool names gosu or su-exec when w is one of them.
func dropTool(w dockerfile.Word) string {
	if b := path.Base(w.Value); b == "gosu" || b == "su-exec" {
		return b
	}
	return ""
}

func installsDropTool(st *dockerfile.Stage) string {
	for _, s := range st.Chain() {
		for _, sc := range s.Scripts() {
			for _, c := range sc.Commands {
				if b := dropTool(c.Name); b != "" {
					return b
				}
				for _, w := range c.Args {
					if b := dropTool(w); b != "" {
						return b
					}
				}
			}
		}
	}
	return ""
}
