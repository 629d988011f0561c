// Package pin rewrites image references to `tag@sha256:digest`, the digest
// `docker pull` resolves, in Dockerfiles (FROM, COPY --from, RUN --mount
// from=) and compose files (image:). It edits only the bytes of each
// reference: comments, layout, quoting and anchors stay as written. It is
// `dockguard pin`, the fix of DF005 and DC044.
package pin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/source"
)

// Kind of file.
type Kind int

// Kinds of file.
const (
	Dockerfile Kind = iota
	Compose
)

// Ref is one image reference found in a file.
type Ref struct {
	Path  string
	Range source.Range // the reference as written (quotes excluded)
	// Written is the reference's text; start and end its byte offsets.
	Written    string
	start, end int
	ref        imageref.Ref
	// Lookup is the reference to resolve (Written without a digest);
	// "" when the reference is not pinned (Skip says why).
	Lookup string
	// Skip says why the reference is left as it is; "" when it is pinned.
	Skip string
	// Pinned is set for a reference that already has a digest (re-pinned
	// only with Options.Update).
	Pinned bool
}

// Options say what to pin.
type Options struct {
	// Update re-pins references that already have a digest, to the
	// digest their tag resolves to now.
	Update bool
}

// Find lists the image references of a file. It fails only when the file
// cannot be parsed.
func Find(kind Kind, path string, content []byte, opts Options) ([]*Ref, error) {
	if kind == Compose {
		return findCompose(path, content, opts)
	}
	return findDockerfile(path, content, opts)
}

func findDockerfile(path string, content []byte, opts Options) ([]*Ref, error) {
	f, err := dockerfile.Parse(path, content, dockerfile.ParseOptions{})
	if err != nil {
		return nil, err
	}
	var out []*Ref
	for _, r := range f.ImageRefs() {
		b := &r.Base
		if r.StageRef || b.Stage != nil || b.Scratch {
			continue // not an image
		}
		tok := b.Token
		s, e := f.Source.Offset(tok.Range.Start), f.Source.Offset(tok.Range.End)
		if s < 0 || e > len(content) || s > e || string(content[s:e]) != tok.Value {
			out = append(out, &Ref{Path: path, Range: tok.Range, Written: tok.Value, Skip: "its place in the file is not exact"})
			continue
		}
		// A quoted word: FROM "alpine:3.20".
		if n := len(tok.Value); n >= 2 && (tok.Value[0] == '"' || tok.Value[0] == '\'') && tok.Value[n-1] == tok.Value[0] {
			s, e = s+1, e-1
		}
		written := string(content[s:e])
		pr := &Ref{Path: path, Range: f.Source.RangeOf(s, e), Written: written, start: s, end: e}
		switch {
		case errors.Is(b.RefErr, dockerfile.ErrFromVariable), len(b.Unresolved) > 0, b.Name != written || strings.Contains(written, "$"):
			pr.Skip = "uses a variable: pin the value where it is set"
		case b.RefErr != nil:
			pr.Skip = "not a valid image reference"
		default:
			pr.ref = b.Ref
			classify(pr, opts)
		}
		out = append(out, pr)
	}
	return out, nil
}

func findCompose(path string, content []byte, opts Options) ([]*Ref, error) {
	src := source.NewFile(path, content)
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var out []*Ref
	seen := map[*yaml.Node]*Ref{}
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		root := deref(&doc)
		if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = deref(root.Content[0])
		}
		svcs := deref(mapGet(root, "services"))
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			continue
		}
		// Images a service of the file builds: others that run them pull nothing.
		built := map[string]bool{}
		for i := 0; i+1 < len(svcs.Content); i += 2 {
			svc := deref(svcs.Content[i+1])
			if n := serviceKey(svc, "image", 0); n != nil && n.Kind == yaml.ScalarNode && serviceKey(svc, "build", 0) != nil {
				built[n.Value] = true
			}
		}
		for i := 0; i+1 < len(svcs.Content); i += 2 {
			if compose.IsMergeKey(svcs.Content[i]) {
				continue
			}
			svc := deref(svcs.Content[i+1])
			n := serviceKey(svc, "image", 0)
			if n == nil {
				continue
			}
			builds := serviceKey(svc, "build", 0) != nil || built[n.Value]
			if pp := serviceKey(svc, "pull_policy", 0); pp != nil && (pp.Value == "build" || pp.Value == "never") {
				builds = true
			}
			if r, ok := seen[n]; ok {
				if builds && r.Skip == "" {
					r.Skip, r.Lookup = skipBuilt, ""
				}
				continue
			}
			r := composeRef(src, n, opts)
			if builds && (r.Skip == "" || r.Pinned) {
				r.Skip, r.Lookup = skipBuilt, ""
			}
			seen[n] = r
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Before(out[j].Range.Start) })
	return out, nil
}

// composeRef makes the Ref of an image: value node.
func composeRef(src *source.File, n *yaml.Node, opts Options) *Ref {
	rg := compose.File{Source: src}.Range(n)
	s, e := src.Offset(rg.Start), src.Offset(rg.End)
	pr := &Ref{Path: src.Path, Range: rg, Written: n.Value}
	if n.Kind != yaml.ScalarNode || s < 0 || e > len(src.Content) || s > e {
		pr.Skip = "not a plain string"
		return pr
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && e-s >= 2 {
		s, e = s+1, e-1
	}
	if string(src.Content[s:e]) != n.Value {
		pr.Skip = "written with escapes or over several lines"
		return pr
	}
	pr.start, pr.end, pr.Range = s, e, src.RangeOf(s, e)
	if strings.Contains(n.Value, "$") {
		pr.Skip = "uses variable interpolation: pin the value where it is set"
		return pr
	}
	r, err := imageref.Parse(n.Value)
	if err != nil {
		pr.Skip = "not a valid image reference"
		return pr
	}
	pr.ref = r
	classify(pr, opts)
	return pr
}

// classify decides whether a valid reference is looked up.
func classify(pr *Ref, opts Options) {
	r := pr.ref
	if r.Digest == "" {
		pr.Lookup = pr.Written
		return
	}
	pr.Pinned = true
	switch {
	case !opts.Update:
		pr.Skip = "already pinned by digest (--update re-pins it)"
	case r.Tag == "":
		pr.Skip = "pinned by digest with no tag: nothing to re-resolve"
	default:
		at := strings.LastIndexByte(pr.Written, '@')
		pr.Lookup = pr.Written[:at]
	}
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key && !compose.IsMergeKey(k) {
			return m.Content[i+1]
		}
	}
	return nil
}

// skipBuilt is why the image: of a service that builds is left alone: it
// names the image compose builds, not one it pulls.
const skipBuilt = "the project builds this image, or never pulls it (build:, pull_policy: build or never)"

// serviceKey is the node of a service's key: its own, else the one a
// merge key (`<<: *base`) brings in (the first merged mapping that has one,
// as YAML merges).
func serviceKey(svc *yaml.Node, key string, depth int) *yaml.Node {
	if svc == nil || svc.Kind != yaml.MappingNode || depth > 10 {
		return nil
	}
	if n := deref(mapGet(svc, key)); n != nil {
		return n
	}
	for i := 0; i+1 < len(svc.Content); i += 2 {
		if !compose.IsMergeKey(svc.Content[i]) {
			continue
		}
		v := deref(svc.Content[i+1])
		srcs := []*yaml.Node{v}
		if v != nil && v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, m := range srcs {
			if n := serviceKey(deref(m), key, depth+1); n != nil {
				return n
			}
		}
	}
	return nil
}

// Change is one reference rewritten.
type Change struct {
	Ref      *Ref
	New      string // the new reference text
	Digest   string
	UpToDate bool // the reference already has this digest: no edit
}

// Resolver looks up the digest of a reference.
type Resolver interface {
	Resolve(ctx context.Context, refs []string) (imageresolve.Results, []imageresolve.Warning)
}

// Apply computes the new content of a file from its refs and the looked-up
// images. References with no result are left as they are.
func Apply(content []byte, refs []*Ref, res imageresolve.Results) ([]byte, []Change) {
	var changes []Change
	out := make([]byte, 0, len(content)+len(refs)*80)
	last := 0
	for _, r := range refs {
		if r.Skip != "" || r.Lookup == "" {
			continue
		}
		img := res.Lookup(r.Lookup)
		if img == nil || img.Digest == "" {
			continue
		}
		newText := r.Lookup + "@" + img.Digest
		c := Change{Ref: r, New: newText, Digest: img.Digest}
		if newText == r.Written {
			c.UpToDate = true
			changes = append(changes, c)
			continue
		}
		if r.start < last {
			continue // overlapping (cannot happen: one reference per place)
		}
		// Edit only what changes: append the digest, or replace the old one.
		s, e, text := r.end, r.end, "@"+img.Digest
		if r.Pinned {
			s, text = r.start+len(r.Lookup)+1, img.Digest
		}
		out = append(out, content[last:s]...)
		out = append(out, text...)
		last = e
		changes = append(changes, c)
	}
	out = append(out, content[last:]...)
	return out, changes
}

// String describes a change for people: "alpine:3.20 -> alpine:3.20@sha256:...".
func (c Change) String() string {
	if c.UpToDate {
		return c.Ref.Written + " is up to date"
	}
	return fmt.Sprintf("%s -> %s", c.Ref.Written, c.New)
}
