package dockerfile

import (
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// SecretInRun reports credentials written in RUN commands.
var SecretInRun = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF019",
		Name:       "secret-in-run",
		Severity:   rule.Error,
		Summary:    "do not put credentials in RUN commands; use RUN --mount=type=secret",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Passwords And Secrets"}, rule.CIS: {"4.10"}, rule.CWE: {"CWE-798", "CWE-522"}},
		Doc: rule.Doc{
			Why: "The command line of every RUN is stored in the image history, with the values of the build " +
				"args it uses, and files it writes are stored in the layer: a credential there is readable by " +
				"everyone who can pull the image, for as long as the image exists. The rule reports, in RUN " +
				"commands (also in `sh -c` bodies and heredoc scripts): a literal token of a known format " +
				"(AWS, GitHub, GitLab, Slack, Stripe, npm, Google, JWT, private keys); a URL with credentials " +
				"(`https://user:token@host`, `https://${TOKEN}@github.com`) when they are literal or come from an " +
				"`ARG`/`ENV`; an `Authorization:`/`Private-Token:`/`X-API-Key:` header or a `curl -u user:password` with a literal or `ARG` value; " +
				"and a token written into a file (`echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > .npmrc`, " +
				"`.netrc`, `.pypirc`, `auth.json`; `npm config set //registry/:_authToken $NPM_TOKEN`) from a literal or a build arg. Values that come from " +
				"`RUN --mount=type=secret,env=...` or are read from `/run/secrets` are not reported. The finding " +
				"never repeats the value.",
			Bad: "FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n",
			Good: "FROM node:22-alpine\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n" +
				"    echo \"//registry.npmjs.org/:_authToken=\\${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n",
			Fix: "Pass the credential as a build secret: `RUN --mount=type=secret,id=token,env=TOKEN cmd` (or " +
				"`target=/root/.npmrc` for a whole file) with `docker build --secret id=token,env=TOKEN`, and " +
				"remove any file it was written to in the same RUN. Revoke a credential that was committed.",
		},
	},
	Dockerfile: checkSecretInRun,
}

var (
	// urlCreds matches the user-info part of a URL: scheme://user:pass@ or scheme://token@.
	urlCreds = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://([^/\s@'"]+)@`)
	// authHeader matches a credential header and captures its value.
	authHeader = regexp.MustCompile(`(?i)^\s*(authorization|proxy-authorization|private-token|x-api-key|x-auth-token|api-key|x-jfrog-art-api|job-token)\s*:\s*(.+)$`)
	// tokenAssign matches a credential written as key=value in a file's content.
	tokenAssign = regexp.MustCompile(`(?i)(_authtoken|_auth|_password|password|token|api[_-]?key)(?:\s*[=:]\s*|\s+)(\S+)`)
)

// credFiles are files whose content is a credential.
var credFiles = []string{".npmrc", ".netrc", ".pypirc", ".yarnrc", ".yarnrc.yml", "auth.json", "credentials", ".git-credentials", "config.json", "settings.xml", ".pgpass", ".my.cnf", ".gem/credentials", ".docker/config.json", ".m2/settings.xml"}

// leaks says where the value of raw (a part of a word as written) comes
// from, if it would be stored in the image: "literal" for text written in
// the Dockerfile, "build arg X" / "ENV X" for variables; "" when the value
// is not stored (a build secret, a command's output, an unknown variable).
func leaks(in *dockerfile.Instruction, raw string) string {
	if strings.Contains(raw, "$(") || strings.Contains(raw, "`") || strings.Contains(raw, "/run/secrets") {
		return ""
	}
	refs := varNames(raw)
	if len(refs) == 0 {
		if strings.Contains(raw, "$") {
			return ""
		}
		return "literal"
	}
	for _, r := range refs {
		switch declaredVar(in, r) {
		case "ARG":
			return "build arg " + r
		case "ENV":
			return "ENV " + r
		}
	}
	return ""
}

func checkSecretInRun(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		report := func(w dockerfile.Word, msg string) {
			p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: msg})
		}
		words := append([]dockerfile.Word{c.Name}, c.Args...)
		writesCredFile := ""
		for _, r := range c.Redirects {
			if r.Op == ">" || r.Op == ">>" {
				for _, cf := range credFiles {
					if strings.HasSuffix(r.Target.Value, cf) {
						writesCredFile = cf
					}
				}
			}
		}
		if c.Is("tee") {
			for _, a := range c.Positionals() {
				for _, cf := range credFiles {
					if strings.HasSuffix(a.Value, cf) {
						writesCredFile = cf
					}
				}
			}
		}
		pwArg, hasPw := passwordArg(c) // DF017 reports those
		for i, w := range words {
			if hasPw && w.Range == pwArg.Range {
				continue
			}
			// Literal tokens of a known format (not URLs: checked below with their source).
			// (Every token format is at least 15 characters long.)
			if len(w.Value) >= 15 {
				if kind := secrets.Format(w.Value); kind != "" && kind != "a URL with a password" && !strings.Contains(w.Raw, "$") {
					report(w, "the command line holds "+kind+"; remove it, revoke it, and pass it with RUN --mount=type=secret")
					continue
				}
			}
			// Credentials in URLs.
			if strings.Contains(w.Raw, "@") && strings.Contains(w.Raw, "://") {
				if m := urlCreds.FindStringSubmatchIndex(w.Raw); m != nil {
					userinfo := w.Raw[m[2]:m[3]]
					// Name the password's source (user:${PASS}), else the user part's (${TOKEN}@).
					u, pw, hasPw := strings.Cut(userinfo, ":")
					var parts []string
					if pw != "" && !strings.EqualFold(pw, "x-oauth-basic") {
						parts = append(parts, pw)
					}
					if strings.Contains(u, "$") || strings.EqualFold(pw, "x-oauth-basic") {
						parts = append(parts, u) // a token used as the user name
					}
					src := ""
					for _, part := range parts {
						if src = leaks(in, part); src != "" {
							break
						}
					}
					if src != "" && !placeholderCreds(userinfo) && (hasPw || src != "literal") {
						report(w, "the URL holds credentials ("+src+"), which the image history keeps; pass them with RUN --mount=type=secret (e.g. a git credential helper or .netrc mounted as a secret)")
						continue
					}
				}
			}
			// curl -u user:password.
			if i > 0 && c.Is("curl") && (words[i-1].Value == "-u" || words[i-1].Value == "--user") {
				if u, pw, ok := strings.Cut(w.Raw, ":"); ok && u != "" {
					pw = strings.Trim(pw, `"'`)
					if src := leaks(in, pw); src != "" && !placeholder(pw) {
						report(w, "curl -u holds a password ("+src+"), which the image history keeps; pass it with RUN --mount=type=secret (e.g. a .netrc mounted as a secret)")
						continue
					}
				}
			}
			// Authorization headers: curl -H/--header, wget --header.
			if i > 0 && (words[i-1].Value == "-H" || words[i-1].Value == "--header") || strings.HasPrefix(w.Value, "--header=") {
				h := strings.TrimPrefix(w.Raw, "--header=")
				h = strings.Trim(h, `"'`)
				if m := authHeader.FindStringSubmatch(h); m != nil {
					val := m[2]
					if f := strings.Fields(val); len(f) == 2 {
						val = f[1] // Bearer <token>, token <token>, Basic <b64>
					}
					if src := leaks(in, val); src != "" && len(strings.Trim(val, `"'`)) >= 8 {
						report(w, "the "+m[1]+" header holds a credential ("+src+"), which the image history keeps; pass it with RUN --mount=type=secret")
						continue
					}
				}
			}
			// Tokens written into credential files.
			if writesCredFile != "" && c.Is("echo", "printf") {
				if m := tokenAssign.FindStringSubmatchIndex(w.Raw); m != nil {
					val := strings.Trim(w.Raw[m[4]:m[5]], `"'`)
					if src := leaks(in, val); src != "" && !placeholder(val) {
						report(w, "writes a credential ("+src+") into "+writesCredFile+", where the layer and the image history keep it; mount the file with RUN --mount=type=secret instead")
					}
				}
			}
		}
		// npm config set //registry/:_authToken <token> writes ~/.npmrc.
		if c.Is("npm", "yarn", "pnpm") {
			ps := c.Positionals()
			for i := 0; i+2 < len(ps); i++ {
				if ps[i].Value != "config" || ps[i+1].Value != "set" {
					continue
				}
				key, val := ps[i+2], dockerfile.Word{}
				k, v, eq := strings.Cut(key.Raw, "=")
				switch {
				case eq:
					val.Raw = v
				case i+3 < len(ps):
					val = ps[i+3]
				}
				lk := strings.ToLower(k)
				if strings.Contains(lk, "_authtoken") || strings.HasSuffix(lk, "_auth") || strings.HasSuffix(lk, "_password") {
					if src := leaks(in, strings.Trim(val.Raw, `"'`)); src != "" && !placeholder(val.Raw) {
						report(key, c.Base()+" config set writes a credential ("+src+") into .npmrc, where the layer and the image history keep it; mount the file with RUN --mount=type=secret instead")
					}
				}
			}
		}
		// echo ... | tee .npmrc: the content is in the upstream echo.
		if c.Is("tee") && writesCredFile != "" && c.PipeFrom != nil && c.PipeFrom.Is("echo", "printf") {
			for _, w := range c.PipeFrom.Args {
				if m := tokenAssign.FindStringSubmatchIndex(w.Raw); m != nil {
					val := strings.Trim(w.Raw[m[4]:m[5]], `"'`)
					if src := leaks(in, val); src != "" && !placeholder(val) {
						report(w, "writes a credential ("+src+") into "+writesCredFile+", where the layer and the image history keep it; mount the file with RUN --mount=type=secret instead")
					}
				}
			}
		}
	})
}

// placeholderCreds reports URL user-info that is not a credential:
// `git@`, a literal user name alone (`user@`), anonymous FTP
// (`anonymous:`, `anonymous:guest@`), a literal user with an empty
// password. A variable in the user part is a token used as the user name
// (`https://${TOKEN}@`, `https://${TOKEN}:@`, `https://${TOKEN}:x-oauth-basic@`).
func placeholderCreds(userinfo string) bool {
	u, pw, hasPw := strings.Cut(userinfo, ":")
	if strings.Contains(u, "$") {
		return false
	}
	if strings.EqualFold(u, "anonymous") || strings.EqualFold(u, "ftp") {
		return true
	}
	if !hasPw {
		return true // a literal user name alone
	}
	switch strings.ToLower(pw) {
	case "", "anonymous", "guest":
		return true
	}
	return false
}
