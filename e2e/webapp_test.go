package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWebApp runs the binary on the typical web app of issue 9
// (rules/testdata/webapp: a node Dockerfile without
// USER or HEALTHCHECK; app, postgres, redis and nginx on the default
// network): one finding per problem, at the place to edit.
func TestWebApp(t *testing.T) {
	code, out, errOut := cliRun(t, filepath.Join(moduleRoot, "rules", "testdata", "webapp"), "", nil, "lint", ".")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	golden(t, "webapp.txt", out)
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		// file:line:col: severity ID name: message — the same place and rule twice is a duplicate.
		if f := strings.Fields(line); len(f) > 3 {
			key := f[0] + " " + f[2]
			if seen[key] {
				t.Errorf("reported twice at one place: %s", line)
			}
			seen[key] = true
		}
	}
}
