package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// JSONArgsRecommended flags CMD and ENTRYPOINT in shell form.
var JSONArgsRecommended = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF053",
		Name:       "json-args-recommended",
		Severity:   rule.Warning,
		Summary:    "write CMD and ENTRYPOINT in exec form (JSON array) so the process gets stop signals",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"JSONArgsRecommended"}, rule.Hadolint: {"DL3025"}, rule.KICS: {"Not Using JSON In CMD And ENTRYPOINT Arguments"}, rule.Semgrep: {"prefer-json-notation"}},
		Doc: rule.Doc{
			Why: "In shell form (`CMD node server.js`) the container runs `/bin/sh -c \"node server.js\"`: the " +
				"shell is PID 1 and does not pass `SIGTERM` on, so `docker stop` waits its timeout and then " +
				"kills the process without a clean shutdown. A shell-form `ENTRYPOINT` also ignores `CMD` " +
				"and the arguments of `docker run`. As in BuildKit, a stage (or a stage it is built on) " +
				"that sets `SHELL` is not reported: choosing the shell says the shell form is deliberate. " +
				"BuildKit also reads `SHELL` from the base image's configuration, which dockguard cannot see. " +
				"On `scratch` and distroless images, which have no `/bin/sh`, the shell form does not run " +
				"at all, and the message says so." +
				buildKitDoc("JSONArgsRecommended", "json-args-recommended"),
			Bad:  "FROM node:22-alpine\nCMD node server.js\n",
			Good: "FROM node:22-alpine\nCMD [\"node\", \"server.js\"]\n",
			Fix: "Use the exec form `CMD [\"node\", \"server.js\"]`. When the command needs the shell (variables, `&&`, " +
				"pipes), start it with `exec` (`CMD exec node server.js $ARGS` still runs under a shell but " +
				"the shell replaces itself) or use an entrypoint script, and suppress the finding. The fix " +
				"(hardening: signals then reach the process) is offered when the command is plain words with " +
				"no shell syntax, and for ENTRYPOINT only when the stage sets no CMD (exec form appends CMD).",
		},
	},
	Dockerfile: checkJSONArgsRecommended,
}

func checkJSONArgsRecommended(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		shellSet := false
		for _, st := range s.Chain()[1:] {
			if st.Last("SHELL") != nil {
				shellSet = true
			}
		}
		hasCmd := s.Last("CMD") != nil
		for _, in := range s.Instructions {
			if in.Keyword == "SHELL" {
				shellSet = true
				continue
			}
			if in.Keyword != "CMD" && in.Keyword != "ENTRYPOINT" || shellSet || in.Node.Attributes["json"] || len(in.Args) == 0 {
				continue
			}
			d := rule.Diagnostic{Range: in.KeywordRange, Subject: s.DisplayName(),
				Message: fmt.Sprintf("%s in shell form runs under /bin/sh, which does not pass stop signals on: use the exec form %s [\"...\"]", in.Keyword, in.Keyword)}
			if noShell(s) {
				d.Message = fmt.Sprintf("%s in shell form needs /bin/sh, which an image built on %s does not have: use the exec form %s [\"...\"]", in.Keyword, s.Root().Base.Name, in.Keyword)
			}
			if strings.HasPrefix(strings.TrimSpace(in.Args[0].Value), "[") {
				d.Range = in.Args[0].Range
				d.Message = fmt.Sprintf("%s %s is not a JSON array (each element needs double quotes), so it runs as a /bin/sh command line: quote the elements", in.Keyword, strings.TrimSpace(in.Args[0].Value))
			}
			if words, ok := plainWords(in.Args[0].Value); ok && (in.Keyword == "CMD" || !hasCmd) {
				d.Fix = &rule.Fix{Description: "write " + in.Keyword + " in exec form", Class: rule.FixHardening,
					Edits: []rule.Edit{{Range: in.Args[0].Range, NewText: `["` + strings.Join(words, `", "`) + `"]`}}}
			}
			p.Report(d)
		}
	}
}

// noShell reports whether the stage is built on an image without a shell:
// scratch, distroless, Chainguard's static.
func noShell(s *dockerfile.Stage) bool {
	b := &s.Root().Base
	if b.Scratch {
		return true
	}
	if !b.IsImage() {
		return false
	}
	name := b.Ref.FamiliarName()
	return strings.Contains(name, "distroless") || name == "cgr.dev/chainguard/static"
}

// plainWords splits a shell-form command into words when it has no shell
// syntax at all (no quotes, variables, globs, operators, redirections or
// escapes) and does not start with a shell builtin.
func plainWords(cmd string) ([]string, bool) {
	words := strings.Fields(cmd)
	if len(words) == 0 {
		return nil, false
	}
	for _, w := range words {
		for _, c := range w {
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./:=,@%+", c)
			if !ok {
				return nil, false
			}
		}
	}
	switch words[0] {
	case "exec", "cd", "source", ".", "export", "set", "eval", "exit", "ulimit", "umask", "trap", "wait", "read", "alias", "unset":
		return nil, false
	}
	if strings.Contains(words[0], "=") { // VAR=value cmd
		return nil, false
	}
	return words, true
}
