package format

import (
	"bufio"
	"io"
	"strconv"

	"github.com/dockguard/dockguard/lint/finding"
)

// Text writes one finding per line for people and editors:
//
//	path:line:col: severity ID name: message
//
// then a summary line ("3 findings (1 error, 1 warning, 1 info) in 2
// files", or "no findings in 2 files"), which says how many findings the
// baseline file held back. An unknown column (or line) is left
// out: "path:line: ...". Paths and messages come from linted files, so
// control characters, ANSI escapes and other non-printable runes are
// written as Go escapes (\x1b, \n, \u202e); printable Unicode is kept.
type Text struct {
	Color bool // ANSI colours; the CLI decides (terminal, NO_COLOR)
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiFaint  = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Format implements Formatter.
func (t *Text) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for i := range r.Findings {
		f := &r.Findings[i]
		sev := severity(f, rules)
		line = line[:0]
		line = t.color(line, ansiBold)
		line = appendEscaped(line, f.Path, false)
		line = append(line, ':')
		if f.Range.Start.Line >= 1 {
			line = strconv.AppendInt(line, int64(f.Range.Start.Line), 10)
			line = append(line, ':')
			if f.Range.Start.Col >= 1 {
				line = strconv.AppendInt(line, int64(f.Range.Start.Col), 10)
				line = append(line, ':')
			}
		}
		line = t.color(line, ansiReset)
		line = append(line, ' ')
		line = t.color(line, sevColor(sev))
		line = append(line, sev.String()...)
		line = t.color(line, ansiReset)
		line = append(line, ' ')
		line = t.color(line, ansiFaint)
		line = appendEscaped(line, f.RuleID, false)
		if f.RuleName != "" {
			line = append(line, ' ')
			line = appendEscaped(line, f.RuleName, false)
		}
		line = t.color(line, ansiReset)
		line = append(line, ':', ' ')
		line = appendEscaped(line, f.Message, false)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	sum := summaryLine(countFindings(r, rules), len(r.Findings), r.FilesLinted)
	if n := len(r.Baselined); n > 0 {
		sum += "; " + plural(n, "finding", "findings") + " in the baseline not shown (--no-baseline shows them)"
	}
	if _, err := bw.WriteString(sum + "\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func (t *Text) color(b []byte, code string) []byte {
	if t.Color {
		return append(b, code...)
	}
	return b
}

func sevColor(s finding.Severity) string {
	switch s {
	case finding.Error:
		return ansiRed
	case finding.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// summaryLine is "N findings (E errors, W warnings, I info) in F files".
func summaryLine(c counts, total, files int) string {
	in := " in " + plural(files, "file", "files")
	if total == 0 {
		return "no findings" + in
	}
	return plural(total, "finding", "findings") + " (" +
		plural(c.errors, "error", "errors") + ", " +
		plural(c.warnings, "warning", "warnings") + ", " +
		strconv.Itoa(c.info) + " info)" + in
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
