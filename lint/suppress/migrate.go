package suppress

import (
	_ "embed"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Migrating from other tools.
//
// A team that moves to dockguard keeps the suppressions it wrote for the
// tools it used before. Each peer comment below names rules of its tool;
// it suppresses the dockguard rules whose References list those rules (a
// mapping read from the rule catalogue, so a new rule with References
// needs no change here). Rules of the peer that no dockguard rule
// references (ShellCheck's SC codes, an unmapped DL code) are skipped
// silently. Peer comments are never reported as unused: dockguard's rule
// and the peer's may disagree on a file (one is more precise than the
// other), and during a migration both tools often run side by side, so a
// comment the peer still needs must not be reported as dead. Write
// `# dockguard ignore=` to get unused reports.
//
// Dockerfiles:
//
//	# hadolint ignore=DL3008,DL3015      the next instruction (like dockguard ignore)
//	# hadolint global ignore=DL3008      the whole file
//	# trivy:ignore:DS-0002               the next instruction; also AVD-DS-0002, DS002,
//	                                     trivy:ignore:* (every rule that references a Trivy
//	                                     check) and :exp:YYYY-MM-DD (ignored after that day)
//	# checkov:skip=CKV_DOCKER_2: reason  the whole file, wherever it is (Checkov reads every
//	                                     comment of a Dockerfile as file-wide)
//	# kics-scan ignore-line              the next instruction, every rule referencing a KICS query
//	# kics-scan ignore-block             above FROM: the whole stage; above another
//	                                     instruction: that instruction
//	# kics-scan ignore                   in the file's leading comments: the whole file
//	# kics-scan disable=<id>[,<id>]      idem, the rules referencing those queries (by query ID)
//	# kics-scan enable=<id>[,<id>]       idem, every KICS-referencing rule but those
//	# check=skip=<Check>[,<Check>]       BuildKit's parser directive: the rules that reference
//	# check=skip=all                     those build checks (all: every such rule), whole file
//	# check=error=true                   findings of the rules that reference a BuildKit
//	                                     check are raised to error
//
// Compose files: KICS's comments (the leading file commands; `ignore-line`
// at the end of a line for that line, on a line of its own for the next
// one; `ignore-block` for the key below and everything indented under it)
// and dclint's (peers.go). hadolint, Trivy and Checkov do not scan compose
// files, so their comments there are not read.
//
// KICS names its queries by UUID in comments while References name them
// by title: kics-queries.tsv maps one to the other (generated from the
// queries' metadata; "Passwords And Secrets", a cross-platform query, is
// not in it, so a disable= of its ID is skipped).

//go:embed kics-queries.tsv
var kicsQueriesTSV string

// kicsNames maps a KICS query ID (lower-case UUID) to its name.
var kicsNames = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(kicsQueriesTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) >= 2 {
			m[strings.ToLower(f[0])] = f[1]
		}
	}
	return m
}()

// KICSQueryName returns the name of the KICS query with that ID, or "".
func KICSQueryName(id string) string { return kicsNames[strings.ToLower(strings.TrimSpace(id))] }

// ParseOptions tune ParseWith.
type ParseOptions struct {
	// Catalog resolves rule names and maps peers' rules to dockguard's
	// (nil: only dockguard IDs of the form AA000, unchecked; no peers).
	Catalog *finding.Catalog
	// Check is the value of a Dockerfile's `# check=` parser directive
	// ("" when it has none), CheckRange its range.
	Check      string
	CheckRange source.Range
	// Block maps the first line of a Dockerfile instruction to the last
	// line a `# kics-scan ignore-block` above it covers (the end of the
	// stage for a FROM line). nil or a result below line: the instruction
	// only. Compose files use their indentation.
	Block func(line int) int
	// NoInline lists peer tools whose inline comments are not honoured
	// (hadolint's disable-ignore-pragma).
	NoInline []finding.Tool
}

// parseCtx holds what one file's parse shares among its comments.
type parseCtx struct {
	f     *source.File
	syn   Syntax
	opts  ParseOptions
	refs  map[finding.Tool]*peerRefs
	head  int // last line of the file's leading comment block (KICS file commands)
	first int // dclint's first content line; -1 until computed
}

func (p *parseCtx) peer(t finding.Tool) *peerRefs {
	if r := p.refs[t]; r != nil {
		return r
	}
	if p.refs == nil {
		p.refs = map[finding.Tool]*peerRefs{}
	}
	r := newPeerRefs(p.opts.Catalog, t)
	p.refs[t] = r
	return r
}

func (p *parseCtx) on(t finding.Tool) bool {
	return p.opts.Catalog != nil && !slices.Contains(p.opts.NoInline, t)
}

// peerComment reads a comment of another tool; nil when c is none.
func (p *parseCtx) peerComment(c source.Comment) *Directive {
	body := strings.TrimLeft(c.Text[1:], " \t")
	switch {
	case p.syn == YAML:
		if hasPrefixFold(body, "dclint") && p.on(finding.DCLint) {
			if p.first < 0 {
				p.first = firstContentLine(p.f)
			}
			return parseDCLint(p.f, c, p.first, func() *peerRefs { return p.peer(finding.DCLint) })
		}
	case hasPrefixFold(body, "check") && checkCommentRE.MatchString(c.Text):
		return p.checkComment(c)
	case hasPrefixFold(body, "hadolint"):
		if p.on(finding.Hadolint) {
			return p.hadolint(c)
		}
		return nil
	case strings.Contains(c.Text, "trivy:"):
		if p.on(finding.Trivy) {
			return p.trivy(c)
		}
		return nil
	case strings.Contains(c.Text, "checkov:skip=") || strings.Contains(c.Text, "bridgecrew:skip="):
		if p.on(finding.Checkov) {
			return p.checkov(c)
		}
		return nil
	}
	if strings.Contains(strings.ToLower(c.Text), "kics-scan") && p.on(finding.KICS) {
		return p.kics(c)
	}
	return nil
}

// base makes a peer directive for comment c.
func (p *parseCtx) base(c source.Comment, tool finding.Tool, global bool) *Directive {
	d := &Directive{Path: p.f.Path, Line: c.Line, Tool: tool, Global: global,
		Range: source.Range{Start: p.col(c, 0), End: p.col(c, len(c.Text))}}
	if !global {
		d.Target, d.detached = c.Target, c.Detached
	}
	return d
}

// col is the position of byte off of c.Text.
func (p *parseCtx) col(c source.Comment, off int) source.Pos {
	lineText := p.f.Line(c.Line)
	b := min(c.Start+off, len(lineText))
	return source.Pos{Line: c.Line, Col: len([]rune(lineText[:b])) + 1}
}

// add appends an entry per dockguard rule referencing the peer rule name.
func (p *parseCtx) add(d *Directive, c source.Comment, tool finding.Tool, name, written string, off int) {
	for _, id := range p.peer(tool).byName[name] {
		d.Entries = append(d.Entries, Entry{Written: written, ID: id,
			Range: source.Range{Start: p.col(c, off), End: p.col(c, off+len(written))}})
	}
}

// addAll appends an entry per dockguard rule that references the tool,
// but those in except.
func (p *parseCtx) addAll(d *Directive, tool finding.Tool, except map[string]bool) {
	for _, id := range p.peer(tool).all {
		if !except[id] {
			d.Entries = append(d.Entries, Entry{Written: string(tool), ID: id, Range: d.Range})
		}
	}
}

func nilIfEmpty(d *Directive) *Directive {
	if d == nil || len(d.Entries) == 0 {
		return nil
	}
	return d
}

// hadolint: `# hadolint [global] ignore=DL3008,DL3015` (hadolint's own
// grammar: codes separated by commas, blanks allowed after a comma).
var hadolintRE = regexp.MustCompile(`(?i)^#\s*hadolint\s+(global\s+)?ignore\s*=\s*`)

func (p *parseCtx) hadolint(c source.Comment) *Directive {
	m := hadolintRE.FindStringSubmatchIndex(c.Text)
	if m == nil {
		return nil // `# hadolint shell=...` and the like
	}
	d := p.base(c, finding.Hadolint, m[2] >= 0)
	text := c.Text
	i := m[1]
	for {
		start := i
		for i < len(text) && text[i] != ',' && text[i] != ' ' && text[i] != '\t' {
			i++
		}
		if i > start {
			code := text[start:i]
			p.add(d, c, finding.Hadolint, strings.ToUpper(code), code, start)
		}
		j := skipSpace(text, i)
		if j < len(text) && text[j] == ',' {
			i = skipSpace(text, j+1)
			continue
		}
		break
	}
	return nilIfEmpty(d)
}

// trivy: each blank-separated word `trivy:ignore:<id>[:exp:YYYY-MM-DD]`
// of the comment (Trivy's pkg/iac/ignore). Trivy matches the check's ID
// in any of its spellings; so does this.
var trivyOldID = regexp.MustCompile(`^DS([0-9]{3})$`)

func (p *parseCtx) trivy(c source.Comment) *Directive {
	d := p.base(c, finding.Trivy, false)
	text := c.Text
	for off := 0; off < len(text); {
		for off < len(text) && (text[off] == ' ' || text[off] == '\t') {
			off++
		}
		end := off
		for end < len(text) && text[end] != ' ' && text[end] != '\t' {
			end++
		}
		word := strings.TrimLeft(text[off:end], "#/*")
		wordOff := end - len(word)
		off = end
		rest, ok := strings.CutPrefix(word, "trivy:")
		if !ok {
			continue
		}
		id, idOK, expired := "", false, false
		segs := strings.Split(rest, ":")
		for k := 0; k+1 < len(segs); k += 2 {
			switch val := segs[k+1]; segs[k] {
			case "ignore":
				if b := strings.IndexByte(val, '['); b >= 0 {
					val = val[:b]
				}
				id, idOK = val, val != ""
			case "exp":
				t, err := time.Parse("2006-01-02", val)
				expired = err != nil || !time.Now().Before(t) // Trivy: a bad date never ignores
			}
		}
		if !idOK || expired {
			continue
		}
		if id == "*" {
			p.addAll(d, finding.Trivy, nil)
			continue
		}
		norm := strings.TrimPrefix(strings.ToUpper(id), "AVD-")
		if m := trivyOldID.FindStringSubmatch(norm); m != nil {
			norm = "DS-0" + m[1]
		}
		at := wordOff + strings.Index(word, id)
		p.add(d, c, finding.Trivy, norm, id, at)
	}
	return nilIfEmpty(d)
}

// checkov: Checkov's COMMENT_REGEX, first match of the comment; in a
// Dockerfile it applies to the whole file.
var checkovRE = regexp.MustCompile(`(?:checkov:skip=|bridgecrew:skip=) *([A-Z_\d]+)(:[^\n]+)?`)

func (p *parseCtx) checkov(c source.Comment) *Directive {
	if p.syn != Dockerfile {
		return nil // Checkov has no compose framework
	}
	m := checkovRE.FindStringSubmatchIndex(c.Text)
	if m == nil {
		return nil
	}
	d := p.base(c, finding.Checkov, true)
	id := c.Text[m[2]:m[3]]
	p.add(d, c, finding.Checkov, id, id, m[2])
	if m[4] >= 0 {
		d.Reason = strings.TrimSpace(c.Text[m[4]+1 : m[5]])
	}
	return nilIfEmpty(d)
}

// kicsRE is KICS's KICSCommentRgxp for line commands.
var kicsRE = regexp.MustCompile(`(?i)^(?://|#|;)*\s*kics-scan\s*`)

func (p *parseCtx) kics(c source.Comment) *Directive {
	full := strings.TrimSpace(p.f.Line(c.Line)[:c.Start]) == ""
	// File commands: only in the leading comment block, `kics-scan` as
	// its own word (KICS's CommentsCommands).
	if full && c.Line <= p.head {
		if fields := strings.Fields(c.Text[1:]); len(fields) > 1 && fields[0] == "kics-scan" {
			cmd, param, _ := strings.Cut(fields[1], "=")
			switch cmd {
			case "ignore":
				d := p.base(c, finding.KICS, true)
				p.addAll(d, finding.KICS, nil)
				return nilIfEmpty(d)
			case "disable", "enable":
				d := p.base(c, finding.KICS, true)
				off := strings.Index(c.Text, param)
				listed := map[string]bool{}
				for _, id := range strings.Split(param, ",") {
					at := off
					off += len(id) + 1
					name := KICSQueryName(id)
					if name == "" {
						continue
					}
					if cmd == "disable" {
						p.add(d, c, finding.KICS, name, id, at)
					}
					for _, r := range p.peer(finding.KICS).byName[name] {
						listed[r] = true
					}
				}
				if cmd == "enable" {
					p.addAll(d, finding.KICS, listed)
				}
				return nilIfEmpty(d)
			}
		}
	}
	m := kicsRE.FindStringIndex(c.Text)
	if m == nil {
		return nil
	}
	var cmd string
	for _, w := range strings.Split(strings.ToLower(c.Text[m[1]:]), " ") {
		if w == "ignore-line" || w == "ignore-block" {
			cmd = w
			break
		}
	}
	if cmd == "" {
		return nil
	}
	d := p.base(c, finding.KICS, false)
	if d.Target > 0 && cmd == "ignore-block" {
		d.End = p.blockEnd(d.Target)
	}
	p.addAll(d, finding.KICS, nil)
	return nilIfEmpty(d)
}

// blockEnd is the last line of the block that starts on line.
func (p *parseCtx) blockEnd(line int) int {
	if p.syn == Dockerfile {
		if p.opts.Block != nil {
			if e := p.opts.Block(line); e > line {
				return e
			}
		}
		return 0
	}
	return yamlBlockEnd(p.f, line)
}

// yamlBlockEnd is the last line of the YAML node that starts on line: the
// lines below it that are indented deeper (blank and comment lines
// included), and the `- ` items at its own indentation under a key that
// ends in ':'.
func yamlBlockEnd(f *source.File, line int) int {
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	head := f.Line(line)
	base := indent(head)
	key := strings.HasSuffix(strings.TrimRight(stripYAMLComment(head), " \t"), ":")
	end := line
	for ln := line + 1; ln <= f.NumLines(); ln++ {
		t := f.Line(ln)
		trimmed := strings.TrimSpace(t)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		in := indent(t)
		if in > base || (in == base && key && strings.HasPrefix(trimmed, "-")) {
			end = ln
			continue
		}
		break
	}
	return end
}

// stripYAMLComment drops a trailing ` #...` comment (good enough to see
// whether a key line ends in ':').
func stripYAMLComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

// kicsHead is the last line of the file's leading comment block: the
// lines before the first one that is neither blank, a comment, nor (in
// YAML) a `---` marker.
func kicsHead(f *source.File, syn Syntax) int {
	last := 0
	for ln := 1; ln <= f.NumLines(); ln++ {
		t := strings.TrimSpace(f.Line(ln))
		switch {
		case t == "", syn == YAML && strings.HasPrefix(t, "---"):
		case strings.HasPrefix(t, "#"):
			last = ln
		default:
			return last
		}
	}
	return last
}

// checkCommentRE is BuildKit's directive syntax for a `check` comment.
var checkCommentRE = regexp.MustCompile(`(?i)^#\s*check\s*=\s*(.+?)\s*$`)

// checkComment reads a `# check=skip=...` comment above an instruction
// (not a parser directive): BuildKit merges its skip list into the
// checks of that instruction, or of the whole stage when it is above a
// FROM (dockerfile2llb: WithMergedConfigFromComments). error= does not
// carry over, and an option BuildKit cannot read makes it ignore the
// comment.
func (p *parseCtx) checkComment(c source.Comment) *Directive {
	m := checkCommentRE.FindStringSubmatch(c.Text)
	v, _, _ := strings.Cut(m[1], " ")
	d := p.base(c, finding.BuildKit, false)
	if d.Target > 0 {
		d.End = p.blockEnd(d.Target)
	}
	if !p.lintOptions(d, v) {
		return nil
	}
	return nilIfEmpty(d)
}

// lintOptions reads BuildKit's check options into d's entries (skip) and
// returns whether they can be read; raise is set by error=true.
func (p *parseCtx) lintOptions(d *Directive, v string) (ok bool) {
	refs := p.peer(finding.BuildKit)
	for _, part := range strings.SplitN(strings.TrimSpace(v), ";", 3) {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			d.Malformed = "invalid check option " + quote(part)
			return false
		}
		switch strings.TrimSpace(k) {
		case "skip":
			val = strings.TrimSpace(val)
			if val == "all" {
				for _, id := range refs.all {
					d.Entries = append(d.Entries, Entry{Written: "all", ID: id, Range: d.Range})
				}
				continue
			}
			for _, name := range strings.Split(val, ",") {
				name = strings.TrimSpace(name)
				for _, id := range refs.byName[name] {
					d.Entries = append(d.Entries, Entry{Written: name, ID: id, Range: d.Range})
				}
			}
		case "experimental":
		case "error":
			b, err := strconv.ParseBool(strings.TrimSpace(val))
			if err != nil {
				d.Malformed = "check option " + quote(part) + " is not a boolean"
				return false
			}
			d.raise = b
		default:
			d.Malformed = "invalid check option " + quote(strings.TrimSpace(k))
			return false
		}
	}
	return true
}

// checkDirective reads BuildKit's `# check=` parser directive as BuildKit
// does (linter.ParseLintOptions): up to three `;`-separated options,
// skip=<names>|all, error=<bool>, experimental=<names>|all. skip names the
// rules it suppresses for the whole file; error=true raises the findings
// of every rule that references a BuildKit check to error. An option
// BuildKit rejects makes the build fail: the directive is then malformed
// (and reported), and neither skips nor raises anything.
func (p *parseCtx) checkDirective(s *Set) *Directive {
	if strings.TrimSpace(p.opts.Check) == "" {
		return nil
	}
	d := &Directive{Path: p.f.Path, Line: p.opts.CheckRange.Start.Line, Range: p.opts.CheckRange,
		Global: true, Tool: finding.BuildKit}
	if !p.lintOptions(d, p.opts.Check) {
		return d // malformed: reported
	}
	if d.raise {
		s.raise = map[string]bool{}
		for _, id := range p.peer(finding.BuildKit).all {
			s.raise[id] = true
		}
	}
	return nilIfEmpty(d)
}
