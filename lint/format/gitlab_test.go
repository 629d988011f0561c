package format

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

func decodeGitLab(t *testing.T, out []byte) []gitlabIssue {
	t.Helper()
	var issues []gitlabIssue
	dec := json.NewDecoder(strings.NewReader(string(out)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&issues); err != nil {
		t.Fatal(err)
	}
	return issues
}

func TestGitLabContent(t *testing.T) {
	issues := decodeGitLab(t, render(t, "gitlab", Options{}, fixture()))
	fx := fixture().Findings
	if len(issues) != len(fx) {
		t.Fatalf("%d issues", len(issues))
	}
	sev := map[finding.Severity]string{finding.Error: "critical", finding.Warning: "major", finding.Info: "info"}
	paths := []string{"/etc/other/Dockerfile", "deploy/Dockerfile", "deploy/Dockerfile", "deploy/compose.yaml", hostilePath, "my app/Dockerfile.ünïcødé"}
	seen := map[string]bool{}
	for i, is := range issues {
		f := fx[i]
		if is.Type != "issue" || is.CheckName != f.RuleID || is.Severity != sev[f.Severity] || is.Location.Path != paths[i] ||
			is.Description != f.Message+" ("+f.RuleID+" "+f.RuleName+")" || len(is.Categories) != 1 {
			t.Errorf("issue %d = %+v", i, is)
		}
		if len(is.Fingerprint) != 32 || seen[is.Fingerprint] {
			t.Errorf("issue %d: fingerprint %q is malformed or repeated", i, is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	if l := issues[2].Location.Lines; l.Begin != 7 || l.End != 8 {
		t.Errorf("lines = %+v, want 7-8", l)
	}
	if l := issues[0].Location.Lines; l.Begin != 1 || l.End != 1 {
		t.Errorf("unknown line = %+v", l)
	}
	if out := string(render(t, "gitlab", Options{}, emptyReport())); out != "[]\n" {
		t.Errorf("empty = %q", out)
	}
}

// Fingerprints survive line moves, and equal engine fingerprints in one
// report still give distinct GitLab fingerprints.
func TestGitLabFingerprints(t *testing.T) {
	mk := func(line int, fp string) finding.Finding {
		return finding.Finding{RuleID: "DF004", Severity: finding.Warning, Path: "Dockerfile", Message: "m", Fingerprint: fp,
			Range: source.Range{Start: source.Pos{Line: line, Col: 1}}}
	}
	a := decodeGitLab(t, render(t, "gitlab", Options{}, &Report{Root: "/r", WorkDir: "/r", Findings: []finding.Finding{mk(3, "x"), mk(9, "x"), mk(12, "")}}))
	b := decodeGitLab(t, render(t, "gitlab", Options{}, &Report{Root: "/r", WorkDir: "/r", Findings: []finding.Finding{mk(5, "x"), mk(11, "x"), mk(12, "")}}))
	if a[0].Fingerprint != b[0].Fingerprint || a[1].Fingerprint != b[1].Fingerprint || a[2].Fingerprint != b[2].Fingerprint {
		t.Errorf("fingerprints moved with the lines: %v / %v", a, b)
	}
	if a[0].Fingerprint == a[1].Fingerprint {
		t.Error("duplicate fingerprints")
	}
	// The same file reached from another working directory: same fingerprint.
	c := decodeGitLab(t, render(t, "gitlab", Options{}, &Report{Root: "/r", WorkDir: "/r/sub", Findings: []finding.Finding{{RuleID: "DF004", Path: "../Dockerfile", Fingerprint: "x"}}}))
	if c[0].Fingerprint != a[0].Fingerprint || c[0].Location.Path != "Dockerfile" {
		t.Errorf("path-dependent fingerprint: %+v vs %+v", c[0], a[0])
	}
}
