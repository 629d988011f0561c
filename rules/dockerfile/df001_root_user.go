package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
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
				"Windows `ContainerAdministrator`) as an error at that `USER`, and a final stage that sets no " +
				"`USER` at all (nor the stages it is built on) as a warning at its `FROM`: most base images, " +
				"and always `scratch`, default to root. Builder stages are not checked: only the final image runs. " +
				"Distroless `:nonroot` images are known to run as a non-root user and are not reported. " +
				"With `dockguard lint --resolve-images` the base image's configuration is read from its registry: " +
				"a final stage with no `USER` whose base image runs as a non-root user is not reported, and one whose " +
				"base image runs as root is reported saying so. " +
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
	switch st.RunsAsRoot() {
	case dockerfile.RootExplicit:
		p.Report(rule.Diagnostic{Range: at.Args[0].Range, Severity: rule.Error, Subject: st.DisplayName(), Message: "final stage runs as " + quoteUser(user, at) + "; switch to a non-root USER"})
	case dockerfile.RootScratch:
		p.Report(rule.Diagnostic{Range: st.From.Range, Severity: rule.Warning, Subject: st.DisplayName(), Message: "final stage is built FROM scratch with no USER and runs as root; add a non-root USER such as USER 65532"})
	case dockerfile.RootNoUser:
		base := &st.Root().Base
		if c := p.Settings.ImageConfig(base.Ref); c != nil { // --resolve-images read the base image's config
			if !c.RunsAsRoot() {
				return // the base image runs as a non-root user
			}
			p.Report(rule.Diagnostic{Range: st.From.Range, Severity: rule.Warning, Subject: st.DisplayName(), Message: "final stage sets no USER and its base image " + base.Ref.Familiar() + " runs as root (" + configUser(c.User) + "); add a non-root USER"})
			return
		}
		p.Report(rule.Diagnostic{Range: st.From.Range, Severity: rule.Warning, Subject: st.DisplayName(), Message: "final stage sets no USER and runs as the base image's user, usually root; add a non-root USER"})
	}
}

// configUser says what an image configuration sets as its user.
func configUser(u string) string {
	if u == "" {
		return "its configuration sets no user"
	}
	return `its configuration sets user "` + u + `"`
}

func quoteUser(user string, at *dockerfile.Instruction) string {
	written := strings.TrimSpace(at.Args[0].Value)
	if written != user {
		return `"` + user + `" (from "` + written + `")`
	}
	return `"` + user + `"`
}
