package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cliRun runs the binary in dir with args and returns its exit code, stdout
// and stderr. env adds variables to a minimal environment.
func cliRun(t *testing.T, dir, stdin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "DOCKGUARD_DATE=" + testDate}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return code, stdout.String(), stderr.String()
}

// golden compares got with testdata/e2e/cli/NAME.golden; DOCKGUARD_UPDATE_GOLDEN=1 rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(moduleRoot, "testdata", "e2e", "cli", name+".golden")
	if os.Getenv("DOCKGUARD_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with DOCKGUARD_UPDATE_GOLDEN=1 to create it)", err)
	}
	if string(want) != got {
		t.Errorf("output differs from %s (DOCKGUARD_UPDATE_GOLDEN=1 rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestLintExamples is the README's first command: the example files, text
// output, exit code 1 because they have findings.
func TestLintExamples(t *testing.T) {
	code, out, errOut := cliRun(t, moduleRoot, "", nil, "lint", "testdata/examples")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	golden(t, "examples.txt", out)
	for _, id := range []string{"DF001", "DF002", "DF004", "DF006", "DF007", "DC001", "DC003", "DC006", "DC007", "DC014", "DC015"} {
		if !strings.Contains(out, " "+id+" ") {
			t.Errorf("no %s in the examples' output", id)
		}
	}
	if strings.Contains(out, "changeme") {
		t.Error("the secret value of ENV API_TOKEN is echoed")
	}
	if strings.Contains(out, "testdata/examples/secure/") {
		t.Errorf("the fixed examples have findings:\n%s", out)
	}
}

// TestOwnDockerfile: the project's own image lints clean.
func TestOwnDockerfile(t *testing.T) {
	code, out, errOut := cliRun(t, moduleRoot, "", nil, "lint", "--failure-threshold", "info", "Dockerfile")
	if code != 0 || !strings.Contains(out, "no findings in 1 file") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestExitCodesAndThreshold(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "FROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\n")
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"lint", "."}, 0},                                                       // DF005 (info) is in the strict rule set only
		{[]string{"lint", "--ruleset", "strict", "."}, 0},                                // only DF005 (info): under the default threshold
		{[]string{"lint", "--ruleset", "strict", "--failure-threshold", "info", "."}, 1}, // info now fails
		{[]string{"lint", "--failure-threshold", "info", "."}, 0},                        // nothing in the default set
		{[]string{"lint", "--ruleset", "strict", "--failure-threshold", "none", "."}, 0}, // never fails
		{[]string{"lint", "--ruleset", "paranoid", "."}, 2},
		{[]string{"lint", "--ruleset-version", "one", "."}, 2},
		{[]string{"lint", "--failure-threshold", "bogus", "."}, 2}, // usage
		{[]string{"lint", "--format", "nope", "."}, 2},
		{[]string{"lint", "--no-such-flag"}, 2},
		{[]string{"lint", "does-not-exist"}, 2},
		{[]string{"lint", "--type", "weird", "Dockerfile"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"explain", "DF999"}, 2},
		{[]string{"version"}, 0},
	}
	for _, c := range cases {
		code, out, errOut := cliRun(t, dir, "", nil, c.args...)
		if code != c.want {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
}

// TestBrokenFileDoesNotHideOthers: an unparsable Dockerfile and an invalid
// compose file are findings with a line, and the good neighbours are linted.
func TestBrokenFileDoesNotHideOthers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Dockerfile", "FROM alpine:3.20\nFROBNICATE x\n")
	writeFile(t, dir, "b/compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\"\n")
	writeFile(t, dir, "c/Dockerfile", "FROM alpine\n")
	code, out, _ := cliRun(t, dir, "", nil, "lint", "--no-color", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"a/Dockerfile:2:1: error DF000 dockerfile-syntax:",
		"b/compose.yaml:",
		"DC000 compose-invalid",
		"c/Dockerfile:1:6: warning DF004 mutable-base-tag:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestStdinAndSuppressions(t *testing.T) {
	df := "# dockguard ignore=DF004 -- pinned by the build system\nFROM alpine\n# dockguard ignore=DF006\nUSER app\nHEALTHCHECK CMD true\n"
	code, out, errOut := cliRun(t, t.TempDir(), df, nil, "lint", "--format", "json", "--failure-threshold", "error", "-")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var doc struct {
		Findings []jsonFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range doc.Findings {
		ids = append(ids, f.RuleID)
		if f.RuleID == "DF004" {
			t.Error("DF004 not suppressed")
		}
	}
	// The DF006 ignore suppresses nothing: reported as DG001 on its line.
	found := false
	for _, f := range doc.Findings {
		if f.RuleID == "DG001" && f.Line == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("unused ignore not reported; findings: %v", ids)
	}
}

// TestSeveralOutputs writes text to stdout and SARIF and JUnit to files in one run.
func TestSeveralOutputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "FROM alpine\n")
	code, out, errOut := cliRun(t, dir, "", nil, "lint", "--sarif-file", "out/r.sarif", "--report", "junit=out/r.xml", ".")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "DF004") {
		t.Errorf("text output lacks DF004:\n%s", out)
	}
	sarif, err := os.ReadFile(filepath.Join(dir, "out", "r.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("bad SARIF (%v): %s", err, sarif)
	}
	if junit, err := os.ReadFile(filepath.Join(dir, "out", "r.xml")); err != nil || !bytes.Contains(junit, []byte("DF004")) {
		t.Errorf("bad JUnit (%v): %s", err, junit)
	}
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".dockguard.yaml", "failure-threshold: warning\ntrusted-registry: [ghcr.io/x/]\n")
	writeFile(t, dir, "Dockerfile", "FROM alpine:3.20\n")
	code, _, errOut := cliRun(t, dir, "", nil, "lint", ".")
	if code != 2 || !strings.Contains(errOut, ".dockguard.yaml:2:") {
		t.Errorf("exit %d, stderr %q; want 2 and the config line", code, errOut)
	}
}

func TestConfigAppliesRulesAndTrust(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".dockguard.yaml", "trusted-registries: [ghcr.io/acme/]\nrules:\n  DF002: off\n  root-user: info\n")
	writeFile(t, dir, "Dockerfile", "FROM ghcr.io/acme/base:1.0\n")
	writeFile(t, dir, "other/Dockerfile", "FROM ghcr.io/evil/base:1.0\n")
	fs := lintJSON(t, dir, ".")
	got := map[string]string{}
	for _, f := range fs {
		got[f.Path+" "+f.RuleID] = f.Severity
	}
	if _, ok := got["Dockerfile DF002"]; ok {
		t.Error("DF002 is off in the config")
	}
	if got["Dockerfile DF001"] != "info" {
		t.Errorf("DF001 severity = %q, want info", got["Dockerfile DF001"])
	}
	if _, ok := got["Dockerfile DF003"]; ok {
		t.Error("ghcr.io/acme/ is trusted in the config")
	}
	if _, ok := got["other/Dockerfile DF003"]; !ok {
		t.Errorf("ghcr.io/evil/ must stay untrusted: %v", got)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := cliRun(t, moduleRoot, "", nil, "rules", "--format", "json")
	var rules []struct {
		ID, Name, Severity, Summary string
	}
	if code != 0 || json.Unmarshal([]byte(out), &rules) != nil || len(rules) < 27 {
		t.Fatalf("rules --format json: exit %d, %d rules", code, len(rules))
	}
	code, out, _ = cliRun(t, moduleRoot, "", nil, "explain", "privileged-service")
	if code != 0 || !strings.Contains(out, "# DC003 privileged-service") || !strings.Contains(out, "## How to suppress") {
		t.Errorf("explain by name: exit %d\n%s", code, out)
	}
}
