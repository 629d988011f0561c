package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// SecretInEnvironment flags literal credentials in a service's environment
// and labels.
var SecretInEnvironment = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC021",
		Name:     "secret-in-environment",
		Severity: rule.Error,
		Summary:  "do not write credentials into environment or labels; pass them as secrets or from an untracked .env",
		Tags:     []string{"security", "secrets"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0020", "CL-0021"}, rule.KICS: {"Passwords And Secrets"},
			rule.CWE: {"CWE-798"}},
		Doc: rule.Doc{
			Why: "A password written into a compose file is in the repository, in every clone and fork, " +
				"and in the container's configuration: `docker inspect`, `docker compose config`, " +
				"`/proc/<pid>/environ` and crash reports all show it. Demo values (`postgres`, `example`, " +
				"`changeme`) are reported too: they become the real credentials the day the file is deployed.\n\n" +
				"The rule reads every `environment:` entry (mapping and `KEY=value` list forms) and every " +
				"label (`labels:` and `build.labels:`, which end up in the image) of every service, as merged " +
				"from overrides, `extends` and `include`, and reports, at the value in the file that sets it:\n\n" +
				"- a key whose name says it is a credential (the names DF007 reports: `*PASSWORD*`, `*SECRET*`, " +
				"`*TOKEN*`, `API_KEY`, `ROOT_PASS`, `DBPASS`, ...) with a literal value;\n" +
				"- any value holding a URL with a literal password (`postgres://app:hunter2@db/app`, " +
				"`redis://:hunter2@cache`) or a keyword connection string with one (ADO.NET and ODBC " +
				"`Server=db;User Id=sa;Password=x;`, libpq `host=db password=x`), whatever the key;\n" +
				"- any value in a known credential format (AWS keys, GitHub, GitLab, Slack, Stripe, npm and " +
				"Google tokens, private key blocks, JSON Web Tokens, long random strings).\n\n" +
				"Not reported: values taken from the environment (`${DB_PASSWORD}`, `${DB_PASSWORD:?set it}`, " +
				"a URL whose password part is `${DB_PASSWORD}`, a `KEY` with no value), empty values, values " +
				"that point at a file (`DB_PASSWORD_FILE: /run/secrets/db`, or any path such as " +
				"`/run/secrets/db`), switches (`MYSQL_RANDOM_ROOT_PASSWORD: \"yes\"`, `..._ALLOW_EMPTY_PASSWORD: 1`) " +
				"numbers under a name that counts something (`JWT_TOKEN_EXPIRE_MINUTES: 30`, " +
				"`OPENAI_MAX_TOKENS: 4096`), names that describe a credential rather than hold one " +
				"(`PASSWORD_ENCODER: bcrypt`, `SECRET_MANAGER_REGION`, `TOKEN_STORE`, `DB_SECRET_ARN`), access " +
				"key IDs (`MINIO_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`: the user name half of the pair) and references " +
				"into a secret manager (`arn:aws:...`, `op://...`, `vault:...`). The default of a variable (`${DB_PASSWORD:-postgres}`) is what the " +
				"file ships when the variable is unset, so it is reported. A value that `.env` supplies through " +
				"`${VAR}` is not in the compose file: it is DC024's finding when git tracks that `.env`. A value that several services inherit (a YAML anchor, an `extends` base) is reported once, at the place it is written, naming the services.\n\n" +
				"Compared with compose-lint: CL-0020 and CL-0021 are this rule's two first cases. compose-lint " +
				"also reports `DATABASE_PASSWORD: /run/secrets/db-password` (a path the application reads, as in " +
				"awesome-compose's react-express-mysql) and `AWS_ACCESS_KEY_ID` (an identifier, not the secret); " +
				"dockguard does not (over the shared corpus both report the same 25 values, and compose-lint these " +
				"2 more). compose-lint does not read labels, keyword connection strings, nor values in token " +
				"formats under neutral names. " +
				"The finding never repeats the value.",
			Bad:  "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: example\n",
			Good: "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets:\n      - db_password\nsecrets:\n  db_password:\n    file: ./db_password.txt # untracked\n",
			Fix: "Use compose secrets: declare `secrets: db_password: file: ./db_password.txt` (a file git ignores) " +
				"or `environment: DB_PASSWORD`, give the service `secrets: [db_password]`, and point the image at " +
				"`/run/secrets/db_password` (`POSTGRES_PASSWORD_FILE`, `MYSQL_PASSWORD_FILE`, ... where it supports " +
				"`_FILE`). Where the application only reads the variable, interpolate it (`${DB_PASSWORD:?set " +
				"DB_PASSWORD}`) from an untracked `.env` or the CI's secret store. Rotate a credential that was committed.",
		},
	},
	Compose: checkSecretInEnvironment,
}

func checkSecretInEnvironment(p *rule.Pass, proj *compose.Project) {
	var out sharedReports
	defer out.flush(p)
	for _, s := range proj.Services {
		for _, key := range sortedKeys(s.Config.Environment) {
			reportEntrySecret(&out, proj, s.Name, "environment", "environment variable", key)
		}
		for _, key := range sortedKeys(s.Config.Labels) {
			reportEntrySecret(&out, proj, s.Name, "labels", "label", key)
		}
		if s.Config.Build != nil {
			for _, key := range sortedKeys(s.Config.Build.Labels) {
				reportEntrySecret(&out, proj, s.Name, "build.labels", "image label", key)
			}
		}
	}
}

func reportEntrySecret(out *sharedReports, proj *compose.Project, svc, path, noun, key string) {
	e, ok := proj.Entry(svc, path, key)
	if !ok || !e.HasValue {
		return
	}
	c, ok := credentialIn(key, e.Written)
	if !ok {
		return
	}
	fix := "pass it as a secret (secrets:, read from /run/secrets/) or interpolate it (${VAR}) from an untracked .env"
	switch {
	case strings.Contains(c.what, "URL"):
		fix = "take the password from a variable (scheme://user:${DB_PASSWORD}@host) or a secret file"
	case strings.Contains(c.what, "connection string"):
		fix = "take the password from a variable (Password=${DB_PASSWORD}) or a secret file"
	}
	if noun != "environment variable" {
		fix = "remove it: labels are shown to anyone who can inspect the container or image"
	}
	msg := fmt.Sprintf("%s %q holds %s; %s", noun, key, c.what, fix)
	if c.defaulted {
		msg = fmt.Sprintf("the ${...:-default} of %s %q is %s; drop the default so that the value must come from the environment or a secret", noun, key, c.what)
	}
	out.add(svc, e.Path, e.Range, nil, msg)
}
