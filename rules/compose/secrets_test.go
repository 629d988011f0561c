package compose

import (
	"strings"
	"testing"
)

func TestShipped(t *testing.T) {
	m := string(refMark)
	for _, c := range []struct {
		in, out   string
		defaulted bool
	}{
		{"plain", "plain", false},
		{"pa$$word", "pa$word", false},
		{"${PW}", m, false},
		{"$PW", m, false},
		{"${PW:?set it}", m, false},
		{"${PW?set it}", m, false},
		{"${PW:+x}", m, false},
		{"${PW:-hunter2}", "hunter2", true},
		{"${PW-hunter2}", "hunter2", true},
		{"${PW:-}", "", false},
		{"${PW:-${OTHER}}", m, false},
		{"${PW:-${OTHER:-x}}", "x", true},
		{"postgres://app:${PW}@${HOST:-db}/app", "postgres://app:" + m + "@db/app", true},
		{"${unclosed", "${unclosed", false},
		{"cost: 5$", "cost: 5$", false},
	} {
		out, def := shipped(c.in)
		if out != c.out || def != c.defaulted {
			t.Errorf("shipped(%q) = %q, %v; want %q, %v", c.in, out, def, c.out, c.defaulted)
		}
	}
}

func TestURLPassword(t *testing.T) {
	m := string(refMark)
	for _, c := range []struct {
		in, scheme string
	}{
		{"postgres://app:hunter2@db/app", "postgres"},
		{"redis://:hunter2@cache:6379", "redis"},
		{"mongodb+srv://u:p@cluster.example.net/db?x=1", "mongodb+srv"},
		{"jdbc:mysql://u:p@db/x", "mysql"},
		{"postgres://" + m + ":hunter2@db/app", "postgres"},
		{"postgres://app:" + m + "@db/app", ""},
		{"postgres://app:pre" + m + "@db/app", ""},
		{"postgres://app@db/app", ""},
		{"https://example.com/a:b@c", ""},
		{"https://example.com?u=a:b@c", ""},
		{"://a:b@c", ""},
		{"no url", ""},
	} {
		scheme, ok := urlPassword(c.in)
		if scheme != c.scheme || ok != (c.scheme != "") {
			t.Errorf("urlPassword(%q) = %q, %v; want %q", c.in, scheme, ok, c.scheme)
		}
	}
}

func TestShellWords(t *testing.T) {
	got := []string{}
	for _, w := range shellWords(`a "b c" 'd $e' f\ g $$X && h;i # comment`) {
		s := w.text
		if w.dynamic {
			s += "*"
		}
		got = append(got, s)
	}
	want := []string{"a", "b c", "d $e*", "f g", "$$X*", "&", "&", "h", ";", "i"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shellWords = %q, want %q", got, want)
	}
	// Positions are offsets in the input.
	ws := shellWords(`x --password="hunter2"`)
	i, j := ws[1].span(len("--password="), len(ws[1].text))
	if s := `x --password="hunter2"`[i:j]; s != "hunter2" {
		t.Errorf("span = %q", s)
	}
}

func TestCommandSecrets(t *testing.T) {
	for _, c := range []struct {
		items []string
		shell bool
		want  []string // the credential texts found
	}{
		{[]string{"CMD", "mysqladmin", "ping", "-uroot", "-proot"}, false, []string{"root"}},
		{[]string{"CMD", "mysql", "-p", "db"}, false, nil},
		{[]string{"CMD", "mysql", "--password", "db"}, false, nil},
		{[]string{"CMD", "mongosh", "-p", "example"}, false, []string{"example"}},
		{[]string{"CMD", "redis-cli", "-p", "6379", "ping"}, false, nil},
		{[]string{"CMD", "redis-cli", "-a", "pw", "ping"}, false, []string{"pw"}},
		{[]string{"docker run -p 8080:80 nginx && docker login -p pw"}, true, []string{"pw"}},
		{[]string{"sh", "-c", "PGPASSWORD=pw psql -h db"}, false, []string{"pw"}},
		{[]string{"sh", "-c", `PGPASSWORD="$$PW" psql -h db`}, false, nil},
		{[]string{"app --client-secret abc --token-file /run/secrets/t --password-stdin reg"}, true, []string{"abc"}},
		{[]string{"curl -uadmin:pw http://x"}, true, []string{"admin:pw"}},
		{[]string{"curl --user=admin:pw http://x"}, true, []string{"admin:pw"}},
		{[]string{"curl -u admin: http://x"}, true, nil},
		{[]string{"run --env=API_TOKEN=abc"}, true, []string{"abc"}},
		{[]string{"openssl enc -k pass:pw"}, true, []string{"pw"}},
		{[]string{"app --secret id=npm,src=.npmrc --password true"}, true, nil},
		{[]string{"deploy ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}, true, []string{"ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"}},
		{[]string{"mysqld --default-authentication-plugin=mysql_native_password"}, true, nil},
	} {
		var got []string
		for _, h := range commandSecrets(commandWords(c.items, c.shell)) {
			got = append(got, h.w.text[h.i:h.j])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: found %q, want %q", c.items, got, c.want)
		}
	}
}

func TestTLSOff(t *testing.T) {
	for _, c := range []struct {
		key, value string
		off        bool
	}{
		{"NODE_TLS_REJECT_UNAUTHORIZED", "0", true},
		{"NODE_TLS_REJECT_UNAUTHORIZED", "false", false}, // Node compares with "0"
		{"node_tls_reject_unauthorized", "0", false},     // case-sensitive
		{"GIT_SSL_NO_VERIFY", "1", true},
		{"GIT_SSL_NO_VERIFY", "0", false},
		{"npm_config_strict_ssl", "false", true},
		{"SSL_VERIFY", "false", true},
		{"VERIFY_SSL", "0", true},
		{"SSL_VERIFY", "true", false},
		{"TLS_SKIP_VERIFY", "true", true},
		{"INSECURE_SKIP_VERIFY", "true", true},
		{"IGNORE_CERT_ERRORS", "1", true},
		{"DB_SSL_REJECT_UNAUTHORIZED", "false", true},
		{"DOCKER_TLS_VERIFY", "0", false},
		{"CURL_INSECURE", "1", false},
		{"SSL_CERT_FILE", "", false},
		{"REQUESTS_CA_BUNDLE", "", true},
		{"ALLOW_INSECURE", "true", false},
		{"PGSSLMODE", "disable", false},
		{"MLFLOW_S3_IGNORE_TLS", "true", true},
		{"IGNORE_HTTPS_REDIRECT", "true", false},
	} {
		if _, off := tlsOff(c.key, c.value); off != c.off {
			t.Errorf("tlsOff(%s=%q) = %v, want %v", c.key, c.value, off, c.off)
		}
	}
}

// A value glued to an unknown single-dash option is never named as an option.
func TestCommandSecretsNoGluedValue(t *testing.T) {
	for _, h := range commandSecrets(commandWords([]string{"tool -padminpass next"}, true)) {
		if strings.Contains(h.what, "adminpass") {
			t.Errorf("message names the glued value: %s", h.what)
		}
	}
}
