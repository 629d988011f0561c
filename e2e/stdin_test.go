package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStdinCompose: compose on the binary's standard input, with --type,
// by its content, and as -f -; findings name the path "-". Content that
// is neither a compose file nor a Dockerfile is skipped with a note on
// standard error, exit 0.
func TestStdinCompose(t *testing.T) {
	compose := "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
	for _, args := range [][]string{
		{"lint", "--type", "compose", "--format", "json", "-"},
		{"lint", "--format", "json", "-"},
		{"lint", "--format", "json", "-f", "-"},
	} {
		code, out, errOut := cliRun(t, t.TempDir(), compose, nil, args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1\n%s%s", args, code, out, errOut)
			continue
		}
		var doc struct {
			Findings []jsonFinding `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		found := false
		for _, f := range doc.Findings {
			if f.Path != "-" {
				t.Errorf("%v: finding on %q, want -", args, f.Path)
			}
			if f.RuleID == "DC000" || f.RuleID == "DF000" {
				t.Errorf("%v: %s %s", args, f.RuleID, f.Message)
			}
			found = found || (f.RuleID == "DC003" && f.Line == 4)
		}
		if !found {
			t.Errorf("%v: no DC003 on line 4\n%s", args, out)
		}
	}
	code, out, errOut := cliRun(t, t.TempDir(), "replicaCount: 1\n", nil, "lint", "-")
	if code != 0 || !strings.Contains(out, "no findings") ||
		!strings.Contains(errOut, "-: not linted: standard input is neither a compose file") {
		t.Errorf("Helm values on stdin: exit %d\n%s%s", code, out, errOut)
	}
}
