package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// SecretInArgEnv flags ARG and ENV keys that hold or look like credentials.
var SecretInArgEnv = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF007",
		Name:       "secret-in-arg-env",
		Severity:   rule.Error,
		Summary:    "pass credentials with RUN --mount=type=secret, not ARG or ENV",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3064"}, rule.BuildKit: {"SecretsUsedInArgOrEnv"}, rule.Trivy: {"DS-0031"}, rule.KICS: {"Passwords And Secrets"}, rule.CIS: {"4.10"}, rule.CWE: {"CWE-798"}, rule.Semgrep: {"secret-in-build-arg"}},
		Doc: rule.Doc{
			Why: "`ENV` values are stored in the image config and `ARG` values in the image history " +
				"(`docker history`, provenance attestations): anyone who can pull the image can read them. " +
				"The rule reports an `ARG` or `ENV` whose name looks like a credential (password, secret, " +
				"token, API key, private key, ...), also when the words are glued together (`LDAP_ROOTPASS`, " +
				"`DBPASS`, `ADMINPWD`, `APIKEY`, `AWSSECRETKEY`), and one whose literal value looks like one (AWS access " +
				"keys, GitHub, Slack, Stripe, npm and Google API tokens, private key blocks, URLs with a " +
				"password, long random strings). Names that only point at a secret (`*_FILE`, `*_PATH`, " +
				"`*_URL`, `*_HELPER`, ...) and public key material (`GPG_KEY`, `PUBLIC_KEY`) are not reported. " +
				"The short words `PASS`, `PW`, `PWD` and `KEY` count only after a word that says whose " +
				"credential it is (`ROOT`, `DB`, `ADMIN`, `USER`, `SMTP`, `API`, `SECRET`, `PRIVATE`, " +
				"`LICENSE`, ...), so `PASSPORT`, `BYPASS`, `COMPASS`, `PASSTHROUGH`, `KEYBOARD`, " +
				"`TOKENIZER` and nginx's `PROXY_PASS` are not reported. " +
				"The finding never repeats the value.",
			Bad:  "FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc && npm ci\n",
			Good: "FROM node:22-alpine\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n",
			Fix:  "Use a build secret: `RUN --mount=type=secret,id=token,env=TOKEN cmd` with `docker build --secret id=token,env=TOKEN`; at run time pass secrets as files (`/run/secrets/...`) or from the orchestrator.",
		},
	},
	Dockerfile: checkSecretArgEnv,
}

func checkSecretArgEnv(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		if in.Keyword != "ARG" && in.Keyword != "ENV" {
			continue
		}
		for _, v := range in.Vars {
			if secrets.Name(v.Key) {
				p.Report(rule.Diagnostic{Range: v.KeyRange, Subject: in.Stage.DisplayName(), Message: in.Keyword + " " + quote(v.Key) + " looks like a credential; pass it with RUN --mount=type=secret instead of " + in.Keyword})
				continue
			}
			if !v.HasValue {
				continue
			}
			if kind := secrets.Value(v.Value); kind != "" {
				p.Report(rule.Diagnostic{Range: v.KeyRange, Subject: in.Stage.DisplayName(), Message: "the value of " + in.Keyword + " " + quote(v.Key) + " looks like " + kind + "; remove it and pass it with RUN --mount=type=secret"})
			}
		}
	}
}
