package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// MissingHealthcheck flags a final stage without a health check.
var MissingHealthcheck = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF002",
		Name:       "missing-healthcheck",
		Severity:   rule.Warning,
		Summary:    "add a HEALTHCHECK to the final stage",
		Tags:       []string{"security", "healthcheck", "availability"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		References: rule.Refs{rule.Hadolint: {"DL3057"}, rule.Trivy: {"DS-0026"}, rule.Checkov: {"CKV_DOCKER_2"}, rule.KICS: {"Healthcheck Instruction Missing"}, rule.CIS: {"4.6"}},
		Doc: rule.Doc{
			Why: "Without a `HEALTHCHECK` the engine only knows whether the main process is alive, not " +
				"whether it still serves: a hung or half-started service looks healthy, restart policies " +
				"and `depends_on: condition: service_healthy` cannot act on it. The rule reports a final " +
				"stage (including the stages it is built on) with no `HEALTHCHECK`, at its `FROM`, and a " +
				"`HEALTHCHECK NONE` that switches off the base image's check, at that instruction. " +
				"Images that are not long-running services (CLI tools, build images) can ignore the rule.",
			Bad:  "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n",
			Good: "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1\n",
		},
	},
	Dockerfile: checkHealthcheck,
}

func checkHealthcheck(p *rule.Pass, f *dockerfile.File) {
	st := f.Final()
	if st == nil {
		return
	}
	at, disabled := st.Healthcheck()
	switch {
	case at == nil:
		p.Report(rule.Diagnostic{Range: st.From.Range, Subject: st.DisplayName(), Message: "final stage has no HEALTHCHECK; add one so the engine can tell when the service stops working"})
	case disabled:
		p.Report(rule.Diagnostic{Range: at.Range, Subject: st.DisplayName(), Message: "HEALTHCHECK NONE disables the image's health check; define a HEALTHCHECK CMD instead"})
	}
}
