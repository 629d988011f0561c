package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// UserNameNotUID flags a final USER given by name rather than numeric UID.
var UserNameNotUID = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF105",
		Name:       "user-name-not-uid",
		Severity:   rule.Info,
		Summary:    "give the image's USER as a numeric UID (USER 10001 or 10001:10001)",
		Tags:       []string{"security", "kubernetes"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3066"}},
		Doc: rule.Doc{
			Why: "Kubernetes' `runAsNonRoot: true` (and admission policies built on it) can only check the " +
				"image's user when it is a number: with `USER app` the kubelet cannot tell whether `app` is " +
				"UID 0 and refuses to start the pod (\"image has non-numeric user, cannot verify user is " +
				"non-root\"). Other runtimes resolve the name through the image's /etc/passwd, which a later " +
				"change can alter. The rule reports the USER in force at the end of the final stage when its " +
				"user part is a name; root is DF001's business, and Windows images (whose users have no " +
				"UIDs) are not reported.",
			Bad:  "FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER app\n",
			Good: "FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001:10001\n",
			Fix:  "Write the UID (and GID) the user was created with: `USER 10001:10001`.",
		},
	},
	Dockerfile: checkUserNameNotUID,
}

func checkUserNameNotUID(p *rule.Pass, f *dockerfile.File) {
	final := f.Final()
	if final == nil || final.Windows() {
		return // Windows pods name users (runAsUserName), they have no UIDs
	}
	user, at := final.EffectiveUser()
	if at == nil || at.Keyword != "USER" || len(at.Args) == 0 || dockerfile.IsRootUser(user) {
		return
	}
	e := at.Expand(at.Args[0].Value)
	if !e.Resolved() {
		return
	}
	name, _, _ := strings.Cut(strings.TrimSpace(e.Value), ":")
	if name == "" || numeric(name) || dockerfile.IsRootUser(name) {
		return
	}
	msg := "USER " + name + " is a name: Kubernetes runAsNonRoot cannot verify it; use the numeric UID"
	if uid := createdUID(final, name); uid != "" {
		msg += " (" + uid + ", as the user was created)"
	}
	p.Report(rule.Diagnostic{Range: at.Args[0].Range, Subject: at.Stage.DisplayName(), Message: msg})
}

// createdUID returns the UID a `useradd -u N name` or `adduser -u N name`
// of the stage chain gives the user, "" when none is seen.
func createdUID(s *dockerfile.Stage, name string) string {
	for _, st := range s.Chain() {
		for _, sc := range st.Scripts() {
			for _, c := range sc.Commands {
				if !c.Is("useradd", "adduser") {
					continue
				}
				var uid string
				last := ""
				for i, a := range c.Args {
					v := a.Value
					switch {
					case (v == "-u" || v == "--uid") && i+1 < len(c.Args):
						uid = c.Args[i+1].Value
					case strings.HasPrefix(v, "--uid="):
						uid = strings.TrimPrefix(v, "--uid=")
					case !strings.HasPrefix(v, "-"):
						last = v
					}
				}
				if uid != "" && numeric(uid) && last == name {
					return uid
				}
			}
		}
	}
	return ""
}

func numeric(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
