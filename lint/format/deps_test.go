package format

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoParserDependencies keeps the packages that do not parse free of the
// parsers: they see findings and rule metadata (lint/finding) only. The
// formats link nothing of BuildKit or compose-go at all; the others may use
// a small utility of theirs (config's "did you mean" is BuildKit's
// util/suggest) but never the Dockerfile front end or the compose loader.
func TestNoParserDependencies(t *testing.T) {
	for _, c := range []struct {
		pkgs      []string
		forbidden []string
	}{
		{[]string{"./lint/format", "./lint/finding"}, []string{"github.com/moby/buildkit", "github.com/compose-spec/compose-go"}},
		{[]string{"./lint/config", "./lint/suppress", "./lint/gitdiff", "./lint/discover", "./lint/pathglob"},
			[]string{"github.com/moby/buildkit/frontend", "github.com/compose-spec/compose-go", "github.com/dockguard/dockguard/lint/dockerfile", "github.com/dockguard/dockguard/lint/compose", "github.com/dockguard/dockguard/lint/rule"}},
	} {
		cmd := exec.Command("go", append([]string{"list", "-deps"}, c.pkgs...)...)
		cmd.Dir = "../.."
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps: %v", err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range c.forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%v depend on %s; they must not link a parser", c.pkgs, dep)
				}
			}
		}
	}
}
