package action

import (
	"strings"
	"unicode/utf8"
)

// maxProseRunes caps a sentence of the summary outside the table (the
// changed-lines filter's warning and its hint, some 500 characters).
const maxProseRunes = 2000

// mdProse renders a message of ours, which may quote untrusted text (a
// path, a git error), as one line of Markdown: `quoted` spans become code
// spans, everything else is escaped as in a table cell. Over
// maxProseRunes it is cut at the last clause ("; ") that fits, never
// inside a code span.
func mdProse(s string) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) > maxProseRunes {
		r := string([]rune(s)[:maxProseRunes])
		if i := strings.LastIndex(r, "; "); i > 0 {
			r = r[:i]
		}
		if strings.Count(r, "`")%2 == 1 {
			r = r[:strings.LastIndex(r, "`")]
		}
		s = strings.TrimRight(r, " ;,") + " …"
	}
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		// An unpaired backtick: the last one is text.
		n := len(parts)
		parts[n-2] += "`" + parts[n-1]
		parts = parts[:n-1]
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 && strings.TrimSpace(p) != "" {
			// A code span shows its text literally: no HTML, links or
			// mentions; it holds no backtick by construction.
			b.WriteString("`" + p + "`")
			continue
		}
		if i%2 == 1 {
			p = "`" + p + "`"
		}
		b.WriteString(mdEscape(p))
	}
	return b.String()
}
