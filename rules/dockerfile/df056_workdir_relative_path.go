package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// WorkdirRelativePath flags a relative WORKDIR before any absolute one.
var WorkdirRelativePath = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF056",
		Name:       "workdir-relative-path",
		Severity:   rule.Warning,
		Summary:    "set an absolute WORKDIR before using relative ones",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"WorkdirRelativePath"}, rule.Hadolint: {"DL3000"}, rule.Trivy: {"DS-0009"}, rule.Checkov: {"CKV_DOCKER_10"}, rule.KICS: {"WORKDIR Path Not Absolute"}, rule.Semgrep: {"use-absolute-workdir"}},
		Doc: rule.Doc{
			Why: "A relative `WORKDIR` is relative to the working directory of the base image, which the " +
				"Dockerfile does not control: when the base image changes it, files land elsewhere. As in " +
				"BuildKit, only the first `WORKDIR` of a stage and the stages it is built on is checked " +
				"(later relative ones are fine once an absolute one is set). Windows paths (`C:\\app`, " +
				"`\\app`) count as absolute; a path made of a variable whose value is unknown (it may come " +
				"from the base image) is not reported." +
				buildKitDoc("WorkdirRelativePath", "workdir-relative-path"),
			Bad:  "FROM node:22-alpine\nWORKDIR app\nCOPY . .\n",
			Good: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n",
		},
	},
	Dockerfile: checkWorkdirRelativePath,
}

func checkWorkdirRelativePath(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		set := false
		for _, st := range s.Chain()[1:] {
			if st.Last("WORKDIR") != nil {
				set = true
			}
		}
		if set {
			continue
		}
		for _, in := range s.Instructions {
			if in.Keyword != "WORKDIR" {
				continue
			}
			if len(in.Args) > 0 {
				e := in.Expand(in.Args[0].Value)
				path := strings.TrimSpace(e.Value)
				if e.Err == nil && len(e.Unresolved) == 0 && !absWorkdir(path) {
					p.Report(rule.Diagnostic{Range: in.Args[0].Range, Subject: s.DisplayName(),
						Message: fmt.Sprintf("relative WORKDIR %q depends on the base image's working directory: use an absolute path", path)})
				}
			}
			break
		}
	}
}

// absWorkdir reports whether p is absolute on Linux or Windows.
func absWorkdir(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) {
		return true
	}
	return len(p) >= 2 && p[1] == ':' && (p[0] >= 'a' && p[0] <= 'z' || p[0] >= 'A' && p[0] <= 'Z')
}
