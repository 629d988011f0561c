package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// VerificationDisabledEnv reports environment variables that switch off
// TLS certificate checks, set by ENV, ARG or in a RUN.
var VerificationDisabledEnv = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF013",
		Name:     "verification-disabled-env",
		Severity: rule.Error,
		Summary:  "do not set variables that turn TLS certificate checks off (NODE_TLS_REJECT_UNAUTHORIZED=0, ...)",
		Tags:     []string{"security", "supply-chain"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		References: rule.Refs{
			rule.Checkov: {"CKV2_DOCKER_5", "CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_14", "CKV2_DOCKER_16"},
			rule.CWE:     {"CWE-295"},
		},
		Doc: rule.Doc{
			Why: "These variables turn off certificate checks for every program that reads them: " +
				"`NODE_TLS_REJECT_UNAUTHORIZED=0` (Node.js), `PYTHONHTTPSVERIFY=0` (Python's urllib), " +
				"`GIT_SSL_NO_VERIFY=1` (git), `PIP_TRUSTED_HOST` (pip), `NPM_CONFIG_STRICT_SSL=false` and " +
				"`YARN_STRICT_SSL=false`, and an empty `CURL_CA_BUNDLE` or `REQUESTS_CA_BUNDLE` (Python requests). " +
				"Set with `ENV` they stay in the image and apply to the application at run time too: every " +
				"HTTPS call it makes can then be intercepted. With `ARG` or in a RUN (`export X=0`, `X=0 cmd`) " +
				"they apply to the build's downloads. Commands with options that do the same are DF012.",
			Bad:  "FROM node:22-alpine\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN npm ci\n",
			Good: "FROM node:22-alpine\nCOPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\nENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-ca.crt\nRUN npm ci\n",
			Fix: "Remove the variable. For a private CA, add it to the trust store or point the tool at it: " +
				"`NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE=/path/ca.pem`, `PIP_CERT`, `GIT_SSL_CAINFO`, " +
				"`NPM_CONFIG_CAFILE`.",
		},
	},
	Dockerfile: checkVerificationEnv,
}

// tlsOffVar says whether setting name to value turns TLS checks off; it
// returns what the setting does, or "".
func tlsOffVar(name, value string, hasValue bool) string {
	v := strings.ToLower(strings.Trim(value, `"'`))
	switch strings.ToUpper(name) {
	case "NODE_TLS_REJECT_UNAUTHORIZED":
		if hasValue && v == "0" {
			return "turns off TLS certificate checks in Node.js"
		}
	case "PYTHONHTTPSVERIFY":
		if hasValue && v == "0" {
			return "turns off TLS certificate checks in Python's urllib"
		}
	case "GIT_SSL_NO_VERIFY":
		if hasValue && v != "" && !falseWord(v) {
			return "turns off TLS certificate checks in git"
		}
	case "PIP_TRUSTED_HOST":
		if hasValue && v != "" {
			return "turns off TLS checks in pip for the hosts it lists"
		}
	case "NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL":
		if hasValue && falseWord(v) {
			return "turns off TLS certificate checks in npm/yarn"
		}
	case "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE":
		if hasValue && v == "" {
			return "set empty, turns off TLS certificate checks in Python requests"
		}
	}
	return ""
}

func checkVerificationEnv(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		if in.Keyword == "ENV" || in.Keyword == "ARG" {
			for _, v := range in.Vars {
				if what := tlsOffVar(v.Key, v.Value, v.HasValue); what != "" {
					p.Report(rule.Diagnostic{Range: v.KeyRange, Subject: stageName(in), Message: in.Keyword + " " + v.Key + " " + what + ": remove it (trust a private CA instead)"})
				}
			}
		}
	}
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		words := c.Assigns
		if c.Is("export", "declare", "typeset", "readonly", "local") {
			words = append(words[:len(words):len(words)], c.Args...)
		}
		for _, w := range words {
			k, v, ok := strings.Cut(w.Value, "=")
			if !ok || !w.Known && v != "" {
				continue
			}
			if what := tlsOffVar(k, v, true); what != "" {
				p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: k + "=" + v + " " + what + ": remove it (trust a private CA instead)"})
			}
		}
	})
}
