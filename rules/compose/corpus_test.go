package compose

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

const corpusDir = "../../../shared/corpus"

var composeNameRE = regexp.MustCompile(`(?i)^(docker-)?compose.*\.ya?ml$`)

// corpusProjects lists compose files of the corpus as projects: each file
// alone, with its compose.override.* sibling appended to the main file.
func corpusProjects(t testing.TB) [][]string {
	var projects [][]string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !composeNameRE.MatchString(d.Name()) || strings.Contains(d.Name(), ".override.") {
			return nil
		}
		files := []string{p}
		base := strings.TrimSuffix(strings.TrimSuffix(d.Name(), ".yml"), ".yaml")
		for _, ext := range []string{".yml", ".yaml"} {
			o := filepath.Join(filepath.Dir(p), base+".override"+ext)
			if _, err := os.Stat(o); err == nil {
				files = append(files, o)
			}
		}
		projects = append(projects, files)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return projects
}

// TestCorpus loads every compose project of the shared corpus and runs all
// rules: no panic, and a summary of problems and findings (-v).
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present")
	}
	projects := corpusProjects(t)
	counts := map[string]int{}
	start := time.Now()
	var problems []string
	for _, files := range projects {
		proj, probs := compose.Load(context.Background(), compose.LoadOptions{Files: files, Root: corpusDir})
		for _, p := range probs {
			problems = append(problems, fmt.Sprintf("%s:%d:%d: %s", p.Location.Path, p.Location.Start.Line, p.Location.Start.Col, p.Message))
		}
		if proj == nil {
			continue
		}
		for _, r := range Rules() {
			if r.Compose == nil {
				continue
			}
			r.Compose(rule.NewPass(r, files[0], nil, func(f rule.Finding) {
				counts[f.RuleID]++
				if os.Getenv("CORPUS_SHOW") == f.RuleID {
					t.Logf("%s:%d:%d %s [%s] %s", f.Path, f.Range.Start.Line, f.Range.Start.Col, f.RuleID, f.Subject, f.Message)
				}
			}), proj)
		}
	}
	t.Logf("%d projects in %v", len(projects), time.Since(start))
	var ids []string
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t.Logf("%s: %d", id, counts[id])
	}
	t.Logf("%d problems (DC000):", len(problems))
	for _, p := range problems {
		t.Log("  " + p)
	}
}
