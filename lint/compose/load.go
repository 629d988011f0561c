package compose

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/internal/fileread"
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
	// cut are entries of the main and override files left out of what
	// compose-go loads (an extends or include whose file cannot be read;
	// entries trimmed by lenient loading), and cutExtends the services
	// whose extends was left out.
	cut        cutSet
	cutExtends map[string]bool
	// partial are the problems after which the project is linted
	// without what they name (see lenient.go).
	partial   []int
	loads     int
	loadBytes int64
	chains    *locator // indexed once for lenient loading
	maxSize   int64
	getenv    lookupFunc // nil unless UseEnv
	fromEnv   []string   // values read from the process environment, redacted from messages
	dotEnv    []string   // the project's env files, as read for interpolation
	stdinAbs  string     // the absolute path "-" stands for; "" if not read
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
	// The schema (about 8 ms to compile) is compiled beside the reading
	// and merging of the files, which come before validation.
	go func() { _, _ = composeSpec() }()
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
		if name == "-" {
			l.stdinAbs = abs
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
	for _, f := range l.top.files {
		for i, d := range f.docs {
			if w, first, ok := asVersion1(d); ok {
				f.docs[i], f.v1 = w, true
				l.problem(f, scalarRange(f.src, first), "%s", version1Problem(first.Value))
			}
		}
	}
	if !l.scanSet(l.top, 0) {
		return nil
	}
	model, ok := l.compose()
	if !ok {
		return nil
	}
	for _, i := range l.partial {
		if !strings.HasSuffix(l.problems[i].Message, partialNote) {
			l.problems[i].Message += partialNote
		}
	}
	return l.project(model)
}

// isTop reports whether f is a main or override file: one that compose-go
// is handed by content, so entries can be cut from it.
func (l *loadState) isTop(f *yfile) bool {
	for _, g := range l.top.files {
		if g == f {
			return true
		}
	}
	return false
}

// drop leaves out an entry of f that refers to a file that is not read:
// cut from a main or override file, else by skipping every such reference
// (*skip). The last problem reported (why the file is not read) says that
// the results are partial.
func (l *loadState) drop(f *yfile, node *yaml.Node, skip *bool) {
	if f != nil && node != nil && l.isTop(f) {
		if l.cut == nil {
			l.cut = cutSet{}
		}
		l.cut[node] = true
	} else {
		*skip = true
	}
	if len(l.problems) > 0 {
		l.partial = append(l.partial, len(l.problems)-1)
	}
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

// display is how a path is shown: relative to the directory of the first
// file as the user spelled it ("../shared/env" for a file outside it).
func (l *loadState) display(abs string) string {
	rel, err := filepath.Rel(l.projectDir, abs)
	if err != nil {
		return abs
	}
	// Relative to the project as displayed, ".." included: a message never
	// shows the machine's absolute path of a file outside the project.
	return filepath.Join(l.displayDir, rel)
}

// readCompose reads and parses a compose file once; from/at say where it
// was referenced (for problems).
func (l *loadState) readCompose(abs, display, wd string, from *yfile, at source.Range) (*yfile, bool) {
	if f, ok := l.files[abs]; ok {
		return f, true
	}
	stdin := abs == l.stdinAbs && from == nil
	if !stdin && !l.inside(abs) {
		l.problem(from, at, "%s is outside the linted tree; not read", display)
		return nil, false
	}
	var content []byte
	var err error
	if stdin {
		content = l.opts.Stdin
		if content == nil {
			err = errors.New("no standard input")
		} else if int64(len(content)) > l.maxSize {
			err = fmt.Errorf("input is over the %d-byte limit (--max-file-size)", l.maxSize)
		}
	} else {
		content, err = fileread.Read(abs, l.maxSize)
	}
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

func (l *loadState) abs(dir, p string) string { return absPath(dir, p) }

func (*Project) abs(dir, p string) string { return absPath(dir, p) }

func absPath(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
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

// options are compose-go's options for this project.
func (l *loadState) options(skipConsistency bool) func(*loader.Options) {
	profiles := l.opts.Profiles
	if len(profiles) == 0 {
		profiles = []string{"*"}
	}
	return func(o *loader.Options) {
		o.SetProjectName(projectName(l.projectDir), false)
		o.Profiles = profiles
		o.SkipResolveEnvironment = true
		o.SkipResolveLabels = true
		o.SkipInclude = l.skipInclude
		o.SkipExtends = l.skipExtends
		o.SkipConsistencyCheck = skipConsistency
		o.ResourceLoaders = nil
		// Validated by dockguard (schema.go, strict): compose-go would
		// compile its schema, with the metaschema pass, in every process.
		o.SkipValidation = true
	}
}

// compose runs compose-go over the pre-scanned files. When compose-go
// rejects the project, its errors are reported and the project is loaded
// leniently (see lenient.go).
func (l *loadState) compose() (*types.Project, bool) {
	v1 := false
	for _, f := range l.top.files {
		v1 = v1 || f.v1
	}
	start := len(l.problems)
	var unplaced map[int]bool
	if !v1 {
		model, err := l.strict()
		if err == nil {
			return model, true
		}
		unplaced = l.errorProblem(err)
		if !strings.HasPrefix(err.Error(), "validating ") {
			l.reportSchema()
		}
	}
	model, culprits := l.lenient()
	l.reportCulprits(culprits, unplaced)
	if model == nil {
		return nil, false
	}
	for i := start; i < len(l.problems); i++ {
		l.partial = append(l.partial, i)
	}
	return model, true
}

// strict loads the project as docker compose would (less what l.cut
// leaves out).
func (l *loadState) strict() (*types.Project, error) {
	cd, err := l.details(l.cut)
	if err != nil {
		return nil, err
	}
	// The model (parse, interpolate, merge, extends, include) is built once;
	// turning it into a project is repeated only for inconsistent projects.
	// compose-go does not validate it (see schema.go): the files are
	// checked against the schema here, then the merged model by
	// compose-go's own semantic checks.
	dict, err := l.loadModel(cd)
	if err != nil {
		return nil, err
	}
	if err := l.schemaError(); err != nil {
		return nil, err
	}
	if err := l.extendsError(dict); err != nil {
		return nil, err
	}
	if err := modelError(dict); err != nil {
		return nil, err
	}
	checked := loader.ToOptions(&cd, []func(*loader.Options){l.options(false)})
	model, err := loader.ModelToProject(shallowCopy(dict), checked, cd)
	if err == nil || !isConsistencyError(err) {
		return model, err
	}
	// A dangling reference (undefined network, depends_on, no image) is
	// reported, and the rest of the project is still linted. A service
	// whose extends could not be read has no image for that reason only.
	for _, e := range l.consistencyErrors(dict, checked, cd, err) {
		if m := errServiceRE.FindStringSubmatch(e.Error()); m != nil && l.cutExtends[m[1]] {
			continue
		}
		if _, ok := scaledContainerName(e.Error()); ok {
			continue // the DC038 rule's
		}
		l.errorProblem(e)
	}
	unchecked := loader.ToOptions(&cd, []func(*loader.Options){l.options(true)})
	return loader.ModelToProject(shallowCopy(dict), unchecked, cd)
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

// project builds the Project over a loaded model.
func (l *loadState) project(model *types.Project) *Project {
	p := &Project{Model: model, byName: map[string]*Service{}, loc: l.locator(), files: l.order,
		dotEnv: l.dotEnv, inside: l.inside, display: l.display, maxSize: l.maxSize}
	for _, f := range l.order {
		p.Sources = append(p.Sources, f.src)
	}
	names := make([]string, 0, len(model.Services))
	for name := range model.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	b := &builds{l: l, cache: map[string]builtDockerfile{}}
	for _, name := range names {
		s := &Service{Name: name, Config: model.Services[name]}
		if s.Config.Build != nil {
			s.Dockerfile, s.DockerfileUnread = b.dockerfile(p, s)
		}
		p.Services = append(p.Services, s)
		p.byName[name] = s
		l.checkPublished(p, s)
	}
	return p
}
