package gitdiff

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// run runs git in dir with a fixed identity and no user configuration.
func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+dir,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lines(n int, prefix string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(prefix + strings.Repeat("x", i) + "\n")
	}
	return b.String()
}

const weird = "we ird/dé jà\n\"q\"\\.Dockerfile"

// newRepo makes a repository with a base commit on main and a feature
// branch with one commit on top; the work tree is the feature branch plus
// an untracked file.
func newRepo(t *testing.T) (dir, base, head string) {
	t.Helper()
	needGit(t)
	dir = t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "Dockerfile", lines(20, "RUN "))
	write(t, dir, "old name.yaml", lines(10, "k: "))
	write(t, dir, "gone/Dockerfile", "FROM a\n")
	write(t, dir, "same/Dockerfile", "FROM b\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "base")
	base = run(t, dir, "rev-parse", "HEAD")

	run(t, dir, "checkout", "-q", "-b", "feature")
	d := strings.Split(lines(20, "RUN "), "\n")
	d[4] = "RUN changed" // line 5
	d = append(d[:10], append([]string{"RUN inserted"}, d[10:]...)...)
	write(t, dir, "Dockerfile", strings.Join(d, "\n")) // line 11 added
	run(t, dir, "mv", "old name.yaml", "new name.yaml")
	y := strings.Split(lines(10, "k: "), "\n")
	y[8] = "k: edited" // line 9
	write(t, dir, "new name.yaml", strings.Join(y, "\n"))
	run(t, dir, "rm", "-q", "gone/Dockerfile")
	write(t, dir, weird, "FROM c\nUSER d\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "feature")
	head = run(t, dir, "rev-parse", "HEAD")
	write(t, dir, "untracked/Dockerfile", "FROM u\n")
	return dir, base, head
}

func newFinding(path string, from, to int) finding.Finding {
	f := finding.Finding{RuleID: "DF001", Path: path}
	if from > 0 {
		f.Range = source.Range{Start: source.Pos{Line: from, Col: 1}, End: source.Pos{Line: to, Col: 2}}
	}
	return f
}

func keys(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path+":"+strconv.Itoa(f.Range.Start.Line))
	}
	return out
}

func TestSinceMergeBase(t *testing.T) {
	dir, base, _ := newRepo(t)
	ch, err := SinceMergeBase(context.Background(), dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if ch.Base != base {
		t.Errorf("Base = %s, want %s", ch.Base, base)
	}
	var got []string
	for _, fc := range ch.Files() {
		got = append(got, string(fc.Status)+" "+fc.Path)
	}
	want := []string{"M Dockerfile", "R new name.yaml", "U untracked/Dockerfile", "A " + weird}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("files = %q, want %q", got, want)
	}
	if fc := ch.files["Dockerfile"]; !reflect.DeepEqual(fc.Added, []Span{{5, 5}, {11, 11}}) || !reflect.DeepEqual(fc.Hunks, []Span{{2, 14}}) {
		t.Errorf("Dockerfile: added %v hunks %v", fc.Added, fc.Hunks)
	}
	if fc := ch.files["new name.yaml"]; fc.OldPath != "old name.yaml" || !reflect.DeepEqual(fc.Added, []Span{{9, 9}}) {
		t.Errorf("new name.yaml: %+v", fc)
	}

	findings := []finding.Finding{
		newFinding("Dockerfile", 1, 1),           // unchanged, far from hunks
		newFinding("Dockerfile", 3, 3),           // context
		newFinding("Dockerfile", 4, 6),           // spans the edited line 5
		newFinding("Dockerfile", 11, 11),         // inserted
		newFinding("Dockerfile", 0, 0),           // whole file, which has added lines
		newFinding("Dockerfile", 20, 20),         // far below
		newFinding("new name.yaml", 9, 9),        // edited after the rename
		newFinding("new name.yaml", 2, 2),        // untouched line of a renamed file
		newFinding("same/Dockerfile", 1, 1),      // untouched file
		newFinding(weird, 2, 2),                  // added file with an odd name
		newFinding("untracked/Dockerfile", 1, 1), // untracked: all new
		newFinding("../outside/Dockerfile", 1, 1),
		newFinding(filepath.Join(dir, "Dockerfile"), 11, 11), // absolute path
	}
	cases := map[Mode][]string{
		ModeAdded: {"Dockerfile:4", "Dockerfile:11", "Dockerfile:0", "new name.yaml:9", weird + ":2",
			"untracked/Dockerfile:1", filepath.Join(dir, "Dockerfile") + ":11"},
		ModeDiffContext: {"Dockerfile:3", "Dockerfile:4", "Dockerfile:11", "Dockerfile:0", "new name.yaml:9", weird + ":2",
			"untracked/Dockerfile:1", filepath.Join(dir, "Dockerfile") + ":11"},
		ModeFile: {"Dockerfile:1", "Dockerfile:3", "Dockerfile:4", "Dockerfile:11", "Dockerfile:0", "Dockerfile:20",
			"new name.yaml:9", "new name.yaml:2", weird + ":2", "untracked/Dockerfile:1", filepath.Join(dir, "Dockerfile") + ":11"},
	}
	for mode, want := range cases {
		if got := keys(ch.Filter(findings, mode, dir)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", mode, got, want)
		}
	}
	if got := ch.Filter(findings, ModeNoFilter, dir); len(got) != len(findings) {
		t.Errorf("nofilter dropped findings")
	}
	// A subdirectory as the working directory.
	sub := filepath.Join(dir, "same")
	if got := keys(ch.Filter([]finding.Finding{newFinding("../Dockerfile", 11, 11), newFinding("Dockerfile", 1, 1)}, ModeFile, sub)); !reflect.DeepEqual(got, []string{"../Dockerfile:11"}) {
		t.Errorf("from a subdirectory: %q", got)
	}
}

func TestSinceMergeBaseErrors(t *testing.T) {
	dir, _, _ := newRepo(t)
	if _, err := SinceMergeBase(context.Background(), dir, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "not a commit") {
		t.Errorf("unknown ref: %v", err)
	}
	if _, err := SinceMergeBase(context.Background(), dir, "--output=/tmp/x"); err == nil {
		t.Errorf("option-like ref: no error")
	}
	if _, err := SinceMergeBase(context.Background(), t.TempDir(), "main"); err == nil || !strings.Contains(err.Error(), "not inside a git work tree") {
		t.Errorf("no repository: %v", err)
	}
}

func writeEvent(t *testing.T, base, head string) string {
	t.Helper()
	ev := map[string]any{"action": "synchronize", "number": 7, "pull_request": map[string]any{
		"number": 7, "base": map[string]any{"sha": base, "ref": "main"}, "head": map[string]any{"sha": head, "ref": "feature"}}}
	data, _ := json.Marshal(ev)
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// clone makes a clone of src checked out at rev with the given depth
// (0 = full), fetched over file:// so that --depth applies.
func clone(t *testing.T, src, rev string, depth int) string {
	t.Helper()
	dst := t.TempDir()
	run(t, dst, "init", "-q")
	args := []string{"fetch", "-q", "--no-tags"}
	if depth > 0 {
		args = append(args, "--depth="+strconv.Itoa(depth))
	}
	run(t, dst, append(args, "file://"+src, rev)...)
	run(t, dst, "checkout", "-q", "FETCH_HEAD")
	return dst
}

func TestForPullRequest(t *testing.T) {
	src, base, head := newRepo(t)
	// GitHub's test merge commit of the PR head into the (moved) base.
	run(t, src, "checkout", "-q", "main")
	write(t, src, "same/other.txt", "x\n")
	run(t, src, "add", "-A")
	run(t, src, "commit", "-q", "-m", "main moves on")
	baseTip := run(t, src, "rev-parse", "HEAD")
	run(t, src, "checkout", "-q", "--detach", baseTip)
	run(t, src, "merge", "-q", "--no-ff", "-m", "merge", head)
	merge := run(t, src, "rev-parse", "HEAD")
	ctx := context.Background()

	pr, err := ReadEvent(writeEvent(t, baseTip, head))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Number != 7 || pr.BaseSHA != baseTip || pr.HeadSHA != head {
		t.Fatalf("ReadEvent: %+v", pr)
	}
	wantFiles := []string{"Dockerfile", "new name.yaml", weird}
	check := func(name string, ch *Changes, err error, wantBase string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, fc := range ch.Files() {
			got = append(got, fc.Path)
		}
		if !reflect.DeepEqual(got, wantFiles) || ch.Base != wantBase {
			t.Errorf("%s: files %q base %s (%s), want %q base %s", name, got, ch.Base, ch.How, wantFiles, wantBase)
		}
	}

	// Merge commit checkout, fetch-depth 2: the first parent is there.
	dir := clone(t, src, merge, 2)
	ch, err := ForPullRequest(ctx, dir, pr)
	check("merge commit, depth 2", ch, err, baseTip)

	// Merge commit checkout, fetch-depth 1: a clear message.
	dir = clone(t, src, merge, 1)
	_, err = ForPullRequest(ctx, dir, pr)
	var he *HistoryError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "fetch-depth: 2") {
		t.Errorf("merge commit, depth 1: %v", err)
	}

	// Head checkout with full history: the merge base.
	dir = clone(t, src, head, 0)
	run(t, dir, "fetch", "-q", "--no-tags", "file://"+src, baseTip)
	ch, err = ForPullRequest(ctx, dir, pr)
	check("head, full history", ch, err, base)

	// Head checkout, shallow: a clear message.
	dir = clone(t, src, head, 1)
	_, err = ForPullRequest(ctx, dir, pr)
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("head, depth 1: %v", err)
	}

	// Not a pull request.
	p := filepath.Join(t.TempDir(), "push.json")
	os.WriteFile(p, []byte(`{"ref":"refs/heads/main","before":"`+base+`","after":"`+head+`"}`), 0o644)
	if _, err := ReadEvent(p); !errors.Is(err, ErrNotPullRequest) {
		t.Errorf("push event: %v", err)
	}
	if _, err := ReadEvent(""); !errors.Is(err, ErrNotPullRequest) {
		t.Errorf("no event: %v", err)
	}
	// A hostile payload: base is not a SHA.
	os.WriteFile(p, []byte(`{"pull_request":{"base":{"sha":"--output=/tmp/x"},"head":{"sha":"`+head+`"}}}`), 0o644)
	if _, err := ReadEvent(p); err == nil || errors.Is(err, ErrNotPullRequest) {
		t.Errorf("bad base sha: %v", err)
	}
}
