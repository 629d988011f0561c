package rules

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/rule"
)

// TestWebAppOneFindingPerProblem lints the typical web app of issue 9 (a
// node:20 Dockerfile without USER; app, postgres, redis and nginx on the
// default network) with every rule and checks that the root user, the
// published ports and the flat network are each reported once, where they
// are fixed, whether or not the Dockerfile is in the run.
func TestWebAppOneFindingPerProblem(t *testing.T) {
	dir, err := filepath.Abs("testdata/webapp")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"DF001": {"Dockerfile:1:1"},
		"DC001": nil,
		"DC006": {"compose.yaml:5:9"},                       // app's 3000; nginx's 80/443 are its job
		"DC014": {"compose.yaml:10:9", "compose.yaml:14:9"}, // postgres, redis (not DC006 as well)
		"DC015": {"compose.yaml:2:3"},                       // the default network, once
		"DC020": nil,
	}
	for _, paths := range [][]string{{dir}, {filepath.Join(dir, "compose.yaml")}} {
		res, err := lint.Run(context.Background(), lint.Options{Paths: paths, Root: dir, Registry: registry(t),
			FlagConfig: &config.Config{RuleSet: rule.All}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, f := range res.Findings {
			if _, ok := want[f.RuleID]; ok {
				got[f.RuleID] = append(got[f.RuleID], filepath.Base(f.Path)+":"+f.Range.Start.String())
			}
		}
		onlyCompose := len(paths) == 1 && strings.HasSuffix(paths[0], ".yaml")
		for id, locs := range want {
			if onlyCompose && id == "DF001" {
				locs = nil // the Dockerfile is not in the run: nothing else reports it
			}
			g := got[id]
			sort.Strings(g)
			if strings.Join(g, " ") != strings.Join(locs, " ") {
				t.Errorf("%v: %s at %v, want %v", paths, id, g, locs)
			}
		}
	}
}
