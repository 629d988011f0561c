package dockerfile

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// CopyDestSlash flags COPY and ADD with several sources whose destination
// does not end with "/".
var CopyDestSlash = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF041",
		Name:       "copy-multiple-sources-dest",
		Severity:   rule.Warning,
		Summary:    "end the destination of a COPY or ADD with several sources with /",
		Tags:       []string{"security", "correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3021"}, rule.Trivy: {"DS-0011"}, rule.KICS: {"Copy With More Than Two Arguments Not Ending With Slash"}},
		Doc: rule.Doc{
			Why: "The Dockerfile reference requires it: with more than one source, the destination must " +
				"be a directory and end with `/`. The legacy builder stops with that message. BuildKit " +
				"copies each source on its own: into the destination when it already is a directory (the " +
				"`WORKDIR`, say), but when it does not exist the first file becomes a file of that name " +
				"and the next ones are written over it. The rule reports `COPY` and `ADD` with two or more sources " +
				"(heredocs included) whose destination, after `ARG`/`ENV` expansion, neither ends with " +
				"`/` nor is `.` or `..`. A single wildcard source that matches several files has the " +
				"same requirement, but what it matches is not known here.",
			Bad:  "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json /app\n",
			Good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json /app/\n",
			Fix:  "Add the `/` (`dockguard lint --fix` does it).",
		},
	},
	Dockerfile: checkCopyDestSlash,
}

func checkCopyDestSlash(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "COPY" && in.Keyword != "ADD" {
				continue
			}
			srcs, dest, ok := in.CopySources()
			if !ok || len(srcs) < 2 {
				continue
			}
			w, ok := expandWord(in, dest.Value)
			if !ok || strings.HasSuffix(w, "/") || strings.HasSuffix(w, `\`) {
				continue
			}
			if c := path.Clean(w); c == "." || c == ".." || strings.HasSuffix(c, "/.") || strings.HasSuffix(c, "/..") {
				continue
			}
			// Insert the slash at the end of the word, inside the quotes of the JSON form.
			at := dest.Range.End
			if strings.HasPrefix(strings.TrimSpace(in.Args[0].Value), "[") && at.Col > 1 {
				at = source.Pos{Line: at.Line, Col: at.Col - 1}
			}
			p.Report(rule.Diagnostic{Range: dest.Range, Subject: st.DisplayName(),
				Message: fmt.Sprintf("%s has %d sources but its destination %s does not end with /; write %s/", in.Keyword, len(srcs), quote(w), w),
				Fix: &rule.Fix{Description: "end the destination with /", Class: rule.FixHardening,
					Edits: []rule.Edit{{Range: source.Range{Start: at, End: at}, NewText: "/"}}}})
		}
	}
}
