package compose

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// What the credential rules (DC021-DC024) share: how compose interpolation
// decides whether a value is a literal, what a literal credential is, the
// URL-with-password test, and a shell word splitter for command lines.

// refMark stands for a variable reference with no default in shipped text:
// a value holding it takes (part of) its content from the environment.
const refMark = '\x00'

// shipped renders a value as written the way compose ships it when none of
// the variables it names is set: `$$` becomes `$`, `${X:-default}` and
// `${X-default}` their default, and every other reference (`$X`, `${X}`,
// `${X:?err}`, `${X:+alt}`) the rune refMark. defaulted reports that a
// default supplied some of the text.
func shipped(w string) (text string, defaulted bool) {
	if !strings.Contains(w, "$") {
		return w, false
	}
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c != '$' || i+1 >= len(w) {
			b.WriteByte(c)
			continue
		}
		switch n := w[i+1]; {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '{':
			end := closingBrace(w, i+2)
			if end < 0 {
				b.WriteString(w[i:])
				return b.String(), defaulted
			}
			body := w[i+2 : end]
			name := varName(body)
			rest := body[len(name):]
			switch {
			case name == "":
				b.WriteString(w[i : end+1])
			case strings.HasPrefix(rest, ":-"), strings.HasPrefix(rest, "-"):
				def, _ := shipped(strings.TrimPrefix(strings.TrimPrefix(rest, ":"), "-"))
				b.WriteString(def)
				defaulted = defaulted || strings.Trim(def, string(refMark)) != ""
			default:
				b.WriteRune(refMark)
			}
			i = end
		case isNameStart(n):
			j := i + 1
			for j < len(w) && isNameChar(w[j]) {
				j++
			}
			b.WriteRune(refMark)
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), defaulted
}

// closingBrace finds the `}` that closes a `${` whose body starts at i.
func closingBrace(s string, i int) int {
	depth := 1
	for ; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func varName(s string) string {
	if s == "" || !isNameStart(s[0]) {
		return ""
	}
	j := 1
	for j < len(s) && isNameChar(s[j]) {
		j++
	}
	return s[:j]
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// flagValues are values of credential-named keys that switch something on
// or off rather than hold a credential (MYSQL_RANDOM_ROOT_PASSWORD: "yes",
// MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: 1).
var flagValues = map[string]bool{
	"yes": true, "no": true, "true": true, "false": true, "on": true, "off": true,
	"0": true, "1": true, "y": true, "n": true, "enabled": true, "disabled": true,
	"none": true, "null": true, "nil": true, "random": true,
}

// quantityWords name a quantity about a credential (a lifetime, a size, a
// limit): with a numeric value, `JWT_TOKEN_EXPIRE_MINUTES: 30` and
// `OPENAI_MAX_TOKENS: 4096` are settings, while `DB_PASSWORD: 12345678` is
// a (weak) password.
var quantityWords = map[string]bool{
	"ttl": true, "timeout": true, "expire": true, "expires": true, "expiry": true, "expiration": true,
	"validity": true, "lifetime": true, "age": true, "rotation": true, "interval": true,
	"retention": true, "duration": true, "seconds": true, "secs": true, "sec": true, "minutes": true,
	"mins": true, "min": true, "hours": true, "days": true, "ms": true, "length": true, "len": true,
	"size": true, "limit": true, "max": true, "maximum": true, "minimum": true, "count": true,
	"tokens": true, "retries": true, "attempts": true, "rounds": true, "cost": true, "bits": true,
	"iterations": true, "threshold": true, "window": true, "cache": true,
}

var quantityRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(ms|s|m|h|d|k|kb|mb|g|gb)?$`)

func quantityKnob(key, value string) bool {
	if !quantityRE.MatchString(strings.ToLower(value)) {
		return false
	}
	for _, w := range secrets.Words(key) {
		if quantityWords[w] {
			return true
		}
	}
	return false
}

// filePointer reports a value that names where a secret is rather than
// holding it: a path (`/run/secrets/db_password`, `./certs/key.pem`) or a
// file URL.
var filePointerRE = regexp.MustCompile(`^(?:(?:~|\.{1,2})?/|file://)[A-Za-z0-9_./@+,=-]*$`)

func filePointer(v string) bool { return filePointerRE.MatchString(v) }

// descriptorWords end names that describe a credential rather than hold
// one, in addition to those DF007 already leaves out (_FILE, _URL, _TYPE,
// _MODE, ...): PASSWORD_ENCODER: bcrypt, SECRET_MANAGER_REGION: eu-west-1,
// TOKEN_STORE: redis, DB_SECRET_ARN: arn:aws:... Dockerfile ARG and ENV
// names are judged without their value, so DF007 keeps its own list.
var descriptorWords = map[string]bool{
	"encoder": true, "encoding": true, "hasher": true, "hashers": true, "hashing": true,
	"algorithm": true, "algorithms": true, "algo": true, "alg": true, "cipher": true,
	"manager": true, "region": true, "backend": true, "store": true, "storage": true, "driver": true,
	"adapter": true, "strategy": true, "format": true, "scheme": true, "engine": true, "service": true,
	"arn": true, "ref": true, "reference": true, "namespace": true, "scope": true, "scopes": true,
	"issuer": true, "audience": true, "realm": true, "label": true, "description": true, "level": true,
	"charset": true, "pattern": true, "regex": true, "source": true, "kind": true, "class": true,
}

// credentialName is secrets.Name without the names that describe a
// credential (descriptorWords) and the access key IDs.
func credentialName(key string) bool {
	if !secrets.Name(key) {
		return false
	}
	w := secrets.Words(key)
	if n := len(w); n >= 2 && w[n-2] == "access" && w[n-1] == "key" && !slices.Contains(w, "secret") {
		// S3_ACCESS_KEY, MINIO_ACCESS_KEY: the access key ID, the user
		// name half of the pair (its SECRET_KEY is the secret).
		return false
	}
	return !descriptorWords[w[len(w)-1]]
}

// pointerRE matches values that name where a secret is kept: an AWS ARN,
// a 1Password, Vault or cloud secret-manager reference.
var pointerRE = regexp.MustCompile(`^(?:arn:aws[a-z-]*:|op://|vault:|(?:gcp|aws|azure)-?(?:sm|secret|secrets|keyvault)://|projects/[^/]+/secrets/)`)

// literalCredential reports whether a credential-named key's value, as
// written, ships a literal credential; defaulted says that it comes from a
// `${VAR:-default}` default. Empty values, references with no default,
// switches, quantities and file paths are not credentials.
func literalCredential(key, written string) (lit, defaulted bool) {
	text, def := shipped(written)
	text = strings.TrimSpace(text)
	switch {
	case text == "", strings.ContainsRune(text, refMark):
		return false, false
	case flagValues[strings.ToLower(text)], quantityKnob(key, text), filePointer(text), pointerRE.MatchString(text):
		return false, false
	}
	return true, def
}

// urlPassword finds `scheme://user:password@` in s (shipped text) with a
// password that is a literal, and returns the scheme. A password that is,
// or holds, a reference (`postgres://app:${DB_PASSWORD}@db/app`) is not a
// literal; a user or host that is one does not matter.
func urlPassword(s string) (scheme string, ok bool) {
	for off := 0; ; {
		i := strings.Index(s[off:], "://")
		if i < 0 {
			return "", false
		}
		i += off
		off = i + 3
		j := i
		for j > 0 && (isNameChar(s[j-1]) || s[j-1] == '+' || s[j-1] == '.' || s[j-1] == '-') {
			j--
		}
		if j == i || !isNameStart(s[j]) {
			continue
		}
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?# \t\n")
		if end < 0 {
			end = len(rest)
		}
		auth := rest[:end]
		at := strings.LastIndexByte(auth, '@')
		if at < 0 {
			continue
		}
		_, pw, has := strings.Cut(auth[:at], ":")
		if !has || pw == "" || strings.ContainsRune(pw, refMark) {
			continue
		}
		return s[j:i], true
	}
}

// A word of a command line, as the shell (or compose's shlex split of a
// string command) reads it.
type word struct {
	text    string
	pos     []int // pos[k] is the offset of text[k] in the string split
	dynamic bool  // holds an expansion ($, `) the container resolves
	op      bool  // a command separator (; & | ( ) newline)
}

// span is the offsets [start, end) in the split string of text[i:j].
func (w word) span(i, j int) (int, int) {
	if len(w.pos) == 0 || i >= j {
		return 0, 0
	}
	return w.pos[i], w.pos[j-1] + 1
}

// shellWords splits s into words: blanks separate, quotes and backslashes
// group, `#` starts a comment, and separators are words of their own.
// Expansions are not performed; a word holding one is dynamic.
func shellWords(s string) []word {
	var out []word
	var cur *word
	start := func() {
		if cur == nil {
			cur = &word{}
		}
	}
	add := func(c byte, at int) {
		start()
		cur.text += string(c)
		cur.pos = append(cur.pos, at)
	}
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		case c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')':
			flush()
			out = append(out, word{text: string(c), pos: []int{i}, op: true})
		case c == '#' && cur == nil:
			for i < len(s) && s[i] != '\n' {
				i++
			}
			i--
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				add(s[i], i)
			}
		case c == '\'':
			start()
			for i++; i < len(s) && s[i] != '\''; i++ {
				if s[i] == '$' || s[i] == '`' {
					// The shell keeps it, but compose interpolates a
					// written $ even inside single quotes.
					cur.dynamic = true
				}
				add(s[i], i)
			}
		case c == '"':
			start()
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				} else if s[i] == '$' || s[i] == '`' {
					cur.dynamic = true
				}
				add(s[i], i)
			}
		default:
			if c == '$' || c == '`' {
				start()
				cur.dynamic = true
			}
			add(c, i)
		}
	}
	flush()
	return out
}

// argWord is a word of a command-like value and the Arg it is in.
type argWord struct {
	word
	arg int
}

// commandWords turns a command-like value (exec-form items, or one string
// for the shell or compose's split) into words, splitting shell strings:
// a string form, the test of CMD-SHELL, and the script after `sh -c`.
func commandWords(items []string, shellForm bool) []argWord {
	var out []argWord
	split := func(i int) {
		for _, w := range shellWords(items[i]) {
			out = append(out, argWord{w, i})
		}
		out = append(out, argWord{word{text: ";", op: true}, i})
	}
	if shellForm {
		for i := range items {
			split(i)
		}
		return expandScripts(out, items)
	}
	for i, it := range items {
		if i == 1 && strings.EqualFold(items[0], "CMD-SHELL") {
			split(i)
			continue
		}
		pos := make([]int, len(it))
		for k := range pos {
			pos[k] = k
		}
		out = append(out, argWord{word{text: it, pos: pos, dynamic: strings.ContainsAny(it, "$`")}, i})
	}
	return expandScripts(out, items)
}

var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true, "ksh": true}

// expandScripts replaces the word after `sh -c` by the words of the
// script it holds (positions kept in the enclosing string).
func expandScripts(ws []argWord, items []string) []argWord {
	var out []argWord
	for k := 0; k < len(ws); k++ {
		w := ws[k]
		out = append(out, w)
		if k+2 < len(ws) && !w.op && shells[path.Base(w.text)] && ws[k+1].text == "-c" && !ws[k+2].op {
			out = append(out, ws[k+1])
			script := ws[k+2]
			for _, sw := range shellWords(script.text) {
				pos := make([]int, len(sw.pos))
				for n, p := range sw.pos {
					pos[n] = script.pos[p]
				}
				sw.pos = pos
				out = append(out, argWord{sw, script.arg})
			}
			out = append(out, argWord{word{text: ";", op: true}, script.arg})
			k += 2
		}
	}
	return out
}

// keywordPasswordRE finds the password of a keyword connection string:
// ADO.NET and ODBC (`Server=db;User Id=sa;Password=x;`) and libpq
// (`host=db user=app password=x`).
var keywordPasswordRE = regexp.MustCompile(`(?i)(?:^|[;\s])(?:password|pwd)\s*=\s*("[^"]*"|'[^']*'|[^;\s]*)`)

// keywordPassword reports a keyword connection string in s (shipped text)
// whose password is a literal.
func keywordPassword(s string) bool {
	for _, m := range keywordPasswordRE.FindAllStringSubmatch(s, -1) {
		pw := strings.Trim(m[1], `"'`)
		if pw != "" && !strings.ContainsRune(pw, refMark) {
			return true
		}
	}
	return false
}

// credential is why an entry holds a literal credential.
type credential struct {
	// what it holds, for messages: "a literal credential", "a postgres URL
	// with a literal password", "what looks like a GitHub token".
	what string
	// defaulted: the credential is the default of a `${VAR:-default}`.
	defaulted bool
	// byName: the key's name says it is a credential (and the value is a literal).
	byName bool
}

// credentialIn tells whether the value written for key ships a literal
// credential: a URL with a literal password (whatever the key), a literal
// value of a credential-named key, or a value in a known credential format.
func credentialIn(key, written string) (credential, bool) {
	text, def := shipped(written)
	if scheme, ok := urlPassword(text); ok {
		return credential{what: "a " + scheme + " URL with a literal password", defaulted: def}, true
	}
	if !credentialName(key) && strings.Contains(strings.ToLower(text), "=") && keywordPassword(text) {
		return credential{what: "a connection string with a literal password", defaulted: def}, true
	}
	if credentialName(key) {
		if lit, def := literalCredential(key, written); lit {
			return credential{what: "a literal credential", defaulted: def, byName: true}, true
		}
		return credential{}, false
	}
	if strings.ContainsRune(text, refMark) {
		return credential{}, false
	}
	if kind := secrets.Value(text); kind != "" && kind != "a URL with a password" {
		return credential{what: "what looks like " + kind, defaulted: def}, true
	}
	return credential{}, false
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sharedReports gathers the findings of a credential rule so that a value
// written once and inherited by several services (a YAML anchor, an
// extends base) is reported once, naming the services, rather than once
// per service at the same place.
type sharedReports struct {
	order []sharedKey
	by    map[sharedKey]*sharedReport
}

type sharedKey struct {
	path string
	rng  source.Range
	rest string
}

type sharedReport struct {
	services []string
	related  []rule.Related
}

// add records a finding of service svc at path/rng; rest is the message
// after the "service ...: " part.
func (r *sharedReports) add(svc, path string, rng source.Range, related []rule.Related, rest string) {
	k := sharedKey{path, rng, rest}
	if r.by == nil {
		r.by = map[sharedKey]*sharedReport{}
	}
	g := r.by[k]
	if g == nil {
		g = &sharedReport{related: related}
		r.by[k] = g
		r.order = append(r.order, k)
	}
	if !slices.Contains(g.services, svc) {
		g.services = append(g.services, svc)
	}
}

// flush reports each gathered finding; the subject is its first service.
func (r *sharedReports) flush(p *rule.Pass) {
	for _, k := range r.order {
		g := r.by[k]
		p.Report(rule.Diagnostic{Path: k.path, Range: k.rng, Subject: g.services[0], Related: g.related,
			Message: servicesPhrase(g.services) + ": " + k.rest})
	}
}

// servicesPhrase names services: `service "a"`, `services "a" and "b"`,
// `services "a", "b", "c" and 2 more`.
func servicesPhrase(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	switch {
	case len(q) == 1:
		return "service " + q[0]
	case len(q) <= 4:
		return "services " + strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
	}
	return "services " + strings.Join(q[:3], ", ") + fmt.Sprintf(" and %d more", len(q)-3)
}
