package compose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

func TestRules(t *testing.T) {
	for _, r := range Rules() {
		if r.Compose == nil {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			linttest.Run(t, r, filepath.Join("testdata", strings.ToLower(r.ID)))
		})
	}
}

func TestRulesOrder(t *testing.T) {
	rs := Rules()
	for i := 1; i < len(rs); i++ {
		if rs[i-1].ID >= rs[i].ID {
			t.Errorf("Rules() not in ID order at %s", rs[i].ID)
		}
	}
	if _, err := rule.NewRegistry(rs...); err != nil {
		t.Fatal(err)
	}
}

// lintText loads text as a single compose.yaml and runs r over it.
func lintText(t *testing.T, r *rule.Rule, text string) ([]rule.Finding, []compose.Problem) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{path}, Root: dir})
	var found []rule.Finding
	if proj != nil && r.Compose != nil {
		r.Compose(rule.NewPass(r, path, nil, func(f rule.Finding) { found = append(found, f) }), proj)
	}
	return found, problems
}

// TestDocExamples checks each rule's documentation: Bad triggers it, Good
// does not, and both load (except DC000's Bad, which must not).
func TestDocExamples(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			found, problems := lintText(t, r, r.Doc.Bad)
			if r.Compose == nil {
				if len(problems) == 0 {
					t.Errorf("bad example loads without a problem")
				}
			} else {
				if len(problems) > 0 {
					t.Errorf("bad example does not load: %v", problems)
				}
				if len(found) == 0 {
					t.Errorf("bad example does not trigger %s", r.ID)
				}
			}
			found, problems = lintText(t, r, r.Doc.Good)
			if len(problems) > 0 {
				t.Errorf("good example does not load: %v", problems)
			}
			if len(found) > 0 {
				t.Errorf("good example triggers %s: %v", r.ID, found)
			}
		})
	}
}
