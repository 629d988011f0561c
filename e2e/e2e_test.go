// Package e2e runs the built dockguard binary the way its integrations do:
// as the GitHub Action step (action mode, against a temporary git
// repository with a pull_request event) and as a pre-commit hook (the real
// pre-commit, when installed).
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bin is the dockguard binary built by TestMain.
var bin string

// moduleRoot is the repository checkout.
var moduleRoot string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

// testDate pins the date end-of-life findings are judged on (the binary
// reads DOCKGUARD_DATE), so that the tests' images and the corpus counts
// do not change with the clock.
const testDate = "2026-01-15"

func runMain(m *testing.M) int {
	if err := os.Setenv("DOCKGUARD_DATE", testDate); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dir, err := os.MkdirTemp("", "dockguard-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "go env GOMOD:", err)
		return 1
	}
	moduleRoot = filepath.Dir(strings.TrimSpace(string(out)))
	name := "dockguard"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	bin = filepath.Join(dir, name)
	build := exec.Command("go", "build", "-o", bin, "./cmd/dockguard")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building dockguard: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// slowTest skips t unless DOCKGUARD_SLOW_TESTS=1 (scripts/test, hence CI,
// sets it); -short skips it too. The slow tests here build dockguard again
// (through the action's build step, through pre-commit) or run pre-commit.
func slowTest(t *testing.T, what string) {
	t.Helper()
	if testing.Short() || os.Getenv("DOCKGUARD_SLOW_TESTS") != "1" {
		t.Skipf("slow (%s): runs with DOCKGUARD_SLOW_TESTS=1 (scripts/test sets it), never with -short", what)
	}
}

// gitEnv is an environment for git without the user's configuration.
func gitEnv(home string) []string {
	return append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"), "HOME="+home,
		"GIT_AUTHOR_NAME=e2e", "GIT_AUTHOR_EMAIL=e2e@example.com",
		"GIT_COMMITTER_NAME=e2e", "GIT_COMMITTER_EMAIL=e2e@example.com")
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyFile copies a file of testdata/e2e into dir.
func copyTestdata(t *testing.T, from, dir, to string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, "testdata", "e2e", from))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, to, string(data))
}

// jsonFinding is what the tests read of `dockguard lint --format json`.
type jsonFinding struct {
	RuleID   string `json:"rule_id"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	EndLine  int    `json:"end_line"`
	Message  string `json:"message"`
}

// lintJSON runs `dockguard lint --format json ARGS` in dir and returns its
// findings.
func lintJSON(t *testing.T, dir string, args ...string) []jsonFinding {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"lint", "--format", "json"}, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		t.Fatalf("dockguard lint: %v\n%s", err, stderr.String())
	}
	var doc struct {
		Findings []jsonFinding `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("json output: %v\n%s", err, stdout.String())
	}
	return doc.Findings
}
