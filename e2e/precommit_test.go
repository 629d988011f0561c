package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// precommit runs `pre-commit ARGS` in dir with a private PRE_COMMIT_HOME
// and the built dockguard first on PATH.
func precommit(t *testing.T, dir string, extraEnv []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("pre-commit", args...)
	cmd.Dir = dir
	cmd.Env = append(gitEnv(dir),
		"PRE_COMMIT_HOME="+filepath.Join(dir, ".pre-commit-home"),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_COLOR=never", "NO_COLOR=1")
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("pre-commit: %v", err)
	}
	t.Logf("pre-commit %s: exit %d\n%s", strings.Join(args, " "), code, out.String())
	return code, out.String()
}

func needPreCommit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// hookRepo makes a git repository holding only our .pre-commit-hooks.yaml,
// enough for the dockguard-system hook (which runs the dockguard on PATH).
func hookRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(moduleRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "init", "-q", "-b", "main")
	writeFile(t, dir, ".pre-commit-hooks.yaml", string(data))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "hooks")
	return dir
}

// consumerRepo makes the repository the hooks run in: a bad and a good
// Dockerfile (names in different cases) and a file the hooks must skip.
func consumerRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	copyTestdata(t, "bad.Dockerfile.txt", dir, "bad/Dockerfile")
	copyTestdata(t, "good.Dockerfile.txt", dir, "good/app.dockerfile")
	writeFile(t, dir, "README.md", "not linted\n")
	git(t, dir, "add", "-A")
	return dir
}

func TestPreCommitManifest(t *testing.T) {
	needPreCommit(t)
	code, out := precommit(t, t.TempDir(), nil, "validate-manifest", filepath.Join(moduleRoot, ".pre-commit-hooks.yaml"))
	if code != 0 {
		t.Fatalf("validate-manifest: exit %d\n%s", code, out)
	}
}

func TestPreCommitSystemHook(t *testing.T) {
	needPreCommit(t)
	slowTest(t, "five pre-commit runs and a commit, some seconds")
	hooks := hookRepo(t)
	repo := consumerRepo(t)

	code, out := precommit(t, repo, nil, "try-repo", hooks, "dockguard-system", "--files", "good/app.dockerfile", "README.md")
	if code != 0 {
		t.Errorf("good file: exit %d, want 0\n%s", code, out)
	}
	if !strings.Contains(out, "Passed") {
		t.Errorf("good file: the hook did not run\n%s", out)
	}

	code, out = precommit(t, repo, nil, "try-repo", hooks, "dockguard-system", "--files", "bad/Dockerfile", "good/app.dockerfile")
	if code != 1 || !strings.Contains(out, "Failed") || !strings.Contains(out, "bad/Dockerfile") {
		t.Errorf("bad file: exit %d, want 1 with the finding\n%s", code, out)
	}

	// --all-files: README.md is not passed (the files pattern), the bad file is.
	code, out = precommit(t, repo, nil, "try-repo", hooks, "dockguard-system", "--all-files", "--verbose")
	if code != 1 || strings.Contains(out, "README.md") {
		t.Errorf("all files: exit %d\n%s", code, out)
	}

	// The threshold: with args the consumer can only fail on errors.
	cfg := "repos:\n- repo: " + hooks + "\n  rev: " + git(t, hooks, "rev-parse", "HEAD") +
		"\n  hooks:\n  - id: dockguard-system\n    args: [--failure-threshold, none]\n"
	writeFile(t, repo, ".pre-commit-config.yaml", cfg)
	git(t, repo, "add", ".pre-commit-config.yaml")
	code, out = precommit(t, repo, nil, "run", "--all-files")
	if code != 0 {
		t.Errorf("failure-threshold none: exit %d, want 0\n%s", code, out)
	}

	// A commit that stages only BuildKit's per-Dockerfile ignore file and
	// Helm values named like a compose override passes: the hook as
	// published does not pass them (its pattern), and the same hook with a
	// user's wider `files:` passes them to dockguard, which skips them
	// with a note.
	cfg = "repos:\n- repo: " + hooks + "\n  rev: " + git(t, hooks, "rev-parse", "HEAD") +
		"\n  hooks:\n  - id: dockguard-system\n  - id: dockguard-system\n    name: dockguard-wide\n" +
		"    files: '(?i)(dockerfile|\\.ya?ml$)'\n    exclude: '^$'\n    verbose: true\n"
	writeFile(t, repo, ".pre-commit-config.yaml", cfg)
	git(t, repo, "add", ".pre-commit-config.yaml")
	git(t, repo, "commit", "-q", "--no-verify", "-m", "config")
	if code, out := precommit(t, repo, nil, "install"); code != 0 {
		t.Fatalf("pre-commit install: exit %d\n%s", code, out)
	}
	writeFile(t, repo, "bad/Dockerfile.dockerignore", "node_modules\n*.log\n")
	writeFile(t, repo, "helm/values.override.yaml", "replicaCount: 1\n")
	git(t, repo, "add", "bad/Dockerfile.dockerignore", "helm/values.override.yaml")
	commit := exec.Command("git", "commit", "-m", "ignore file and Helm values")
	commit.Dir = repo
	commit.Env = append(gitEnv(repo),
		"PRE_COMMIT_HOME="+filepath.Join(repo, ".pre-commit-home"),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_COLOR=never", "NO_COLOR=1")
	log, err := commit.CombinedOutput()
	t.Logf("git commit:\n%s", log)
	if err != nil {
		t.Errorf("the commit of Dockerfile.dockerignore and values.override.yaml was blocked: %v\n%s", err, log)
	}
	if git(t, repo, "log", "-1", "--format=%s") != "ignore file and Helm values" {
		t.Error("the commit was not made")
	}
	if !strings.Contains(string(log), "(no files to check)Skipped") || !regexp.MustCompile(`dockguard-wide\.*Passed`).Match(log) ||
		strings.Count(string(log), "not linted") != 2 {
		t.Errorf("want the published hook skipped and the wide one run and passed, with two notes:\n%s", log)
	}
	// The same files passed to dockguard by name (a wider files: pattern):
	// skipped with a note, exit 0.
	code, out, errOut := cliRun(t, repo, "", nil, "lint", "bad/Dockerfile.dockerignore", "helm/values.override.yaml")
	if code != 0 || strings.Contains(out, "DF000") || strings.Count(errOut, "not linted") != 2 {
		t.Errorf("named: exit %d\n%s%s", code, out, errOut)
	}
}

// TestPreCommitGolangHook builds the hook with pre-commit's golang language
// from this repository (its committed state), as users of `id: dockguard`
// get it. It needs the repository to be a clean git checkout with the
// manifest committed (true in CI's fresh clone).
func TestPreCommitGolangHook(t *testing.T) {
	needPreCommit(t)
	slowTest(t, "pre-commit clones the repository and builds dockguard")
	st := exec.Command("git", "status", "--porcelain", "--", ".pre-commit-hooks.yaml", "go.mod", "go.sum", "cmd", "lint", "rules")
	st.Dir = moduleRoot
	out, err := st.Output()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Skipf("the checkout has uncommitted changes (or is not a git repository), which try-repo would not see: %s", out)
	}
	repo := consumerRepo(t)
	// The module and build caches of the user: HOME is the temporary
	// repository here, and a fresh build cache costs a minute or more.
	goenv, err := exec.Command("go", "env", "GOMODCACHE", "GOCACHE").Output()
	caches := strings.Split(strings.TrimSpace(string(goenv)), "\n")
	if err != nil || len(caches) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %v %q", err, goenv)
	}
	env := []string{"GOMODCACHE=" + caches[0], "GOCACHE=" + caches[1], "GOFLAGS=-mod=readonly"}
	code, log := precommit(t, repo, env, "try-repo", moduleRoot, "dockguard", "--files", "bad/Dockerfile")
	if code != 1 || !strings.Contains(log, "bad/Dockerfile") {
		t.Errorf("golang hook on the bad file: exit %d, want 1\n%s", code, log)
	}
	code, log = precommit(t, repo, env, "try-repo", moduleRoot, "dockguard", "--files", "good/app.dockerfile")
	if code != 0 {
		t.Errorf("golang hook on the good file: exit %d, want 0\n%s", code, log)
	}
}
