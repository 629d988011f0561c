package format

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoParserDependencies keeps the packages that do not parse free of the
// parsers: they see findings and rule metadata (lint/finding) only.
func TestNoParserDependencies(t *testing.T) {
	pkgs := []string{"./lint/format", "./lint/finding", "./lint/config", "./lint/suppress", "./lint/gitdiff", "./lint/discover"}
	cmd := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/moby/buildkit") || strings.HasPrefix(dep, "github.com/compose-spec/compose-go") {
			t.Errorf("%v depend on %s; they must not link a parser", pkgs, dep)
		}
	}
}
