package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyIgnoredFile is BuildKit's CopyIgnoredFile check: a COPY or ADD
// source that the build context's .dockerignore excludes.
var CopyIgnoredFile = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF035",
		Name:       "copy-ignored-file",
		Severity:   rule.Warning,
		Summary:    "do not COPY or ADD a path that .dockerignore excludes",
		Tags:       []string{"security", "correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"CopyIgnoredFile"}},
		Doc: rule.Doc{
			Why: "A path excluded by `.dockerignore` is not sent to the builder: `COPY` of it fails " +
				"(\"not found\"), or a directory arrives without the excluded files, and the cause is in " +
				"another file. This is BuildKit's `CopyIgnoredFile` check " +
				"(https://docs.docker.com/reference/build-checks/copy-ignored-file/), with its rules: the " +
				"ignore file is `<Dockerfile>.dockerignore` beside the Dockerfile or `.dockerignore` in " +
				"the context (the Dockerfile's directory here, see DF034), matched with BuildKit's " +
				"matcher; sources of `COPY --from`, URLs and heredocs are not checked; `.` and `/` only " +
				"when a pattern (`*`, `**`, `**/*`) excludes the whole context root; and an ignore file " +
				"with `!` exceptions is not judged at all, as BuildKit does not judge it. " +
				"`# check=skip=CopyIgnoredFile` turns the rule off like the BuildKit check.",
			Bad:  "FROM nginx:1.27\nCOPY dist/ /usr/share/nginx/html/\n",
			Good: "FROM nginx:1.27\nCOPY public/ /usr/share/nginx/html/\n",
			Fix:  "Remove the pattern from `.dockerignore`, add a `<Dockerfile>.dockerignore` for this Dockerfile, or build the files in a stage and `COPY --from` it.",
		},
	},
	Dockerfile: checkCopyIgnoredFile,
}

func checkCopyIgnoredFile(p *rule.Pass, f *dockerfile.File) {
	ctx := f.Context
	if ctx == nil || ctx.Ignore == nil || ctx.Ignore.HasExclusions() {
		return
	}
	ign := ctx.Ignore
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			for _, src := range contextSources(in, "COPY", "ADD") {
				tok, w := src.Token, src.Value
				c := cleanSource(w)
				if (c == "." || c == "/") && !ign.RootIgnored() {
					continue
				}
				pt := ign.Match(c)
				if pt == nil {
					continue
				}
				p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(),
					Message: fmt.Sprintf("%s source %q is excluded by %s (line %d: %q), so the build does not get it; remove the pattern or the source", in.Keyword, c, ign.Path, pt.Line, pt.Text),
					Related: []rule.Related{{Path: ign.Path, Range: ign.LineRange(pt.Line), Message: "the pattern that excludes it"}}})
			}
		}
	}
}
