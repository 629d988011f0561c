package compose

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// slowTests reports whether DOCKGUARD_SLOW_TESTS=1 asks for the slow
// variants (scripts/test, hence CI, sets it); -short never runs them.
func slowTests() bool {
	return !testing.Short() && os.Getenv("DOCKGUARD_SLOW_TESTS") == "1"
}

// FuzzLoad loads arbitrary bytes as a single compose.yaml and runs every
// compose rule over the result: nothing may panic, and every finding must
// have a valid range in a file of the project. The shared corpus's compose
// files are seeds with DOCKGUARD_SLOW_TESTS=1 only (seconds; TestCorpus
// loads them all anyway).
func FuzzLoad(f *testing.F) {
	if _, err := os.Stat(corpusDir); err == nil && slowTests() {
		for _, files := range corpusProjects(f) {
			if b, err := os.ReadFile(files[0]); err == nil {
				f.Add(b)
			}
		}
	}
	for _, r := range Rules() {
		f.Add([]byte(r.Doc.Bad))
	}
	f.Add([]byte("a: &a [x, *a]\n"))
	f.Add([]byte("services:\n  a:\n    <<: [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "compose.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{path}, Root: dir})
		for _, p := range problems {
			if !p.Location.Range.IsValid() || p.Message == "" {
				t.Fatalf("problem without position or message: %+v", p)
			}
		}
		if proj == nil {
			return
		}
		for _, r := range Rules() {
			if r.Compose == nil {
				continue
			}
			r.Compose(rule.NewPass(r, path, nil, func(x rule.Finding) {
				if !x.Range.IsValid() || x.Range.End.Before(x.Range.Start) || x.Subject == "" {
					t.Fatalf("bad finding %+v", x)
				}
			}), proj)
		}
	})
}
