package finding

import (
	"strings"
	"testing"
)

func TestVersions(t *testing.T) {
	for in, want := range map[string]string{"0.1": "0.1", "v1.2": "1.2", "v0.3.1": "0.3", " 2.10 ": "2.10"} {
		if got, err := ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1", "latest", "1.x", "1.2.3.4", "-1.2"} {
		if _, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) accepted", in)
		}
	}
	if CompareVersions("0.9", "0.10") >= 0 || CompareVersions("1.0", "0.10") <= 0 || CompareVersions("0.2", "0.2") != 0 {
		t.Error("CompareVersions must compare numerically")
	}
}

func TestRuleSets(t *testing.T) {
	for _, s := range []RuleSet{RuleSetDefault, RuleSetStrict, RuleSetAll} {
		if got, err := ParseRuleSet(strings.ToUpper(s.String())); err != nil || got != s {
			t.Errorf("ParseRuleSet(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseRuleSet("unset"); err == nil {
		t.Error(`"unset" is not a rule set`)
	}
	if !(RuleSetDefault < RuleSetStrict && RuleSetStrict < RuleSetAll) {
		t.Error("each set holds the ones before it")
	}
}

func TestMetaAndMarkdown(t *testing.T) {
	m := &Meta{
		ID: "DF004", Name: "mutable-base-tag", Severity: Warning, Summary: "pin it", RuleSet: RuleSetDefault,
		Since: "0.1", Changed: "0.2", Tags: []string{"security"},
		References: Refs{CWE: {"CWE-1357"}, Hadolint: {"DL3006", "DL3007"}, CIS: {"4.2"}},
		Doc:        Doc{Why: "why", Bad: "FROM a\n", Good: "FROM a:1\n"},
	}
	if m.Kind() != KindDockerfile || (&Meta{ID: "DC001"}).Kind() != KindCompose || (&Meta{ID: "DF000", Role: DockerfileProblems}).Kind() != KindMeta {
		t.Error("Kind")
	}
	if got := strings.Join(m.SecurityTags(), ","); got != "security,CIS-4.2,CWE-1357" {
		t.Errorf("SecurityTags = %s", got)
	}
	md := m.Markdown()
	for _, want := range []string{"- Rule set: default\n", "- Since: 0.1 (changed in 0.2)\n", "## Equivalent rules\n\n- hadolint: DL3006, DL3007\n- CIS Docker Benchmark: 4.2\n- CWE: CWE-1357\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if _, err := NewCatalog(m, &Meta{ID: "DF005", Name: "x", Severity: Info, RuleSet: RuleSetStrict, Since: "0.1", References: Refs{"hadolnt": {"DL1"}}}); err == nil {
		t.Error("a reference to an unknown tool must be rejected")
	}
	if _, err := NewCatalog(&Meta{ID: "DF005", Name: "x", Severity: Info, Severities: []Severity{Info}, RuleSet: RuleSetStrict, Since: "0.1"}); err == nil {
		t.Error("Severities repeating the default severity must be rejected")
	}
	if _, err := NewCatalog(&Meta{ID: "DF005", Name: "x", Severity: Info, RuleSet: RuleSetStrict, Since: "0.2", Changed: "0.1"}); err == nil {
		t.Error("Changed before Since must be rejected")
	}
}
