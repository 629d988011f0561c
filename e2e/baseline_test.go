package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A small project in the shape of the corpus: a compose file with
// comments, an anchor and several services, and the Dockerfile it builds.
const (
	projCompose = `# Demo stack
x-logging: &logging
  driver: json-file
  options:
    max-size: "10m"

services:
  web:
    build: ./web
    ports:
      - "8080:80"
    logging: *logging
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/pg
    ports:
      - "5432:5432"
  cache:
    image: redis:7.4
    ports:
      - "6379:6379"
`
	projDockerfile = `FROM node:22.11-alpine
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
`
)

func writeProject(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, dir, "compose.yaml", projCompose)
	writeFile(t, dir, "web/Dockerfile", projDockerfile)
	return dir
}

// lintSummary runs lint --format json in dir and returns the findings and
// the summary's baselined count.
func lintSummary(t *testing.T, dir string, args ...string) ([]jsonFinding, int) {
	t.Helper()
	code, out, errOut := cliRun(t, dir, "", nil, append([]string{"lint", "--format", "json"}, args...)...)
	if code > 1 {
		t.Fatalf("lint: exit %d\n%s", code, errOut)
	}
	var doc struct {
		Findings []jsonFinding `json:"findings"`
		Summary  struct {
			Baselined int `json:"baselined"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	return doc.Findings, doc.Summary.Baselined
}

func ruleIDs(fs []jsonFinding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID)
	}
	slices.Sort(ids)
	return ids
}

// TestBaseline: baseline, edit above the findings (nothing new), add a
// problem (exactly it is reported), fix a baselined one (its entry is
// reported stale).
func TestBaseline(t *testing.T) {
	dir := writeProject(t)
	before, _ := lintSummary(t, dir)
	if len(before) < 3 {
		t.Fatalf("the project should have findings to baseline, has %v", before)
	}
	code, _, errOut := cliRun(t, dir, "", nil, "baseline")
	if code != 0 || !strings.Contains(errOut, "wrote") {
		t.Fatalf("baseline: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".dockguard-baseline.json")); err != nil {
		t.Fatal(err)
	}
	fs, n := lintSummary(t, dir)
	if len(fs) != 0 || n != len(before) {
		t.Fatalf("after baseline: findings %v, baselined %d (want 0 and %d)", fs, n, len(before))
	}
	code, out, _ := cliRun(t, dir, "", nil, "lint")
	if code != 0 || !strings.Contains(out, "no findings in 2 files; "+itoa(len(before))+" findings in the baseline not shown") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}

	// Edits above the findings move them; they stay baselined.
	compose := strings.Replace(projCompose, "services:\n", "# Owned by the platform team.\n# See docs/stack.md.\nservices:\n  # the front end\n", 1)
	compose = strings.Replace(compose, "  db:\n", "  db:\n    # pinned minor\n\n", 1)
	writeFile(t, dir, "compose.yaml", compose)
	writeFile(t, dir, "web/Dockerfile", "# syntax=docker/dockerfile:1\n# The web front end.\n"+projDockerfile)
	if fs, n := lintSummary(t, dir); len(fs) != 0 || n != len(before) {
		t.Fatalf("after edits above the findings: findings %v, baselined %d", fs, n)
	}

	// A new problem is reported, alone.
	compose = strings.Replace(compose, "    image: redis:7.4\n", "    image: redis:7.4\n    privileged: true\n", 1)
	writeFile(t, dir, "compose.yaml", compose)
	fs, _ = lintSummary(t, dir)
	if len(fs) != 1 || fs[0].RuleID != "DC003" {
		t.Fatalf("after adding privileged: true: %v", fs)
	}
	if code, _, _ := cliRun(t, dir, "", nil, "lint"); code != 1 {
		t.Errorf("a new error must fail the run: exit %d", code)
	}

	// Fixing a baselined problem leaves a stale entry, reported at its line.
	compose = strings.Replace(compose, "    ports:\n      - \"6379:6379\"\n", "", 1)
	writeFile(t, dir, "compose.yaml", compose)
	fs, _ = lintSummary(t, dir)
	if got := ruleIDs(fs); !slices.Contains(got, "DG003") || !slices.Contains(got, "DC003") {
		t.Fatalf("after removing the redis port: %v", got)
	}
	for _, f := range fs {
		if f.RuleID == "DG003" && (f.Path != ".dockguard-baseline.json" || f.Line < 4 || !strings.Contains(f.Message, "compose.yaml")) {
			t.Errorf("stale entry: %+v", f)
		}
	}

	// --no-baseline shows everything; SARIF leaves baselined findings out
	// (code scanning would open alerts for suppressed results) and counts
	// them in the run's properties.
	if fs, n := lintSummary(t, dir, "--no-baseline"); n != 0 || len(fs) < len(before) {
		t.Errorf("--no-baseline: %d findings, %d baselined", len(fs), n)
	}
	_, sarif, _ := cliRun(t, dir, "", nil, "lint", "--format", "sarif")
	var log struct {
		Runs []struct {
			Results    []json.RawMessage `json:"results"`
			Properties struct {
				Baselined int `json:"dockguard/baselined"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarif), &log); err != nil {
		t.Fatal(err)
	}
	if fs, n := lintSummary(t, dir); log.Runs[0].Properties.Baselined != n || n == 0 || len(log.Runs[0].Results) != len(fs) {
		t.Errorf("SARIF: %d results, %d baselined; want %d and %d", len(log.Runs[0].Results), log.Runs[0].Properties.Baselined, len(fs), n)
	}

	// An explicit --baseline file elsewhere, and a broken one.
	other := filepath.Join(t.TempDir(), "b.json")
	if code, _, errOut := cliRun(t, dir, "", nil, "baseline", "--baseline", other); code != 0 {
		t.Fatalf("baseline --baseline: %d %s", code, errOut)
	}
	if fs, _ := lintSummary(t, dir, "--baseline", other); len(fs) != 0 {
		t.Errorf("with the new baseline: %v", fs)
	}
	writeFile(t, dir, ".dockguard-baseline.json", "{not json")
	if code, _, errOut := cliRun(t, dir, "", nil, "lint"); code != 2 || !strings.Contains(errOut, "baseline") {
		t.Errorf("broken baseline: exit %d, %s", code, errOut)
	}
}

// TestFix: --fix --diff prints what --fix writes; --fix=hardening fixes
// the compose file in place, which still loads, keeps its comments and
// anchors, and no longer has the fixed findings.
func TestFix(t *testing.T) {
	dir := writeProject(t)
	writeFile(t, dir, "compose.yaml", "version: \"3.8\"  # obsolete\n"+projCompose)
	code, diff, errOut := cliRun(t, dir, "", nil, "lint", "--ruleset", "all", "--fix", "--diff")
	if code != 0 || !strings.Contains(diff, "-version: \"3.8\"  # obsolete") || !strings.Contains(errOut, "would fix") {
		t.Fatalf("--fix --diff: exit %d\n%s\n%s", code, diff, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "compose.yaml")); !strings.HasPrefix(string(b), "version:") {
		t.Fatal("--diff wrote the file")
	}
	if _, err := exec.LookPath("git"); err == nil {
		writeFile(t, dir, "p.diff", diff)
		git(t, dir, "init", "-q")
		git(t, dir, "apply", "p.diff")
		os.Remove(filepath.Join(dir, "p.diff"))
		if b, _ := os.ReadFile(filepath.Join(dir, "compose.yaml")); string(b) != projCompose {
			t.Errorf("git apply of the diff gave\n%s", b)
		}
		writeFile(t, dir, "compose.yaml", "version: \"3.8\"  # obsolete\n"+projCompose)
	}

	// Safe fixes only: the version line goes, nothing else changes.
	_, _, errOut = cliRun(t, dir, "", nil, "lint", "--ruleset", "all", "--fix")
	if b, _ := os.ReadFile(filepath.Join(dir, "compose.yaml")); string(b) != projCompose {
		t.Errorf("--fix gave\n%s\n%s", b, errOut)
	}

	before, _ := lintSummary(t, dir, "--ruleset", "strict")
	code, out, errOut := cliRun(t, dir, "", nil, "lint", "--ruleset", "strict", "--fix=hardening")
	if !strings.Contains(errOut, "fixed ") {
		t.Fatalf("--fix=hardening: exit %d\n%s\n%s", code, out, errOut)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	got := string(b)
	for _, want := range []string{"# Demo stack", "x-logging: &logging", "logging: *logging", "cap_drop:", "- ALL",
		"- no-new-privileges:true", "read_only: true", `"127.0.0.1:5432:5432"`, `"127.0.0.1:6379:6379"`, `"8080:80"`} {
		if !strings.Contains(got, want) {
			t.Errorf("fixed compose.yaml lacks %q:\n%s", want, got)
		}
	}
	after, _ := lintSummary(t, dir, "--ruleset", "strict")
	for _, f := range after {
		if f.RuleID == "DC000" || slices.Contains([]string{"DC003", "DC014", "DC017", "DC018", "DC040"}, f.RuleID) {
			t.Errorf("left after --fix=hardening: %+v", f)
		}
	}
	if len(after) >= len(before) {
		t.Errorf("--fix=hardening removed nothing: %d findings before, %d after", len(before), len(after))
	}
}
