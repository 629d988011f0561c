package dockerfile

import (
	"strings"

	"github.com/moby/patternmatcher"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// BroadCopyNoIgnore flags `COPY . .` (and ADD .) into the final image when
// the build context has no .dockerignore, or one that lets .env (or .git,
// when the context has one) through.
var BroadCopyNoIgnore = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF034",
		Name:       "broad-copy-without-dockerignore",
		Severity:   rule.Warning,
		Summary:    "exclude .git, .env and keys in .dockerignore before COPY . copies the whole build context",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-538"}},
		Doc: rule.Doc{
			Why: "`COPY . .` copies everything in the build context: a developer's local `.env`, the " +
				"`.git` directory (with every secret ever committed and removed), keys and credential " +
				"files that are ignored by git but still on disk. A `.dockerignore` is what keeps them " +
				"out. The rule reports a `COPY` or `ADD` whose source is the whole context (`.`, `./`, " +
				"`/`, `*`) in the final image (the last stage and the stages it is built on; a build " +
				"stage whose files the final image copies selectively is not reported), when the context " +
				"has no ignore file, or when its ignore file does not exclude `.env`, or `.git` while " +
				"the context holds one; `--exclude=` patterns of the instruction count as excluding.\n\n" +
				"The ignore file is the one BuildKit reads: `<Dockerfile>.dockerignore` beside the " +
				"Dockerfile, else `.dockerignore` at the context root, matched with BuildKit's own " +
				"matcher (`github.com/moby/patternmatcher`). The context is taken to be the " +
				"Dockerfile's directory (`docker build -f dir/Dockerfile dir`, or a compose " +
				"`build.context` holding its Dockerfile). A Dockerfile built with its context elsewhere " +
				"(`docker build -f docker/Dockerfile .`, a compose `build.context: ..`) is judged with " +
				"its own directory, which may report a missing `.dockerignore` that exists at the real " +
				"context root: put a `<Dockerfile>.dockerignore` beside it (BuildKit prefers it) or " +
				"suppress the finding. Standard input and compose `dockerfile_inline` have no known " +
				"context and are not checked.",
			Bad:  "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			Good: "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json server.js ./\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			Fix: "Add a `.dockerignore` next to the Dockerfile with at least:\n\n```\n.git\n.env\n.env.*\n*.pem\n*.key\nnode_modules\n```\n\n" +
				"or start it with `*` and re-include what the build needs (`!src`, `!package.json`), or copy named files instead of `.`.",
		},
	},
	Dockerfile: checkBroadCopyNoIgnore,
}

func checkBroadCopyNoIgnore(p *rule.Pass, f *dockerfile.File) {
	ctx := f.Context
	if ctx == nil || ctx.IgnoreErr != nil {
		return
	}
	final := finalImageStages(f)
	for _, st := range f.Stages {
		if !final[st] {
			continue
		}
		for _, in := range st.Instructions {
			for _, src := range contextSources(in, "COPY", "ADD") {
				tok, w := src.Token, src.Value
				c := cleanSource(w)
				if c != "." && c != "/" && c != "*" {
					continue
				}
				var leaks []string
				if ctx.HasGit && !excluded(ctx, in, ".git") {
					leaks = append(leaks, ".git")
				}
				if !excluded(ctx, in, ".env") {
					leaks = append(leaks, ".env")
				}
				if len(leaks) == 0 {
					continue
				}
				what := strings.Join(leaks, " and ")
				d := rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName()}
				if ctx.Ignore == nil {
					// the context may have no .env today: say what would happen to one
					d.Message = in.Keyword + " " + w + " copies the whole build context, which has no .dockerignore: " + strings.Replace(what, ".env", "any .env file", 1) + " would land in the image; add a .dockerignore that excludes .git, .env and key files"
				} else {
					d.Message = in.Keyword + " " + w + " copies the whole build context and " + ctx.Ignore.Path + " does not exclude " + what + "; add " + what + " (and key files) to it"
					d.Related = []rule.Related{{Path: ctx.Ignore.Path, Range: ctx.Ignore.LineRange(1), Message: "the ignore file in force"}}
				}
				p.Report(d)
			}
		}
	}
}

// excluded reports whether the context path p stays out of the copy: the
// ignore file excludes it, or a --exclude pattern of the instruction
// (Dockerfile syntax 1.7+) matches it.
func excluded(ctx *dockerfile.BuildContext, in *dockerfile.Instruction, p string) bool {
	if ctx.Ignore != nil && ctx.Ignore.Excludes(p) {
		return true
	}
	for _, fl := range in.Flags {
		if fl.Name != "exclude" || fl.Value == "" {
			continue
		}
		if ok, err := patternmatcher.MatchesOrParentMatches(p, []string{fl.Value}); err == nil && ok {
			return true
		}
	}
	return false
}
