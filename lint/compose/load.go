package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// silenceLogrus stops compose-go's warnings ("variable is not set",
// obsolete `version`) going to stderr. compose-go logs through the global
// logrus logger, so this is done once per process.
var silenceLogrus = sync.OnceFunc(func() {
	logrus.SetOutput(io.Discard)
	logrus.SetLevel(logrus.PanicLevel)
})

// fileSet is a compose project as compose-go sees it: files in precedence
// order (lowest first) and the projects they include.
type fileSet struct {
	dir      string            // project directory: relative references resolve here
	env      map[string]string // from env files
	lookup   lookupFunc        // env, after the process environment when UseEnv
	files    []*yfile
	includes []*fileSet
}

type loadState struct {
	ctx      context.Context
	opts     LoadOptions
	problems []Problem

	root       string // absolute, symlinks resolved
	rootLex    string // absolute, as given
	projectDir string
	displayDir string // how the user spelled the directory of the first file
	main       *yfile

	files map[string]*yfile // by absolute path
	order []*yfile
	top   *fileSet

	skipInclude, skipExtends bool
	maxSize                  int64
	getenv                   lookupFunc // nil unless UseEnv
	fromEnv                  []string   // values read from the process environment, redacted from messages
}

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

func (l *loadState) problem(f *yfile, r source.Range, format string, args ...any) {
	loc := source.Location{Range: r}
	if f != nil {
		loc.Path = f.src.Path
	} else if l.main != nil {
		loc.Path = l.main.src.Path
	} else if len(l.opts.Files) > 0 {
		loc.Path = l.opts.Files[0]
	}
	if !loc.Range.IsValid() {
		loc.Range = source.LineRange(1, 1)
	}
	l.problems = append(l.problems, Problem{Location: loc, Message: fmt.Sprintf(format, args...)})
}

func (l *loadState) run() (proj *Project) {
	defer func() {
		if r := recover(); r != nil {
			l.problem(nil, source.Range{}, "internal error while loading the project: %v", r)
			if os.Getenv("DOCKGUARD_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
			proj = nil
		}
	}()
	silenceLogrus()
	l.maxSize = l.opts.MaxFileSize
	if l.maxSize <= 0 {
		l.maxSize = DefaultMaxFileSize
	}
	if l.opts.UseEnv {
		l.getenv = os.LookupEnv
		if g := l.opts.Getenv; g != nil {
			l.getenv = func(k string) (string, bool) {
				v := g(k)
				return v, v != ""
			}
		}
	}
	if len(l.opts.Files) == 0 {
		l.problem(nil, source.Range{}, "no compose file given")
		return nil
	}
	first, err := filepath.Abs(l.opts.Files[0])
	if err != nil {
		l.problem(nil, source.Range{}, "cannot resolve path: %v", err)
		return nil
	}
	l.projectDir = filepath.Dir(first)
	l.displayDir = filepath.Dir(l.opts.Files[0])
	root := l.opts.Root
	if root == "" {
		root = l.projectDir
	}
	if l.rootLex, err = filepath.Abs(root); err != nil {
		l.problem(nil, source.Range{}, "cannot resolve root: %v", err)
		return nil
	}
	l.root = l.rootLex
	if r, err := filepath.EvalSymlinks(l.rootLex); err == nil {
		l.root = r
	}
	l.files = map[string]*yfile{}

	env, ok := l.projectEnv()
	if !ok {
		return nil
	}
	l.top = &fileSet{dir: l.projectDir, env: env, lookup: l.lookupIn(env)}
	for i, name := range l.opts.Files {
		abs, err := filepath.Abs(name)
		if err != nil {
			l.problem(nil, source.Range{}, "cannot resolve path: %v", err)
			return nil
		}
		f, ok := l.readCompose(abs, filepath.Clean(name), l.projectDir, nil, source.Range{})
		if !ok {
			return nil
		}
		if i == 0 {
			l.main = f
		}
		l.top.files = append(l.top.files, f)
	}
	if !l.scanSet(l.top, 0) {
		return nil
	}
	model, ok := l.compose()
	if !ok {
		return nil
	}
	return l.project(model)
}

// inside reports whether abs lies inside the root, both as written and
// after resolving symlinks (when it exists).
func (l *loadState) inside(abs string) bool {
	within := func(root, p string) bool {
		rel, err := filepath.Rel(root, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
	}
	if !within(l.rootLex, abs) && !within(l.root, abs) {
		return false
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// Missing: nothing to read; a dangling symlink points nowhere we read.
		return true
	}
	return within(l.root, real)
}

// display is how a path is shown: under the directory of the first file
// as the user spelled it, or absolute when outside the project directory.
func (l *loadState) display(abs string) string {
	rel, err := filepath.Rel(l.projectDir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return abs
	}
	return filepath.Join(l.displayDir, rel)
}

// readFile reads a regular file of at most max bytes.
func readFile(abs string, max int64) ([]byte, error) {
	// Stat first: opening a FIFO (or a device) would block or never end.
	if st, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	fh, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if st.Size() > max {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit (--max-file-size)", st.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("file is over the %d-byte limit (--max-file-size)", max)
	}
	return b, err
}

// readCompose reads and parses a compose file once; from/at say where it
// was referenced (for problems).
func (l *loadState) readCompose(abs, display, wd string, from *yfile, at source.Range) (*yfile, bool) {
	if f, ok := l.files[abs]; ok {
		return f, true
	}
	if !l.inside(abs) {
		l.problem(from, at, "%s is outside the linted tree; not read", display)
		return nil, false
	}
	content, err := readFile(abs, l.maxSize)
	if err != nil {
		l.problem(from, at, "cannot read %s: %s", display, cleanErr(err, abs, display))
		return nil, false
	}
	f := &yfile{abs: abs, src: source.NewFile(display, content), wd: wd}
	docs, err := parseYAML(content, l.opts.MaxNodes, l.opts.MaxDepth)
	if err != nil {
		var pe *posError
		r := source.Range{}
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.msg
			if pe.pos.IsValid() {
				r = source.Range{Start: pe.pos, End: pe.pos}
				if ln := f.src.LineSpan(pe.pos.Line); pe.pos.Col <= ln.Start.Col {
					r = ln
				}
			}
		}
		l.problem(f, r, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		return nil, false
	}
	for _, d := range docs {
		if d.Kind != yaml.MappingNode {
			l.problem(f, nodeRange(f.src, d), "a compose file must be a mapping at top level")
			return nil, false
		}
	}
	f.docs = docs
	l.files[abs] = f
	l.order = append(l.order, f)
	return f, true
}

func cleanErr(err error, abs, display string) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return strings.ReplaceAll(err.Error(), abs, display)
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
	b, err := readFile(abs, l.maxSize)
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

func (l *loadState) abs(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// stringsOf reads a scalar or a sequence of scalars (or of mappings with
// key `key`), returning values with their nodes.
func stringsOf(n *yaml.Node, key string) (vals []string, nodes []*yaml.Node) {
	n = resolve(n)
	if n == nil {
		return nil, nil
	}
	one := func(x *yaml.Node) {
		x = resolve(x)
		if x != nil && x.Kind == yaml.MappingNode && key != "" {
			if _, v := child(x, key); v != nil {
				x = resolve(v)
			}
		}
		if s, ok := scalar(x); ok && x.Tag != "!!null" {
			vals, nodes = append(vals, s), append(nodes, x)
		}
	}
	if n.Kind == yaml.SequenceNode {
		for _, x := range n.Content {
			one(x)
		}
	} else {
		one(n)
	}
	return vals, nodes
}

// scanSet pre-scans every file of a set for references compose-go would
// follow (include, extends.file, env files) and checks them against the
// root before compose-go reads anything.
func (l *loadState) scanSet(set *fileSet, depth int) bool {
	if depth > 20 {
		l.problem(set.files[0], source.Range{}, "include nested more than 20 levels deep")
		return false
	}
	for _, f := range set.files {
		if f.env == nil {
			f.env = set.lookup
		}
		if !l.scanFile(f, set.lookup, map[*yfile]bool{}) {
			return false
		}
		for _, doc := range f.docs {
			_, inc := child(doc, "include")
			inc = resolve(inc)
			if inc == nil || inc.Kind != yaml.SequenceNode {
				continue
			}
			for _, item := range inc.Content {
				sub, ok := l.scanInclude(f, set, resolve(item), depth)
				if !ok {
					return false
				}
				if sub != nil {
					set.includes = append(set.includes, sub)
				}
			}
		}
	}
	return true
}

func (l *loadState) scanInclude(f *yfile, set *fileSet, item *yaml.Node, depth int) (*fileSet, bool) {
	if item == nil {
		return nil, true
	}
	at := nodeRange(f.src, item)
	var paths, envFiles []string
	var pathNodes, envNodes []*yaml.Node
	projDir := ""
	if item.Kind == yaml.MappingNode {
		_, p := child(item, "path")
		paths, pathNodes = stringsOf(p, "")
		_, e := child(item, "env_file")
		envFiles, envNodes = stringsOf(e, "")
		if _, d := child(item, "project_directory"); d != nil {
			if s, ok := scalar(d); ok {
				projDir = l.abs(set.dir, expand(set.lookup, s))
			}
		}
	} else {
		paths, pathNodes = stringsOf(item, "")
	}
	if len(paths) == 0 {
		return nil, true
	}
	sub := &fileSet{env: map[string]string{}}
	for k, v := range set.env {
		sub.env[k] = v
	}
	sub.lookup = l.lookupIn(sub.env)
	for i, p := range paths {
		p = expand(set.lookup, p)
		if strings.Contains(p, "://") || strings.HasPrefix(p, "git@") || strings.HasPrefix(p, "oci:") {
			l.problem(f, nodeRange(f.src, pathNodes[i]), "remote include %q is not loaded", p)
			l.skipInclude = true
			return nil, true
		}
		abs := l.abs(set.dir, p)
		if !l.inside(abs) {
			l.problem(f, nodeRange(f.src, pathNodes[i]), "include %s is outside the linted tree; not read", l.display(abs))
			l.skipInclude = true
			return nil, true
		}
		if i == 0 && projDir == "" {
			projDir = filepath.Dir(abs)
		}
	}
	if !l.inside(projDir) {
		l.problem(f, at, "include project_directory %s is outside the linted tree", l.display(projDir))
		l.skipInclude = true
		return nil, true
	}
	sub.dir = projDir
	if len(envFiles) == 0 {
		def := filepath.Join(projDir, ".env")
		if st, err := os.Stat(def); err == nil && !st.IsDir() {
			if !l.readEnvFile(def, sub.env, l.lookupIn(nil), f, at) {
				l.skipInclude = true
				return nil, true
			}
		}
	}
	for i, e := range envFiles {
		e = expand(set.lookup, e)
		if e == "/dev/null" {
			continue
		}
		if !l.readEnvFile(l.abs(set.dir, e), sub.env, l.lookupIn(nil), f, nodeRange(f.src, envNodes[i])) {
			l.skipInclude = true
			return nil, true
		}
	}
	for i, p := range paths {
		abs := l.abs(set.dir, expand(set.lookup, p))
		g, ok := l.readCompose(abs, l.display(abs), projDir, f, nodeRange(f.src, pathNodes[i]))
		if !ok {
			return nil, false
		}
		sub.files = append(sub.files, g)
	}
	return sub, l.scanSet(sub, depth+1)
}

// scanFile checks the per-service references of one file: env_file and
// label_file (reported only: compose-go is told not to read them) and
// extends.file (parsed and scanned in turn).
func (l *loadState) scanFile(f *yfile, env lookupFunc, seen map[*yfile]bool) bool {
	if seen[f] {
		return true
	}
	seen[f] = true
	for _, doc := range f.docs {
		_, svcs := child(doc, "services")
		ok := true
		eachEntry(svcs, func(_ string, _, svc *yaml.Node) {
			ok = ok && l.scanService(f, env, seen, svc)
		})
		if !ok {
			return false
		}
	}
	return true
}

// scanService checks one service's references (see scanFile).
func (l *loadState) scanService(f *yfile, env lookupFunc, seen map[*yfile]bool, svc *yaml.Node) bool {
	for _, key := range []string{"env_file", "label_file"} {
		_, n := child(svc, key)
		vals, nodes := stringsOf(n, "path")
		for i, v := range vals {
			abs := l.abs(f.wd, expand(env, v))
			if !l.inside(abs) {
				l.problem(f, nodeRange(f.src, nodes[i]), "%s %s is outside the linted tree; not read", key, l.display(abs))
			}
		}
	}
	_, ext := child(svc, "extends")
	_, file := child(ext, "file")
	s, ok := scalar(file)
	if !ok {
		return true
	}
	abs := l.abs(f.wd, expand(env, s))
	if !l.inside(abs) {
		l.problem(f, nodeRange(f.src, resolve(file)), "extends file %s is outside the linted tree; not read", l.display(abs))
		l.skipExtends = true
		return true
	}
	base, ok := l.readCompose(abs, l.display(abs), filepath.Dir(abs), f, nodeRange(f.src, resolve(file)))
	if !ok {
		return false
	}
	if base.env == nil {
		base.env = env
	}
	return l.scanFile(base, env, seen)
}

func projectName(dir string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(dir)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	s := strings.TrimLeft(b.String(), "-_")
	if s == "" {
		return "project"
	}
	return s
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

// compose runs compose-go over the pre-scanned files.
func (l *loadState) compose() (*types.Project, bool) {
	cd := types.ConfigDetails{WorkingDir: l.projectDir, Environment: l.composeEnv()}
	for _, f := range l.top.files {
		cd.ConfigFiles = append(cd.ConfigFiles, types.ConfigFile{Filename: f.abs, Content: f.src.Content})
	}
	profiles := l.opts.Profiles
	if len(profiles) == 0 {
		profiles = []string{"*"}
	}
	options := func(skipConsistency bool) func(*loader.Options) {
		return func(o *loader.Options) {
			o.SetProjectName(projectName(l.projectDir), false)
			o.Profiles = profiles
			o.SkipResolveEnvironment = true
			o.SkipResolveLabels = true
			o.SkipInclude = l.skipInclude
			o.SkipExtends = l.skipExtends
			o.SkipConsistencyCheck = skipConsistency
			o.ResourceLoaders = nil
		}
	}
	// The model (parse, interpolate, merge, extends, include) is built once;
	// turning it into a project is repeated only for inconsistent projects.
	dict, err := loader.LoadModelWithContext(l.ctx, cd, options(false))
	if err != nil {
		l.errorProblem(err)
		return nil, false
	}
	checked := loader.ToOptions(&cd, []func(*loader.Options){options(false)})
	model, err := loader.ModelToProject(shallowCopy(dict), checked, cd)
	if err == nil {
		return model, true
	}
	if !isConsistencyError(err) {
		l.errorProblem(err)
		return nil, false
	}
	// A dangling reference (undefined network, depends_on, no image) is
	// reported, and the rest of the project is still linted.
	for _, e := range l.consistencyErrors(dict, checked, cd, err) {
		l.errorProblem(e)
	}
	unchecked := loader.ToOptions(&cd, []func(*loader.Options){options(true)})
	model, err = loader.ModelToProject(shallowCopy(dict), unchecked, cd)
	if err != nil {
		l.errorProblem(err)
		return nil, false
	}
	return model, true
}

func isConsistencyError(err error) bool {
	return strings.HasSuffix(err.Error(), "invalid compose project")
}

// consistencyErrors lists every service's consistency error, sorted.
// compose-go stops at the first inconsistent service it meets in map
// order, which differs from run to run; so each offending service is
// replaced by a placeholder that passes (keeping its name, so references
// to it still resolve) and the check is repeated.
func (l *loadState) consistencyErrors(dict map[string]any, opts *loader.Options, cd types.ConfigDetails, first error) []error {
	services, _ := dict["services"].(map[string]any)
	patched := make(map[string]any, len(services))
	for k, v := range services {
		patched[k] = v
	}
	errs := []error{first}
	for err := first; len(errs) <= len(services); {
		m := errServiceRE.FindStringSubmatch(err.Error())
		if m == nil {
			break
		}
		if _, ok := patched[m[1]]; !ok {
			break
		}
		patched[m[1]] = map[string]any{"image": "dockguard-placeholder"}
		d := shallowCopy(dict)
		d["services"] = patched
		if _, err = loader.ModelToProject(d, opts, cd); err == nil || !isConsistencyError(err) {
			break
		}
		errs = append(errs, err)
		// Copy before the next round: ModelToProject may keep the map.
		next := make(map[string]any, len(patched))
		for k, v := range patched {
			next[k] = v
		}
		patched = next
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errs
}

// shallowCopy copies the top level of a compose model: ModelToProject
// deletes keys from the map it is given.
func shallowCopy(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

var (
	errPathRE    = regexp.MustCompile(`(?:^|[\s"'])((?:services|networks|volumes|secrets|configs|models|include|jobs|name|x-[^\s.:]*)(?:\.[^\s:"']+)?)`)
	errExtraRE   = regexp.MustCompile(`additional propert(?:y|ies) '([^']+)'`)
	errServiceRE = regexp.MustCompile(`service "([^"]+)"`)
)

// errorProblem turns a compose-go error into problems placed through the
// locator: schema and semantic errors name a dotted path at best.
func (l *loadState) errorProblem(err error) {
	var msgs []string
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) && len(joined.Unwrap()) > 1 {
		for _, e := range joined.Unwrap() {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = []string{err.Error()}
	}
	msgs = l.allSchemaViolations(msgs)
	loc := l.locator()
	for _, msg := range msgs {
		for _, f := range l.order {
			msg = strings.ReplaceAll(msg, f.abs, f.src.Path)
		}
		msg = strings.ReplaceAll(msg, l.projectDir+string(filepath.Separator), "")
		msg = strings.TrimSuffix(msg, ": invalid compose project")
		// compose-go quotes offending values ("invalid boolean: ..."):
		// never echo one that came from the process environment.
		for _, v := range l.fromEnv {
			msg = strings.ReplaceAll(msg, v, "***")
		}
		where, ok := source.Location{}, false
		if m := errPathRE.FindStringSubmatch(msg); m != nil {
			path := m[1]
			if x := errExtraRE.FindStringSubmatch(msg); x != nil {
				path += "." + x[1]
			}
			where, ok = loc.lookupPath(path)
		} else if x := errExtraRE.FindStringSubmatch(msg); x != nil {
			where, ok = loc.lookupPath(x[1])
		}
		if !ok {
			if m := errServiceRE.FindStringSubmatch(msg); m != nil {
				where, ok = loc.serviceKey(m[1])
			}
		}
		if !ok {
			where = source.Location{Path: l.main.src.Path, Range: l.main.src.LineSpan(1)}
		}
		l.problems = append(l.problems, Problem{Location: where, Message: strings.TrimSpace(msg)})
	}
}

// project builds the Project over a loaded model.
func (l *loadState) project(model *types.Project) *Project {
	p := &Project{Model: model, byName: map[string]*Service{}, loc: l.locator()}
	for _, f := range l.order {
		p.Sources = append(p.Sources, f.src)
	}
	names := make([]string, 0, len(model.Services))
	for name := range model.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	b := &builds{l: l, cache: map[string]*Dockerfile{}}
	for _, name := range names {
		s := &Service{Name: name, Config: model.Services[name]}
		if s.Config.Build != nil {
			s.Dockerfile = b.dockerfile(p, s)
		}
		p.Services = append(p.Services, s)
		p.byName[name] = s
	}
	return p
}

// allSchemaViolations replaces compose-go's one schema error for a file
// ("validating compose.yaml: services.web.x ...") by every violation in
// that file, sorted, so that runs agree and nothing is left for later.
func (l *loadState) allSchemaViolations(msgs []string) []string {
	var out []string
	for _, msg := range msgs {
		rest, ok := strings.CutPrefix(msg, "validating ")
		var file *yfile
		if ok {
			for _, f := range l.order {
				if strings.HasPrefix(rest, f.abs+":") || strings.HasPrefix(rest, f.src.Path+":") || strings.HasPrefix(rest, filepath.Base(f.abs)+":") {
					file = f
					break
				}
			}
		}
		var vs []schemaViolation
		if file != nil {
			vs = schemaViolations(file)
		}
		if len(vs) == 0 {
			out = append(out, msg)
			continue
		}
		name, _, _ := strings.Cut(rest, ":")
		for _, v := range vs {
			out = append(out, fmt.Sprintf("validating %s: %s %s", name, v.path, v.msg))
		}
	}
	return out
}
