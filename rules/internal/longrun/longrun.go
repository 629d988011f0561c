// Package longrun tells, from a container's command and image, whether it
// evidently runs a long-running service (a server) or a one-shot job (a
// test, migration or seed runner). The health-check rules use it: DF002 and
// DC002 (default set) report what is evidently a service, DF008 and DC019
// (strict set) the rest, and one-shot jobs get neither.
//
// The lists are deliberately short: a word is a server only when it names
// one without doubt. Anything else is "not evident", never "not a service".
package longrun

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/imageref"
)

// ServerExecutables are programs that serve until stopped, matched by the
// base name of the program a command runs (`/usr/local/bin/gunicorn`,
// `python -m gunicorn`; `php-fpm8.2` matches php-fpm).
var ServerExecutables = []string{
	// web servers and proxies
	"nginx", "openresty", "httpd", "httpd-foreground", "apache2", "apache2-foreground", "apache2ctl", "apachectl",
	"caddy", "traefik", "haproxy", "envoy", "lighttpd", "php-fpm",
	// application servers
	"gunicorn", "uvicorn", "hypercorn", "daphne", "uwsgi", "waitress-serve", "puma", "unicorn", "passenger",
	"catalina.sh", "http-server", "http.server",
	// datastores and brokers
	"redis-server", "postgres", "mysqld", "mariadbd", "mongod", "memcached", "rabbitmq-server",
	// process supervisors and daemons
	"supervisord", "sshd",
}

// ServerCommands are programs that start a server with one of their first
// four arguments: `npm start` (and `npm run start:prod`), `java -jar
// app.jar`, `rails server`. A script run by node, python or ruby whose name
// starts with "server" (`node server.js`, `python3 server.py`) is a server too.
var ServerCommands = map[string][]string{
	"npm": {"start", "serve"}, "yarn": {"start", "serve"}, "pnpm": {"start", "serve"}, "bun": {"start", "serve"},
	"ng":        {"serve"},
	"java":      {"-jar"},
	"rails":     {"server", "s"},
	"manage.py": {"runserver"},
	"flask":     {"run"},
	"php":       {"-S"},
	"artisan":   {"serve"},
	"next":      {"start"},
	"nuxt":      {"start"},
	"hugo":      {"server"},
}

// ServerImages are images whose default command is a server, by the last
// part of the repository name (`nginx`, `bitnami/redis`), or one of its
// dash-separated words (`nginx-unprivileged`, `uvicorn-gunicorn-fastapi`,
// but not `mysql-client`): a Dockerfile built on one that sets no
// ENTRYPOINT or CMD, or a compose service that runs one without a command
// of its own, runs that server. `php` counts only with an `apache` or `fpm` tag.
var ServerImages = []string{
	"nginx", "nginx-unprivileged", "openresty", "httpd", "caddy", "traefik", "haproxy", "envoy", "tomcat", "jetty",
	"postgres", "postgis", "mysql", "mariadb", "mongo", "redis", "valkey", "memcached", "rabbitmq",
	"elasticsearch", "opensearch", "cassandra", "couchdb", "neo4j", "influxdb",
	"wordpress", "nextcloud", "drupal", "ghost", "adminer", "phpmyadmin", "grafana", "prometheus", "registry",
}

// WebRuntimeImages are runtime images made to run web applications: a
// final stage built on one runs a service whatever its command.
var WebRuntimeImages = []string{"mcr.microsoft.com/dotnet/aspnet", "microsoft/aspnetcore"}

// notServerWords in an image name mark a client or a tool built around a
// server's name (`mysql-client`, `postgres-backup`).
var notServerWords = []string{"client", "cli", "tools", "backup", "dump", "migrate", "migrations", "exporter"}

// JobExecutables are test, migration and seed runners, by base name.
var JobExecutables = []string{
	"pytest", "py.test", "nosetests", "tox", "jest", "mocha", "vitest", "phpunit", "rspec", "behave", "cucumber", "newman",
	"alembic", "flyway", "liquibase", "dbmate", "goose", "sqitch",
}

// JobWords mark a one-shot job when the program a command runs, or its
// first argument (a subcommand: `go test`, `manage.py migrate`, `npm run
// test:e2e`, `rake db:seed`), split at - _ . : and /, contains one:
// `run_tests.sh`, `migrate`, `seed.js`. The shell's `test` builtin is not a job.
var JobWords = []string{"test", "tests", "migrate", "migration", "migrations", "seed", "seeds", "seeder"}

// wrappers run the command that follows them; the value is how many
// arguments of their own they take.
var wrappers = map[string]int{
	"exec": 0, "env": 0, "nohup": 0, "tini": 0, "dumb-init": 0, "time": 0, "sudo": 0, "chpst": 0,
	"gosu": 1, "su-exec": 1, "setuidgid": 1, "s6-setuidgid": 1,
	"sh": 0, "bash": 0, "ash": 0, "dash": 0, "zsh": 0,
	"while": 0, "until": 0, "if": 0, "do": 0, "then": 0, "else": 0,
}

// runners run a program named by their first argument (`bundle exec
// puma`, `npx prisma migrate`, `poetry run pytest`).
var runners = map[string][]string{
	"bundle": {"exec"}, "npx": nil, "poetry": {"run"}, "pipenv": {"run"}, "uv": {"run"}, "pnpx": nil,
}

var pythonRE = regexp.MustCompile(`^python[0-9.]*$`)

// plainTools take files or text, never a subcommand: `echo tests passed`
// is not a test run.
var plainTools = []string{"echo", "printf", "cat", "ls", "touch", "mkdir", "rm", "cp", "mv", "chmod", "chown", "sleep", "grep"}

// IdleImages are operating system and shell images: with no command of
// their own they run a shell, which exits at once (or idles on a TTY).
var IdleImages = []string{"alpine", "busybox", "bash", "debian", "ubuntu", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "archlinux", "opensuse/leap"}

// configExt are extensions of configuration files: `test.conf` is a file,
// not a test run.
var configExt = []string{".conf", ".cfg", ".ini", ".yml", ".yaml", ".json", ".toml", ".xml", ".env", ".properties", ".sql"}

// Command is what a container runs: the program of each simple command of
// its command line and their arguments.
type Command struct {
	simple [][]string
}

// Parse reads a command: exec-form elements, or one shell-form string
// (entrypoint words first, then the command's). Shell operators (; && || |)
// and `--` separate simple commands; quotes are dropped, so that
// `sh -c "migrate && exec gunicorn app"` is read as two commands.
func Parse(values ...string) Command {
	var c Command
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			c.simple = append(c.simple, cur)
			cur = nil
		}
	}
	for _, v := range values {
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
			for {
				i := strings.IndexAny(w, ";&|()`")
				if i < 0 {
					break
				}
				if t := strings.Trim(w[:i], `"'`); t != "" {
					cur = append(cur, t)
				}
				flush()
				w = w[i+1:]
			}
			w = strings.Trim(w, `"'`)
			switch w {
			case "":
			case "--":
				flush()
			default:
				cur = append(cur, w)
			}
		}
	}
	flush()
	return c
}

// Empty reports whether there is no command at all.
func (c Command) Empty() bool { return len(c.simple) == 0 }

// OnlyOptions reports whether every word is an option (`-c
// max_connections=200`): arguments for the image's own entrypoint.
func (c Command) OnlyOptions() bool {
	if c.Empty() {
		return false
	}
	for _, s := range c.simple {
		if len(s) == 0 || !strings.HasPrefix(s[0], "-") {
			return false
		}
	}
	return true
}

func base(w string) string { return path.Base(strings.ToLower(w)) }

// program skips wrappers and interpreters and returns the program a simple
// command runs (by base name), the word as written, and its arguments. A
// server script is program "script", word "node server.js".
func program(words []string) (prog, word string, args []string) {
	i := 0
	for i < len(words) {
		w := words[i]
		b := base(w)
		switch n, ok := wrappers[b]; {
		case strings.Contains(w, "=") && !strings.HasPrefix(w, "-"): // VAR=value
			i++
			continue
		case strings.HasPrefix(w, "-"): // a wrapper's option (sh -c, env -i)
			i++
			continue
		case ok:
			i += 1 + n
			continue
		case strings.Contains(b, "entrypoint") || b == "init":
			// entrypoint scripts pass their arguments on (`exec "$@"`)
			i++
			continue
		}
		break
	}
	if i >= len(words) {
		return "", "", nil
	}
	prog, word, args = base(words[i]), words[i], words[i+1:]
	switch {
	case prog == "busybox" && len(args) > 0:
		return program(args) // busybox httpd: the applet
	case pythonRE.MatchString(prog), prog == "node", prog == "nodejs", prog == "ruby", prog == "php" && len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		// an interpreter: the program is the script or module
		for j := 0; j < len(args); j++ {
			a := args[j]
			if a == "-m" && j+1 < len(args) {
				return base(args[j+1]), args[j+1], args[j+2:]
			}
			if strings.HasPrefix(a, "-") {
				continue
			}
			if prog != "php" && strings.HasPrefix(base(a), "server") {
				return "script", prog + " " + a, args[j+1:]
			}
			return base(a), a, args[j+1:]
		}
	case runners[prog] != nil || prog == "npx" || prog == "pnpx":
		for j := 0; j < len(args); j++ {
			if strings.HasPrefix(args[j], "-") || slices.Contains(runners[prog], args[j]) {
				continue
			}
			return program(args[j:])
		}
	}
	return prog, word, args
}

// firstArg is the first argument that is not an option, skipping `run`
// and `exec` (`npm run test`). A subcommand is a bare word: an argument
// with a slash is a file (`cat /tmp/test-output`).
func firstArg(args []string) string {
	for _, a := range args {
		if strings.HasPrefix(a, "-") || a == "run" || a == "exec" {
			continue
		}
		return a
	}
	return ""
}

// Server returns the server the command runs ("gunicorn", "npm start",
// "node server.js"), or "" when none is evident.
func (c Command) Server() string {
	for _, s := range c.simple {
		prog, word, args := program(s)
		if slices.Contains(ServerExecutables, prog) {
			return prog
		}
		if strings.HasPrefix(prog, "php-fpm") {
			return "php-fpm"
		}
		if prog == "script" {
			return word
		}
		if want, ok := ServerCommands[prog]; ok {
			for j, a := range args {
				if j >= 4 {
					break
				}
				if slices.Contains(want, a) || slices.Contains(want, "start") && strings.HasPrefix(a, "start:") {
					return prog + " " + a
				}
			}
		}
	}
	return ""
}

// Idle reports whether the command only keeps the container alive without
// serving: `sleep infinity` (or a long sleep), `tail -f /dev/null`, `top`,
// a shell loop around `sleep`. Ask Server first.
func (c Command) Idle() bool {
	loop, sleeps := false, false
	for _, s := range c.simple {
		for _, w := range s {
			if w == "while" || w == "until" {
				loop = true
			}
		}
		prog, _, args := program(s)
		switch prog {
		case "top":
			return true
		case "sleep":
			sleeps = true
			if len(args) > 0 && (args[0] == "infinity" || args[0] == "inf" || len(args[0]) >= 4 && strings.Trim(args[0], "0123456789") == "") {
				return true
			}
		case "tail":
			if slices.Contains(args, "-f") || slices.Contains(args, "-F") {
				return true
			}
		}
	}
	return loop && sleeps
}

// quickTools print or check something and exit.
var quickTools = []string{"echo", "printf", "exit", "true", "false", "env", "printenv", "cat", "ls", "uname", "id",
	"whoami", "date", "hostname", "pwd", "touch", "test", "[", "return"}

// Exits reports whether the command evidently runs and exits: every simple
// command is a quick tool (`echo hello`, `cat /run/secrets/x`, `sh -c
// "exit 1"`) or a short sleep. Ask Server and Idle first.
func (c Command) Exits() bool {
	if c.Empty() {
		return false
	}
	for _, s := range c.simple {
		prog, _, args := program(s)
		switch {
		case prog == "" && base(s[0]) == "env": // env alone prints the environment
		case prog == "":
			return false // options for the image's entrypoint
		case slices.Contains(quickTools, prog):
			if prog == "cat" && len(args) == 0 {
				return false // cat with no file waits on stdin
			}
		case prog == "sleep" && len(args) > 0 && len(args[0]) < 4:
		default:
			return false
		}
	}
	return true
}

// IdleImage reports whether ref is an operating system or shell image (see
// IdleImages), which runs no service without a command.
func IdleImage(ref imageref.Ref) bool {
	return slices.Contains(IdleImages, ref.FamiliarName())
}

// Job returns what makes the command a one-shot job ("pytest",
// "manage.py migrate", "npm test"), or "" when none is evident. Ask Server
// first: `migrate && exec gunicorn app` runs a server.
func (c Command) Job() string {
	for _, s := range c.simple {
		prog, word, args := program(s)
		if prog == "" || prog == "test" || prog == "[" || prog == "script" {
			continue
		}
		if slices.Contains(JobExecutables, prog) {
			return prog
		}
		if jobWord(word) {
			return word
		}
		if a := firstArg(args); a != "" && !strings.Contains(a, "/") && !slices.Contains(plainTools, prog) && jobWord(a) {
			return prog + " " + a
		}
	}
	return ""
}

func jobWord(w string) bool {
	if slices.Contains(configExt, path.Ext(strings.ToLower(w))) {
		return false
	}
	parts := strings.FieldsFunc(strings.ToLower(w), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ':' || r == '/'
	})
	for _, p := range parts {
		if slices.Contains(JobWords, p) {
			return true
		}
	}
	return false
}

// ServerImage returns the name of a server image (see ServerImages), or "".
func ServerImage(ref imageref.Ref) string {
	name := path.Base(ref.Repository)
	if name == "php" {
		if t := strings.ToLower(ref.Tag); strings.Contains(t, "apache") || strings.Contains(t, "fpm") {
			return ref.FamiliarName()
		}
		return ""
	}
	words := strings.Split(name, "-")
	for _, w := range words {
		if slices.Contains(notServerWords, w) {
			return ""
		}
	}
	for _, w := range words {
		if slices.Contains(ServerImages, w) || slices.Contains(ServerExecutables, w) {
			return ref.FamiliarName()
		}
	}
	return ""
}

// WebRuntimeImage returns the name of a web application runtime image
// (see WebRuntimeImages), or "".
func WebRuntimeImage(ref imageref.Ref) string {
	if slices.Contains(WebRuntimeImages, ref.FamiliarName()) {
		return ref.FamiliarName()
	}
	return ""
}
