package dockerfile

import (
	"path"
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyThenExtract flags a local tar archive copied with COPY and then
// unpacked by `tar` in a later RUN of the stage: ADD unpacks it in one step.
var CopyThenExtract = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF032",
		Name:       "copy-then-extract",
		Severity:   rule.Info,
		Summary:    "let ADD unpack a local tar archive instead of COPY and RUN tar",
		Tags:       []string{"best-practice", "image-size"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3010"}},
		Doc: rule.Doc{
			Why: "A tar archive copied into the image and unpacked by a later `RUN tar -x` stays in the " +
				"`COPY` layer even when the `RUN` deletes it: the image carries the archive and its " +
				"contents. `ADD archive.tar.gz /dest/` unpacks a local archive in one layer. The rule " +
				"reports a `COPY` of a local file with a tar name (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, " +
				"...) when a later `RUN` of the same stage runs `tar` with `-x` on that file name. It is " +
				"in the `all` rule set: `COPY` + `RUN --mount` or a multi-stage build is just as good, " +
				"and many prefer `COPY`'s plainness (DF031 asks for COPY where ADD is not needed).",
			Bad:  "FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n",
			Good: "FROM alpine:3.20\nADD app.tar.gz /opt/\n",
			Fix:  "Use `ADD <archive> <dir>/`, or unpack from a bind mount without copying: `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt`.",
		},
	},
	Dockerfile: checkCopyThenExtract,
}

var tarNameRE = regexp.MustCompile(`(?i)\.(?:tar|tar\.(?:gz|bz2|xz|zst|lz|lzma|z)|tgz|tbz2?|txz|tzst)$`)
var tarExtractRE = regexp.MustCompile(`\btar\s+(?:[^;&|\n]*\s)?(?:-?[a-zA-Z]*x[a-zA-Z]*|--extract|--get)\b`)

func checkCopyThenExtract(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for i, in := range st.Instructions {
			for _, src := range contextSources(in, "COPY") {
				tok, w := src.Token, src.Value
				if !tarNameRE.MatchString(w) || hasWildcard(w) {
					continue
				}
				name := path.Base(w)
				if at := extractedLater(st.Instructions[i+1:], name); at != nil {
					p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(),
						Message: "COPY of archive " + quote(name) + " is unpacked by RUN tar later; ADD " + quote(name) + " <dir>/ unpacks it without keeping the archive in a layer",
						Related: []rule.Related{{Range: at.KeywordRange, Message: "tar unpacks it here"}}})
				}
			}
		}
	}
}

// extractedLater returns the first RUN that unpacks name with tar.
func extractedLater(after []*dockerfile.Instruction, name string) *dockerfile.Instruction {
	for _, in := range after {
		if in.Keyword == "COPY" || in.Keyword == "ADD" {
			for _, p := range in.Paths {
				if path.Base(strings.Trim(p.Value, `"'`)) == name {
					return nil // another file of that name from here on
				}
			}
		}
		if in.Keyword != "RUN" || len(in.Args) == 0 {
			continue
		}
		body := in.Args[0].Value
		for _, h := range in.Heredocs {
			body += "\n" + h.Content
		}
		for _, m := range tarExtractRE.FindAllStringIndex(body, -1) {
			seg := body[m[0]:]
			if j := strings.IndexAny(seg, ";&|\n"); j >= 0 {
				seg = seg[:j]
			}
			if containsName(seg, name) {
				return in
			}
		}
	}
	return nil
}

// containsName reports name in s as a whole file name: not preceded or
// followed by a character that continues a file name.
func containsName(s, name string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		if (j == 0 || !nameChar(s[j-1])) && (end == len(s) || !nameChar(s[end])) {
			return true
		}
		i = j + 1
	}
}

func nameChar(c byte) bool {
	return c == '.' || c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
