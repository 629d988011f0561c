package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// TLSVerificationDisabled flags environment variables and build args that
// turn off TLS certificate verification.
var TLSVerificationDisabled = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC025",
		Name:       "tls-verification-disabled",
		Severity:   rule.Warning,
		Summary:    "do not turn off TLS certificate verification in environment or build args; trust the CA the service needs",
		Tags:       []string{"security", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-295"}},
		Doc: rule.Doc{
			Why: "A variable that turns off certificate verification makes every HTTPS connection of the " +
				"process accept any certificate: a machine-in-the-middle can read credentials and feed the " +
				"service (or, as a build arg, the build's package downloads) whatever it likes.\n\n" +
				"The rule reads `environment:` and `build.args` and reports, at the value:\n\n" +
				"- `NODE_TLS_REJECT_UNAUTHORIZED=0` (Node.js), `PYTHONHTTPSVERIFY=0` (Python, PEP 493), " +
				"`GIT_SSL_NO_VERIFY` set true (git), `NPM_CONFIG_STRICT_SSL=false` and yarn's " +
				"`YARN_STRICT_SSL` / `YARN_ENABLE_STRICT_SSL=false` (any case), `BUNDLE_SSL_VERIFY_MODE=0` " +
				"(Bundler), and any value of `PIP_TRUSTED_HOST`, `UV_INSECURE_HOST` and `GOINSECURE`;\n" +
				"- `CURL_CA_BUNDLE` or `REQUESTS_CA_BUNDLE` set to an empty string, which turns verification " +
				"off in older versions of Python's requests (and tools that vendor them);\n" +
				"- application settings by the shape of their name: one that speaks of TLS, SSL or " +
				"certificates and of being insecure, of skipping verification or of ignoring TLS, set true " +
				"(`TLS_INSECURE`, `SSL_NO_VERIFY`, `INSECURE_SKIP_TLS_VERIFY`, `IGNORE_CERT_ERRORS`, MLflow's " +
				"`MLFLOW_S3_IGNORE_TLS`), one that " +
				"names the verification itself, set false (`SSL_VERIFY`, `VERIFY_SSL`, `TLS_VERIFY_CERT`), and " +
				"`..._REJECT_UNAUTHORIZED=false` (node-postgres and other Node.js clients).\n\n" +
				"The value judged is the one the service gets: a `${VAR:-0}` default and a value that `.env` " +
				"supplies through `${VAR}` are reported at the compose value (with the `.env` line as a related " +
				"location); a variable that is not set is not. A value that several services inherit (a YAML anchor, an `extends` base) is reported once, at the place it is written, naming the services. Not reported: " +
				"`SSL_CERT_FILE`, `SSL_CERT_DIR`, `NODE_EXTRA_CA_CERTS` and other CA settings (they replace or " +
				"extend the trust store, which is the fix), `DOCKER_TLS_VERIFY` (the Docker CLI verifies " +
				"whenever it is set, even to 0), and `CURL_INSECURE` (curl does not read it). Checkov checks " +
				"several of these variables in Dockerfiles (CKV2_DOCKER_5, 6, 12, 14, 16); no peer checks compose " +
				"files (concept #59 of the landscape).",
			Bad:  "services:\n  api:\n    image: node:22-alpine\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: \"0\"\n",
			Good: "services:\n  api:\n    image: node:22-alpine\n    environment:\n      NODE_EXTRA_CA_CERTS: /certs/internal-ca.pem\n    volumes:\n      - ./certs/internal-ca.pem:/certs/internal-ca.pem:ro\n",
			Fix: "Remove the variable and make the client trust the certificate it meets: mount the internal " +
				"CA and point the runtime at it (`NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, " +
				"`PIP_CERT`, `GIT_SSL_CAINFO`, `NPM_CONFIG_CAFILE`), or fix the server's certificate.",
		},
	},
	Compose: checkTLSVerificationDisabled,
}

func checkTLSVerificationDisabled(p *rule.Pass, proj *compose.Project) {
	var out sharedReports
	defer out.flush(p)
	var dotEnv []*compose.EnvFile
	read := false
	dot := func() []*compose.EnvFile { // read only for a finding that needs it
		if !read {
			read = true
			for _, abs := range proj.DotEnvFiles() {
				if f, ok := proj.ReadEnvFile(abs); ok {
					dotEnv = append(dotEnv, f)
				}
			}
		}
		return dotEnv
	}
	for _, s := range proj.Services {
		for _, key := range sortedKeys(s.Config.Environment) {
			if v := s.Config.Environment[key]; v != nil {
				reportTLSOff(&out, proj, dot, s.Name, "environment", "environment variable", key, *v)
			}
		}
		if s.Config.Build != nil {
			for _, key := range sortedKeys(s.Config.Build.Args) {
				if v := s.Config.Build.Args[key]; v != nil {
					reportTLSOff(&out, proj, dot, s.Name, "build.args", "build arg", key, *v)
				}
			}
		}
	}
}

// reportTLSOff judges the value the service gets (interpolated with .env
// and defaults, as compose runs it), at the compose value that sets it.
func reportTLSOff(out *sharedReports, proj *compose.Project, dotEnv func() []*compose.EnvFile, svc, path, noun, key, value string) {
	e, ok := proj.Entry(svc, path, key)
	if !ok || !e.HasValue {
		return
	}
	value = strings.TrimSpace(value)
	if value == "" && e.Written != "" {
		return // an unset variable: compose passes nothing useful
	}
	who, ok := tlsOff(key, value)
	if !ok {
		return
	}
	text, defaulted := shipped(e.Written)
	how := ""
	var related []rule.Related
	switch {
	case text == e.Written:
	case defaulted && !strings.ContainsRune(text, refMark) && strings.TrimSpace(text) == value:
		how = "the ${...:-default} of "
	default:
		for _, name := range varRefs(e.Written) {
			if f, v, ok := definedIn(dotEnv(), name); ok {
				related = append(related, rule.Related{Path: f.Display, Range: v.KeyRange, Message: name + " is set here"})
			}
		}
		how = "the value interpolated into "
	}
	out.add(svc, e.Path, e.Range, related,
		fmt.Sprintf("%s%s %q turns off TLS certificate verification%s; remove it and trust the CA the service needs (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, a mounted CA bundle)", how, noun, key, who))
}

func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on", "y":
		return true
	}
	return false
}

func falsy(v string) bool {
	switch strings.ToLower(v) {
	case "0", "false", "no", "off", "n", "none":
		return true
	}
	return false
}

// tlsOff reports whether key=v turns off certificate verification, and
// for whom (" for Node.js"; "" for an application setting).
func tlsOff(key, v string) (string, bool) {
	switch strings.ToUpper(key) {
	case "NODE_TLS_REJECT_UNAUTHORIZED":
		return " for Node.js", key == "NODE_TLS_REJECT_UNAUTHORIZED" && v == "0"
	case "PYTHONHTTPSVERIFY":
		return " for Python", key == "PYTHONHTTPSVERIFY" && v == "0"
	case "GIT_SSL_NO_VERIFY":
		// git reads it as a boolean; any other non-empty value is also true to it.
		return " for git", key == "GIT_SSL_NO_VERIFY" && v != "" && !falsy(v)
	case "NPM_CONFIG_STRICT_SSL":
		return " for npm", falsy(v)
	case "YARN_STRICT_SSL", "YARN_ENABLE_STRICT_SSL":
		return " for yarn", falsy(v)
	case "BUNDLE_SSL_VERIFY_MODE":
		return " for Bundler", key == "BUNDLE_SSL_VERIFY_MODE" && v == "0"
	case "PIP_TRUSTED_HOST":
		return " for pip's trusted hosts", key == "PIP_TRUSTED_HOST" && v != ""
	case "UV_INSECURE_HOST":
		return " for uv's insecure hosts", key == "UV_INSECURE_HOST" && v != ""
	case "GOINSECURE":
		return " for the Go modules it names", key == "GOINSECURE" && v != ""
	case "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE":
		return " for older versions of Python requests", key == strings.ToUpper(key) && v == ""
	case "DOCKER_TLS_VERIFY", "CURL_INSECURE":
		return "", false
	}
	words := map[string]bool{}
	for _, w := range secrets.Words(key) {
		words[w] = true
	}
	has := func(ws ...string) bool {
		for _, w := range ws {
			if words[w] {
				return true
			}
		}
		return false
	}
	tlsish := has("tls", "ssl", "https", "cert", "certs", "certificate", "certificates", "x509")
	verify := has("verify", "verification", "validate", "validation", "check", "errors")
	negated := has("skip", "no", "disable", "disabled", "ignore", "insecure")
	switch {
	case words["reject"] && words["unauthorized"]:
		return "", falsy(v)
	case words["insecure"] && (tlsish || words["skip"] && verify),
		words["ignore"] && has("tls", "ssl", "cert", "certs", "certificate", "certificates"):
		return "", truthy(v)
	case tlsish && verify && negated:
		return "", truthy(v)
	case tlsish && verify:
		return "", falsy(v)
	}
	return "", false
}
