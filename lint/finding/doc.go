package finding

import (
	"fmt"
	"strings"
)

// SecurityTags are the rule's tags for code scanning: its own tags, then
// its CIS sections and CWEs as "CIS-4.1" and "CWE-250".
func (m *Meta) SecurityTags() []string {
	tags := append([]string{}, m.Tags...)
	for _, s := range m.References[CIS] {
		tags = append(tags, "CIS-"+s)
	}
	return append(tags, m.References[CWE]...)
}

// SuppressionHelp says how to silence the rule, for its kind of file.
func (m *Meta) SuppressionHelp() string {
	var b strings.Builder
	switch m.Kind() {
	case KindDockerfile:
		fmt.Fprintf(&b, "Put `# dockguard ignore=%s -- reason` on the line above the instruction, or `# dockguard global ignore=%s -- reason` anywhere in the Dockerfile for the whole file.", m.ID, m.ID)
		var peers []string
		if ids := m.References[Hadolint]; len(ids) > 0 {
			peers = append(peers, "`# hadolint ignore="+ids[0]+"`")
		}
		if ids := m.References[Trivy]; len(ids) > 0 {
			peers = append(peers, "`# trivy:ignore:"+ids[0]+"`")
		}
		if ids := m.References[Checkov]; len(ids) > 0 {
			peers = append(peers, "`# checkov:skip="+ids[0]+"` (whole file)")
		}
		if len(m.References[KICS]) > 0 {
			peers = append(peers, "`# kics-scan ignore-line`")
		}
		if ids := m.References[BuildKit]; len(ids) > 0 {
			peers = append(peers, "BuildKit's `# check=skip="+ids[0]+"` (whole file)")
		}
		if len(peers) > 0 {
			fmt.Fprintf(&b, " Other tools' comments for its equivalent rules suppress it too: %s.", strings.Join(peers, ", "))
		}
	case KindCompose:
		fmt.Fprintf(&b, "Put `# dockguard ignore=%s -- reason` at the end of the offending line or on the line above it, or `# dockguard global ignore=%s -- reason` anywhere in the compose file for the whole file. For one service only, list it under `rules: {%s: {ignore-services: [name]}}` in `.dockguard.yaml`.", m.ID, m.ID, m.ID)
		if names := m.References[DCLint]; len(names) > 0 {
			fmt.Fprintf(&b, " dclint's comments for %s (`# dclint disable-line %s`, `# dclint disable %s` on the first line) suppress it too.",
				strings.Join(names, ", "), names[0], names[0])
		}
		if len(m.References[KICS]) > 0 {
			b.WriteString(" KICS's `# kics-scan ignore-line` suppresses it too.")
		}
	case KindAny:
		fmt.Fprintf(&b, "In a Dockerfile, put `# dockguard ignore=%s -- reason` on the line above the instruction; in a compose file, at the end of the offending line or on the line above it. `# dockguard global ignore=%s -- reason` anywhere in either file covers the whole file.", m.ID, m.ID)
	default:
		b.WriteString("This finding is reported by dockguard itself and has no inline suppression.")
	}
	fmt.Fprintf(&b, " To turn the rule off everywhere, set `rules: {%s: off}` in `.dockguard.yaml`.", m.ID)
	return b.String()
}

// ExampleLang is the code-fence language of the rule's examples.
func (m *Meta) ExampleLang() string {
	if strings.HasPrefix(m.ID, "DC") {
		return "yaml"
	}
	if m.Role == StaleBaseline {
		return "json" // the examples are baseline files
	}
	return "dockerfile"
}

// ReferenceList renders the references as "tool: ID, ID" lines in the
// order of Tools; nil when there are none.
func (m *Meta) ReferenceList() []string {
	var out []string
	for _, t := range Tools {
		if ids := m.References[t]; len(ids) > 0 {
			out = append(out, t.Title()+": "+strings.Join(ids, ", "))
		}
	}
	return out
}

// Markdown renders the rule's documentation page: the source of `explain`,
// docs/rules/<ID>.md and SARIF help.
func (m *Meta) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", m.ID, m.Name)
	summary := strings.TrimSuffix(m.Summary, ".")
	if summary != "" {
		summary = strings.ToUpper(summary[:1]) + summary[1:]
	}
	fmt.Fprintf(&b, "%s.\n\n", summary)
	sev := m.Severity.String()
	for _, s := range m.Severities {
		sev += " or " + s.String()
	}
	fmt.Fprintf(&b, "- Severity: %s\n", sev)
	if m.RuleSet != RuleSetUnset {
		fmt.Fprintf(&b, "- Rule set: %s\n", m.RuleSet)
	}
	fmt.Fprintf(&b, "- Applies to: %s\n", map[Kind]string{KindDockerfile: "Dockerfiles", KindCompose: "Compose files", KindAny: "Dockerfiles and Compose files", KindMeta: "every linted file"}[m.Kind()])
	if m.Since != "" {
		since := m.Since
		if m.Changed != "" {
			since += " (changed in " + m.Changed + ")"
		}
		fmt.Fprintf(&b, "- Since: %s\n", since)
	}
	if tags := m.SecurityTags(); len(tags) > 0 {
		fmt.Fprintf(&b, "- Tags: %s\n", strings.Join(tags, ", "))
	}
	fmt.Fprintf(&b, "\n## Why it matters\n\n%s\n", strings.TrimSpace(m.Doc.Why))
	if m.Doc.Bad != "" {
		fmt.Fprintf(&b, "\n## Bad\n\n```%s\n%s\n```\n", m.ExampleLang(), strings.TrimRight(m.Doc.Bad, "\n"))
	}
	if m.Doc.Good != "" {
		fmt.Fprintf(&b, "\n## Good\n\n```%s\n%s\n```\n", m.ExampleLang(), strings.TrimRight(m.Doc.Good, "\n"))
	}
	if m.Doc.Fix != "" {
		fmt.Fprintf(&b, "\n## How to fix\n\n%s\n", strings.TrimSpace(m.Doc.Fix))
	}
	fmt.Fprintf(&b, "\n## How to suppress\n\n%s\n", m.SuppressionHelp())
	if refs := m.ReferenceList(); len(refs) > 0 {
		b.WriteString("\n## Equivalent rules\n\n")
		for _, r := range refs {
			fmt.Fprintf(&b, "- %s\n", r)
		}
	}
	return b.String()
}
