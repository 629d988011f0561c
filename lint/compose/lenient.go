package compose

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// Lenient loading. When compose-go rejects a project, its errors are
// reported (DC000) and the project is loaded again leniently so that the
// rest of it is still linted:
//
//   - without schema validation, the consistency check or the errors of
//     required variables (`${X:?msg}` is empty);
//   - without the entries of the main and override files that compose-go
//     still cannot load: they are found by removing entries (services,
//     keys, list items) and loading again, down to the smallest entry
//     whose removal lets the project load. Each such entry is where its
//     error is reported, which places errors that compose-go gives no
//     path for (a bad short volume spec);
//   - without an `extends` or `include` whose file cannot be read (scan.go).
//
// Rules read the lenient model; positions come from the YAML nodes of the
// files as written, so they stay exact. What compose-go reads itself
// (extends bases, included projects) cannot be trimmed: a failure there
// drops the `extends` or `include` entry that refers to it.

// partialNote ends the message of a problem after which the project was
// linted leniently.
const partialNote = "; the rest of the project is linted leniently (partial results)"

// maxLoads bounds the loads spent trimming one project, and
// maxTrimBytes the bytes they may parse in total: a project that needs
// more is reported and not linted. Beyond maxChecked entries to leave
// out, each is not checked again on the whole project (each costs a load).
const (
	maxLoads     = 1000
	maxTrimBytes = 8 << 20
	maxChecked   = 16
)

var errBudget = errors.New("dockguard: too many errors to load the rest of the project")

// cutSet holds YAML entries left out of the files handed to compose-go: a
// mapping entry is named by its key node, a sequence item by itself.
type cutSet map[*yaml.Node]bool

func (c cutSet) with(u ...unit) cutSet {
	out := make(cutSet, len(c)+len(u))
	for n := range c {
		out[n] = true
	}
	for _, x := range u {
		for _, e := range x {
			out[e.node] = true
		}
	}
	return out
}

// entry is one mapping entry or sequence item of a file.
type entry struct {
	f    *yfile
	node *yaml.Node // the key of a mapping entry, or the sequence item
	val  *yaml.Node // the value of a mapping entry, or the item
}

// unit is what is removed at once: the entries of one key across files
// (a service defined in compose.yaml and its override), or one item.
type unit []entry

// location is where a unit is reported: its first entry (an alias item
// where it is written, not where its anchor is).
func (u unit) location() source.Location {
	e := u[0]
	if e.node != e.val {
		return location(e.f, e.node, e.val)
	}
	return source.Location{Path: e.f.src.Path, Range: nodeRange(e.f.src, e.val)}
}

// children are the units inside u: the keys of its mapping values, grouped
// by name across its entries, or the items of its sequence values. Aliases
// are not entered: what they name is removed where it is defined.
func children(u unit) []unit {
	var out []unit
	byKey := map[string]int{}
	for _, e := range u {
		v := e.val
		if v == nil {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(v.Content); i += 2 {
				k := v.Content[i]
				x := entry{f: e.f, node: k, val: v.Content[i+1]}
				if isMergeKey(k) || k.Kind != yaml.ScalarNode {
					out = append(out, unit{x})
					continue
				}
				if j, ok := byKey[k.Value]; ok {
					out[j] = append(out[j], x)
					continue
				}
				byKey[k.Value] = len(out)
				out = append(out, unit{x})
			}
		case yaml.SequenceNode:
			for _, it := range v.Content {
				out = append(out, unit{{f: e.f, node: it, val: it}})
			}
		}
	}
	return out
}

// roots are the units the search starts from: each top-level key's
// entries (each service, network, volume...), or the key itself when it
// holds a scalar; svc names the service of each unit ("" for the others).
func roots(files []*yfile) (out []unit, svc []string) {
	var top unit
	for _, f := range files {
		for _, d := range f.docs {
			top = append(top, entry{f: f, val: d})
		}
	}
	for _, g := range children(top) {
		kids := children(g)
		if len(kids) == 0 {
			out, svc = append(out, g), append(svc, "")
			continue
		}
		for _, k := range kids {
			name := ""
			if g[0].node.Value == "services" && k[0].node != k[0].val {
				name = k[0].node.Value
			}
			out, svc = append(out, k), append(svc, name)
		}
	}
	return out, svc
}

// render writes the documents of f without the cut entries, for compose-go.
func render(f *yfile, cut cutSet) ([]byte, error) {
	if len(cut) == 0 && !f.v1 {
		return f.src.Content, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	for _, d := range f.docs {
		if err := enc.Encode(pruned(d, cut, 0)); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pruned copies n without the cut entries. Aliases keep naming their
// anchor: one whose anchor was cut no longer parses, and that removal is
// not taken.
func pruned(n *yaml.Node, cut cutSet, depth int) *yaml.Node {
	if n == nil || len(n.Content) == 0 || n.Kind == yaml.AliasNode || depth > MaxDepth {
		return n
	}
	c := *n
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !cut[n.Content[i]] {
				c.Content = append(c.Content, n.Content[i], pruned(n.Content[i+1], cut, depth+1))
			}
		}
	default:
		for _, x := range n.Content {
			if !cut[x] {
				c.Content = append(c.Content, pruned(x, cut, depth+1))
			}
		}
	}
	return &c
}

// details are the files handed to compose-go, without the cut entries.
func (l *loadState) details(cut cutSet) (types.ConfigDetails, error) {
	cd := types.ConfigDetails{WorkingDir: l.projectDir, Environment: l.composeEnv()}
	for _, f := range l.top.files {
		content, err := render(f, cut)
		if err != nil {
			return cd, err
		}
		cd.ConfigFiles = append(cd.ConfigFiles, types.ConfigFile{Filename: f.abs, Content: content})
	}
	return cd, nil
}

// lenientOptions load without validation, consistency check or required
// variables.
func lenientOptions(o *loader.Options) {
	o.SkipValidation = true
	o.SkipConsistencyCheck = true
	if o.Interpolate != nil {
		in := *o.Interpolate
		in.Substitute = lenientSubstitute
		o.Interpolate = &in
	}
}

// lenientSubstitute interpolates like compose-go, except that a required
// variable that is unset is empty instead of an error.
func lenientSubstitute(s string, m template.Mapping) (string, error) {
	return template.SubstituteWithOptions(s, m, template.WithoutLogging,
		template.WithReplacementFunction(func(sub string, m template.Mapping, cfg *template.Config) (string, error) {
			v, err := template.DefaultReplacementFunc(sub, m, cfg)
			var req *template.MissingRequiredError
			if errors.As(err, &req) {
				return "", nil
			}
			return v, err
		}))
}

// lenientLoad loads the project leniently without the entries in cut.
func (l *loadState) lenientLoad(cut cutSet) (*types.Project, error) {
	if l.loads >= maxLoads || l.loadBytes >= maxTrimBytes {
		return nil, errBudget
	}
	l.loads++
	cd, err := l.details(cut)
	if err != nil {
		return nil, err
	}
	for _, f := range cd.ConfigFiles {
		l.loadBytes += int64(len(f.Content))
	}
	opts := []func(*loader.Options){l.options(false), lenientOptions}
	dict, err := loader.LoadModelWithContext(l.ctx, cd, opts...)
	if err != nil {
		return nil, err
	}
	return loader.ModelToProject(dict, loader.ToOptions(&cd, opts), cd)
}

// culprit is an entry that compose-go cannot load, with the error it
// causes and the service it belongs to ("" outside services).
type culprit struct {
	u   unit
	err error
	svc string
}

// lenient loads the project leniently, trimming what still fails; it
// returns the model (nil when even that fails) and the trimmed entries.
func (l *loadState) lenient() (*types.Project, []culprit) {
	if model, err := l.lenientLoad(l.cut); err == nil {
		return model, nil
	}
	if model, cs, ok := l.trim(true); ok {
		return model, cs
	}
	model, cs, _ := l.trim(false)
	return model, cs
}

// trim finds the smallest entries to leave out for the project to load.
// With isolate, services are first loaded one at a time (with the services
// they extend), which is much cheaper on large projects; what that finds
// is then checked on the whole project.
func (l *loadState) trim(isolate bool) (*types.Project, []culprit, bool) {
	rs, svcs := roots(l.top.files)
	alone := map[string]cutSet{}
	var found []culprit
	var rest []unit
	var restSvc []string
	for i, u := range rs {
		if isolate && svcs[i] != "" {
			alone[svcs[i]] = l.alone(svcs[i], rs, svcs)
			if _, err := l.lenientLoad(alone[svcs[i]]); err != nil {
				if errors.Is(err, errBudget) {
					return nil, nil, false
				}
				found = append(found, culprit{u: u, err: err, svc: svcs[i]})
				continue
			}
		}
		rest, restSvc = append(rest, u), append(restSvc, svcs[i])
	}
	scanned := len(found) // services that fail alone: narrowed down alone
	more, ok := l.culprits(rest, restSvc, l.cut.with(units(found)...))
	if !ok {
		return nil, nil, false
	}
	found = append(found, more...)
	var final []culprit
	for i, c := range found {
		base := l.cut.with(units(final)...).with(units(found[i+1:])...)
		if i < scanned {
			for n := range alone[c.svc] {
				base[n] = true
			}
		}
		final = append(final, l.refine(c, base)...)
	}
	// On the whole project: the entries left out must let it load, and
	// each must be needed; its error is the one left when only it is put
	// back (compose-go reports one of several errors in map order).
	model, err := l.lenientLoad(l.cut.with(units(final)...))
	if err != nil {
		return nil, nil, false
	}
	if len(final) > maxChecked {
		return model, final, true
	}
	for i := 0; i < len(final); {
		_, err := l.lenientLoad(l.cut.with(units(final[:i])...).with(units(final[i+1:])...))
		switch {
		case errors.Is(err, errBudget):
			return nil, nil, false
		case err == nil:
			final = append(final[:i], final[i+1:]...)
		default:
			final[i].err = err
			i++
		}
	}
	if len(final) == 0 {
		return nil, nil, false
	}
	return model, final, true
}

// alone leaves out every service but svc and the services it extends.
func (l *loadState) alone(svc string, rs []unit, svcs []string) cutSet {
	keep := map[*yaml.Node]bool{}
	if l.chains == nil {
		lc := l.locator()
		l.chains = &lc
	}
	for _, r := range l.chains.chain(svc) {
		keep[r.key] = true
	}
	out := l.cut.with()
	for i, u := range rs {
		if svcs[i] == "" || svcs[i] == svc {
			continue
		}
		kept := false
		for _, e := range u {
			kept = kept || keep[e.node]
		}
		if !kept {
			for _, e := range u {
				out[e.node] = true
			}
		}
	}
	return out
}

func units(cs []culprit) []unit {
	out := make([]unit, len(cs))
	for i, c := range cs {
		out[i] = c.u
	}
	return out
}

// culprits finds units whose removal (on top of base) lets the project
// load: of the units left, the shortest prefix whose removal makes the
// load succeed ends with a needed unit (found by bisection); it is kept
// and the search repeated until the project loads. ok is false when it
// cannot be made to load this way. svc names the service of each unit.
func (l *loadState) culprits(cands []unit, svc []string, base cutSet) (found []culprit, ok bool) {
	_, err := l.lenientLoad(base)
	left, leftSvc := cands, svc
	cur := base
	for err != nil {
		if errors.Is(err, errBudget) || len(left) == 0 {
			return nil, false
		}
		// loads(k): the project loads without the first k units left.
		loads := func(k int) (bool, error) {
			_, e := l.lenientLoad(cur.with(left[:k]...))
			return e == nil, e
		}
		if ok, _ := loads(len(left)); !ok {
			return nil, false
		}
		lo, hi := 0, len(left) // loads(lo) fails, loads(hi) succeeds
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			ok, e := loads(mid)
			if errors.Is(e, errBudget) {
				return nil, false
			}
			if ok {
				hi = mid
			} else {
				lo = mid
			}
		}
		found = append(found, culprit{u: left[hi-1], err: err, svc: leftSvc[hi-1]})
		cur = cur.with(left[hi-1])
		left = append(append([]unit{}, left[:hi-1]...), left[hi:]...)
		leftSvc = append(append([]string{}, leftSvc[:hi-1]...), leftSvc[hi:]...)
		_, err = l.lenientLoad(cur)
	}
	return found, true
}

// refine narrows c down to the entries inside it that must go (a service
// to one of its keys, a key to one of its items), given that base is
// removed as well.
func (l *loadState) refine(c culprit, base cutSet) []culprit {
	kids := children(c.u)
	if len(kids) == 0 {
		return []culprit{c}
	}
	svc := make([]string, len(kids))
	for i := range svc {
		svc[i] = c.svc
	}
	sub, ok := l.culprits(kids, svc, base)
	if !ok || len(sub) == 0 {
		return []culprit{c}
	}
	var out []culprit
	for i, s := range sub {
		others := base.with(units(out)...).with(units(sub[i+1:])...)
		out = append(out, l.refine(s, others)...)
	}
	return out
}

// reportCulprits places the errors of the trimmed entries: an error
// already reported without a place (at line 1) moves to its entry; an
// entry already reported on its line is not reported again.
func (l *loadState) reportCulprits(cs []culprit, unplaced map[int]bool) {
	rest := make([]bool, len(cs))
	for j, c := range cs {
		msg := l.cleanMessage(c.err.Error())
		rest[j] = true
		for i := range l.problems {
			if unplaced[i] && l.problems[i].Message == msg {
				l.problems[i].Location = c.u.location()
				delete(unplaced, i)
				rest[j] = false
				break
			}
		}
	}
	for j, c := range cs {
		if !rest[j] {
			continue
		}
		loc := c.u.location()
		dup := false
		for i, p := range l.problems {
			if !unplaced[i] && p.Location.Path == loc.Path && p.Location.Start.Line == loc.Start.Line {
				dup = true
				break
			}
		}
		if !dup {
			l.problems = append(l.problems, Problem{Location: loc, Message: l.cleanMessage(c.err.Error())})
		}
	}
}

// reportSchema reports the schema violations of the main and override
// files that were not reported yet: compose-go stops at its first error,
// which may come before validation (an unset required variable).
func (l *loadState) reportSchema() {
	seen := map[string]bool{}
	for _, p := range l.problems {
		seen[p.Message] = true
	}
	var msgs []string
	for _, f := range l.top.files {
		if f.v1 {
			continue
		}
		for _, v := range schemaViolations(f) {
			if m := fmt.Sprintf("validating %s: %s %s", f.src.Path, v.path, v.msg); !seen[m] {
				seen[m] = true
				msgs = append(msgs, m)
			}
		}
	}
	// Not beside an error already reported on the same line.
	before := len(l.problems)
	l.placeMessages(msgs)
	kept := l.problems[:before]
	for _, p := range l.problems[before:] {
		dup := false
		for _, q := range l.problems[:before] {
			dup = dup || (q.Location.Path == p.Location.Path && q.Location.Start.Line == p.Location.Start.Line)
		}
		if !dup {
			kept = append(kept, p)
		}
	}
	l.problems = kept
}

// knownTopLevel are the top-level keys of the Compose specification.
var knownTopLevel = map[string]bool{
	"version": true, "name": true, "include": true, "services": true, "models": true,
	"networks": true, "volumes": true, "secrets": true, "configs": true, "jobs": true,
}

// asVersion1 recognises a version-1 compose file (services at the top
// level, no `services:` key) and returns it wrapped as the version-2
// document docker compose would need, with `net:` read as
// `network_mode:`; nodes keep their positions. ok is false for any other file.
func asVersion1(doc *yaml.Node) (wrapped *yaml.Node, first *yaml.Node, ok bool) {
	if doc.Kind != yaml.MappingNode {
		return nil, nil, false
	}
	if k, _ := child(doc, "services"); k != nil {
		return nil, nil, false
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], resolve(doc.Content[i+1])
		if knownTopLevel[k.Value] || strings.HasPrefix(k.Value, "x-") || isMergeKey(k) || v == nil || v.Kind != yaml.MappingNode {
			continue
		}
		_, img := child(v, "image")
		_, build := child(v, "build")
		if img != nil || build != nil {
			first = k
			break
		}
	}
	if first == nil {
		return nil, nil, false
	}
	svcs := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: doc.Line, Column: doc.Column}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if knownTopLevel[k.Value] || strings.HasPrefix(k.Value, "x-") {
			continue
		}
		if s := resolve(v); s != nil && s.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(s.Content); j += 2 {
				if kn := s.Content[j]; kn.Kind == yaml.ScalarNode && kn.Value == "net" {
					kn.Value = "network_mode"
				}
			}
		}
		svcs.Content = append(svcs.Content, k, v)
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "services", Line: doc.Line, Column: doc.Column}
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: doc.Line, Column: doc.Column, Content: []*yaml.Node{key, svcs}}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if k := doc.Content[i]; knownTopLevel[k.Value] || strings.HasPrefix(k.Value, "x-") {
			top.Content = append(top.Content, k, doc.Content[i+1])
		}
	}
	return top, first, true
}

// version1Problem words the problem of a version-1 file.
func version1Problem(name string) string {
	return fmt.Sprintf("version-1 compose file: docker compose no longer loads services at the top level (%s); "+
		"move them under services: (they are linted as if they were)", name)
}
