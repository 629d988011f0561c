package compose

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// SecretInCommand flags literal credentials on a service's command lines.
var SecretInCommand = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC023",
		Name:       "secret-in-command",
		Severity:   rule.Error,
		Summary:    "do not write passwords into command, entrypoint or healthcheck; read them from a variable or secret file",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Passwords And Secrets"}, rule.CWE: {"CWE-798", "CWE-214"}},
		Doc: rule.Doc{
			Why: "A password on a command line is in the repository, in the container's configuration " +
				"(`docker inspect`) and in the process list of the container and of the host (`ps`), where " +
				"any local user can read it. Health checks are the usual place: `mysqladmin ping -uroot " +
				"-proot`, `redis-cli -a hunter2 ping`.\n\n" +
				"The rule reads `command`, `entrypoint`, `healthcheck.test` and the commands of lifecycle hooks " +
				"(`post_start`, `pre_stop`, `pre_start`), in exec form and as shell strings (`CMD-SHELL`, " +
				"`sh -c \"...\"`, a string `command`), and reports, at the argument:\n\n" +
				"- an option whose name says it is a password, token or secret, with a literal value " +
				"(`--password=x`, `--password x`, `--auth-token=x`, redis `--requirepass x`, `--masterauth x`);\n" +
				"- the password options of well-known clients: `-p<password>` of the mysql and mariadb tools " +
				"(attached only: `-p` alone prompts), `-p <password>` of the mongo shells, `sshpass` and " +
				"`docker login`, `-a <password>` of `redis-cli`, `-u user:password` of `curl`, " +
				"`pass:<password>` of `openssl`;\n" +
				"- a credential-named variable set on the command line (`PGPASSWORD=x psql`, `-e PASSWORD=x`, " +
				"`env MYSQL_PWD=x ...`);\n" +
				"- a URL with a literal password, and a token in a known format (GitHub, AWS, Slack, ...).\n\n" +
				"A `${VAR:-default}` in a password argument ships its default and is reported. A value that several services inherit (a YAML anchor, an `extends` base) is reported once, at the place it is written, naming the services. " +
				"Not reported: values the container or compose resolves (`-p$$MYSQL_ROOT_PASSWORD`, " +
				"`--password=\"$$(cat /run/secrets/db_password)\"`, `${REDIS_PASSWORD}`), empty values, paths " +
				"(`--password-file`, `--token /run/secrets/x`), `--password-stdin`, and `--secret id=...` specs. " +
				"No peer reads command lines for credentials (compose-lint's CL-0020 and CL-0021 read " +
				"`environment:` only). The finding never repeats the value.",
			Bad:  "services:\n  db:\n    image: mysql:8.4\n    healthcheck:\n      test: [\"CMD\", \"mysqladmin\", \"ping\", \"-uroot\", \"-proot\"]\n",
			Good: "services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD_FILE: /run/secrets/db_root\n    secrets:\n      - db_root\n    healthcheck:\n      test: [\"CMD-SHELL\", \"mysqladmin ping -uroot -p\\\"$$(cat /run/secrets/db_root)\\\"\"]\nsecrets:\n  db_root:\n    file: ./db_root.txt # untracked\n",
			Fix: "Let the container supply the value: in a shell form (`CMD-SHELL`, `sh -c`), use a variable the " +
				"container has (`-p\"$$MYSQL_ROOT_PASSWORD\"`; `$$` keeps compose from interpolating it) or read a " +
				"secret file (`--password=\"$$(cat /run/secrets/db_password)\"`); prefer a client's own variable " +
				"(`MYSQL_PWD`, `PGPASSWORD`, `REDISCLI_AUTH`) or option file over a command-line option.",
		},
	},
	Compose: checkSecretInCommand,
}

func checkSecretInCommand(p *rule.Pass, proj *compose.Project) {
	var out sharedReports
	defer out.flush(p)
	for _, s := range proj.Services {
		reportCommandSecrets(&out, s.Name, "command", proj.Args(s.Name, "command"))
		reportCommandSecrets(&out, s.Name, "entrypoint", proj.Args(s.Name, "entrypoint"))
		reportCommandSecrets(&out, s.Name, "the health check", proj.Args(s.Name, "healthcheck.test"))
		for _, h := range proj.Hooks(s) {
			reportCommandSecrets(&out, s.Name, h.Name(), h.Args("command"))
		}
	}
}

func reportCommandSecrets(out *sharedReports, svc, where string, args []compose.Arg) {
	if len(args) == 0 {
		return
	}
	items := make([]string, len(args))
	for i, a := range args {
		items[i] = a.Written
	}
	shellForm := len(args) == 1 && !args[0].Listed
	for _, h := range commandSecrets(commandWords(items, shellForm)) {
		a := args[h.w.arg]
		i, j := h.w.span(h.i, h.j)
		if _, def := shipped(h.w.text[h.i:h.j]); def {
			h.what += " (the default of a ${VAR:-...})"
		}
		out.add(svc, a.Path, a.Sub(i, j), nil,
			fmt.Sprintf("%s passes %s on the command line, where the process list shows it; let the container read it from a variable ($$VAR) or a secret file ($$(cat /run/secrets/NAME))", where, h.what))
	}
}

// A commandHit is a literal credential in word w, at text[i:j].
type commandHit struct {
	w    argWord
	i, j int
	what string
}

// Tool families whose short options take a password.
var (
	mysqlTools = map[string]bool{"mysql": true, "mysqladmin": true, "mysqldump": true, "mysqlcheck": true,
		"mysqlshow": true, "mysqlimport": true, "mysqlpump": true, "mysqlsh": true, "mariadb": true, "mariadb-admin": true,
		"mariadb-dump": true, "mariadb-check": true, "mariadb-show": true, "mariadb-import": true}
	mongoTools = map[string]bool{"mongo": true, "mongosh": true, "mongodump": true, "mongorestore": true,
		"mongoexport": true, "mongoimport": true, "mongostat": true, "mongotop": true}
	redisTools = map[string]bool{"redis-cli": true, "keydb-cli": true, "valkey-cli": true}
	// loginTools take -p <password> after their login subcommand; sshpass takes it directly.
	loginTools = map[string]bool{"docker": true, "podman": true, "nerdctl": true, "helm": true, "skopeo": true, "buildah": true, "oras": true, "sshpass": true}
	curlTools  = map[string]bool{"curl": true}
	sslTools   = map[string]bool{"openssl": true}
)

func toolOf(t string) (string, bool) {
	b := path.Base(t)
	for _, m := range []map[string]bool{mysqlTools, mongoTools, redisTools, loginTools, curlTools, sslTools} {
		if m[b] {
			return b, true
		}
	}
	return "", false
}

// passwordOptions take a password, whatever the tool (redis-server's
// --requirepass and --masterauth, the generic --password).
var passwordOptions = map[string]bool{"password": true, "passwd": true, "pass": true, "pw": true,
	"requirepass": true, "masterauth": true, "passphrase": true, "token": true, "secret": true,
	"apikey": true, "api-key": true, "api_key": true}

// secretNouns end an option name that holds a credential (not
// --password-stdin, --token-file, --secret-name).
var secretNouns = map[string]bool{"password": true, "passwd": true, "passphrase": true, "secret": true,
	"token": true, "key": true, "apikey": true, "pass": true, "pw": true, "pwd": true, "credentials": true,
	"creds": true, "auth": true}

func passwordOption(name string) bool {
	name = strings.ToLower(name)
	if passwordOptions[name] {
		return true
	}
	w := secrets.Words(name)
	return len(w) > 0 && secretNouns[w[len(w)-1]] && secrets.Name(name)
}

// literalArg reports a literal credential value of a command line, as
// written: a compose ${VAR:-default} ships its default (a literal), while
// a ${VAR} with no default and anything the container's shell expands
// ($$VAR, $$(cat file), backquotes) are not literals.
func literalArg(v string) bool {
	t, _ := shipped(v)
	return t != "" && t != "-" && !strings.ContainsRune(t, refMark) && !strings.ContainsAny(t, "$`") &&
		!flagValues[strings.ToLower(t)] && !filePointer(t)
}

var envNameRE = func(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// commandSecrets finds literal credentials in the words of command lines.
func commandSecrets(ws []argWord) []commandHit {
	var hits []commandHit
	tool := ""
	for k := 0; k < len(ws); k++ {
		w := ws[k]
		if w.op {
			tool = ""
			continue
		}
		t := w.text
		var next *argWord
		if k+1 < len(ws) && !ws[k+1].op {
			next = &ws[k+1]
		}
		whole := func(what string) { hits = append(hits, commandHit{w, 0, len(t), what}) }
		tail := func(x *argWord, from int, what string) {
			hits = append(hits, commandHit{*x, from, len(x.text), what})
		}
		// A URL with a password, a token in a known format.
		text, _ := shipped(t)
		masked := strings.Map(func(r rune) rune {
			if r == '$' || r == '`' {
				return refMark
			}
			return r
		}, text)
		if scheme, ok := urlPassword(masked); ok {
			whole("a " + scheme + " URL with a literal password")
			continue
		}
		if !w.dynamic {
			if kind := secrets.Format(t); kind != "" && kind != "a URL with a password" {
				whole("what looks like " + kind)
				continue
			}
		}
		if !strings.HasPrefix(t, "-") || t == "-" {
			// A variable set on the command line: PGPASSWORD=x psql, -e PASSWORD=x.
			if name, val, ok := strings.Cut(t, "="); ok && envNameRE(name) && secrets.Name(name) && literalArg(val) {
				tail(&w, len(name)+1, fmt.Sprintf("a literal credential in variable %q", name))
				continue
			}
			if b, ok := toolOf(t); ok {
				tool = b
			} else if t == "login" && loginTools[tool] {
				tool += " login" // docker login -p, not docker run -p
			}
			continue
		}
		long := strings.HasPrefix(t, "--")
		body := strings.TrimLeft(t, "-")
		name, val, hasEq := strings.Cut(body, "=")
		opt := t[:len(t)-len(body)] + name
		// Attached short options of the clients whose -p, -u take one:
		// -pPASSWORD (mysql, mongo, sshpass), -uuser:pass (curl).
		if !long && len(body) > 1 && (mysqlTools[tool] || mongoTools[tool] || tool == "sshpass" || curlTools[tool]) {
			switch {
			case body[0] == 'p' && !curlTools[tool] && literalArg(body[1:]):
				tail(&w, 2, fmt.Sprintf("a literal password in option \"-p\" of %s", tool))
			case body[0] == 'u' && curlTools[tool] && userPass(body[1:]):
				tail(&w, 2, "a literal user:password in option \"-u\" of curl")
			}
			if body[0] == 'p' || body[0] == 'u' {
				continue
			}
		}
		if !optionName(name) {
			continue
		}
		if !long && len(name) > 1 && !passwordOptions[strings.ToLower(name)] && !sslTools[tool] {
			// A single-dash word that is no known password option
			// (-password, -pass; openssl's -passin) may be a value glued
			// to a short option, which a message must not repeat.
			continue
		}
		switch {
		case hasEq:
			switch {
			case passwordOption(name) && literalArg(val):
				tail(&w, len(opt)+1, fmt.Sprintf("a literal credential in option %q", opt))
			case (name == "e" || name == "env") && envAssign(val):
				n, _, _ := strings.Cut(val, "=")
				tail(&w, len(opt)+1+len(n)+1, fmt.Sprintf("a literal credential in variable %q", n))
			case curlTools[tool] && userOption(name) && userPass(val):
				tail(&w, len(opt)+1, fmt.Sprintf("a literal user:password in option %q of curl", opt))
			}
		case next == nil:
		case passwordOption(name) && !(mysqlTools[tool] && long) && literalArg(next.text) && !strings.ContainsRune(next.text, '=') && !strings.HasPrefix(next.text, "-"):
			tail(next, 0, fmt.Sprintf("a literal credential after option %q", opt))
			k++
		case curlTools[tool] && userOption(name) && userPass(next.text):
			tail(next, 0, fmt.Sprintf("a literal user:password after option %q of curl", opt))
			k++
		case !long && (name == "p" && (mongoTools[tool] || tool == "sshpass" || strings.HasSuffix(tool, " login")) || name == "a" && redisTools[tool]) &&
			literalArg(next.text) && !strings.HasPrefix(next.text, "-"):
			tail(next, 0, fmt.Sprintf("a literal password after option %q of %s", opt, tool))
			k++
		case sslTools[tool] && (name == "pass" || name == "passin" || name == "passout" || name == "passwd" || name == "password" || name == "k" || name == "kfile") &&
			strings.HasPrefix(next.text, "pass:") && literalArg(next.text[len("pass:"):]):
			tail(next, len("pass:"), fmt.Sprintf("a literal password after option %q of openssl", opt))
			k++
		}
	}
	return hits
}

// optionName reports a plausible option name: letters, digits, - _ and .
func optionName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) && s[i] != '-' && s[i] != '.' {
			return false
		}
	}
	return true
}

// envAssign reports NAME=VALUE with a credential name and a literal value.
func envAssign(s string) bool {
	name, val, ok := strings.Cut(s, "=")
	return ok && envNameRE(name) && secrets.Name(name) && literalArg(val)
}

func userOption(name string) bool {
	return name == "u" || name == "user" || name == "proxy-user" || name == "U"
}

// userPass reports curl's user:password with a literal password.
func userPass(s string) bool {
	_, pw, ok := strings.Cut(s, ":")
	return ok && literalArg(pw)
}
