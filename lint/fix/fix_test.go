package fix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

func rng(l1, c1, l2, c2 int) source.Range {
	return source.Range{Start: source.Pos{Line: l1, Col: c1}, End: source.Pos{Line: l2, Col: c2}}
}

var path = "f.yaml"

func fnd(id string, class finding.FixClass, edits ...finding.Edit) finding.Finding {
	return finding.Finding{RuleID: id, Path: path, Fix: &finding.Fix{Class: class, Edits: edits}}
}

func TestApply(t *testing.T) {
	const src = "version: \"3\"\nservices:\n  web:  # the web\n    image: nginx:1.27\n    privileged: true\n"
	read := func(string) ([]byte, error) { return []byte(src), nil }
	fs := []finding.Finding{
		fnd("DC050", finding.FixSafe, finding.Edit{Range: rng(1, 1, 2, 1)}),
		fnd("DC017", finding.FixHardening, finding.Edit{Range: rng(4, 22, 4, 22), NewText: "\n    cap_drop: [ALL]"}),
		fnd("DC040", finding.FixHardening, finding.Edit{Range: rng(4, 22, 4, 22), NewText: "\n    read_only: true"}),
		fnd("DC003", finding.FixHardening, finding.Edit{Range: rng(5, 1, 6, 1)}),
		// overlaps the deletion of line 5: skipped
		fnd("DCXXX", finding.FixHardening, finding.Edit{Range: rng(5, 5, 5, 15), NewText: "x"}),
		// inserts where DC003's deletion ends: skipped too
		fnd("DCYYY", finding.FixHardening, finding.Edit{Range: rng(6, 1, 6, 1), NewText: "# end"}),
		// a line of its own at the end of the image value that DCZZZ replaces: both apply
		fnd("DCZZZ", finding.FixSafe, finding.Edit{Range: rng(4, 12, 4, 22), NewText: "nginx:1.28"}),
		fnd("DCZZY", finding.FixHardening, finding.Edit{Range: rng(4, 22, 4, 22), NewText: "\n    init: true"}),
		// the same edit as DC050's: applied once
		fnd("DC050", finding.FixSafe, finding.Edit{Range: rng(1, 1, 2, 1)}),
	}
	safe := Apply(fs, Safe, read)
	if got, want := string(safe.Files["f.yaml"]), strings.Replace(strings.TrimPrefix(src, "version: \"3\"\n"), "1.27", "1.28", 1); got != want {
		t.Errorf("safe:\n%s\nwant\n%s", got, want)
	}
	if len(safe.Applied) != 3 || len(safe.Skipped) != 0 {
		t.Errorf("safe: applied %d skipped %d", len(safe.Applied), len(safe.Skipped))
	}
	all := Apply(fs, Hardening, read)
	want := "services:\n  web:  # the web\n    image: nginx:1.28\n    cap_drop: [ALL]\n    init: true\n    read_only: true\n"
	if got := string(all.Files["f.yaml"]); got != want {
		t.Errorf("hardening:\n%s\nwant\n%s", got, want)
	}
	if len(all.Skipped) != 2 || !all.Skipped[0].Conflict || all.Skipped[0].Finding.RuleID != "DCXXX" || all.Skipped[1].Finding.RuleID != "DCYYY" {
		t.Errorf("skipped = %+v", all.Skipped)
	}
	d := Diff("f.yaml", []byte(src), all.Edits["f.yaml"])
	wantDiff := `--- a/f.yaml
+++ b/f.yaml
@@ -1,5 +1,6 @@
-version: "3"
 services:
   web:  # the web
-    image: nginx:1.27
-    privileged: true
+    image: nginx:1.28
+    cap_drop: [ALL]
+    init: true
+    read_only: true
`
	if d != wantDiff {
		t.Errorf("diff:\n%s\nwant\n%s", d, wantDiff)
	}
	// git apply agrees with the diff, when git is there.
	if _, err := exec.LookPath("git"); err == nil {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "f.yaml"), []byte(src), 0o644)
		os.WriteFile(filepath.Join(dir, "p.diff"), []byte(d), 0o644)
		cmd := exec.Command("git", "apply", "p.diff")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git apply: %v\n%s", err, out)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "f.yaml"))
		if string(b) != want {
			t.Errorf("git apply gave\n%s", b)
		}
	}
}

func TestDiffHunks(t *testing.T) {
	var lines []string
	for i := 1; i <= 30; i++ {
		lines = append(lines, "line"+strings.Repeat("x", i%3))
	}
	src := strings.Join(lines, "\n") // no final newline
	fs := []finding.Finding{
		fnd("A", finding.FixSafe, finding.Edit{Range: rng(2, 1, 2, 5), NewText: "LINE"}),
		fnd("B", finding.FixSafe, finding.Edit{Range: rng(20, 1, 21, 1)}),
		fnd("C", finding.FixSafe, finding.Edit{Range: rng(30, 5, 30, 5), NewText: "!\nend"}),
	}
	for i := range fs {
		fs[i].Path = "x"
	}
	res := Apply(fs, Safe, func(string) ([]byte, error) { return []byte(src), nil })
	d := Diff("x", []byte(src), res.Edits["x"])
	if strings.Count(d, "@@ -") != 3 {
		t.Errorf("want 3 hunks:\n%s", d)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), []byte(src), 0o644)
	os.WriteFile(filepath.Join(dir, "p.diff"), []byte(d), 0o644)
	cmd := exec.Command("git", "apply", "p.diff")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, out, d)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "x"))
	if string(b) != string(res.Files["x"]) {
		t.Errorf("git apply gave\n%q\nwant\n%q", b, res.Files["x"])
	}
}
