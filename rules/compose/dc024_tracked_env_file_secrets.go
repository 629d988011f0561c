package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/gittrack"
)

// TrackedEnvFileSecrets flags env files that hold credentials and are
// committed to git.
var TrackedEnvFileSecrets = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC024",
		Name:       "secrets-in-tracked-env-file",
		Severity:   rule.Error,
		Summary:    "keep env files that hold credentials out of git: ignore them and commit a template instead",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-798", "CWE-538"}},
		Doc: rule.Doc{
			Why: "Moving a password from `environment:` into an `env_file:` or `.env` only helps when that " +
				"file stays out of the repository. Committed, it is in every clone, fork and CI log of the " +
				"repository, and in its history after it is deleted.\n\n" +
				"The rule reports:\n\n" +
				"- an `env_file:` entry (at the entry, in the compose file that lists it) whose file holds a " +
				"literal credential and is tracked by git; related locations point at the credential keys;\n" +
				"- an `environment:`, `labels:` or `build.args` value that takes a credential from the " +
				"project's `.env` (or the `--env-file` files) by interpolation (`POSTGRES_PASSWORD: " +
				"${PG_PASS}`), when git tracks that file: the finding is at the compose value that refers " +
				"to the variable, with the `.env` line as a related location.\n\n" +
				"A literal credential is what DC021 reports in `environment:`: a credential-named key " +
				"(the names DF007 reports, here the variable's name or the compose key it feeds) with a " +
				"literal value, a URL with a literal password, or a token in a known format. Empty values, " +
				"references to other variables, switches and paths are not.\n\n" +
				"Whether git tracks a file is asked of the local `git` (`git ls-files`, offline, once per " +
				"directory, and only for files that hold credentials). A file that git ignores or does not " +
				"track is the recommended set-up and is not reported; when git is not installed, the project " +
				"is not in a git work tree, or git refuses the repository (another user's), nothing is " +
				"reported. An `.env` that only included projects read is not checked. No peer checks this " +
				"(concept #91 of the landscape). The finding never repeats the value.",
			Bad:  "# db.env, committed to git, holds POSTGRES_PASSWORD=hunter2\nservices:\n  db:\n    image: postgres:17\n    env_file: db.env\n",
			Good: "# db.env is listed in .gitignore; db.env.example (committed) shows which keys to set\nservices:\n  db:\n    image: postgres:17\n    env_file: db.env\n",
			Fix: "Stop tracking the file (`git rm --cached db.env`, add it to `.gitignore`), commit a template " +
				"without values (`db.env.example`) instead, and rotate the credentials: they stay in the " +
				"repository's history. Better still, pass them as compose `secrets:`.",
		},
	},
	Compose: checkTrackedEnvFileSecrets,
}

func checkTrackedEnvFileSecrets(p *rule.Pass, proj *compose.Project) {
	files := map[string]*compose.EnvFile{}
	read := func(abs string) *compose.EnvFile {
		if f, ok := files[abs]; ok {
			return f
		}
		f, _ := proj.ReadEnvFile(abs)
		files[abs] = f
		return f
	}
	tracked := func(f *compose.EnvFile) bool {
		t, _ := gittrack.Tracked(f.Abs)
		return t
	}
	var out sharedReports
	defer out.flush(p)
	var dotEnv []*compose.EnvFile
	for _, abs := range proj.DotEnvFiles() {
		if f := read(abs); f != nil {
			dotEnv = append(dotEnv, f)
		}
	}
	for _, s := range proj.Services {
		for _, ref := range proj.EnvFileRefs(s.Name) {
			f := read(ref.Abs)
			if f == nil {
				continue
			}
			var keys []string
			var related []rule.Related
			for _, v := range lastDefinitions(f) {
				if _, ok := credentialIn(v.Key, envWritten(v)); ok {
					keys = append(keys, v.Key)
					related = append(related, rule.Related{Path: f.Display, Range: v.KeyRange, Message: v.Key + " is a literal credential"})
				}
			}
			if len(keys) == 0 || !tracked(f) {
				continue
			}
			out.add(s.Name, ref.Location.Path, ref.Location.Range, related,
				fmt.Sprintf("env file %q holds literal credentials (%s) and git tracks it; stop tracking it (git rm --cached, .gitignore), commit a template instead and rotate the credentials",
					f.Display, strings.Join(keys, ", ")))
		}
		if len(dotEnv) == 0 {
			continue
		}
		for _, kv := range []struct {
			path, noun string
			keys       []string
		}{
			{"environment", "environment variable", sortedKeys(s.Config.Environment)},
			{"labels", "label", sortedKeys(s.Config.Labels)},
			{"build.args", "build arg", buildArgKeys(proj, s)},
		} {
			for _, key := range kv.keys {
				e, ok := proj.Entry(s.Name, kv.path, key)
				if !ok || !e.HasValue {
					continue
				}
				for _, name := range varRefs(e.Written) {
					f, v, ok := definedIn(dotEnv, name)
					if !ok || !dotEnvCredential(key, v) || !tracked(f) {
						continue
					}
					out.add(s.Name, e.Path, e.Range, []rule.Related{{Path: f.Display, Range: v.KeyRange, Message: name + " is a literal credential"}},
						fmt.Sprintf("%s %q takes a literal credential from %s in %s, which git tracks; stop tracking it (git rm --cached, .gitignore), commit a template instead and rotate the credential",
							kv.noun, key, name, f.Display))
					break
				}
			}
		}
	}
}

// buildArgKeys are the build args of a service, with those that have no
// value (compose drops them from the model when the environment does not
// set them), in order.
func buildArgKeys(proj *compose.Project, s *compose.Service) []string {
	if s.Config.Build == nil {
		return nil
	}
	keys := map[string]bool{}
	for k := range s.Config.Build.Args {
		keys[k] = true
	}
	for _, k := range proj.EntryKeys(s.Name, "build.args") {
		keys[k] = true
	}
	return sortedKeys(keys)
}

// envWritten is a variable's value in the form credentialIn reads (compose
// interpolation syntax): single-quoted values are not interpolated.
func envWritten(v compose.EnvVar) string {
	if v.Quote == '\'' {
		return strings.ReplaceAll(v.Written, "$", "$$")
	}
	return v.Written
}

// lastDefinitions are the variables of an env file, each at its last
// definition (the one that counts), in file order.
func lastDefinitions(f *compose.EnvFile) []compose.EnvVar {
	last := map[string]int{}
	for i, v := range f.Vars {
		last[v.Key] = i
	}
	var out []compose.EnvVar
	for i, v := range f.Vars {
		if last[v.Key] == i {
			out = append(out, v)
		}
	}
	return out
}

// definedIn finds the env file that sets name last.
func definedIn(files []*compose.EnvFile, name string) (*compose.EnvFile, compose.EnvVar, bool) {
	for i := len(files) - 1; i >= 0; i-- {
		if v, ok := files[i].Var(name); ok {
			return files[i], v, true
		}
	}
	return nil, compose.EnvVar{}, false
}

// dotEnvCredential reports a .env variable that holds a literal
// credential, by its own name or value, or by the name of the compose key
// it feeds.
func dotEnvCredential(key string, v compose.EnvVar) bool {
	w := envWritten(v)
	if _, ok := credentialIn(v.Key, w); ok {
		return true
	}
	if !credentialName(key) {
		return false
	}
	lit, _ := literalCredential(key, w)
	return lit
}

// varRefs lists the variables a value as written refers to.
func varRefs(w string) []string {
	var out []string
	for i := 0; i < len(w); i++ {
		if w[i] != '$' || i+1 >= len(w) {
			continue
		}
		switch n := w[i+1]; {
		case n == '$':
			i++
		case n == '{':
			if name := varName(w[i+2:]); name != "" {
				out = append(out, name)
			}
		case isNameStart(n):
			out = append(out, varName(w[i+1:]))
		}
	}
	return out
}
