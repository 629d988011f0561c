package action

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Summary limits. GitHub refuses a step summary over 1 MiB; we stay far
// below that, and keep one table row short enough to read.
const (
	maxSummaryBytes = 128 << 10
	maxSummaryRows  = 500
	maxCellRunes    = 300
	// Suggested changes: at most maxFixes diff blocks, each of at most
	// maxFixLines lines (old and new) and maxFixBytes bytes, so that they
	// leave most of the room to the findings' rows.
	maxFixes    = 50
	maxFixLines = 40
	maxFixBytes = 4 << 10
)

// summaryInput is what the job summary reports.
type summaryInput struct {
	Findings []finding.Finding // the reported (filtered) findings, severities resolved
	Paths    func(string) string
	Rules    map[string]*finding.Meta
	Total    int    // findings before the changed-lines filter
	Filter   string // one sentence on the filter in force ("" = none)
	Warning  string // a problem to show first ("" = none)
	SARIF    string // SARIF file path ("" = not written)
	Failed   bool   // the step fails on these findings
	Omitted  int    // findings not annotated because of GitHub's caps
	Version  string
	// Baselined counts the findings the baseline file holds (not
	// reported); Baseline is that file ("" = none was read).
	Baselined int
	Baseline  string
	// Source returns a linted file by its finding path (nil = unknown),
	// for the suggested changes of findings with a fix.
	Source func(path string) *source.File
}

// summaryMarkdown renders the job summary: counts by severity, then the
// findings grouped by file (a heading per file, a table of severity, line,
// rule with its documentation link, and message), each file's table
// followed by the suggested changes of its findings that have a fix, as
// diff blocks. Rows and bytes are capped. Every piece of text from the
// linted files goes through mdCell, or, inside a diff block, through
// codeLine under a fence longer than any backtick run in the block.
func summaryMarkdown(in summaryInput) string {
	var b strings.Builder
	var nErr, nWarn, nInfo int
	for _, f := range in.Findings {
		switch f.Severity {
		case finding.Error:
			nErr++
		case finding.Warning:
			nWarn++
		default:
			nInfo++
		}
	}
	b.WriteString("## dockguard\n\n")
	if in.Warning != "" {
		b.WriteString("> [!WARNING]\n> " + mdProse(in.Warning) + "\n\n")
	}
	if len(in.Findings) == 0 {
		b.WriteString("No findings")
	} else {
		fmt.Fprintf(&b, "**%s**", plural(len(in.Findings), "finding", "findings"))
	}
	if in.Filter != "" {
		b.WriteString(" " + mdCell(in.Filter))
	}
	b.WriteString(".\n\n")
	if in.Total > len(in.Findings) {
		fmt.Fprintf(&b, "%s outside the change %s not reported here.\n\n",
			plural(in.Total-len(in.Findings), "finding", "findings"), isAre(in.Total-len(in.Findings)))
	}
	if in.Baseline != "" {
		fmt.Fprintf(&b, "%s in the baseline (%s) %s not reported; `dockguard lint --no-baseline` lists every finding.\n\n",
			plural(in.Baselined, "finding", "findings"), mdCell(in.Baseline), isAre(in.Baselined))
	}
	b.WriteString("| Errors | Warnings | Info |\n|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d |\n\n", nErr, nWarn, nInfo)

	if len(in.Findings) > 0 {
		shown, fixesShown, fixesLeft := 0, 0, 0
		limit := maxSummaryBytes - 4096
		full := false
		for _, g := range groupByFile(in) {
			head := "### " + mdCell(g.path) + " (" + plural(len(g.findings), "finding", "findings") + ")\n\n" +
				"| Severity | Line | Rule | Message |\n|---|---:|---|---|\n"
			if shown >= maxSummaryRows || b.Len()+len(head) > limit {
				break
			}
			b.WriteString(head)
			var fixes []string
			for _, f := range g.findings {
				row := summaryRow(f, in)
				if shown >= maxSummaryRows || b.Len()+len(row) > limit {
					full = true
					break
				}
				b.WriteString(row)
				shown++
				if f.Fix != nil && len(f.Fix.Edits) > 0 {
					if blk := fixBlock(f, g.path, in); blk != "" {
						fixes = append(fixes, blk)
					}
				}
			}
			b.WriteString("\n")
			for _, blk := range fixes {
				if fixesShown >= maxFixes || len(blk) > maxFixBytes || b.Len()+len(blk) > limit {
					fixesLeft++
					continue
				}
				b.WriteString(blk)
				fixesShown++
			}
			if full {
				break
			}
		}
		if fixesLeft > 0 {
			fmt.Fprintf(&b, "_%s not shown here", plural(fixesLeft, "suggested change", "suggested changes"))
			if in.SARIF != "" {
				b.WriteString(": the SARIF file has every fix")
			}
			b.WriteString("._\n\n")
		}
		if rest := len(in.Findings) - shown; rest > 0 {
			fmt.Fprintf(&b, "\n_%s more not shown in this table: see the step log", plural(rest, "finding", "findings"))
			if in.SARIF != "" {
				b.WriteString(" or the SARIF file")
			}
			b.WriteString("._\n")
		}
		b.WriteString("\n")
	}
	if in.Omitted > 0 {
		fmt.Fprintf(&b, "GitHub shows at most %d annotations of each level per step: %s not annotated inline. ",
			annotationsPerLevel, plural(in.Omitted, "finding was", "findings were"))
		b.WriteString("This table and the step log list them")
		if in.SARIF != "" {
			b.WriteString("; the SARIF file (uploaded to code scanning with `upload-sarif: true`) has every finding")
		}
		b.WriteString(".\n\n")
	}
	if in.SARIF != "" {
		b.WriteString("SARIF written to " + mdCell(in.SARIF) + ".")
		if in.Total > len(in.Findings) {
			b.WriteString(" It holds every finding, also those outside the change, so that code scanning does not take them for fixed.")
		}
		b.WriteString("\n\n")
	}
	if in.Failed {
		b.WriteString("The step fails: findings at or above the failure threshold.\n")
	}
	return b.String()
}

// fileGroup is the findings of one file, in their order.
type fileGroup struct {
	path     string // as the summary shows it
	findings []finding.Finding
}

// groupByFile groups the findings by displayed path, files in the order
// of their first finding.
func groupByFile(in summaryInput) []fileGroup {
	var out []fileGroup
	index := map[string]int{}
	for _, f := range in.Findings {
		p := f.Path
		if in.Paths != nil {
			p = in.Paths(p)
		}
		i, ok := index[p]
		if !ok {
			i = len(out)
			index[p] = i
			out = append(out, fileGroup{path: p})
		}
		out[i].findings = append(out[i].findings, f)
	}
	return out
}

func summaryRow(f finding.Finding, in summaryInput) string {
	line := ""
	if f.Range.Start.Line >= 1 {
		line = strconv.Itoa(f.Range.Start.Line)
	}
	return "| " + f.Severity.String() + " | " + line + " | " + ruleCell(f, in) + " | " + mdCell(f.Message) + " |\n"
}

// ruleCell is the rule's ID linked to its documentation, and its name.
func ruleCell(f finding.Finding, in summaryInput) string {
	if r := in.Rules[f.RuleID]; r != nil {
		// Our own ID and URL: a link to the rule's documentation.
		return "[" + mdCell(r.ID) + "](" + r.DocURL() + ") " + mdCell(r.Name)
	}
	return mdCell(strings.TrimSpace(f.RuleID + " " + f.RuleName))
}

// fixBlock renders a finding's fix as a paragraph naming it and one diff
// block per file it edits: the lines the edits touch, before (-) and
// after (+). It returns "" when the fix cannot be shown (a file that
// cannot be read, edits outside it or overlapping).
func fixBlock(f finding.Finding, shownPath string, in summaryInput) string {
	if in.Source == nil {
		return ""
	}
	byPath := map[string][]finding.Edit{}
	var paths []string
	for _, e := range f.Fix.Edits {
		p := e.Path
		if p == "" {
			p = f.Path
		}
		if _, ok := byPath[p]; !ok {
			paths = append(paths, p)
		}
		byPath[p] = append(byPath[p], e)
	}
	var b strings.Builder
	b.WriteString("**Suggested change** for " + ruleCell(f, in))
	if f.Range.Start.Line >= 1 {
		fmt.Fprintf(&b, " on line %d", f.Range.Start.Line)
	}
	if d := strings.TrimSpace(f.Fix.Description); d != "" {
		b.WriteString(": " + mdCell(d))
	}
	b.WriteString("\n\n")
	for _, p := range paths {
		file := in.Source(p)
		if file == nil {
			return ""
		}
		old, repl, line, ok := applyEdits(file, byPath[p])
		if !ok {
			return ""
		}
		if p != f.Path {
			shown := p
			if in.Paths != nil {
				shown = in.Paths(p)
			}
			b.WriteString("In " + mdCell(shown) + ":\n\n")
		}
		b.WriteString(diffBlock(old, repl, line))
	}
	return b.String()
}

// applyEdits applies edits to the whole lines they touch and returns
// those lines before and after, and the number of the first one.
func applyEdits(file *source.File, edits []finding.Edit) (old, repl string, line int, ok bool) {
	type span struct {
		from, to int
		text     string
	}
	var spans []span
	for _, e := range edits {
		if !e.Range.Start.IsValid() || e.Range.Start.Line > file.NumLines()+1 {
			return "", "", 0, false
		}
		from := file.Offset(e.Range.Start)
		to := from
		if e.Range.End.IsValid() {
			to = file.Offset(e.Range.End)
		}
		if to < from {
			return "", "", 0, false
		}
		spans = append(spans, span{from, to, e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return "", "", 0, false // overlapping edits
		}
	}
	c := file.Content
	// Whole lines: back to the start of the first line, on to the end of
	// the last one (an edit ending at a line start ends before that line).
	start := spans[0].from
	for start > 0 && c[start-1] != '\n' {
		start--
	}
	end := spans[len(spans)-1].to
	if end == start || end > 0 && c[end-1] != '\n' {
		for end < len(c) && c[end] != '\n' {
			end++
		}
		if end < len(c) {
			end++
		}
	}
	var nb strings.Builder
	at := start
	for _, sp := range spans {
		nb.Write(c[at:sp.from])
		nb.WriteString(sp.text)
		at = sp.to
	}
	nb.Write(c[at:end])
	return string(c[start:end]), nb.String(), file.PosOf(start).Line, true
}

// diffBlock renders old and new lines as a fenced diff block. The fence
// is longer than any run of backticks in the block, so no line of the
// linted file can close it; lines are cut and control characters shown
// as escapes.
func diffBlock(old, repl string, line int) string {
	var body []string
	add := func(prefix, text string) {
		if text == "" {
			return
		}
		for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			body = append(body, prefix+codeLine(l))
		}
	}
	add("-", old)
	add("+", repl)
	if len(body) > maxFixLines {
		body = append(body[:maxFixLines], fmt.Sprintf("# … %d more lines", len(body)-maxFixLines))
	}
	text := strings.Join(body, "\n")
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	return fmt.Sprintf("%sdiff\n%s\n%s\n\n", fence, text, fence)
}

// codeLine makes one line of a linted file safe inside a code block: no
// line break or control character, at most maxCellRunes runes.
func codeLine(s string) string {
	s = visible(strings.TrimSuffix(s, "\r"))
	if utf8.RuneCountInString(s) > maxCellRunes {
		s = string([]rune(s)[:maxCellRunes]) + "…"
	}
	return s
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// mdCell makes untrusted text safe and inert inside a GitHub-flavoured
// Markdown table cell: it becomes one line (newlines and other control
// characters become spaces or visible escapes), is cut to maxCellRunes,
// HTML is escaped as entities, Markdown punctuation that could start
// emphasis, code, links, images, tables, headings, mentions or
// autolinks is backslash-escaped, and "@" cannot ping anyone.
func mdCell(s string) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) > maxCellRunes {
		r := []rune(s)
		s = string(r[:maxCellRunes]) + "…"
	}
	return mdEscape(s)
}

// oneLine flattens s to one line of visible text.
func oneLine(s string) string {
	return visible(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s))
}

// mdEscape is mdCell without the cut, for text already on one line.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '@':
			b.WriteString("&#64;")
		case '|', '\\', '`', '*', '_', '[', ']', '(', ')', '#', '!', '~', '{', '}', '+', '-', '.', '$', ':':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			if unicode.IsSpace(r) {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
