package dockerfile

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/imageref"
)

// ImageUse says how an image reference enters the build.
type ImageUse int

// The ways an instruction names an image.
const (
	UseFrom      ImageUse = iota // FROM <image>
	UseCopyFrom                  // COPY --from=<image>
	UseMountFrom                 // RUN --mount=...,from=<image>
	UseSyntax                    // # syntax=<image>: the frontend that runs the build
)

// String names the use as written in a Dockerfile: "FROM", "COPY --from",
// "RUN --mount".
func (u ImageUse) String() string {
	switch u {
	case UseCopyFrom:
		return "COPY --from"
	case UseMountFrom:
		return "RUN --mount"
	case UseSyntax:
		return "# syntax"
	default:
		return "FROM"
	}
}

// ErrFromVariable is the RefErr of a COPY --from or RUN --mount from= value
// that uses a variable: BuildKit expands no variable there (COPY fails the
// build, RUN --mount fails parsing), so the image cannot be known.
var ErrFromVariable = errors.New("variables are not expanded in --from")

// ImageRef is one place where a Dockerfile takes an image or an earlier
// stage: the base of a stage (FROM), the source of COPY --from, or the
// from= of a RUN --mount.
//
// The embedded Base describes the word: Token is the value as written (for
// COPY and RUN, the text after `--from=` or `from=`), Name its expansion,
// and Scratch, Stage, Unresolved, Ref and RefErr what it names. FROM words
// are expanded with the global ARGs; BuildKit does not expand variables in
// --from or from=, so such a word that uses one has RefErr ErrFromVariable.
type ImageRef struct {
	Base
	Use ImageUse
	// In is the FROM, COPY or RUN instruction; nil for the syntax directive.
	In *Instruction
	// Directive is the `# syntax=` directive (Use == UseSyntax), else nil.
	Directive *Directive
	// StageRef is set when the word names a stage, by name or by index
	// (COPY --from=0); Stage is nil when that stage does not exist.
	StageRef bool
}

// IsImage reports whether the reference is a resolved, valid image (not
// scratch, not a stage, no unresolved variable).
func (r *ImageRef) IsImage() bool { return !r.StageRef && r.Base.IsImage() }

// InStage is the stage whose instruction names the image; nil for the syntax
// directive, which applies to the whole file.
func (r *ImageRef) InStage() *Stage {
	if r.In == nil {
		return nil
	}
	return r.In.Stage
}

// ImageRefs returns every image or stage reference of the file in file
// order: the frontend image of a `# syntax=` directive (the image that
// runs the build, pulled like a base image), each FROM, each COPY --from
// and each from= of a RUN --mount.
// The slice is shared: do not modify it.
func (f *File) ImageRefs() []*ImageRef { return f.imageRefs }

// pendingRef is a --from or from= word found while reading an instruction,
// resolved once all stages are known.
type pendingRef struct {
	in  *Instruction
	use ImageUse
	tok Token
}

// flagRefs records the image words of COPY --from=X and RUN --mount=...,from=X.
func (b *builder) flagRefs(in *Instruction, lg *logical, flags []span) {
	src := b.f.Source
	for _, sp := range flags {
		raw := lg.str(sp)
		eq := strings.IndexByte(raw, '=')
		if eq < 0 {
			continue
		}
		name := strings.ToLower(strings.TrimPrefix(raw[:eq], "--"))
		val := span{sp.s + eq + 1, sp.e}
		switch {
		case in.Keyword == "COPY" && name == "from":
			if val.e > val.s {
				b.pending = append(b.pending, pendingRef{in, UseCopyFrom, Token{lg.str(val), lg.rangeOf(src, val)}})
			}
		case in.Keyword == "RUN" && name == "mount":
			if v, ok := mountFrom(lg.text, val); ok {
				b.pending = append(b.pending, pendingRef{in, UseMountFrom, Token{lg.str(v), lg.rangeOf(src, v)}})
			}
		}
	}
}

// mountFrom finds the value of the last from= field of a --mount value
// (comma-separated key=value fields, as BuildKit reads them with
// csvvalue; quotes around the whole value, a field or a value are skipped).
func mountFrom(t []byte, sp span) (span, bool) {
	var found span
	ok := false
	field := func(s, e int) {
		s, e = trimQuotes(t, s, e)
		k := s
		for k < e && t[k] != '=' {
			k++
		}
		if k < e && strings.EqualFold(strings.TrimSpace(string(t[s:k])), "from") {
			vs, ve := trimQuotes(t, k+1, e)
			found, ok = span{vs, ve}, ve > vs
		}
	}
	if n := sp.e - sp.s; n >= 2 && (t[sp.s] == '"' || t[sp.s] == '\'') && t[sp.e-1] == t[sp.s] {
		sp = span{sp.s + 1, sp.e - 1} // --mount="type=bind,from=x"
	}
	s := sp.s
	var quote byte
	for i := sp.s; i < sp.e; i++ {
		switch c := t[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && i == s: // a quoted CSV field
			quote = c
		case c == ',':
			field(s, i)
			s = i + 1
		}
	}
	field(s, sp.e)
	return found, ok
}

// trimQuotes drops quote characters at both ends of t[s:e].
func trimQuotes(t []byte, s, e int) (int, int) {
	for s < e && (t[s] == '"' || t[s] == '\'') {
		s++
	}
	for e > s && (t[e-1] == '"' || t[e-1] == '\'') {
		e--
	}
	return s, e
}

// resolveRefs builds File.imageRefs once every stage is known.
func (b *builder) resolveRefs() {
	f := b.f
	pend := b.pending
	if d := f.Directive("syntax"); d != nil && strings.TrimSpace(d.Value) != "" {
		name := strings.TrimSpace(d.Value)
		r := &ImageRef{Base: Base{Token: Token{Value: d.Value, Range: d.ValueRange}, Name: name}, Use: UseSyntax, Directive: d}
		r.Ref, r.RefErr = imageref.Parse(name)
		f.imageRefs = append(f.imageRefs, r)
	}
	for _, in := range f.Instructions {
		if in.Keyword == "FROM" && in.Stage != nil && in.Stage.From == in {
			f.imageRefs = append(f.imageRefs, &ImageRef{Base: in.Stage.Base, Use: UseFrom, In: in})
			continue
		}
		for len(pend) > 0 && pend[0].in == in {
			f.imageRefs = append(f.imageRefs, b.flagRef(pend[0]))
			pend = pend[1:]
		}
	}
}

// flagRef resolves a --from or from= word as BuildKit does: a stage index
// or name (case-insensitive, any stage of the file), `scratch`, or an
// image, with no variable expansion.
func (b *builder) flagRef(p pendingRef) *ImageRef {
	name := unquote(p.tok.Value, b.f.Escape)
	r := &ImageRef{Base: Base{Token: p.tok, Name: name}, Use: p.use, In: p.in}
	if e := expand(b.lex, name, &scope{}); e.Err != nil || e.Value != name {
		r.RefErr = ErrFromVariable
		return r
	}
	if i, err := strconv.Atoi(name); err == nil {
		r.StageRef = true
		if i >= 0 && i < len(b.f.Stages) {
			r.Stage = b.f.Stages[i]
		}
		return r
	}
	if st := b.byName[strings.ToLower(name)]; st != nil {
		r.StageRef = true
		r.Stage = st
		return r
	}
	if strings.EqualFold(name, "scratch") {
		r.Scratch = true
		return r
	}
	r.Ref, r.RefErr = imageref.Parse(name)
	return r
}
