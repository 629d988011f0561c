package dockerfile

import (
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ExposePortRange flags EXPOSE ports that are not numbers from 0 to 65535.
var ExposePortRange = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF040",
		Name:       "expose-port-range",
		Severity:   rule.Error,
		Summary:    "EXPOSE only port numbers from 0 to 65535",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3011"}, rule.Trivy: {"DS-0008"}, rule.KICS: {"UNIX Ports Out Of Range"}, rule.Semgrep: {"invalid-port"}},
		Doc: rule.Doc{
			Why: "A TCP or UDP port is a 16-bit number. `EXPOSE 80800` or `EXPOSE http` stops the build " +
				"(\"invalid containerPort\"), usually after a typo or a variable holding something else. " +
				"The rule reports each `EXPOSE` word (after `ARG`/`ENV` expansion; a variable without a " +
				"value is not judged) whose port, or either end of a range (`8000-8010/tcp`), is not a " +
				"number from 0 to 65535. Words with an IP or a host mapping (`127.0.0.1:80`, `80:80`) are " +
				"BuildKit's ExposeInvalidFormat check, not this rule's.",
			Bad:  "FROM nginx:1.27\nEXPOSE 80800\n",
			Good: "FROM nginx:1.27\nEXPOSE 8080\n",
		},
	},
	Dockerfile: checkExposePortRange,
}

func checkExposePortRange(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, tok := range in.Args {
				w, ok := expandWord(in, tok.Value)
				if !ok {
					continue
				}
				for _, word := range strings.Fields(w) {
					if strings.Contains(word, ":") {
						continue
					}
					port, _, _ := strings.Cut(word, "/")
					lo, hi, isRange := strings.Cut(port, "-")
					bad := badPort(lo)
					if isRange && bad == "" {
						bad = badPort(hi)
					}
					if bad == "" {
						continue
					}
					p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(),
						Message: "EXPOSE " + word + ": " + bad + "; expose a port number from 0 to 65535"})
				}
			}
		}
	}
}

// badPort says what is wrong with a port word, or "".
func badPort(s string) string {
	n, err := strconv.ParseUint(s, 10, 64)
	switch {
	case s == "" || strings.Trim(s, "0123456789") != "":
		return quote(s) + " is not a port number"
	case err != nil || n > 65535:
		return "port " + s + " is above 65535"
	}
	return ""
}
