package dockerfile

import (
	"fmt"
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// InvalidDefaultArgInFrom flags FROM images that are empty or invalid with
// the default values of the global ARGs.
var InvalidDefaultArgInFrom = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF059",
		Name:       "invalid-default-arg-in-from",
		Severity:   rule.Warning,
		Summary:    "give the global ARGs a FROM image uses defaults that make a valid image name",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"InvalidDefaultArgInFrom"}},
		Doc: rule.Doc{
			Why: "With the defaults of its `ARG`s (no `--build-arg`), `FROM ${IMAGE}` or `FROM alpine:${TAG}` " +
				"gives an empty or invalid image name (`alpine:`), so a plain `docker build .` fails and " +
				"tools that read the Dockerfile cannot resolve the base image. The check expands the " +
				"image with the global ARG defaults only, as BuildKit does, even when dockguard is given " +
				"build args. A literal name that is invalid is left to the syntax check, and a FROM that " +
				"uses an undeclared ARG to undefined-arg-in-from (BuildKit reports both)." +
				buildKitDoc("InvalidDefaultArgInFrom", "invalid-default-arg-in-from"),
			Bad:  "ARG TAG\nFROM alpine:${TAG}\n",
			Good: "ARG TAG=3.20\nFROM alpine:${TAG}\n",
			Fix:  "Give the ARG a default (`ARG TAG=3.20`), or a fallback in the FROM line (`FROM alpine:${TAG:-3.20}`).",
		},
	},
	Dockerfile: checkInvalidDefaultArgInFrom,
}

func checkInvalidDefaultArgInFrom(p *rule.Pass, f *dockerfile.File) {
	invalid := invalidDefaultFroms(f)
	for _, s := range f.Stages {
		if what, ok := invalid[s]; ok {
			tok := s.From.Args[0]
			p.Report(rule.Diagnostic{Range: tok.Range, Subject: s.DisplayName(),
				Message: fmt.Sprintf("with the default values of its ARGs, FROM %s gives %s: give the ARG a valid default", tok.Value, what)})
		}
	}
}

// invalidDefaultFroms returns the stages whose FROM image, expanded with the
// defaults of the global ARGs, is not a valid name, each with what it
// gives ("an empty image name"); DF003 leaves those FROMs to this rule.
func invalidDefaultFroms(f *dockerfile.File) map[*dockerfile.Stage]string {
	out := map[*dockerfile.Stage]string{}
	lex := shell.NewLex(rune(escByte(f)))
	env := defaultArgEnv{}
	for k := range platformArgs {
		env[k] = ""
	}
	env["BUILDPLATFORM"], env["TARGETPLATFORM"] = "linux/amd64", "linux/amd64"
	env["BUILDOS"], env["TARGETOS"] = "linux", "linux"
	env["BUILDARCH"], env["TARGETARCH"] = "amd64", "amd64"
	env["TARGETSTAGE"] = "default"
	for _, in := range f.MetaArgs {
		for _, v := range in.Vars {
			if !v.HasValue {
				continue
			}
			res, err := lex.ProcessWordWithMatches(v.Value, env)
			if err != nil {
				return out // BuildKit gives up on the check
			}
			env[v.Key] = res.Result
		}
	}
	for _, s := range f.Stages {
		in := s.From
		if len(in.Args) == 0 {
			continue
		}
		tok := in.Args[0]
		if !strings.Contains(tok.Value, "$") || usesUndeclared(f, tok.Value) {
			continue // a literal name is the syntax rule's, an undeclared ARG undefined-arg-in-from's
		}
		res, err := lex.ProcessWordWithMatches(tok.Value, env)
		if err != nil {
			return out
		}
		if _, err := reference.ParseNormalizedNamed(res.Result); err == nil {
			continue
		}
		what := fmt.Sprintf("the invalid image name %q", res.Result)
		if res.Result == "" {
			what = "an empty image name"
		}
		out[s] = what
	}
	return out
}

// usesUndeclared reports whether word uses a variable that no global ARG
// declares (undefined-arg-in-from reports it).
func usesUndeclared(f *dockerfile.File, word string) bool {
	declared := map[string]bool{}
	for _, k := range metaArgKeys(f) {
		declared[k] = true
	}
	for _, r := range varRefs(word, escByte(f), false) {
		if !declared[r.name] && !platformArgs[r.name] {
			return true
		}
	}
	return false
}

// defaultArgEnv is a shell.EnvGetter over the global ARG defaults.
type defaultArgEnv map[string]string

func (e defaultArgEnv) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }

func (e defaultArgEnv) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	return keys
}
