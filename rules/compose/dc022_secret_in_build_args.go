package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/rules/internal/secrets"
)

// SecretInBuildArgs flags credentials passed to a build as build args.
var SecretInBuildArgs = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC022",
		Name:       "secret-in-build-args",
		Severity:   rule.Error,
		Summary:    "pass credentials to a build as build secrets (build: secrets:), not build.args",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Passwords And Secrets"}, rule.CWE: {"CWE-798"}},
		Doc: rule.Doc{
			Why: "A build arg ends up in the image: the `RUN` steps that use it are recorded with its value " +
				"in the image history and provenance (`docker history --no-trunc`), so anyone who can pull " +
				"the image can read it. And a literal value is in the repository as well.\n\n" +
				"The rule reports, at the value in the file that sets it (override, `extends` base, included " +
				"file):\n\n" +
				"- a build arg with a literal credential: a credential-named key (the names DF007 reports) " +
				"with a literal value, a URL with a literal password, or a value in a known token format;\n" +
				"- a credential-named build arg whose value comes from the environment (`NPM_TOKEN: " +
				"${NPM_TOKEN}`, or `- NPM_TOKEN` with no value) when the service's Dockerfile declares that " +
				"`ARG` (a related location points at it), or when the Dockerfile cannot be read (a remote " +
				"context). An arg that the Dockerfile does not declare is not used by the build and is not " +
				"reported.\n\n" +
				"A value that several services inherit (a YAML anchor, an `extends` base) is reported once, at the place it is written, naming the services. " +
				"DF007 reports the `ARG` in the Dockerfile; this rule reports the compose side, which needs its " +
				"own change (`build: secrets:` instead of `args:`). No peer checks compose build args " +
				"(concept #90 of the landscape). The finding never repeats the value.",
			Bad:  "services:\n  web:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm_0123456789abcdefghijklmnopqrstuvwxyz\n",
			Good: "services:\n  web:\n    build:\n      context: .\n      secrets:\n        - npm_token\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n",
			Fix: "Declare the secret at top level (`secrets: npm_token: environment: NPM_TOKEN`, or `file:` " +
				"for a file git ignores), list it under the service's `build: secrets:`, and read it in the " +
				"Dockerfile with `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` instead of `ARG`. " +
				"Rotate a credential that was committed or pushed in an image.",
		},
	},
	Compose: checkSecretInBuildArgs,
}

func checkSecretInBuildArgs(p *rule.Pass, proj *compose.Project) {
	var out sharedReports
	defer out.flush(p)
	for _, s := range proj.Services {
		if s.Config.Build == nil {
			continue
		}
		for _, key := range buildArgKeys(proj, s) {
			e, ok := proj.Entry(s.Name, "build.args", key)
			if !ok {
				continue
			}
			if e.HasValue {
				if c, ok := credentialIn(key, e.Written); ok {
					msg := fmt.Sprintf("build arg %q holds %s, which the image history keeps; pass it as a build secret (build: secrets:) and read it with RUN --mount=type=secret", key, c.what)
					if c.defaulted {
						msg = fmt.Sprintf("the ${...:-default} of build arg %q is %s; pass the credential as a build secret (build: secrets:) and read it with RUN --mount=type=secret", key, c.what)
					}
					out.add(s.Name, e.Path, e.Range, nil, msg)
					continue
				}
			}
			if !secrets.Name(key) || !fromEnvironment(e) {
				continue
			}
			var related []rule.Related
			if d := s.Dockerfile; d != nil {
				at, ok := declaredArg(proj, d, key)
				if !ok {
					continue // the build does not use it
				}
				related = append(related, at)
			}
			out.add(s.Name, e.Path, e.Range, related,
				fmt.Sprintf("build arg %q passes a credential into the build, where the image history keeps it; pass it as a build secret (build: secrets:) and read it with RUN --mount=type=secret", key))
		}
	}
}

// fromEnvironment reports a build arg whose value compose takes from the
// environment: no value, or a value made of references only.
func fromEnvironment(e compose.Entry) bool {
	if !e.HasValue {
		return true
	}
	text, _ := shipped(e.Written)
	return strings.ContainsRune(text, refMark)
}

// declaredArg finds the ARG instruction of a Dockerfile that declares key
// (in the compose file for a dockerfile_inline).
func declaredArg(proj *compose.Project, d *compose.Dockerfile, key string) (rule.Related, bool) {
	if d.File == nil {
		return rule.Related{}, false
	}
	for _, in := range d.File.Instructions {
		if in.Keyword != "ARG" {
			continue
		}
		for _, v := range in.Vars {
			if v.Key != key {
				continue
			}
			at := rule.Related{Path: d.Path, Range: v.KeyRange, Message: "the Dockerfile declares ARG " + key}
			if d.Inline {
				for _, x := range proj.InlineDockerfiles() {
					if x.File == d.File {
						at.Path, at.Range = x.Path, placed(x, v.KeyRange)
					}
				}
			}
			return at, true
		}
	}
	return rule.Related{}, false
}

func placed(x *compose.InlineDockerfile, r source.Range) source.Range {
	r, _ = x.Place(r)
	return r
}
