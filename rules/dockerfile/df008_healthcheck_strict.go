package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// HealthcheckNotEvident flags, in the strict set, a final stage with no
// health check that is not evidently a service (DF002's) nor a one-shot job.
var HealthcheckNotEvident = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF008",
		Name:       "missing-healthcheck-strict",
		Severity:   rule.Info,
		Summary:    "add a HEALTHCHECK to the final stage if the image runs a long-running service",
		Tags:       []string{"security", "healthcheck", "availability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3057"}, rule.Trivy: {"DS-0026"}, rule.Checkov: {"CKV_DOCKER_2"}, rule.KICS: {"Healthcheck Instruction Missing"}, rule.CIS: {"4.6"}},
		Doc: rule.Doc{
			Why: "DF002 reports a missing `HEALTHCHECK` only where the image evidently runs a long-running " +
				"service. Many images do not (CLI tools, base images, build and test images), and a health " +
				"check means nothing for them; but a service whose Dockerfile does not show what it runs " +
				"(`CMD [\"./app\"]`, no `EXPOSE`) also lands here. The rule reports, at the final stage's `FROM`, " +
				"a final stage with no `HEALTHCHECK` that DF002 does not judge to be a service and that does " +
				"not run a one-shot job. " + healthcheckHeuristic + " If the image runs a service, add a " +
				"`HEALTHCHECK` (and an `EXPOSE` for the port it listens on); otherwise ignore the rule for the file.",
			Bad:  "FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCMD [\"app\"]\n",
			Good: "FROM alpine:3.20\nCOPY app /usr/local/bin/app\nHEALTHCHECK CMD [\"app\", \"health\"]\nCMD [\"app\"]\n",
		},
	},
	Dockerfile: checkHealthcheckStrict,
}

func checkHealthcheckStrict(p *rule.Pass, f *dockerfile.File) {
	st := f.Final()
	if st == nil {
		return
	}
	if at, _ := st.Healthcheck(); at != nil {
		return
	}
	if w := judgeStage(st); w.service != "" || w.job != "" {
		return
	}
	p.Report(rule.Diagnostic{Range: st.From.Range, Subject: st.DisplayName(),
		Message: "final stage has no HEALTHCHECK and does not show that it runs a service (no EXPOSE, no server command); if it does, add a HEALTHCHECK"})
}
