package rule

import (
	"fmt"
	"strings"
)

// SuppressionHelp says how to silence the rule, for its kind of file.
func (r *Rule) SuppressionHelp() string {
	var b strings.Builder
	switch r.Kind() {
	case KindDockerfile:
		fmt.Fprintf(&b, "Put `# dockguard ignore=%s -- reason` on the line above the instruction, or `# dockguard global ignore=%s -- reason` anywhere in the Dockerfile for the whole file.", r.ID, r.ID)
	case KindCompose:
		fmt.Fprintf(&b, "Put `# dockguard ignore=%s -- reason` at the end of the offending line or on the line above it, or `# dockguard global ignore=%s -- reason` anywhere in the compose file for the whole file. For one service only, list it under `rules: {%s: {ignore-services: [name]}}` in `.dockguard.yaml`.", r.ID, r.ID, r.ID)
	default:
		b.WriteString("This finding is reported by dockguard itself and has no inline suppression.")
	}
	fmt.Fprintf(&b, " To turn the rule off everywhere, set `rules: {%s: off}` in `.dockguard.yaml`.", r.ID)
	return b.String()
}

// ExampleLang is the code-fence language of the rule's examples.
func (r *Rule) ExampleLang() string {
	if r.Kind() == KindCompose || strings.HasPrefix(r.ID, "DC") {
		return "yaml"
	}
	return "dockerfile"
}

// Markdown renders the rule's documentation page: the source of `explain`,
// docs/rules/<ID>.md and SARIF help.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", r.ID, r.Name)
	summary := strings.TrimSuffix(r.Summary, ".")
	if summary != "" {
		summary = strings.ToUpper(summary[:1]) + summary[1:]
	}
	fmt.Fprintf(&b, "%s.\n\n", summary)
	sev := r.Severity.String()
	for _, s := range r.Severities {
		sev += " or " + s.String()
	}
	fmt.Fprintf(&b, "- Severity: %s\n", sev)
	fmt.Fprintf(&b, "- Applies to: %s\n", map[Kind]string{KindDockerfile: "Dockerfiles", KindCompose: "Compose files", KindMeta: "every linted file"}[r.Kind()])
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, "- Tags: %s\n", strings.Join(r.Tags, ", "))
	}
	fmt.Fprintf(&b, "\n## Why it matters\n\n%s\n", strings.TrimSpace(r.Doc.Why))
	if r.Doc.Bad != "" {
		fmt.Fprintf(&b, "\n## Bad\n\n```%s\n%s\n```\n", r.ExampleLang(), strings.TrimRight(r.Doc.Bad, "\n"))
	}
	if r.Doc.Good != "" {
		fmt.Fprintf(&b, "\n## Good\n\n```%s\n%s\n```\n", r.ExampleLang(), strings.TrimRight(r.Doc.Good, "\n"))
	}
	if r.Doc.Fix != "" {
		fmt.Fprintf(&b, "\n## How to fix\n\n%s\n", strings.TrimSpace(r.Doc.Fix))
	}
	fmt.Fprintf(&b, "\n## How to suppress\n\n%s\n", r.SuppressionHelp())
	return b.String()
}
