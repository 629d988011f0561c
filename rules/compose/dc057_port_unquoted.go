package compose

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// sexagesimal matches what a YAML 1.1 parser reads as a base-60 number.
var sexagesimal = regexp.MustCompile(`^[0-9]+(:[0-5]?[0-9])+$`)

// PortUnquoted flags ports and expose entries written without quotes.
var PortUnquoted = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC057",
		Name:       "port-unquoted",
		Severity:   rule.Info,
		Summary:    "quote the entries of ports: and expose: (\"8080:80\")",
		Tags:       []string{"style", "network"},
		RuleSet:    rule.All,
		Since:      "0.2",
		References: rule.Refs{rule.DCLint: {"require-quotes-in-ports"}},
		Doc: rule.Doc{
			Why: "YAML 1.1 reads an unquoted `xx:yy` whose last part is below 60 as a base-60 number: " +
				"`22:22` is the integer 1342 to PyYAML and to the tools built on it (the Python " +
				"docker-compose v1, Ansible, many scripts that read compose files). docker compose v2 reads " +
				"YAML 1.2 and is not fooled, but the file is read by more than compose. Quoting every entry " +
				"of `ports:` and `expose:` makes the file mean the same to all of them. The message says when " +
				"an entry is one of the base-60 ones. Single and double quotes are both accepted: dclint's " +
				"documentation shows both as correct, although its default setting asks for single quotes. " +
				"The finding carries a fix that adds double quotes.",
			Bad:  "services:\n  ssh:\n    image: linuxserver/openssh-server:9.7\n    ports:\n      - 127.0.0.1:2222:22\n",
			Good: "services:\n  ssh:\n    image: linuxserver/openssh-server:9.7\n    ports:\n      - \"127.0.0.1:2222:22\"\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range writtenServices(proj) {
			for _, section := range []string{"ports", "expose"} {
				v := mapValue(s.val, section)
				if v == nil || v.Kind != yaml.SequenceNode {
					continue
				}
				for _, item := range v.Content {
					if item.Kind != yaml.ScalarNode || quoted(item) || item.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) != 0 {
						continue
					}
					msg := fmt.Sprintf("service %q: quote the %s entry %s (\"%s\")", s.name, section, item.Value, item.Value)
					if sexagesimal.MatchString(item.Value) {
						msg += "; unquoted, YAML 1.1 parsers read it as a base-60 number"
					}
					r := s.file.Range(item)
					var fix *rule.Fix
					if r.Start.Line == r.End.Line && r.End.Col-r.Start.Col == utf8.RuneCountInString(item.Value) && !strings.ContainsAny(item.Value, `"\`) {
						fix = &rule.Fix{Description: "quote the entry", Class: rule.FixSafe, Edits: []rule.Edit{{Range: r, NewText: `"` + item.Value + `"`}}}
					}
					p.Report(rule.Diagnostic{Path: s.file.Source.Path, Range: r, Subject: s.name, Message: msg, Fix: fix})
				}
			}
		}
	},
}
