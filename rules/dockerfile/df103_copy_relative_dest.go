package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyRelativeDest flags COPY/ADD to a relative destination in a stage
// whose working directory the Dockerfile never sets.
var CopyRelativeDest = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF103",
		Name:       "copy-relative-dest",
		Severity:   rule.Info,
		Summary:    "set WORKDIR before copying to a relative destination, or copy to an absolute path",
		Tags:       []string{"hygiene", "maintainability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3045"}},
		Doc: rule.Doc{
			Why: "A relative COPY or ADD destination is resolved against the working directory. When neither " +
				"the stage nor a stage it is built on sets WORKDIR, that is the base image's WORKDIR: `/` for " +
				"most images, something else for others (`/go`, `/usr/src/app`, `/home/node`...), and it can " +
				"change when the base image is bumped. The files then land somewhere the later instructions do " +
				"not expect. Stages built on scratch (whose working directory is always /) are not reported. The rule is in the strict set because the Dockerfile usually works as written.",
			Bad:  "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
			Good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
			Fix:  "Add `WORKDIR /app` (any absolute directory) before the COPY, or give the COPY an absolute destination.",
		},
	},
	Dockerfile: checkCopyRelativeDest,
}

func checkCopyRelativeDest(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		set := s.Root().Base.Scratch // scratch's working directory is always /
		for _, st := range s.Chain()[1:] {
			if st.Last("WORKDIR") != nil {
				set = true
			}
		}
		for _, in := range s.Instructions {
			if set {
				break
			}
			switch in.Keyword {
			case "WORKDIR":
				set = true
				continue
			case "COPY", "ADD":
			default:
				continue
			}
			if len(in.Paths) < 2 {
				continue
			}
			dst := in.Paths[len(in.Paths)-1]
			e := in.Expand(dst.Value)
			if !e.Resolved() || e.Value == "" || absWorkdir(e.Value) || strings.HasPrefix(e.Value, "$") {
				continue
			}
			p.Report(rule.Diagnostic{Range: dst.Range, Subject: s.DisplayName(),
				Message: fmt.Sprintf("%s to the relative destination %q lands in the base image's working directory: set WORKDIR first or use an absolute path", in.Keyword, e.Value)})
		}
	}
}
