package lint_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/gitdiff"
)

// TestDiffModeMatchesFullRun: a run narrowed to what a change can affect
// (lint.Change, --diff-base) reports, once filtered to the change, exactly
// what a full run filtered the same way reports. Over a git repository of
// corpus projects (the whole shared corpus with DOCKGUARD_SLOW_TESTS=1),
// commits that change a few files each: a Dockerfile line, a compose
// service, a Dockerfile that a compose project builds, an env file, a
// deleted and an added Dockerfile, a .dockerignore, an untracked compose
// project, the configuration.
func TestDiffModeMatchesFullRun(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s", corpus)
	}
	projects := []string{"dockersamples__example-voting-app", "docker__awesome-compose", "docker-library__redis"}
	if slowTests() {
		projects = nil
		ents, _ := os.ReadDir(corpus)
		for _, e := range ents {
			if e.IsDir() {
				projects = append(projects, e.Name())
			}
		}
	}
	repo := t.TempDir()
	for _, p := range projects {
		copyDir(t, filepath.Join(corpus, p), filepath.Join(repo, p))
	}
	gitRun(t, repo, "init", "-q")
	gitRun(t, repo, "add", "-A")
	gitRun(t, repo, "commit", "-qm", "corpus")
	reg := registry(t)

	edit := func(rel string, f func(string) string) {
		p := filepath.Join(repo, rel)
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendLine := func(s string) func(string) string {
		return func(old string) string { return strings.TrimRight(old, "\n") + "\n" + s + "\n" }
	}
	va := "dockersamples__example-voting-app/"
	changes := []struct {
		name  string
		apply func()
	}{
		{"a Dockerfile, a compose service and a built Dockerfile", func() {
			edit(va+"vote/Dockerfile", appendLine("RUN apt-get update && apt-get install -y curl\nUSER root"))
			edit(va+"docker-compose.yml", func(s string) string {
				return strings.Replace(s, "services:\n", "services:\n  extra:\n    image: redis\n    privileged: true\n    network_mode: host\n", 1)
			})
			edit("docker-library__redis/7.0/alpine/Dockerfile", appendLine("ADD http://example.com/x.tgz /x\nUSER root"))
		}},
		{"an env file and an override", func() {
			edit(va+".env", appendLine("POSTGRES_PASSWORD=hunter2hunter2"))
			edit(va+"docker-compose.override.yml", appendLine("services:\n  vote:\n    privileged: true\n    cap_add: [ALL]"))
		}},
		{"a deleted Dockerfile, an added one and a .dockerignore", func() {
			if err := os.Remove(filepath.Join(repo, va+"worker/Dockerfile")); err != nil {
				t.Fatal(err)
			}
			edit(va+"result/Dockerfile.dev", appendLine("FROM node:latest\nRUN curl http://x | sh"))
			edit(va+"result/.dockerignore", appendLine("*.secret"))
		}},
		{"an untracked compose project", func() {
			edit("newapp/compose.yaml", appendLine("services:\n  db:\n    image: postgres\n    ports: [\"5432:5432\"]\n    privileged: true"))
		}},
		{"the configuration", func() {
			edit(".dockguard.yaml", appendLine("ruleset: strict"))
		}},
	}
	ctx := context.Background()
	for _, c := range changes {
		c.apply()
		if !strings.Contains(c.name, "untracked") {
			gitRun(t, repo, "add", "-A")
			gitRun(t, repo, "commit", "-qm", c.name)
		}
		ch, err := gitdiff.SinceMergeBase(ctx, repo, "HEAD~1")
		if err != nil {
			t.Fatal(err)
		}
		files := ch.Tracked()
		full, err := lint.Run(ctx, lint.Options{Paths: []string{repo}, Root: repo, Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		change := &lint.Change{Root: ch.Root, Touched: ch.Touched(), Files: files}
		narrow, err := lint.Run(ctx, lint.Options{Paths: []string{repo}, Root: repo, Registry: reg, Change: change})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d files linted instead of %d (%s)", c.name, narrow.FilesLinted, full.FilesLinted, narrow.Everything)
		for _, mode := range []gitdiff.Mode{gitdiff.ModeAdded, gitdiff.ModeDiffContext, gitdiff.ModeFile} {
			want := keys(ch.Filter(full.Findings, mode, full.WorkDir))
			got := keys(ch.Filter(narrow.Findings, mode, narrow.WorkDir))
			if len(want) == 0 && mode == gitdiff.ModeAdded && c.name != "the configuration" {
				t.Errorf("%s: no finding on the changed lines: the test proves nothing", c.name)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, filter-mode %s: narrowed run\n%s\nfull run\n%s", c.name, mode, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		if c.name == "the configuration" && narrow.Everything == "" {
			t.Errorf("a configuration change must lint everything")
		}
		if c.name != "the configuration" && narrow.FilesLinted*2 > full.FilesLinted {
			t.Errorf("%s: narrowed run linted %d of %d files", c.name, narrow.FilesLinted, full.FilesLinted)
		}
	}
}

func keys(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s", f.RuleID, f.Path, f.Range.Start.Line, f.Range.Start.Col, f.Message))
	}
	sort.Strings(out)
	return out
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
