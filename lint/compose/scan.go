package compose

import (
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

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
					// Reported (outside the tree, remote, unreadable): the
					// project is loaded without it.
					l.drop(f, item, &l.skipInclude)
					continue
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
			return nil, false
		}
		abs := l.abs(set.dir, p)
		if !l.inside(abs) {
			l.problem(f, nodeRange(f.src, pathNodes[i]), "include %s is outside the linted tree; not read", l.display(abs))
			return nil, false
		}
		if i == 0 && projDir == "" {
			projDir = filepath.Dir(abs)
		}
	}
	if !l.inside(projDir) {
		l.problem(f, at, "include project_directory %s is outside the linted tree", l.display(projDir))
		return nil, false
	}
	sub.dir = projDir
	if len(envFiles) == 0 {
		def := filepath.Join(projDir, ".env")
		if st, err := os.Stat(def); err == nil && !st.IsDir() {
			if !l.readEnvFile(def, sub.env, l.lookupIn(nil), f, at) {
				return nil, false
			}
		}
	}
	for i, e := range envFiles {
		e = expand(set.lookup, e)
		if e == "/dev/null" {
			continue
		}
		if !l.readEnvFile(l.abs(set.dir, e), sub.env, l.lookupIn(nil), f, nodeRange(f.src, envNodes[i])) {
			return nil, false
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
		eachEntry(svcs, func(name string, _, svc *yaml.Node) {
			ok = ok && l.scanService(f, env, seen, name, svc)
		})
		if !ok {
			return false
		}
	}
	return true
}

// scanService checks one service's references (see scanFile).
func (l *loadState) scanService(f *yfile, env lookupFunc, seen map[*yfile]bool, name string, svc *yaml.Node) bool {
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
	extKey, ext := child(svc, "extends")
	_, file := child(ext, "file")
	s, ok := scalar(file)
	if !ok {
		return true
	}
	// An extends whose file cannot be read is reported and left out; the
	// service is linted with what it sets itself.
	skip := func() bool {
		l.drop(f, extKey, &l.skipExtends)
		if l.cutExtends == nil {
			l.cutExtends = map[string]bool{}
		}
		l.cutExtends[name] = true
		return true
	}
	abs := l.abs(f.wd, expand(env, s))
	if !l.inside(abs) {
		l.problem(f, nodeRange(f.src, resolve(file)), "extends file %s is outside the linted tree; not read", l.display(abs))
		return skip()
	}
	base, ok := l.readCompose(abs, l.display(abs), filepath.Dir(abs), f, nodeRange(f.src, resolve(file)))
	if !ok {
		return skip()
	}
	if base.env == nil {
		base.env = env
	}
	return l.scanFile(base, env, seen)
}
