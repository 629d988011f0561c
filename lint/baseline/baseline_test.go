package baseline

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
)

func TestRoundTripLinesAndMatch(t *testing.T) {
	fs := []finding.Finding{
		{RuleID: "DC003", Path: "b/compose.yaml", Fingerprint: "fp2", Message: "privileged"},
		{RuleID: "DF001", Path: "a/Dockerfile", Fingerprint: "fp1", Message: "root"},
		{RuleID: "DF001", Path: "a/Dockerfile", Fingerprint: "fp1", Message: "root"}, // once
		{RuleID: "DF004", Path: "a/Dockerfile"},                                      // no fingerprint: left out
	}
	b := FromFindings(fs, func(p string) string { return p }, "dockguard test")
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(got.Entries) != 2 || got.Entries[0].Path != "a/Dockerfile" || got.Entries[0].Line != 5 || got.Entries[1].Line != 6 {
		t.Fatalf("entries %+v\n%s", got.Entries, buf.String())
	}
	now := []finding.Finding{
		{RuleID: "DF001", Path: "a/Dockerfile", Fingerprint: "fp1"},
		{RuleID: "DC040", Path: "b/compose.yaml", Fingerprint: "fp3"},
	}
	kept, held, stale := got.Match(now, func(p string) bool { return p == "b/compose.yaml" })
	if len(kept) != 1 || kept[0].Fingerprint != "fp3" || len(held) != 1 || len(stale) != 1 || stale[0].RuleID != "DC003" {
		t.Errorf("kept %v held %v stale %v", kept, held, stale)
	}
	// An entry of a file this run did not lint is not stale.
	if _, _, stale := got.Match(now, func(string) bool { return false }); len(stale) != 0 {
		t.Errorf("out of scope entries reported stale: %v", stale)
	}
	for _, bad := range []string{"", "{", `{"version": 2, "findings": []}`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestRelPath(t *testing.T) {
	root := t.TempDir()
	if got := RelPath(root, filepath.Join(root, "x", "compose.yaml")); got != "x/compose.yaml" {
		t.Errorf("inside: %q", got)
	}
	if got := RelPath(root, "/elsewhere/Dockerfile"); got != "/elsewhere/Dockerfile" {
		t.Errorf("outside: %q", got)
	}
}
