package gitdiff_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/gitdiff"
	"github.com/dockguard/dockguard/rules"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+dir,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// A pull request that adds a datastore to a project whose web service
// already publishes a port makes the flat default network a segmentation
// problem (DC015). The finding sits on the unchanged web service; the new
// datastore is one of its related locations, so filter-mode added keeps it.
func TestFilterKeepsFindingsWhoseRelatedLocationChanged(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	t.Chdir(dir)
	base := "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n"
	git(t, dir, "init", "-q", "-b", "main")
	if err := os.WriteFile("compose.yaml", []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	git(t, dir, "checkout", "-q", "-b", "feature")
	if err := os.WriteFile("compose.yaml", []byte(base+"  db:\n    image: postgres:16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "commit", "-q", "-am", "add a database")

	reg, err := rules.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{"."}, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	var dc015 *finding.Finding
	for i, f := range res.Findings {
		if f.RuleID == "DC015" {
			dc015 = &res.Findings[i]
		}
	}
	if dc015 == nil {
		t.Fatalf("no DC015 finding: %+v", res.Findings)
	}
	if dc015.Range.Start.Line != 2 || len(dc015.Related) == 0 {
		t.Fatalf("DC015 at line %d with related %+v; the test wants it on the unchanged web service (line 2) with related locations",
			dc015.Range.Start.Line, dc015.Related)
	}

	ch, err := gitdiff.SinceMergeBase(context.Background(), dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []gitdiff.Mode{gitdiff.ModeAdded, gitdiff.ModeDiffContext, gitdiff.ModeFile} {
		kept := ch.Filter([]finding.Finding{*dc015}, mode, res.WorkDir)
		if len(kept) != 1 {
			t.Errorf("filter-mode %s drops DC015 although the change added the datastore it names", mode)
		}
	}
	// Without the related location, the finding is on an unchanged line.
	bare := *dc015
	bare.Related = nil
	if kept := ch.Filter([]finding.Finding{bare}, gitdiff.ModeAdded, res.WorkDir); len(kept) != 0 {
		t.Errorf("filter-mode added keeps a finding on an unchanged line with no related location in the change")
	}
	// A related location in another file counts against that file.
	other := *dc015
	other.Related = []finding.Related{{Path: filepath.Join(dir, "elsewhere.yaml"), Range: dc015.Related[0].Range}}
	if kept := ch.Filter([]finding.Finding{other}, gitdiff.ModeAdded, res.WorkDir); len(kept) != 0 {
		t.Errorf("a related location in an unchanged file kept the finding")
	}
}
