// Package secrets tells whether a name or a literal value looks like a
// credential. Both front ends use it: DF007 for Dockerfile ARG and ENV,
// and the compose rules for environment, labels, build args and command
// lines, so that a name is a secret in a compose file exactly when it is
// one in a Dockerfile.
package secrets

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// Words splits a variable name into lower-case words: on `_`, `-`,
// `.` and camelCase boundaries ("dbPassword" -> db, password).
func Words(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if i > 0 && unicode.IsUpper(r) && unicode.IsLower(rs[i-1]) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

var (
	// secretWords make a name secret wherever they appear as a word.
	secretWords = map[string]bool{
		"password": true, "passwd": true, "passphrase": true, "secret": true, "secrets": true,
		"token": true, "tokens": true, "apikey": true, "apitoken": true, "credential": true,
		"credentials": true, "creds": true, "privatekey": true, "secretkey": true,
		"accesskey": true, "authtoken": true, "pat": true, "pwd": true,
	}
	// credentialStems are short words that name a credential only after a
	// qualifier: as two words (API_KEY, ROOT_PASS, DB_PW) or glued into one
	// (APIKEY, LDAP_ROOTPASS, ADMINPWD). Keeping the qualifiers to a list
	// is what keeps KEYBOARD, MONKEY, BYPASS, COMPASS, KEEPASS, GETPWD and
	// nginx's PROXY_PASS out.
	credentialStems = map[string][]string{
		"key": {"api", "access", "private", "secret", "auth", "encryption", "encrypt", "signing",
			"master", "license", "ssh", "session", "app", "account", "hmac", "jwt", "storage",
			"deploy", "crypt", "cipher"},
		"pass": passQualifiers,
		"pw":   passQualifiers,
		"pwd":  passQualifiers,
	}
	// lastWordStems count as two words only at the end of the name:
	// ROOT_PASS, but not WEB_PASS_THROUGH or GIT_PASS_HELPER.
	lastWordStems = map[string]bool{"pass": true, "pw": true, "pwd": true}
	// passQualifiers say whose password a PASS, PW or PWD is: ROOT_PASS,
	// DBPASS, SMTP_PW, ADMINPWD, STOREPASS (keytool).
	passQualifiers = []string{"root", "db", "admin", "user", "usr", "ldap", "mysql", "postgres",
		"pg", "redis", "mongo", "sql", "smtp", "mail", "email", "ftp", "sftp", "vnc", "rdp",
		"sudo", "login", "auth", "api", "app", "store", "master", "bind", "rabbitmq",
		"amqp", "git", "registry", "docker", "web", "http", "basic", "default", "initial",
		"server", "client", "super", "system", "sys"}
	// safeLast are last words of names that only point at a secret or
	// describe it: DB_PASSWORD_FILE, API_TOKEN_URL, SECRET_NAME...
	safeLast = map[string]bool{
		"file": true, "files": true, "path": true, "dir": true, "url": true, "uri": true,
		"endpoint": true, "host": true, "port": true, "version": true, "ver": true, "name": true,
		"id": true, "ids": true, "type": true, "length": true, "len": true, "size": true,
		"mode": true, "enabled": true, "enable": true, "disabled": true, "disable": true,
		"required": true, "expiry": true, "expires": true, "ttl": true, "timeout": true,
		"header": true, "method": true, "prefix": true, "suffix": true, "location": true,
		"server": true, "servers": true, "fingerprint": true, "fingerprints": true,
		"ring": true, "keyring": true, "env": true, "var": true, "policy": true, "hash": true,
		"sha256": true, "sha512": true, "checksum": true, "provider": true, "command": true,
		"cmd": true, "user": true, "username": true, "field": true, "count": true,
		"helper": true, "plugin": true, "parser": true, "tool": true, "tools": true,
		"client": true, "generator": true,
	}
	// publicWords mark public key material or non-secrets: GPG_KEYS, PUBLIC_KEY.
	publicWords = map[string]bool{
		"public": true, "pub": true, "pubkey": true, "gpg": true, "pgp": true, "gnupg": true,
		"no": true, "skip": true,
	}
)

// Name reports whether a variable name (an ARG, ENV or environment key, a
// build arg, a command-line option) looks like it holds a credential.
func Name(name string) bool {
	w := Words(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if safeLast[last] {
		return false
	}
	for _, x := range w {
		if publicWords[x] {
			return false
		}
	}
	if len(w) == 1 && w[0] == "pwd" {
		return false // the shell's working directory
	}
	for i, x := range w {
		if secretWords[x] || compoundSecret(x) {
			return true
		}
		if i > 0 && (i == len(w)-1 || !lastWordStems[x]) && qualifiedStem(w[i-1], x) {
			return true
		}
	}
	return false
}

// qualifiedStem reports whether a qualifier word followed by a credential
// stem names a credential: API KEY, ROOT PASS, LDAPROOT PASS.
func qualifiedStem(prev, stem string) bool {
	for _, q := range credentialStems[stem] {
		if strings.HasSuffix(prev, q) {
			return true
		}
	}
	return false
}

// compoundSecret reports a one-word name with a credential inside:
// DBPASSWORD, MYSECRET, GITHUBTOKEN, AWSSECRETKEY, LDAPROOTPASS, ADMINPWD.
// Stems glued to English words (BYPASS, COMPASS, PASSPORT, PASSTHROUGH,
// PASSIVE, KEYBOARD, MONKEY, TOKENIZER) are not credentials: short stems
// count only at the end of the word and after a qualifier.
func compoundSecret(x string) bool {
	switch {
	case strings.Contains(x, "passwordless"):
		return false // a login mode, not a password
	case strings.Contains(x, "password"), strings.Contains(x, "passwd"), strings.HasSuffix(x, "passphrase"):
		return true
	case strings.HasSuffix(x, "secret"):
		return true
	case strings.HasSuffix(x, "token") && len(x) > len("token") && !strings.HasPrefix(x, "token"):
		return true
	}
	for stem, quals := range credentialStems {
		if !strings.HasSuffix(x, stem) {
			continue
		}
		for _, q := range quals {
			if strings.HasSuffix(x, q+stem) {
				return true
			}
		}
	}
	return false
}

// valuePatterns are credential formats. Each has literals, one of which
// any match contains: checking them with strings.Contains first skips the
// regular expressions for almost every value (they cost 4% of a corpus
// run when tried on every ARG and ENV).
var valuePatterns = []struct {
	lits []string
	re   *regexp.Regexp
	kind string
}{
	{[]string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA"}, regexp.MustCompile(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b`), "an AWS access key"},
	{[]string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}, regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}`), "a GitHub token"},
	{[]string{"glpat-"}, regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`), "a GitLab token"},
	{[]string{"-----BEGIN"}, regexp.MustCompile(`-----BEGIN[A-Z ]* PRIVATE KEY( BLOCK)?-----`), "a private key"},
	{[]string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), "a Slack token"},
	{[]string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`), "a Google API key"},
	{[]string{"k_live_"}, regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{20,}`), "a Stripe secret key"},
	{[]string{"npm_"}, regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`), "an npm token"},
	{[]string{"SG."}, regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`), "a SendGrid API key"},
	{[]string{"eyJ"}, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`), "a JSON Web Token"},
	{[]string{"://"}, regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@$]+:[^/\s@$]+@`), "a URL with a password"},
}

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// Value returns what a literal value looks like ("an AWS access key", "a
// random secret"), or "" when it does not look like a credential.
func Value(v string) string {
	v = strings.Trim(v, `"'`)
	if kind := Format(v); kind != "" {
		return kind
	}
	if highEntropy(v) {
		return "a random secret"
	}
	return ""
}

// Format is Value without the entropy test: it names a known credential
// format (a cloud or forge token, a private key block, a JSON Web Token, a
// URL with a password) found in v, or returns "". Words of a command line
// are checked with it: a long random word there is more often a hash, an
// ID or a base64 blob than a secret.
func Format(v string) string {
	if v == "" {
		return ""
	}
	for _, vp := range valuePatterns {
		if containsAny(v, vp.lits) && vp.re.MatchString(v) {
			return vp.kind
		}
	}
	return ""
}

// highEntropy reports a long random-looking token: at least 24
// characters of letters, digits and +/=_-, mixing upper case, lower case
// and digits, and with high Shannon entropy. Hex strings (checksums, key
// fingerprints) are not counted.
func highEntropy(v string) bool {
	if len(v) < 24 || len(v) > 512 || strings.ContainsAny(v, " \t$/.:") {
		return false
	}
	var upper, lower, digit bool
	hex := true
	var counts [128]int
	for _, r := range v {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
			if r > 'F' {
				hex = false
			}
		case r >= 'a' && r <= 'z':
			lower = true
			if r > 'f' {
				hex = false
			}
		case r >= '0' && r <= '9':
			digit = true
		case r == '+' || r == '=' || r == '_' || r == '-':
			hex = false
		default:
			return false
		}
		counts[r]++
	}
	if hex || !(upper && lower && digit) {
		return false
	}
	var h float64
	n := float64(len(v))
	for _, c := range counts {
		if c > 0 {
			q := float64(c) / n
			h -= q * math.Log2(q)
		}
	}
	return h >= 4.2
}
