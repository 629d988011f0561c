package compose

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/internal/fileread"
	"github.com/dockguard/dockguard/lint/source"
)

// Entry is one entry of a service's environment, labels or build.args,
// in mapping (`KEY: value`) or list (`- KEY=value`) form, as written in the
// file that supplies it (an override, an extends base, an included file).
type Entry struct {
	Key string
	// Written is the value as written, before interpolation. HasValue is
	// false for a list item `KEY` and a null mapping value: compose takes
	// those from the environment it runs in.
	Written  string
	HasValue bool
	// Path is the file the entry is in; Range is its value (the whole
	// item or key when there is no value), KeyRange its key.
	Path            string
	Range, KeyRange source.Range

	f    *yfile
	node *yaml.Node // the scalar holding the value
	off  int        // where the value starts in node.Value
}

// Entry finds key in the mapping or KEY=VALUE list at path ("environment",
// "labels", "build.args") of service, in the highest-precedence file that
// sets it.
func (p *Project) Entry(service, path, key string) (Entry, bool) {
	segs := splitPath(path)
	for _, r := range p.loc.chain(service) {
		_, v, ok := walk(r.val, segs)
		if v = resolve(v); !ok || v == nil {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			k, val := child(v, key)
			if val == nil {
				continue
			}
			e := Entry{Key: key, Path: r.f.src.Path, KeyRange: scalarRange(r.f.src, k), f: r.f}
			val = resolve(val)
			if s, ok := scalar(val); ok && val.Tag != "!!null" {
				e.Written, e.HasValue, e.node = s, true, val
				e.Range = scalarRange(r.f.src, val)
			} else {
				e.Range = e.KeyRange
			}
			return e, true
		case yaml.SequenceNode:
			// The last item for a key wins, as in compose.
			for i := len(v.Content) - 1; i >= 0; i-- {
				item := resolve(v.Content[i])
				s, ok := scalar(item)
				if !ok {
					continue
				}
				k, val, has := strings.Cut(s, "=")
				if k != key {
					continue
				}
				e := Entry{Key: key, Written: val, HasValue: has, Path: r.f.src.Path, f: r.f, node: item, off: len(k) + 1}
				e.Range = scalarRange(r.f.src, item)
				e.KeyRange = e.Range
				if kr, ok := subRange(r.f, item, 0, len(k)); ok {
					e.KeyRange = kr
				}
				if has {
					if vr, ok := subRange(r.f, item, e.off, len(s)); ok && val != "" {
						e.Range = vr
					}
				}
				return e, true
			}
		}
	}
	return Entry{}, false
}

// EntryKeys lists the keys of the mapping or KEY=VALUE list at path of
// service over every file that defines the service, in order of first
// appearance. Unlike the model's maps, it keeps keys with no value that
// compose drops when the environment does not set them (build args).
func (p *Project) EntryKeys(service, path string) []string {
	segs := splitPath(path)
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, r := range p.loc.chain(service) {
		_, v, ok := walk(r.val, segs)
		if v = resolve(v); !ok || v == nil {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			for _, k := range mapKeys(v) {
				add(k)
			}
		case yaml.SequenceNode:
			for _, item := range v.Content {
				if s, ok := scalar(item); ok {
					k, _, _ := strings.Cut(s, "=")
					add(k)
				}
			}
		}
	}
	return keys
}

// Sub is the range of Written[i:j] when it can be placed exactly (it is on
// one line of the file, with no escape sequence in the way), else Range.
func (e Entry) Sub(i, j int) source.Range {
	if e.node != nil {
		if r, ok := subRange(e.f, e.node, e.off+i, e.off+j); ok {
			return r
		}
	}
	return e.Range
}

// Arg is one item of a command-like list (command, entrypoint,
// healthcheck.test, a hook's command), or the whole string when it is
// written as one, as written in the file that supplies it.
type Arg struct {
	Written string
	// Listed is true for an item of a list, false for a command written
	// as one string (which compose splits, or a shell runs).
	Listed bool
	Path   string
	Range  source.Range

	f    *yfile
	node *yaml.Node
}

// Sub is the range of Written[i:j] when it can be placed exactly, else Range.
func (a Arg) Sub(i, j int) source.Range {
	if r, ok := subRange(a.f, a.node, i, j); ok {
		return r
	}
	return a.Range
}

// Args returns the command-like value at path ("command", "entrypoint",
// "healthcheck.test") of service as written in the highest-precedence file
// that sets it: one Arg per list item, or one for a string. Items that are
// not scalars are left out.
func (p *Project) Args(service, path string) []Arg {
	segs := splitPath(path)
	for _, r := range p.loc.chain(service) {
		if _, v, ok := walk(r.val, segs); ok {
			return args(r.f, v)
		}
	}
	return nil
}

// Args is Project.Args for a key of a lifecycle hook ("command").
func (h Hook) Args(key string) []Arg {
	if h.item == nil {
		return nil
	}
	_, v := child(h.item, key)
	return args(h.f, v)
}

func args(f *yfile, v *yaml.Node) []Arg {
	v = resolve(v)
	if v == nil {
		return nil
	}
	one := func(n *yaml.Node, listed bool) (Arg, bool) {
		n = resolve(n)
		s, ok := scalar(n)
		if !ok || n.Tag == "!!null" {
			return Arg{}, false
		}
		return Arg{Written: s, Listed: listed, Path: f.src.Path, Range: scalarRange(f.src, n), f: f, node: n}, true
	}
	if v.Kind == yaml.SequenceNode {
		var out []Arg
		for _, item := range v.Content {
			if a, ok := one(item, true); ok {
				out = append(out, a)
			}
		}
		return out
	}
	if a, ok := one(v, false); ok {
		return []Arg{a}
	}
	return nil
}

// subRange places n.Value[i:j] in the file: the occurrence of that text
// that is the same (counting from the start of the scalar) as in the value.
// It gives up when the text spans lines or holds characters that quoting or
// escaping may have changed, and when the text is not found where expected.
func subRange(f *yfile, n *yaml.Node, i, j int) (source.Range, bool) {
	if f == nil || n == nil || i < 0 || j > len(n.Value) || i >= j {
		return source.Range{}, false
	}
	want := n.Value[i:j]
	changed := "\n\r" // what the scalar's style may write differently (plain: nothing else)
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		changed += "\\\""
	case n.Style&yaml.SingleQuotedStyle != 0:
		changed += "'"
	}
	if strings.ContainsAny(want, changed) {
		return source.Range{}, false
	}
	nth := strings.Count(n.Value[:i], want) // occurrences before, may overlap: good enough
	c := f.src.Content
	off := f.src.Offset(nodePos(n))
	for k := 0; ; k++ {
		at := bytes.Index(c[off:], []byte(want))
		if at < 0 {
			return source.Range{}, false
		}
		if k == nth {
			start := off + at
			return f.src.RangeOf(start, start+len(want)), true
		}
		off += at + 1
	}
}

// EnvFileRef is one `env_file:` entry of a service as written.
type EnvFileRef struct {
	// Abs is the file's absolute path, Display how messages name it.
	Abs, Display string
	Location     source.Location
}

// EnvFileRefs lists the env_file entries of a service, from every file
// that defines it (env_file lists are merged), highest precedence first.
func (p *Project) EnvFileRefs(service string) []EnvFileRef {
	var out []EnvFileRef
	seen := map[string]bool{}
	for _, r := range p.loc.chain(service) {
		_, n := child(r.val, "env_file")
		vals, nodes := stringsOf(n, "path")
		for i, v := range vals {
			abs := filepath.Clean(p.abs(r.f.wd, expand(r.f.env, v)))
			if seen[abs] {
				continue
			}
			seen[abs] = true
			out = append(out, EnvFileRef{Abs: abs, Display: p.display(abs),
				Location: source.Location{Path: r.f.src.Path, Range: nodeRange(r.f.src, nodes[i])}})
		}
	}
	return out
}

// DotEnvFiles are the absolute paths of the env files that interpolation
// read for the project (its .env, or the files given as
// LoadOptions.EnvFiles), in order: a later file wins.
func (p *Project) DotEnvFiles() []string { return p.dotEnv }

// EnvVar is one variable of an env file.
type EnvVar struct {
	Key string
	// Written is the value as written (quotes removed); Quote is the quote
	// character around it ('"', '\'' or 0): single-quoted values are not
	// interpolated.
	Written string
	Quote   byte
	// KeyRange is where the key is.
	KeyRange source.Range
}

// EnvFile is an env file read for the rules.
type EnvFile struct {
	Abs, Display string
	Source       *source.File
	Vars         []EnvVar // in file order; a later one wins
}

// Var returns the last definition of key, if any.
func (e *EnvFile) Var(key string) (EnvVar, bool) {
	for i := len(e.Vars) - 1; i >= 0; i-- {
		if e.Vars[i].Key == key {
			return e.Vars[i], true
		}
	}
	return EnvVar{}, false
}

// ReadEnvFile reads an env file that the project refers to, within the
// limits the loader keeps: false when it is outside the linted tree,
// missing, too large or unreadable.
func (p *Project) ReadEnvFile(abs string) (*EnvFile, bool) {
	if p.inside == nil || !p.inside(abs) {
		return nil, false
	}
	b, err := fileread.Read(abs, p.maxSize)
	if err != nil {
		return nil, false
	}
	src := source.NewFile(p.display(abs), b)
	return &EnvFile{Abs: abs, Display: src.Path, Source: src, Vars: parseEnvVars(src)}, true
}

// parseEnvVars reads `KEY=value` lines (also `export KEY=value` and
// `KEY: value`, as compose's dotenv parser does) with their positions.
// Quoted values may span lines.
func parseEnvVars(src *source.File) []EnvVar {
	var vars []EnvVar
	sc := bufio.NewScanner(bytes.NewReader(src.Content))
	sc.Buffer(make([]byte, 0, 64<<10), len(src.Content)+1)
	line := 0
	var open *EnvVar // a quoted value still open
	var buf strings.Builder
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if open != nil {
			if i := closingQuote(text, open.Quote); i >= 0 {
				buf.WriteString("\n" + text[:i])
				open.Written = buf.String()
				vars = append(vars, *open)
				open = nil
			} else {
				buf.WriteString("\n" + text)
			}
			continue
		}
		trimmed := strings.TrimLeft(text, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		indent := len(text) - len(trimmed)
		if rest, ok := strings.CutPrefix(trimmed, "export "); ok {
			indent += len(trimmed) - len(rest)
			trimmed = strings.TrimLeft(rest, " \t")
			indent += len(rest) - len(trimmed)
		}
		end := strings.IndexAny(trimmed, "=:")
		if end <= 0 {
			continue
		}
		key := strings.TrimRight(trimmed[:end], " \t")
		if strings.ContainsAny(key, " \t") {
			continue
		}
		lineStart := src.Offset(source.Pos{Line: line, Col: 1})
		v := EnvVar{Key: key, KeyRange: src.RangeOf(lineStart+indent, lineStart+indent+len(key))}
		val := strings.TrimLeft(trimmed[end+1:], " \t")
		if val != "" && (val[0] == '"' || val[0] == '\'') {
			v.Quote = val[0]
			if i := closingQuote(val[1:], v.Quote); i >= 0 {
				v.Written = val[1 : i+1]
				vars = append(vars, v)
			} else {
				buf.Reset()
				buf.WriteString(val[1:])
				open = &v
			}
			continue
		}
		if i := strings.Index(val, " #"); i >= 0 {
			val = val[:i]
		}
		v.Written = strings.TrimRight(val, " \t")
		vars = append(vars, v)
	}
	return vars
}

// closingQuote is the index of the quote that closes a value in s, or -1.
func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		if q == '"' && s[i] == '\\' {
			i++
			continue
		}
		if s[i] == q {
			return i
		}
	}
	return -1
}
