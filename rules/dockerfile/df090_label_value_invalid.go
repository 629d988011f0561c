package dockerfile

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// LabelValueInvalid flags label values that do not have the type the
// configured label-schema gives them.
var LabelValueInvalid = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF090",
		Name:       "label-value-invalid",
		Severity:   rule.Warning,
		Summary:    "give schema labels a value of their type (url, email, rfc3339, semver, git hash, SPDX id)",
		Tags:       []string{"hygiene", "labels"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"}},
		Doc: rule.Doc{
			Why: "Labels are read by machines: a registry links `org.opencontainers.image.source` only if it " +
				"is a URL, a dashboard sorts by `created` only if it is a timestamp. The rule runs only when " +
				"`.dockguard.yaml` has a `label-schema`, and checks each LABEL that the schema names: the value " +
				"must not be empty, and must be of its type: `url` an absolute URL, `email` an RFC 5322 address " +
				"(`Name <a@example.com>` allowed), `rfc3339` a timestamp like `2024-05-01T12:00:00Z`, `semver` a " +
				"semantic version (`1.2.3`, `2.0.0-rc.1`; no leading `v`), `hash` a lower-case git commit hash " +
				"(7 to 40 hex digits, or 64), `spdx` an SPDX licence expression (`MIT`, `Apache-2.0 OR MIT`; " +
				"the syntax is checked, not the list of identifiers). A value that comes from an ARG without " +
				"a default (`revision=$GIT_SHA`) is known only at build time and is not judged.",
			Bad:  "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"github.com/example/app\"\n",
			Good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n",
			Fix:  "Write the value in the form its type asks for, or set it from a build argument (`--build-arg`).",
		},
	},
	Dockerfile: checkLabelValues,
}

func checkLabelValues(p *rule.Pass, f *dockerfile.File) {
	schema := p.Settings.LabelSchema
	if len(schema) == 0 {
		return
	}
	for _, in := range f.Instructions {
		for _, l := range labelsOf(in) {
			typ, ok := schema[l.Key]
			if !ok || !l.ValueKnown {
				continue
			}
			if strings.TrimSpace(l.Value) == "" {
				p.Report(rule.Diagnostic{Range: l.KeyRange, Subject: in.Stage.DisplayName(),
					Message: "give label " + l.Key + " a value: it is empty"})
				continue
			}
			if what := labelTypeProblem(typ, l.Value); what != "" {
				p.Report(rule.Diagnostic{Range: l.ValueRange, Subject: in.Stage.DisplayName(),
					Message: "make label " + l.Key + " " + what + ": " + quoteShort(l.Value) + " is not"})
			}
		}
	}
}

var (
	semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
	hashRE   = regexp.MustCompile(`^(?:[0-9a-f]{7,40}|[0-9a-f]{64})$`)
	spdxIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.\-]*\+?$`)
)

// labelTypeProblem says which type a value should have ("a URL"), or ""
// when it has it.
func labelTypeProblem(typ, v string) string {
	switch typ {
	case "url":
		u, err := url.Parse(v)
		if err != nil || u.Scheme == "" || u.Host == "" && u.Opaque == "" {
			return "an absolute URL (https://...)"
		}
	case "email":
		if _, err := mail.ParseAddress(v); err != nil {
			return "an e-mail address"
		}
	case "rfc3339":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return "an RFC 3339 timestamp (2024-05-01T12:00:00Z)"
		}
	case "semver":
		if !semverRE.MatchString(v) {
			return "a semantic version (1.2.3)"
		}
	case "hash":
		if !hashRE.MatchString(v) {
			return "a git commit hash"
		}
	case "spdx":
		if !spdxExpression(v) {
			return "an SPDX licence expression (MIT, Apache-2.0 OR MIT)"
		}
	}
	return ""
}

// spdxExpression checks the syntax of an SPDX licence expression:
// identifiers joined by AND, OR and WITH, with parentheses.
func spdxExpression(v string) bool {
	v = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(v)
	depth, wantID := 0, true
	for _, t := range strings.Fields(v) {
		switch t {
		case "(":
			if !wantID {
				return false
			}
			depth++
		case ")":
			if wantID || depth == 0 {
				return false
			}
			depth--
		case "AND", "OR", "WITH":
			if wantID {
				return false
			}
			wantID = true
		default:
			if !wantID || !spdxIDRE.MatchString(t) {
				return false
			}
			wantID = false
		}
	}
	return !wantID && depth == 0
}

// quoteShort quotes a value for a message, cut to 60 characters.
func quoteShort(v string) string {
	if r := []rune(v); len(r) > 60 {
		v = string(r[:57]) + "..."
	}
	return "`" + v + "`"
}
