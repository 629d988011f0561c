package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CopyChownRuntimeUser flags COPY/ADD --chown that gives the files to the
// user the image runs as.
var CopyChownRuntimeUser = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF111",
		Name:       "copy-chown-runtime-user",
		Severity:   rule.Info,
		Summary:    "leave copied code owned by root; chown only the directories the app writes",
		Tags:       []string{"security", "hardening"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Chown Flag Exists"}},
		Doc: rule.Doc{
			Why: "`COPY --chown=app . /app` followed by `USER app` makes the running process the owner of " +
				"its own code: a compromised app can rewrite its scripts, templates or binaries, and the " +
				"change survives restarts of the container. Owned by root (the default) and readable by all, " +
				"the same files run just as well. KICS reports every `--chown`; that is noisy, because " +
				"`--chown` to another user than the runtime one, or for data directories, is fine. This rule " +
				"reports `--chown` in the final stage only when the owner is the user the image runs as, and " +
				"it is in the `all` set because many applications expect to write next to their code (caches, " +
				"uploads) and need their own directories to be writable first.",
			Bad:  "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			Good: "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/uploads && chown node:node /app/uploads\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			Fix:  "Drop `--chown` for code and configuration; create the directories the app writes to and chown only those.",
		},
	},
	Dockerfile: checkCopyChownRuntimeUser,
}

func checkCopyChownRuntimeUser(p *rule.Pass, f *dockerfile.File) {
	final := f.Final()
	if final == nil {
		return
	}
	user, at := final.EffectiveUser()
	if at == nil || dockerfile.IsRootUser(user) || strings.Contains(user, "$") {
		return
	}
	runUser, _, _ := strings.Cut(user, ":")
	for _, in := range final.Instructions {
		if in.Keyword != "COPY" && in.Keyword != "ADD" {
			continue
		}
		tok, ok := flagToken(in, "chown")
		if !ok {
			continue
		}
		e := in.Expand(tok.Value)
		if !e.Resolved() {
			continue
		}
		owner, _, _ := strings.Cut(strings.Trim(e.Value, `"'`), ":")
		if owner == "" || owner != runUser {
			continue
		}
		p.Report(rule.Diagnostic{Range: tok.Range, Subject: final.DisplayName(),
			Message: in.Keyword + " --chown=" + e.Value + " gives these files to " + owner + ", the user the image runs as: the process can rewrite them; keep them owned by root",
			Related: []rule.Related{{Range: at.Args[0].Range, Message: "the image runs as " + user}}})
	}
}
