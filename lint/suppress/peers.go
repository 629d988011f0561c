package suppress

import (
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Peers' comments.
//
// A team that moves from dclint keeps its disable comments: in YAML files,
// dclint's comments suppress the dockguard rules whose References name
// the dclint rules they list (a comment that lists no rule, or
// `disable-file`, suppresses every dockguard rule that references some
// dclint rule, and no other). The syntax is dclint's (v3):
//
//	# dclint disable-line [rule ...]    this line (at the end of a line) or the next one (on a line of its own)
//	# dclint disable [rule ...]         the whole file, on its first line that is not blank or ---
//	# dclint disable-file               the whole file, idem
//
// Rule names are separated by blanks. dclint reports most findings on the
// key of a service (`ports:`, `depends_on:`) where dockguard reports the
// item at fault, so a `disable-line` on such a key also covers the lines
// of its block (Options.PeerAnchor). A line comment stacked above other
// comment lines still applies to the line below them (dclint only looks at
// the very next line). Peers' comments are never reported as unused: they
// may be there for the peer's own findings.
//
// compose-lint has no inline comments (its suppressions live in
// .compose-lint.yml), so there is nothing of it to honour here.

var (
	dclintLineRE = regexp.MustCompile(`#\s*dclint\s+disable-line()(?:\s+(.*))?$`)
	dclintFileRE = regexp.MustCompile(`#\s*dclint\s+disable(-file)?(?:\s+(.*))?$`)
)

// peerRefs maps the rule names of a peer tool to the dockguard rules whose
// References list them; all is every such dockguard rule.
type peerRefs struct {
	byName map[string][]string
	all    []string
}

func newPeerRefs(cat *finding.Catalog, tool finding.Tool) *peerRefs {
	pr := &peerRefs{byName: map[string][]string{}}
	if cat == nil {
		return pr
	}
	for _, m := range cat.All() {
		names := m.References[tool]
		for _, n := range names {
			pr.byName[n] = append(pr.byName[n], m.ID)
		}
		if len(names) > 0 {
			pr.all = append(pr.all, m.ID)
		}
	}
	return pr
}

// firstContentLine is the first line of f that is neither blank nor a
// `---` document marker (trimmed), where dclint looks for file comments.
func firstContentLine(f *source.File) int {
	for ln := 1; ln <= f.NumLines(); ln++ {
		if t := strings.TrimSpace(f.Line(ln)); t != "" && t != "---" {
			return ln
		}
	}
	return 0
}

// parseDCLint reads a dclint comment; nil when c is none. first is the
// line that may hold file comments; refs is built on first use.
func parseDCLint(f *source.File, c source.Comment, first int, refs func() *peerRefs) *Directive {
	text := c.Text
	global := false
	m := dclintLineRE.FindStringSubmatchIndex(text)
	if m == nil {
		if c.Line != first {
			return nil
		}
		if m = dclintFileRE.FindStringSubmatchIndex(text); m == nil {
			return nil
		}
		global = true
	}
	lineText := f.Line(c.Line)
	col := func(off int) source.Pos { // off is a byte offset into text
		b := min(c.Start+off, len(lineText))
		return source.Pos{Line: c.Line, Col: len([]rune(lineText[:b])) + 1}
	}
	d := &Directive{Path: f.Path, Line: c.Line, Range: source.Range{Start: col(0), End: col(len(text))},
		Global: global, Tool: finding.DCLint}
	if !global {
		d.Target, d.detached = c.Target, c.Detached
	}
	pr := refs()
	names := ""
	if m[4] >= 0 {
		names = text[m[4]:m[5]]
	}
	if wholeFile := m[3] > m[2]; wholeFile || strings.TrimSpace(names) == "" {
		for _, id := range pr.all {
			d.Entries = append(d.Entries, Entry{Written: "dclint", ID: id, Range: d.Range})
		}
		return d
	}
	off := m[4]
	for _, name := range strings.Fields(names) {
		i := off + strings.Index(text[off:], name)
		off = i + len(name)
		for _, id := range pr.byName[name] {
			d.Entries = append(d.Entries, Entry{Written: name, ID: id, Range: source.Range{Start: col(i), End: col(off)}})
		}
	}
	return d
}
