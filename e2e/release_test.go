package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v4"
)

// workflowScript returns the run: script of the step named name in job of
// .github/workflows/release.yml.
func workflowScript(t *testing.T, job, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	for _, s := range wf.Jobs[job].Steps {
		if s.Name == name {
			return s.Run
		}
	}
	t.Fatalf("release.yml: job %s has no step %q", job, name)
	return ""
}

// releaseRepo makes a git repository with one commit per tag, each tag on
// its own commit, and returns its directory and the commits by tag.
func releaseRepo(t *testing.T, tags ...string) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	commits := map[string]string{}
	for _, tag := range tags {
		os.WriteFile(filepath.Join(dir, "VERSION"), []byte(strings.TrimPrefix(tag, "v")+"\n"), 0o644)
		git("add", "VERSION")
		git("commit", "-q", "-m", "Release "+tag)
		git("tag", "-a", tag, "-m", tag)
		commits[tag] = git("rev-parse", "HEAD")
	}
	return dir, commits
}

// TestReleaseMajorTag runs the release workflow's major-tag step against a
// fake gh: the major tag moves to the newest stable release of its major
// only (created when missing), never back to an older line's patch.
func TestReleaseMajorTag(t *testing.T) {
	needTools(t, "bash", "git")
	script := workflowScript(t, "major-tag", "Move the major tag to the release commit")
	bin := t.TempDir()
	// The fake gh logs its arguments; "gh api .../git/ref/tags/X" succeeds
	// when $EXISTING names X.
	os.WriteFile(filepath.Join(bin, "gh"), []byte(`#!/bin/bash
echo "gh $*" >> "$GH_LOG"
case "$*" in
  "api repos/o/r/git/ref/tags/"*) [ "${2##*/}" = "${EXISTING:-}" ] ;;
esac
`), 0o755)

	for _, tc := range []struct {
		name     string
		tags     []string
		release  string
		existing string
		want     string // the gh call that moves the tag, "" = none
	}{
		{"first release of a major", []string{"v1.0.0"}, "v1.0.0", "", "gh api --method POST repos/o/r/git/refs -f ref=refs/tags/v1 -f sha=%v1.0.0"},
		{"newer release moves the tag", []string{"v1.0.0", "v1.1.0"}, "v1.1.0", "v1", "gh api --method PATCH repos/o/r/git/refs/tags/v1 -f sha=%v1.1.0 -F force=true"},
		{"an older line's patch leaves it", []string{"v1.0.0", "v1.1.0", "v1.0.1"}, "v1.0.1", "v1", ""},
		{"v10 is another major", []string{"v10.0.0", "v1.2.0"}, "v1.2.0", "v1", "gh api --method PATCH repos/o/r/git/refs/tags/v1 -f sha=%v1.2.0 -F force=true"},
		{"pre-releases do not count", []string{"v2.0.0", "v2.1.0-rc.1"}, "v2.0.0", "", "gh api --method POST repos/o/r/git/refs -f ref=refs/tags/v2 -f sha=%v2.0.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, commits := releaseRepo(t, tc.tags...)
			logFile := filepath.Join(t.TempDir(), "gh.log")
			code, log, _ := runScriptIn(t, dir, script, map[string]string{
				"PATH": bin + string(os.PathListSeparator) + os.Getenv("PATH"), "GH_LOG": logFile, "EXISTING": tc.existing,
				"GITHUB_REF_NAME": tc.release, "GITHUB_REPOSITORY": "o/r",
			})
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, log)
			}
			calls, _ := os.ReadFile(logFile)
			var moves []string
			for _, l := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
				if strings.Contains(l, "--method") {
					moves = append(moves, l)
				}
			}
			want := tc.want
			for tag, sha := range commits {
				want = strings.ReplaceAll(want, "%"+tag, sha)
			}
			if got := strings.Join(moves, "\n"); got != want {
				t.Errorf("tag moves:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestReleaseVersionCheck: the release workflow refuses a tag whose commit's
// VERSION file does not name it.
func TestReleaseVersionCheck(t *testing.T) {
	needTools(t, "bash", "git")
	script := workflowScript(t, "binaries", "Check that the tag is on the release commit")
	dir, _ := releaseRepo(t, "v1.2.0")
	if code, log, _ := runScriptIn(t, dir, script, map[string]string{"GITHUB_REF_NAME": "v1.2.0"}); code != 0 {
		t.Errorf("matching VERSION: exit %d\n%s", code, log)
	}
	if code, log, _ := runScriptIn(t, dir, script, map[string]string{"GITHUB_REF_NAME": "v1.3.0"}); code == 0 || !strings.Contains(log, "::error title=release::VERSION says 1.2.0") {
		t.Errorf("VERSION of another release: exit %d\n%s", code, log)
	}
}
