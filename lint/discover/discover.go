// Package discover finds the Dockerfiles and Compose projects to lint.
//
// # Walking directories
//
// Each directory argument (default ".") is walked with filepath.WalkDir.
// Dockerfiles are recognised by name, case-insensitively: `Dockerfile`,
// `Dockerfile.*`, `*.Dockerfile`, `Containerfile`, `Containerfile.*`,
// `*.Containerfile` (but not `*.dockerignore` files such as
// `Dockerfile.dockerignore`, nor backups and docs: `.md`, `.bak`, `.orig`,
// `.rej`, `.swp`, `~`). Compose files, also case-insensitively:
// `compose.yaml`, `compose.yml`, `docker-compose.yaml`,
// `docker-compose.yml` and their variants `compose.<x>.yaml`,
// `compose-<x>.yaml`, `docker-compose.<x>.yml`, `docker-compose-<x>.yml`
// (`<x>` = `override`, `prod`, `dev`, ...; `.yaml` or `.yml`).
// .pre-commit-hooks.yaml passes the same names (TestPreCommitPattern).
//
// Directories named `.git`, `.hg`, `.svn`, `node_modules` and `vendor` are
// skipped (unless named as the walk root). Exclude globs (see package
// lint/pathglob) are matched against the slash path relative to the walk
// root, against the path as displayed, and against the base name; a
// matching directory is not entered. An excluded compose file is treated
// as absent when projects are grouped.
//
// Symbolic links met during a walk are skipped by default. With
// FollowSymlinks, a link to a file is linted (under the link's own name)
// when its target is inside the walk root; links to directories are never
// followed (their targets inside the tree are walked anyway, and loops are
// impossible). Links pointing out of the tree are never followed.
// A directory that cannot be read is a Problem; the walk goes on.
//
// # Files named explicitly
//
// A file named on the command line is linted, excluded or not, symlink or
// not, when its kind is known. Its kind is ForceType if set, else given by
// its name (a Dockerfile or compose name as a walk finds them), else
// sniffed from its content (SniffContent): a YAML (or JSON) mapping with a
// top-level `services` key and only compose's top-level keys is Compose; a
// file whose first line is a parser directive or whose first instruction
// is FROM or ARG is a Dockerfile. Anything else, and any name ending like
// the ignore, doc and backup files above (`Dockerfile.dockerignore`,
// `x.md`, `compose.yaml.bak`), is not linted: a Problem with Note set,
// which does not fail a run. `-` is standard input, sniffed the same way
// from Options.Stdin unless ForceType is set. A path that does not exist
// is a Problem.
//
// # Compose projects
//
// Files in one directory that docker compose would combine are one
// target, in docker compose's order. The base is the first present of
// compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml; the
// override is the first present of compose.override.yml,
// compose.override.yaml, docker-compose.override.yml,
// docker-compose.override.yaml (as compose-go's default discovery does,
// even across the two families). The default project is [base, override]:
// all that `docker compose` reads with no -f. Another base present beside
// the winner is its own project, alone (as `docker compose -f` would load
// it).
//
// Every other compose file in the directory is a variant (compose.prod.yaml,
// compose-dev.yaml, docker-compose.images.yml, an override that lost to
// another). Its base is the base of its own family if present, else the
// winner. A variant is read (bounded by MaxFileSize; only the YAML tree's
// top level and each service's keys are looked at) to tell what it is:
//   - a complete project by itself, where every service has an `image`, a
//     `build` or an `extends` (or, with no services, it has an `include`):
//     linted alone, as `docker compose -f variant` would run it;
//   - a patch, where some service has none of them (it adds ports or
//     environment to the base's services), or a file with no services of
//     its own: linted on top of its base, [base, variant];
//   - unreadable (too big, not YAML, not a mapping): linted alone, so that
//     its error is reported once.
//
// With no base in the directory, a variant or override is linted alone.
//
// A compose file named explicitly (as pre-commit passes them, one by one)
// gives the same target as the walk would: an override brings in its
// base, a base its override, a patching variant its base, a complete
// variant nothing (whether the kind is forced with ForceType or not).
// ComposeFiles (an explicit `-f` list) is one project, in the order given.
// Targets are de-duplicated (Explicit is set if any way of reaching the
// target was explicit) and sorted by their first file, then the rest.
// Each compose target says why it holds its files (Grouping).
package discover

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/pathglob"
)

// Kind is what a target is.
type Kind int

const (
	Dockerfile Kind = iota + 1
	Compose
)

func (k Kind) String() string {
	switch k {
	case Dockerfile:
		return "dockerfile"
	case Compose:
		return "compose"
	}
	return "unknown"
}

// Target is one thing to lint: a Dockerfile, or a Compose project.
type Target struct {
	Kind Kind
	// Files: the Dockerfile; or the project's compose files in the order
	// docker compose loads them. Paths are as given or joined to the walk
	// root, cleaned; "-" for standard input.
	Files    []string
	Explicit bool // named on the command line (or through ComposeFiles)
	Stdin    bool // Files is ["-"]
	// Grouping says why a compose target holds these files ("" for a
	// Dockerfile).
	Grouping Grouping
}

// Problem is a path that could not be examined, or (Note) a path named
// on the command line that is not linted because neither its name nor its
// content says what it is.
type Problem struct {
	Path    string
	Message string
	// Note: not an error; the path is skipped (a run says so on standard
	// error, and its exit code does not change).
	Note bool
}

// Options tune discovery.
type Options struct {
	// Exclude are globs of paths not to walk (files named explicitly are
	// linted anyway).
	Exclude []string
	// ForceType is "", "dockerfile" or "compose"; it sets the kind of
	// explicitly named files and of stdin.
	ForceType string
	// ComposeFiles is an explicit list of compose files forming one project.
	ComposeFiles []string
	// FollowSymlinks lints symlinked files met during a walk when their
	// target is inside the walked tree.
	FollowSymlinks bool
	// MaxFileSize bounds what is read of a compose variant to group it;
	// 0 = DefaultMaxFileSize. A larger variant is linted alone.
	MaxFileSize int64
	// Stdin is what standard input holds (or its head), to tell the kind
	// of "-" without ForceType.
	Stdin []byte
	// Within, when set, narrows directory walks to some files (lint
	// --diff-base): see Within.
	Within *Within
}

// Within narrows a walk: a Dockerfile is a target only when Files holds
// it, and compose projects are formed only in the directories Dirs holds
// (from all their compose files, so they are the projects a full walk
// forms there). Directories that lead to none of them are not entered.
// Paths are absolute, symbolic links resolved. Everything else (excluded
// paths, skipped directories, links) is as in a full walk, so a narrowed
// walk finds exactly the full walk's targets that involve these files.
type Within struct {
	Files, Dirs map[string]bool
	lead        map[string]bool // the directories that lead to them
}

// enter reports whether a walk goes into dir.
func (w *Within) enter(dir string) bool {
	if w.lead == nil {
		w.lead = map[string]bool{}
		add := func(d string) {
			for !w.lead[d] {
				w.lead[d] = true
				up := filepath.Dir(d)
				if up == d {
					break
				}
				d = up
			}
		}
		for f := range w.Files {
			add(filepath.Dir(f))
		}
		for d := range w.Dirs {
			add(d)
		}
	}
	return w.lead[dir]
}

// KindOfName tells a Dockerfile or compose file by its base name, as a
// walk does; 0 for any other name.
func KindOfName(name string) Kind { return kindOfName(name) }

// skipDirs are directory names never entered during a walk.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true}

// Discover finds the targets under paths (default "."). The error is for
// bad options only; unreadable paths are Problems.
func Discover(paths []string, opts Options) ([]Target, []Problem, error) {
	d := &discoverer{opts: opts, targets: map[string]*Target{}, variants: map[string]Grouping{}}
	if d.opts.MaxFileSize <= 0 {
		d.opts.MaxFileSize = DefaultMaxFileSize
	}
	switch strings.ToLower(opts.ForceType) {
	case "":
	case "dockerfile", "containerfile":
		d.force = Dockerfile
	case "compose":
		d.force = Compose
	default:
		return nil, nil, fmt.Errorf("unknown file type %q (want dockerfile or compose)", opts.ForceType)
	}
	for _, p := range opts.Exclude {
		g, err := pathglob.Compile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("exclude: %v", err)
		}
		d.exclude = append(d.exclude, g)
	}
	if len(opts.ComposeFiles) > 0 {
		files := make([]string, len(opts.ComposeFiles))
		for i, f := range opts.ComposeFiles {
			files[i] = clean(f)
			if files[i] != "-" {
				if _, err := os.Stat(files[i]); err != nil {
					d.problem(files[i], err)
				}
			}
		}
		d.add(Target{Kind: Compose, Files: files, Explicit: true, Stdin: len(files) == 1 && files[0] == "-", Grouping: GroupStack})
	}
	if len(paths) == 0 && len(opts.ComposeFiles) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		d.arg(p)
	}
	return d.result()
}

type discoverer struct {
	opts     Options
	force    Kind
	exclude  []*pathglob.Glob
	targets  map[string]*Target // by kind + files
	problems []Problem
	variants map[string]Grouping // classifyVariant's answers, by path
}

// variantIn returns the classifier of variants in dir for groupCompose.
func (d *discoverer) variantIn(dir string) func(string) Grouping {
	return func(name string) Grouping {
		p := filepath.Join(dir, name)
		g, ok := d.variants[p]
		if !ok {
			g = classifyVariant(p, d.opts.MaxFileSize)
			d.variants[p] = g
		}
		return g
	}
}

func (d *discoverer) problem(path string, err error) {
	msg := err.Error()
	if pe, ok := err.(*fs.PathError); ok {
		msg = pe.Err.Error()
	}
	d.problems = append(d.problems, Problem{Path: path, Message: msg})
}

// note records a path named on the command line that is not linted.
func (d *discoverer) note(path, why string) {
	d.problems = append(d.problems, Problem{Path: path, Message: "not linted: " + why + "; --type dockerfile|compose forces a kind", Note: true})
}

func (d *discoverer) add(t Target) {
	key := t.Kind.String() + "\x00" + strings.Join(t.Files, "\x00")
	if old, ok := d.targets[key]; ok {
		old.Explicit = old.Explicit || t.Explicit
		return
	}
	d.targets[key] = &t
}

func (d *discoverer) result() ([]Target, []Problem, error) {
	out := make([]Target, 0, len(d.targets))
	for _, t := range d.targets {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Files, out[j].Files
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return out[i].Kind < out[j].Kind
	})
	sort.SliceStable(d.problems, func(i, j int) bool { return d.problems[i].Path < d.problems[j].Path })
	return out, d.problems, nil
}

func clean(p string) string {
	if p == "-" {
		return p
	}
	return filepath.Clean(p)
}

// arg handles one command-line path.
func (d *discoverer) arg(p string) {
	if p == "-" {
		kind := d.force
		if kind == 0 {
			var why string
			if kind, why = SniffContent(d.opts.Stdin); kind == 0 {
				d.note(p, "standard input is "+why)
				return
			}
		}
		t := Target{Kind: kind, Files: []string{"-"}, Explicit: true, Stdin: true}
		if kind == Compose {
			t.Grouping = GroupNamed
		}
		d.add(t)
		return
	}
	p = clean(p)
	st, err := os.Stat(p) // follows links: an explicit path is the user's choice
	if err != nil {
		d.problem(p, err)
		return
	}
	if st.IsDir() {
		d.walk(p)
		return
	}
	d.explicitFile(p)
}

func (d *discoverer) explicitFile(p string) {
	kind := d.force
	if kind == 0 {
		kind = kindOfName(filepath.Base(p))
	}
	if kind == 0 {
		if why := neverLinted(filepath.Base(p)); why != "" {
			d.note(p, why)
			return
		}
		k, why, err := sniff(p)
		if err != nil {
			d.problem(p, err)
			return
		}
		if k == 0 {
			d.note(p, "not a Dockerfile or compose file by name, and its content is "+why)
			return
		}
		kind = k
	}
	if kind == Dockerfile {
		d.add(Target{Kind: Dockerfile, Files: []string{p}, Explicit: true})
		return
	}
	if _, ok := parseComposeName(filepath.Base(p)); !ok {
		d.add(Target{Kind: Compose, Files: []string{p}, Explicit: true, Grouping: GroupNamed})
		return
	}
	// A compose file by name: the project docker compose would form in
	// its directory, seen from this file.
	dir := filepath.Dir(p)
	names, err := composeNamesIn(dir)
	if err != nil {
		d.problem(dir, err)
	}
	base := filepath.Base(p)
	if !containsName(names, base) {
		names = append(names, base)
	}
	// The project of the file: the default one for a base or the
	// override, else the one it ends; not every variant built on a base
	// (only the named file is read to group it).
	only := d.variantIn(dir)
	variant := func(n string) Grouping {
		if n == base {
			return only(n)
		}
		return GroupOnBase // not this file's project: its answer is unused
	}
	for _, g := range groupCompose(names, variant) {
		if g.of(base) {
			d.add(Target{Kind: Compose, Files: joinAll(dir, g.files), Explicit: true, Grouping: g.why})
		}
	}
}

func containsName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinAll(dir string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n)
	}
	return out
}

// composeNamesIn lists the compose-named regular files (or links to them)
// in dir, for grouping around an explicitly named file.
func composeNamesIn(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		if _, ok := parseComposeName(e.Name()); ok {
			names = append(names, e.Name())
		}
	}
	return names, err
}

// sniff reads the head of a file of unknown name and tells its kind by
// content (SniffContent); 0 and the reason when it is not unambiguous.
func sniff(p string) (Kind, string, error) {
	// A FIFO or device is not opened (that could block): the reader
	// reports it as not a regular file.
	if st, err := os.Stat(p); err == nil && !st.Mode().IsRegular() {
		return Dockerfile, "", nil
	}
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, sniffHead))
	if err != nil {
		return 0, "", err
	}
	k, why := SniffContent(head)
	return k, why, nil
}

// openFS opens a walk root; tests replace it to inject read errors.
var openFS = func(root string) fs.FS { return os.DirFS(root) }

// walk walks one directory argument with fs.WalkDir, which does not follow
// symbolic links to directories (no loops), and reads each directory once
// (no stat per file).
func (d *discoverer) walk(root string) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		d.problem(root, err)
		return
	}
	realRoot, _ = filepath.Abs(realRoot)
	compose := map[string][]string{} // display dir -> compose file names
	_ = fs.WalkDir(openFS(realRoot), ".", func(rel string, e fs.DirEntry, err error) error {
		display := filepath.Join(root, filepath.FromSlash(rel))
		if err != nil {
			d.problem(display, err)
			return nil // the walk goes on with what could be read
		}
		name := e.Name()
		if e.IsDir() {
			if rel == "." {
				return nil
			}
			if skipDirs[name] || d.excluded(rel, display, name) {
				return fs.SkipDir
			}
			if w := d.opts.Within; w != nil && !w.enter(filepath.Join(realRoot, filepath.FromSlash(rel))) {
				return fs.SkipDir
			}
			return nil
		}
		kind, isLink := kindOfName(name), e.Type()&fs.ModeSymlink != 0
		if kind == 0 || d.excluded(rel, display, name) {
			return nil
		}
		if w := d.opts.Within; w != nil {
			abs := filepath.Join(realRoot, filepath.FromSlash(rel))
			if kind == Dockerfile && !w.Files[abs] || kind == Compose && !w.Dirs[filepath.Dir(abs)] {
				return nil
			}
		}
		if isLink {
			path := filepath.Join(realRoot, filepath.FromSlash(rel))
			if !d.opts.FollowSymlinks || !d.linkInTree(realRoot, path, display) {
				return nil
			}
		} else if !e.Type().IsRegular() {
			// A FIFO, socket or device under a Dockerfile or compose name is
			// never opened (a FIFO would block), but it is said, not hidden.
			d.problems = append(d.problems, Problem{Path: display, Message: "not a regular file (" + fileKind(e.Type()) + "); not read"})
			return nil
		}
		if kind == Dockerfile {
			d.add(Target{Kind: Dockerfile, Files: []string{display}})
		} else {
			dir := filepath.Dir(display)
			compose[dir] = append(compose[dir], name)
		}
		return nil
	})
	for dir, names := range compose {
		for _, g := range groupCompose(names, d.variantIn(dir)) {
			d.add(Target{Kind: Compose, Files: joinAll(dir, g.files), Grouping: g.why})
		}
	}
}

// linkInTree reports whether the link at path resolves to a regular file
// inside root; it records a Problem when it does not.
func (d *discoverer) linkInTree(root, path, display string) bool {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		d.problems = append(d.problems, Problem{Path: display, Message: "broken symbolic link"})
		return false
	}
	target, _ = filepath.Abs(target)
	if r, err := filepath.Rel(root, target); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		d.problems = append(d.problems, Problem{Path: display, Message: "symbolic link points outside the tree; not followed"})
		return false
	}
	st, err := os.Stat(target)
	return err == nil && st.Mode().IsRegular()
}

func (d *discoverer) excluded(rel, display, name string) bool {
	if len(d.exclude) == 0 {
		return false
	}
	disp := filepath.ToSlash(display)
	for _, g := range d.exclude {
		if g.Match(rel) || g.Match(disp) || (!g.HasSlash() && g.Match(name)) {
			return true
		}
	}
	return false
}

// fileKind names a non-regular file type for messages.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
