package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/rule"
)

const (
	tableBegin    = "<!-- rules:begin (generated: DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules) -->"
	tableEnd      = "<!-- rules:end -->"
	coverageBegin = "<!-- coverage:begin (generated: DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules) -->"
	coverageEnd   = "<!-- coverage:end -->"
)

// RuleTable renders the README's rule table from the rules' metadata.
func RuleTable(reg *rule.Registry) string {
	var b strings.Builder
	b.WriteString("| ID | name | severity | rule set | what to change |\n|---|---|---|---|---|\n")
	for _, r := range reg.All() {
		sev := r.Severity.String()
		for _, s := range r.Severities {
			sev += "/" + s.String()
		}
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | %s | %s | %s | %s |\n", r.ID, r.ID, r.Name, sev, r.RuleSet, strings.ReplaceAll(r.Summary, "|", `\|`))
	}
	return b.String()
}

// CoverageTable renders the README's table of the peer tools' rules that
// dockguard covers (what `dockguard rules --coverage` prints).
func CoverageTable(cov []Coverage) string {
	var b strings.Builder
	b.WriteString("| tool | files | covered | not covered |\n|---|---|---|---|\n")
	for _, c := range cov {
		missing := make([]string, len(c.Missing))
		for i, id := range c.Missing {
			missing[i] = "`" + id + "`"
		}
		rest := strings.Join(missing, ", ")
		if rest == "" {
			rest = "-"
		}
		if len(c.Runtime) > 0 {
			rest += fmt.Sprintf(" (and %d not checkable from files: %s)", len(c.Runtime), strings.Join(c.Runtime, ", "))
		}
		fmt.Fprintf(&b, "| %s | %s | %d of %d | %s |\n", c.Title, c.Kind, len(c.Covered), c.Total, strings.ReplaceAll(rest, "|", `\|`))
	}
	return b.String()
}

func replaceTable(doc, table string) (string, error) {
	return replaceBetween(doc, tableBegin, tableEnd, table)
}

func replaceBetween(doc, begin, end, table string) (string, error) {
	i := strings.Index(doc, begin)
	j := strings.Index(doc, end)
	if i < 0 || j < i {
		return "", errors.New("README.md lacks the markers " + begin + " ... " + end)
	}
	return doc[:i+len(begin)] + "\n" + table + doc[j:], nil
}
