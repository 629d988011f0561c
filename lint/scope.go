package lint

import (
	"bytes"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/internal/fileread"
)

// Change is what a change (a pull request, `--diff-base REF`) touched. A
// run given one (Options.Change) lints only the targets whose findings
// the change can affect, so that its cost grows with the change, not with
// the repository; filtering its findings to the changed lines gives what
// a full run filtered the same way gives (TestDiffModeMatchesFullRun):
//
//   - the changed Dockerfiles, and the Dockerfiles beside or below a
//     changed .dockerignore (it decides what their COPY sends);
//   - the compose projects of every directory holding a compose file
//     that the change can affect: a compose file that changed; one whose
//     directory holds a changed file (.env, env files, extends and
//     include files, Dockerfiles and build contexts below it); one with a
//     relative path that leaves its directory (`../shared/base.yaml`,
//     `build: ../app`, also in its .env or a variable's default) and
//     holds a changed file, taken from the file's directory, from a build
//     context nested in it (fewer ../ steps) or from another such path
//     (a dockerfile: path is relative to its context); one naming an
//     absolute path that holds a changed file; one whose included or
//     extended YAML files do any of this. Variables take their values from the .env
//     scanned here or from defaults in the text (--use-env and
//     --env-file values are not looked at). The compose files are found
//     in Files by name and read, not loaded;
//   - everything when an input of every finding changed: the
//     configuration, the baseline, .hadolint.yaml, a .gitignore (tracked-
//     file checks).
type Change struct {
	// Root is the repository's top directory, absolute, symlinks resolved.
	Root string
	// Touched are the paths the change added, modified, deleted or renamed
	// (both names), and untracked files: relative to Root, slash-separated.
	Touched []string
	// Files are the repository's tracked files (git ls-files), relative
	// to Root, slash-separated; untracked ones are in Touched.
	Files []string
}

// GlobalInputs are the base names of files every finding may depend on: a
// change to one lints everything.
var GlobalInputs = append([]string{".dockguard-baseline.json", ".hadolint.yaml", ".hadolint.yml", ".gitignore"}, config.FileNames...)

// maxScan bounds what is read of one compose file to scan it; a larger
// file counts as affected.
const maxScan = 1 << 20

// within returns the walk restriction for the change, or nil and why
// everything is linted. configPath is the configuration in force ("" for
// none).
func (c *Change) within(configPath string) (*discover.Within, string) {
	touched := newTouchedSet(c.Touched)
	var ignoreDirs []string
	for _, t := range c.Touched {
		base := path.Base(t)
		for _, g := range GlobalInputs {
			if base == g {
				return nil, t + " changed"
			}
		}
		if base == ".dockerignore" || strings.HasSuffix(base, ".dockerignore") {
			ignoreDirs = append(ignoreDirs, path.Dir(t))
		}
		if configPath != "" && filepath.Join(c.Root, filepath.FromSlash(t)) == configPath {
			return nil, t + " changed"
		}
	}
	w := &discover.Within{Files: map[string]bool{}, Dirs: map[string]bool{}}
	abs := func(rel string) string { return filepath.Join(c.Root, filepath.FromSlash(rel)) }
	byDir := map[string][]string{}
	for _, f := range c.Files {
		switch discover.KindOfName(path.Base(f)) {
		case discover.Dockerfile:
			if touched.has[f] || under(f, ignoreDirs) {
				w.Files[abs(f)] = true
			}
		case discover.Compose:
			byDir[path.Dir(f)] = append(byDir[path.Dir(f)], f)
		}
	}
	// Untracked files are in Touched only (deleted ones too: their
	// directory's other compose files form other projects now).
	inFiles := map[string]bool{}
	for _, f := range c.Files {
		inFiles[f] = true
	}
	for _, t := range c.Touched {
		switch discover.KindOfName(path.Base(t)) {
		case discover.Dockerfile:
			w.Files[abs(t)] = true
		case discover.Compose:
			if !inFiles[t] {
				byDir[path.Dir(t)] = append(byDir[path.Dir(t)], t)
			}
		}
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	// Reading thousands of compose files is most of the cost: in parallel.
	hit := make([]bool, len(dirs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(dirs); i = int(next.Add(1)) - 1 {
				for _, f := range byDir[dirs[i]] {
					if c.affects(f, touched) {
						hit[i] = true
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	for i, d := range dirs {
		if hit[i] {
			w.Dirs[abs(d)] = true
		}
	}
	return w, ""
}

// under reports whether the slash path p lies in one of dirs (or below).
func under(p string, dirs []string) bool {
	for _, d := range dirs {
		if d == "." || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

var (
	// upRE finds relative paths that leave a compose file's directory
	// (../x, ../../x, ..).
	upRE = regexp.MustCompile(`(?:^|[\s'"=:\[,\-])(\.\.(?:/[^\s'"\],}#]*)?)`)
	// absRE finds absolute paths.
	absRE = regexp.MustCompile(`(?:^|[\s'"=:\[,])(/[^\s'"\],}#]+)`)
	// yamlRE finds references to other YAML files (include, extends).
	yamlRE = regexp.MustCompile(`(?:^|[\s'"=:\[,])([^\s'"\[\],{}#]+\.ya?ml)(?:[\s'"\],}#]|$)`)
)

// affects reports whether a change of the touched files can change the
// findings of a compose project holding the compose file f (see Change).
func (c *Change) affects(f string, touched touchedSet) bool {
	return c.reaches(f, touched, map[string]bool{}, 0)
}

// reaches reports whether the compose file f (relative to Root) or what
// it refers to holds a touched file. What it refers to is bounded from
// its text: its directory, and the ancestor directory as many levels up
// as all its ../ steps together (a dockerfile: path is relative to its
// build context, itself relative to the file); YAML files it names
// (include, extends) are scanned in turn.
func (c *Change) reaches(f string, touched touchedSet, seen map[string]bool, depth int) bool {
	if touched.has[f] {
		return true
	}
	if seen[f] || depth > 8 {
		return false
	}
	seen[f] = true
	dir := path.Dir(f)
	if inside(touched, dir) {
		return true
	}
	content, err := fileread.Read(filepath.Join(c.Root, filepath.FromSlash(f)), maxScan)
	if err != nil {
		return depth == 0 // the run reports it; a missing reference is reported too
	}
	if len(content) > maxScan {
		return true
	}
	// The project's .env may spell paths too (CONTEXT=../app).
	if env, err := fileread.Read(filepath.Join(c.Root, filepath.FromSlash(dir), ".env"), maxScan); err == nil {
		content = append(append(append([]byte{}, content...), '\n'), env...)
	}
	var ups []string // relative paths that leave dir
	var yamls []string
	for _, line := range bytes.Split(content, []byte("\n")) {
		// The regular expressions are slow: run them only on lines that
		// may match.
		if bytes.Contains(line, []byte("..")) {
			for _, m := range upRE.FindAllSubmatch(line, -1) {
				ups = append(ups, string(m[1]))
			}
		}
		if !bytes.Contains(line, []byte(".y")) && !absHint(line) {
			continue
		}
		for _, m := range absRE.FindAllSubmatch(line, -1) {
			rel, err := filepath.Rel(c.Root, filepath.Clean(string(m[1])))
			if err == nil && !strings.HasPrefix(rel, "..") && inside(touched, filepath.ToSlash(rel)) {
				return true
			}
		}
		for _, m := range yamlRE.FindAllSubmatch(line, -1) {
			ref := string(m[1])
			if strings.HasPrefix(ref, "/") {
				rel, err := filepath.Rel(c.Root, filepath.Clean(ref))
				if err != nil || strings.HasPrefix(rel, "..") {
					continue
				}
				ref = filepath.ToSlash(rel)
			} else {
				ref = path.Join(dir, ref)
			}
			if !strings.HasPrefix(ref, "../") && ref != ".." {
				yamls = append(yamls, ref)
			}
		}
	}
	// Where a path that leaves dir may point: itself; relative to a build
	// context nested in dir (the path with fewer ../ steps); relative to a
	// build context that leaves dir too (any pair).
	for _, u := range ups {
		for v := u; ; {
			if inside(touched, path.Join(dir, v)) {
				return true
			}
			next, ok := strings.CutPrefix(v, "../")
			if !ok {
				break
			}
			v = next
		}
		for _, ctx := range ups {
			if inside(touched, path.Join(dir, ctx, u)) {
				return true
			}
		}
	}
	for _, y := range yamls {
		if c.reaches(y, touched, seen, depth+1) {
			return true
		}
	}
	return false
}

// touchedSet holds the touched paths, also sorted: the paths under a
// directory are found by binary search.
type touchedSet struct {
	has    map[string]bool
	sorted []string
}

func newTouchedSet(paths []string) touchedSet {
	t := touchedSet{has: make(map[string]bool, len(paths))}
	for _, p := range paths {
		if !t.has[p] {
			t.has[p] = true
			t.sorted = append(t.sorted, p)
		}
	}
	sort.Strings(t.sorted)
	return t
}

// inside reports whether a touched path is the slash path dir or lies in
// it (or below); "." holds everything.
func inside(touched touchedSet, dir string) bool {
	if dir == "." {
		return len(touched.sorted) > 0
	}
	if touched.has[dir] {
		return true
	}
	i := sort.SearchStrings(touched.sorted, dir+"/")
	return i < len(touched.sorted) && strings.HasPrefix(touched.sorted[i], dir+"/")
}

// narrow returns the walk restriction of opts.Change (nil: lint
// everything) and, when everything is linted although a change was
// given, why.
func narrow(opts Options) (*discover.Within, string) {
	if opts.Change == nil {
		return nil, ""
	}
	cfgPath := opts.ConfigPath
	if cfgPath != "" {
		if abs, err := filepath.Abs(cfgPath); err == nil {
			cfgPath = abs
		}
		if real, err := filepath.EvalSymlinks(cfgPath); err == nil {
			cfgPath = real
		}
	}
	return opts.Change.within(cfgPath)
}

// absHint reports whether line may hold an absolute path (absRE).
func absHint(line []byte) bool {
	for i := bytes.IndexByte(line, '/'); i >= 0; {
		if i == 0 || bytes.IndexByte([]byte(" \t'\"=:[,"), line[i-1]) >= 0 {
			return true
		}
		j := bytes.IndexByte(line[i+1:], '/')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
