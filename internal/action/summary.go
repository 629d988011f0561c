package action

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/finding"
)

// Summary limits. GitHub refuses a step summary over 1 MiB; we stay far
// below that, and keep one table row short enough to read.
const (
	maxSummaryBytes = 128 << 10
	maxSummaryRows  = 500
	maxCellRunes    = 300
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
}

// summaryMarkdown renders the job summary: counts by severity, then a
// table of file, line, rule and message, capped in rows and bytes. Every
// piece of text from the linted files goes through mdCell.
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
	b.WriteString("| Errors | Warnings | Info |\n|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d |\n\n", nErr, nWarn, nInfo)

	if len(in.Findings) > 0 {
		b.WriteString("| Severity | File | Line | Rule | Message |\n|---|---|---:|---|---|\n")
		shown := 0
		for _, f := range in.Findings {
			row := summaryRow(f, in)
			if shown >= maxSummaryRows || b.Len()+len(row) > maxSummaryBytes-4096 {
				break
			}
			b.WriteString(row)
			shown++
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

func summaryRow(f finding.Finding, in summaryInput) string {
	line := ""
	if f.Range.Start.Line >= 1 {
		line = strconv.Itoa(f.Range.Start.Line)
	}
	ruleCell := mdCell(strings.TrimSpace(f.RuleID + " " + f.RuleName))
	if r := in.Rules[f.RuleID]; r != nil {
		// Our own ID and URL: a link to the rule's documentation.
		ruleCell = "[" + mdCell(r.ID) + "](" + r.DocURL() + ") " + mdCell(r.Name)
	}
	path := f.Path
	if in.Paths != nil {
		path = in.Paths(path)
	}
	return "| " + f.Severity.String() + " | " + mdCell(path) + " | " + line + " | " + ruleCell + " | " + mdCell(f.Message) + " |\n"
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
