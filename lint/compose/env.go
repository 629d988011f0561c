package compose

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/internal/fileread"
	"github.com/dockguard/dockguard/lint/source"
)

// lookupIn looks a variable up in the process environment (with UseEnv),
// then in env.
func (l *loadState) lookupIn(env map[string]string) lookupFunc {
	return func(k string) (string, bool) {
		if l.getenv != nil {
			if v, ok := l.getenv(k); ok {
				return v, true
			}
		}
		v, ok := env[k]
		return v, ok
	}
}

// projectEnv reads the project's .env (or LoadOptions.EnvFiles) and, with
// UseEnv, the process environment, which wins as in docker compose.
func (l *loadState) projectEnv() (map[string]string, bool) {
	files := l.opts.EnvFiles
	explicit := len(files) > 0
	if !explicit {
		files = []string{filepath.Join(l.projectDir, ".env")}
	}
	env := map[string]string{}
	for _, name := range files {
		abs, err := filepath.Abs(name)
		if err != nil {
			continue
		}
		if !explicit {
			if st, err := os.Stat(abs); err != nil || st.IsDir() {
				continue
			}
		}
		if !l.readEnvFile(abs, env, l.lookupIn(nil), nil, source.Range{}) {
			return nil, false
		}
		l.dotEnv = append(l.dotEnv, abs)
	}
	return env, true
}

// readEnvFile adds the variables of an env file to env; values may refer
// to earlier ones and to parent.
func (l *loadState) readEnvFile(abs string, env map[string]string, parent lookupFunc, from *yfile, at source.Range) bool {
	display := l.display(abs)
	if !l.inside(abs) {
		l.problem(from, at, "env file %s is outside the linted tree; not read", display)
		return false
	}
	b, err := fileread.Read(abs, l.maxSize)
	if err != nil {
		l.problem(from, at, "cannot read env file %s: %s", display, cleanErr(err, abs, display))
		return false
	}
	vars, err := dotenv.ParseWithLookup(bytes.NewReader(b), func(k string) (string, bool) {
		if v, ok := env[k]; ok {
			return v, true
		}
		if parent != nil {
			return parent(k)
		}
		return "", false
	})
	if err != nil {
		l.problem(nil, source.Range{}, "invalid env file %s: %s", display, cleanErr(err, abs, display))
		return false
	}
	for k, v := range vars {
		env[k] = v
	}
	return true
}

func expand(lookup lookupFunc, s string) string {
	if !strings.Contains(s, "$") || lookup == nil {
		return s
	}
	out, err := template.SubstituteWithOptions(s, template.Mapping(lookup), template.WithoutLogging)
	if err != nil {
		return s
	}
	return out
}

var varNameRE = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// composeEnv is the environment handed to compose-go: the project's env
// files plus, with UseEnv, the process values of the variables the files
// actually name (compose-go needs a map; nothing else is copied).
func (l *loadState) composeEnv() types.Mapping {
	env := types.Mapping{}
	for k, v := range l.top.env {
		env[k] = v
	}
	if l.getenv == nil {
		return env
	}
	for _, f := range l.order {
		for _, m := range varNameRE.FindAllSubmatch(f.src.Content, -1) {
			if v, ok := l.getenv(string(m[1])); ok {
				env[string(m[1])] = v
				if len(v) >= 4 {
					l.fromEnv = append(l.fromEnv, v)
				}
			}
		}
	}
	return env
}
