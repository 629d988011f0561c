package format

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
)

// GitHub writes GitHub Actions workflow-command annotations, one line each,
// most severe first (the engine's order within a level):
//
//	::error file=deploy/Dockerfile,line=3,endLine=3,col=6,endColumn=12,title=DF004 mutable-base-tag::message
//
// info findings become ::notice. file is relative to Report.Root (the
// runner reads relative paths as relative to the workspace). endLine is
// the last line with a character of the range (an exclusive end at column 1
// of the next line counts for the line before). col is written for
// single-line ranges with a known column (the runner drops columns of
// multi-line annotations), endColumn when the end is on that line too;
// line and endLine only when the line is known.
//
// Escaping, for text a pull request controls:
//   - data (the message): % -> %25, CR -> %0D, LF -> %0A (the runner undoes
//     exactly these), so a message is one line and cannot start a command;
//     other control characters (ESC, NUL...) become visible \x1b-style
//     escapes;
//   - properties additionally : -> %3A and , -> %2C, so a value cannot end
//     the property list or the command early;
//   - "##[" becomes "#\u200b#[" (a zero-width space between the two '#'),
//     in data and properties alike: the runner also parses the legacy
//     "##[command]" syntax anywhere in a line. Lines that are valid "::"
//     commands are never parsed the legacy way, so this is defence in depth
//     there, and it also keeps the decoded message, which the runner echoes to
//     the log, free of "##[" markers. A percent form such as "#%23[" is not
//     decoded by the runner and would show literally; the zero-width space
//     keeps the annotation looking like the file.
//
// MaxPerLevel caps annotations per level (GitHub shows 10 per level per
// step and drops the rest silently); the remaining count is then reported
// on one plain line (not a command) pointing to the SARIF upload and the
// text format, which list every finding.
type GitHub struct {
	MaxPerLevel int // 0 = unlimited
	// NoOmittedLine leaves out the line on the findings over MaxPerLevel,
	// for a caller that says it in its own words (the Action, whose users
	// have no --format flag to turn to).
	NoOmittedLine bool
}

// Format implements Formatter.
func (g *GitHub) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	order := make([]int, len(r.Findings))
	for i := range order {
		order[i] = i
	}
	sevs := make([]finding.Severity, len(r.Findings))
	for i := range r.Findings {
		sevs[i] = severity(&r.Findings[i], rules)
	}
	sort.SliceStable(order, func(a, b int) bool { return sevs[order[a]] > sevs[order[b]] })

	paths := newRootPaths(r)
	bw := bufio.NewWriterSize(w, 64<<10)
	shown := map[finding.Severity]int{}
	omitted := map[finding.Severity]int{}
	var line []byte
	for _, i := range order {
		f, sev := &r.Findings[i], sevs[i]
		if g.MaxPerLevel > 0 && shown[sev] >= g.MaxPerLevel {
			omitted[sev]++
			continue
		}
		shown[sev]++
		line = append(line[:0], "::"...)
		line = append(line, githubCommand(sev)...)
		line = append(line, " file="...)
		line = appendGitHubProperty(line, paths.display(f.Path))
		if s := spanOf(f.Range); s.LineKnown {
			line = append(line, ",line="...)
			line = strconv.AppendInt(line, int64(s.Line), 10)
			line = append(line, ",endLine="...)
			line = strconv.AppendInt(line, int64(s.LastLine), 10)
			if s.ColKnown && s.LastLine == s.Line {
				line = append(line, ",col="...)
				line = strconv.AppendInt(line, int64(s.Col), 10)
				if s.EndLine == s.Line {
					line = append(line, ",endColumn="...)
					line = strconv.AppendInt(line, int64(s.EndCol), 10)
				}
			}
		}
		line = append(line, ",title="...)
		line = appendGitHubProperty(line, trimJoin(f.RuleID, f.RuleName))
		line = append(line, "::"...)
		line = appendGitHubData(line, f.Message)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	if msg := omittedLine(r.toolName(), g.MaxPerLevel, omitted); msg != "" && !g.NoOmittedLine {
		line = appendGitHubData(line[:0], msg)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func githubCommand(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "notice"
}

// omittedLine says how many findings were not annotated, or "".
func omittedLine(tool string, limit int, omitted map[finding.Severity]int) string {
	var parts []string
	total := 0
	for _, s := range []finding.Severity{finding.Error, finding.Warning, finding.Info} {
		if n := omitted[s]; n > 0 {
			total += n
			parts = append(parts, plural(n, "more "+githubCommand(s), "more "+githubCommand(s)+"s"))
		}
	}
	if total == 0 {
		return ""
	}
	list := parts[len(parts)-1]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + list
	}
	verb := " were"
	if total == 1 {
		verb = " was"
	}
	return tool + ": " + list + verb + " not annotated (limit " + strconv.Itoa(limit) +
		" per level; GitHub shows 10 per level per step); the SARIF upload (code scanning) and --format text list every finding"
}

// appendGitHubData appends s escaped as workflow-command data.
func appendGitHubData(dst []byte, s string) []byte { return appendGitHub(dst, s, false) }

// appendGitHubProperty appends s escaped as a workflow-command property value.
func appendGitHubProperty(dst []byte, s string) []byte { return appendGitHub(dst, s, true) }

func appendGitHub(dst []byte, s string, property bool) []byte {
	s = escapeControls(s, true)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			dst = append(dst, "%25"...)
		case '\r':
			dst = append(dst, "%0D"...)
		case '\n':
			dst = append(dst, "%0A"...)
		case ':':
			if property {
				dst = append(dst, "%3A"...)
			} else {
				dst = append(dst, c)
			}
		case ',':
			if property {
				dst = append(dst, "%2C"...)
			} else {
				dst = append(dst, c)
			}
		case '#':
			dst = append(dst, c)
			if strings.HasPrefix(s[i+1:], "#[") {
				dst = append(dst, "\u200b"...)
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
