package dockerfile

import (
	"path"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyWholeStageFS flags COPY --from=<stage> / / onto a non-empty base.
var CopyWholeStageFS = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF104",
		Name:       "copy-whole-stage-fs",
		Severity:   rule.Warning,
		Summary:    "copy the files you need from the other stage, not its whole filesystem",
		Tags:       []string{"correctness", "size"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3067"}},
		Doc: rule.Doc{
			Why: "`COPY --from=build / /` copies the other stage's entire filesystem (its /etc/passwd, package " +
				"database, shell, libraries, caches) over the image being built: the base image's own files " +
				"are replaced by the build stage's, the multi-stage build no longer keeps build tools out, and " +
				"the result depends on both bases at once. Copying a whole stage into `FROM scratch` (a " +
				"deliberate squash), copying from a stage built on scratch (it only holds the artifacts), and " +
				"copying from an image or from a stage that only renames one (`FROM tonistiigi/xx AS xx`: such " +
				"helper images are made to be copied whole, and the Dockerfile cannot show what they hold) are " +
				"not reported.",
			Bad:  "FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM debian:12-slim\nCOPY --from=build / /\n",
			Good: "FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n",
			Fix:  "Name the directories or files to copy (`COPY --from=build /out/ /usr/local/bin/`), or collect them in a `FROM scratch` stage and copy that.",
		},
	},
	Dockerfile: checkCopyWholeStageFS,
}

func checkCopyWholeStageFS(p *rule.Pass, f *dockerfile.File) {
	for _, r := range f.ImageRefs() {
		if r.Use != dockerfile.UseCopyFrom || r.In == nil || len(r.In.Paths) < 2 {
			continue
		}
		in := r.In
		if root := in.Stage.Root(); root.Base.Scratch {
			continue // squash into scratch
		}
		src := r.Base.Stage
		if src == nil || src.Root().Base.Scratch || !buildsFiles(src) {
			// An image, or a stage that only names one (FROM tonistiigi/xx AS
			// xx): such helper images are often built on scratch to be copied
			// whole, which the Dockerfile cannot show. A stage on scratch
			// holds only the artifacts copied into it.
			continue
		}
		whole := true
		for _, t := range in.Paths {
			if !isRoot(in.Expand(t.Value)) {
				whole = false
			}
		}
		if whole {
			p.Report(rule.Diagnostic{Range: in.Paths[0].Range, Subject: in.Stage.DisplayName(),
				Message: "COPY --from=" + r.Token.Value + " / / copies that stage's whole filesystem over this image: copy only the files you need"})
		}
	}
}

func isRoot(e dockerfile.Expansion) bool {
	if !e.Resolved() || e.Value == "" || e.Value[0] != '/' {
		return false
	}
	return path.Clean(e.Value) == "/"
}

// buildsFiles reports whether a stage or a stage it is built on changes
// the filesystem of its base (RUN, COPY, ADD).
func buildsFiles(s *dockerfile.Stage) bool {
	for _, st := range s.Chain() {
		for _, in := range st.Instructions {
			switch in.Keyword {
			case "RUN", "COPY", "ADD":
				return true
			}
		}
	}
	return false
}
