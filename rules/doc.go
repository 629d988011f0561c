package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/rule"
)

const (
	tableBegin = "<!-- rules:begin (generated: DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules) -->"
	tableEnd   = "<!-- rules:end -->"
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

func replaceTable(doc, table string) (string, error) {
	i := strings.Index(doc, tableBegin)
	j := strings.Index(doc, tableEnd)
	if i < 0 || j < i {
		return "", errors.New("README.md lacks the rule table markers")
	}
	return doc[:i+len(tableBegin)] + "\n" + table + doc[j:], nil
}
