package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run calls Main in dir with stdin and returns the exit code and outputs.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := Main(args, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errOut}, func(string) string { return "" })
	return code, out.String(), errOut.String()
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Dockerfile whose only default-set problem is none, and whose strict
// problem is DF005 (a tag without a digest).
const pinnedByTag = "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n"

func TestLintExitCodesAndRuleSets(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", pinnedByTag)
	cases := []struct {
		args []string
		want int
		out  string // substring of standard output
	}{
		{[]string{"lint", "."}, ExitClean, "no findings"},
		{[]string{"lint", "--ruleset", "strict", "."}, ExitClean, "DF005"},
		{[]string{"lint", "--ruleset", "strict", "--failure-threshold", "info", "."}, ExitFindings, "DF005"},
		{[]string{"lint", "--ruleset", "strict", "--ruleset-version", "0.1", "--failure-threshold", "info", "."}, ExitFindings, "DF005"},
		{[]string{"lint", "--ruleset", "all", "--format", "json", "."}, ExitClean, `"rule_id": "DF005"`},
		{[]string{"lint", "--ruleset", "nope", "."}, ExitUsage, ""},
		{[]string{"lint", "--ruleset-version", "latest", "."}, ExitUsage, ""},
		{[]string{"lint", "--format", "nope", "."}, ExitUsage, ""},
		{[]string{"lint", "--no-such-flag"}, ExitUsage, ""},
		{[]string{"lint", "missing-path"}, ExitUsage, ""},
		{[]string{"frobnicate"}, ExitUsage, ""},
		{[]string{}, ExitUsage, ""},
		{[]string{"version"}, ExitClean, "dockguard "},
		{[]string{"help"}, ExitClean, "Usage:"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, dir, "", c.args...)
		if code != c.want || !strings.Contains(out, c.out) {
			t.Errorf("%v: exit %d (want %d), output %q (want %q)\n%s", c.args, code, c.want, out, c.out, errOut)
		}
	}
}

func TestLintConfigRuleSet(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", pinnedByTag)
	write(t, dir, ".dockguard.yaml", "ruleset: strict\nfailure-threshold: info\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitFindings || !strings.Contains(out, "DF005") {
		t.Errorf("ruleset: strict in the config: exit %d\n%s", code, out)
	}
	// A flag overrides the file; a rule named in the file runs whatever the set.
	write(t, dir, ".dockguard.yaml", "ruleset: strict\nfailure-threshold: info\nrules:\n  DF005: off\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitClean {
		t.Errorf("DF005: off: exit %d\n%s", code, out)
	}
	write(t, dir, ".dockguard.yaml", "rules:\n  DF005: warning\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitFindings || !strings.Contains(out, "warning DF005") {
		t.Errorf("DF005: warning turns it on in the default set: exit %d\n%s", code, out)
	}
	write(t, dir, ".dockguard.yaml", "ruleset: everything\n")
	if code, _, errOut := run(t, dir, "", "lint", "."); code != ExitUsage || !strings.Contains(errOut, ".dockguard.yaml:1:") {
		t.Errorf("bad ruleset: exit %d, %q", code, errOut)
	}
}

func TestLintStdin(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, dir, "FROM alpine\nUSER root\n", "lint", "--type", "dockerfile", "-")
	if code != ExitFindings || !strings.Contains(out, "-:2:6: error DF001") || !strings.Contains(out, "DF004") {
		t.Errorf("stdin: exit %d\n%s%s", code, out, errOut)
	}
}

func TestRulesJSON(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "rules", "--format", "json")
	if code != ExitClean {
		t.Fatalf("exit %d", code)
	}
	var rules []struct {
		ID         string              `json:"id"`
		RuleSet    string              `json:"ruleset"`
		Since      string              `json:"since"`
		References map[string][]string `json:"references"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, r := range rules {
		byID[r.ID] = i
		if r.RuleSet == "" || r.Since == "" || r.References == nil {
			t.Errorf("%s: ruleset %q since %q references %v", r.ID, r.RuleSet, r.Since, r.References)
		}
	}
	for _, id := range []string{"DF005", "DC013", "DC017", "DC018"} {
		if r := rules[byID[id]]; r.RuleSet != "strict" {
			t.Errorf("%s is in rule set %q, want strict", id, r.RuleSet)
		}
	}
	if refs := rules[byID["DF004"]].References; len(refs["hadolint"]) == 0 || refs["cis"][0] != "4.2" {
		t.Errorf("DF004 references %v", refs)
	}
}

func TestRulesCoverage(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "rules", "--coverage")
	if code != ExitClean || !strings.Contains(out, "hadolint") || !strings.Contains(out, "of  71") {
		t.Errorf("coverage text: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, t.TempDir(), "", "rules", "--coverage", "--format", "json")
	var cov []struct {
		Tool    string   `json:"tool"`
		Total   int      `json:"total"`
		Covered []string `json:"covered"`
	}
	if err := json.Unmarshal([]byte(out), &cov); code != ExitClean || err != nil || len(cov) == 0 || cov[0].Tool != "hadolint" || cov[0].Total != 71 {
		t.Errorf("coverage json: exit %d, %v, %+v", code, err, cov)
	}
	if code, _, _ := run(t, t.TempDir(), "", "rules", "--format", "xml"); code != ExitUsage {
		t.Errorf("rules --format xml: exit %d", code)
	}
}

func TestExplain(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "explain", "mutable-base-tag")
	for _, want := range []string{"# DF004 mutable-base-tag", "- Rule set: default", "- Since: 0.1", "## Equivalent rules", "hadolint: DL3006, DL3007"} {
		if code != ExitClean || !strings.Contains(out, want) {
			t.Errorf("explain: exit %d, no %q in\n%s", code, want, out)
		}
	}
	if code, _, _ := run(t, t.TempDir(), "", "explain", "DF999"); code != ExitUsage {
		t.Errorf("explain DF999: exit %d", code)
	}
}
