package dockerfile

import (
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// PasswordOnCommandLine reports passwords written on RUN command lines.
var PasswordOnCommandLine = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF017",
		Name:       "password-on-command-line",
		Severity:   rule.Error,
		Summary:    "do not write passwords in RUN commands; set them at run time or use a build secret",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Checkov: {"CKV2_DOCKER_17"}, rule.KICS: {"Passwords And Secrets"}, rule.CIS: {"4.10"}, rule.CWE: {"CWE-798", "CWE-259"}},
		Doc: rule.Doc{
			Why: "A RUN's command line is stored in the image history (`docker history --no-trunc`) and a " +
				"password it sets is stored in the layer (`/etc/shadow`, a database's files): everyone who can " +
				"pull the image knows it, and every container from the image shares it. The rule reports a " +
				"literal password (written in the Dockerfile or an ARG/ENV default, never a value that comes " +
				"from a build secret) given to `chpasswd` (`echo 'user:pw' | chpasswd`), `passwd` (from echo/printf), " +
				"`useradd`/`usermod -p`, `openssl passwd`, `htpasswd -b`, `mysql`/`mariadb`/`mysqladmin -p<pw>`, " +
				"`--password=`/`--password` (and wget's `--http-password`) of any tool, `docker`/`podman login -p`, `redis-cli -a` and " +
				"`sshpass -p`, and a debconf answer of type `password` fed to `debconf-set-selections`. The finding points at the word and never repeats the value.",
			Bad:  "FROM ubuntu:24.04\nRUN useradd -m dev && echo 'dev:dev123' | chpasswd\n",
			Good: "FROM ubuntu:24.04\nRUN useradd -m dev && passwd -l dev\n",
			Fix: "Do not give image users passwords; lock them (`passwd -l`) and use `docker exec` for access. " +
				"Credentials a service needs belong to the run time (environment from the orchestrator, secret " +
				"files such as `/run/secrets/...`); a credential the build needs comes from `RUN " +
				"--mount=type=secret`. A throw-away password in a test image can be kept by disabling the rule " +
				"on that instruction.",
		},
	},
	Dockerfile: checkPasswordCLI,
}

// pwTools maps a command to its options that take a password as the next
// word or glued (`-psecret`, `--password=secret`).
var pwTools = map[string][]string{
	"mysql": {"-p", "--password"}, "mariadb": {"-p", "--password"}, "mysqladmin": {"-p", "--password"},
	"mysqldump": {"-p", "--password"}, "mariadb-admin": {"-p", "--password"},
	"useradd": {"-p", "--password"}, "usermod": {"-p", "--password"},
	"sshpass":   {"-p"},
	"redis-cli": {"-a"},
	"docker":    {"-p", "--password"}, "podman": {"-p", "--password"}, "buildah": {"-p", "--password"},
	"skopeo": {"--password"}, "helm": {"--password"}, "mongo": {"-p", "--password"}, "mongosh": {"-p", "--password"},
}

// debconfPassword matches a debconf answer of type password and its value.
var debconfPassword = regexp.MustCompile(`\spassword\s+([^\s"'\\]+)`)

// gluedOnly are tools whose short option takes the password only glued
// (`mysql -psecret`; `mysql -p secret` prompts and reads a database name).
var gluedOnly = map[string]bool{"mysql": true, "mariadb": true, "mysqladmin": true, "mysqldump": true, "mariadb-admin": true}

// placeholder reports values that are not a password (empty, "*", "!").
func placeholder(v string) bool {
	v = strings.Trim(v, `"' `)
	return v == "" || v == "*" || v == "!" || v == "x"
}

func checkPasswordCLI(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		report := func(w dockerfile.Word, what string) {
			p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: what + " writes a password on the command line, where the image history keeps it: set it at run time or use RUN --mount=type=secret"})
		}
		if pwWord, ok := passwordArg(c); ok {
			if fixedValue(pwWord) && !placeholder(pwWord.Value) {
				report(pwWord, c.Base())
			}
			return
		}
		switch {
		case c.Is("chpasswd") || c.Is("passwd") && c.HasOption("--stdin") || c.Is("passwd") && c.PipeFrom != nil:
			// The password comes from stdin: a literal echo/printf or heredoc.
			if src := c.PipeFrom; src != nil && src.Is("echo", "printf") {
				for i, a := range src.Args {
					if i == 0 && strings.HasPrefix(a.Value, "-") && len(a.Value) <= 3 {
						continue // echo -e, -n
					}
					if literalPassword(a, c.Is("chpasswd")) {
						report(c.Name, c.Base()+" (fed by "+src.Base()+")")
						return
					}
				}
			}
			for _, r := range c.Redirects {
				if strings.HasPrefix(r.Op, "<<") && literalPassword(r.Target, c.Is("chpasswd")) {
					report(c.Name, c.Base())
					return
				}
			}
		case c.Is("debconf-set-selections"):
			// echo "mysql-server mysql-server/root_password password secret" | debconf-set-selections
			feed := []dockerfile.Word{}
			if src := c.PipeFrom; src != nil && src.Is("echo", "printf") {
				feed = append(feed, src.Args...)
			}
			for _, r := range c.Redirects {
				if strings.HasPrefix(r.Op, "<<") {
					feed = append(feed, r.Target)
				}
			}
			for _, a := range feed {
				if m := debconfPassword.FindStringSubmatch(a.Raw); m != nil && !strings.ContainsAny(m[1], "$`") && !placeholder(m[1]) {
					report(c.Name, "debconf-set-selections (fed a password answer)")
					return
				}
			}
		case c.Is("openssl") && len(c.Args) > 0 && c.Args[0].Value == "passwd":
			ps := c.Positionals()
			if len(ps) >= 2 && fixedValue(ps[len(ps)-1]) && !strings.Contains(ps[len(ps)-1].Value, "/") {
				report(ps[len(ps)-1], "openssl passwd")
			}
		case c.Is("htpasswd"):
			if w, ok := c.Option("-b"); ok && !strings.HasPrefix(w.Value, "--") {
				ps := c.Positionals()
				if len(ps) >= 2 && fixedValue(ps[len(ps)-1]) {
					report(ps[len(ps)-1], "htpasswd -b")
				}
			}
		}
	})
}

// passwordArg finds the password word given to a tool's password option:
// `-psecret`, `-p secret`, `--password=secret`, `--password secret`. For
// `docker login`, `-p` only after `login`.
func passwordArg(c *dockerfile.Command) (dockerfile.Word, bool) {
	opts, known := pwTools[c.Base()]
	if c.Is("docker", "podman", "buildah", "helm") {
		isLogin := false
		for _, a := range c.Positionals() {
			if a.Value == "login" {
				isLogin = true
			}
		}
		if !isLogin {
			return dockerfile.Word{}, false
		}
	}
	for i, a := range c.Args {
		v := a.Value
		if v == "--" {
			break
		}
		// --password=x / --password x of any tool (wget's --http-password too).
		for _, o := range []string{"--password", "--http-password", "--ftp-password", "--proxy-password"} {
			if strings.HasPrefix(v, o+"=") {
				w := a
				w.Value = strings.TrimPrefix(v, o+"=")
				w.Raw = strings.TrimPrefix(w.Raw, o+"=")
				return w, true
			}
			if v == o && i+1 < len(c.Args) && !strings.HasPrefix(c.Args[i+1].Value, "-") {
				return c.Args[i+1], true
			}
		}
		if !known {
			continue
		}
		for _, o := range opts {
			if strings.HasPrefix(o, "--") {
				continue
			}
			if v == o && !gluedOnly[c.Base()] && i+1 < len(c.Args) {
				return c.Args[i+1], true
			}
			if strings.HasPrefix(v, o) && len(v) > len(o) && !strings.HasPrefix(v, "--") {
				w := a
				w.Value = v[len(o):]
				w.Raw = strings.TrimPrefix(w.Raw, o)
				return w, true
			}
		}
	}
	return dockerfile.Word{}, false
}

// fixedValue reports a word whose value is fixed by the Dockerfile:
// written literally, or from an ARG or ENV default (`--password $PW` with
// `ARG PW=changeme`); not a value from a command or an unset variable.
func fixedValue(w dockerfile.Word) bool {
	return w.Known && w.Value != "" && !strings.ContainsAny(w.Raw, "`") && !strings.Contains(w.Raw, "$(")
}

// literalPassword reports a word fed to chpasswd (`user:password`, where
// the user may be a variable) or passwd whose password part is fixed by
// the Dockerfile (literal, or an ARG/ENV default).
func literalPassword(w dockerfile.Word, userColon bool) bool {
	raw, val := w.Raw, w.Value
	if userColon {
		i := strings.IndexByte(raw, ':')
		if i < 0 {
			return false
		}
		raw = raw[i+1:]
		if j := strings.IndexByte(val, ':'); j >= 0 && w.Known {
			val = val[j+1:]
		} else {
			val = ""
		}
	}
	raw = strings.Trim(raw, "\"' \n")
	if !strings.ContainsAny(raw, "$`") {
		return !placeholder(raw)
	}
	return w.Known && !strings.Contains(raw, "$(") && !placeholder(strings.TrimSpace(val))
}
