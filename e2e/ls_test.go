package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lsDoc is what the tests read of `dockguard ls --format json`.
type lsDoc struct {
	Targets []struct {
		Kind     string   `json:"kind"`
		Files    []string `json:"files"`
		Grouping string   `json:"grouping"`
		Explicit bool     `json:"explicit"`
	} `json:"targets"`
	Problems []struct {
		Path    string `json:"path"`
		Message string `json:"message"`
	} `json:"problems"`
	Summary struct {
		Dockerfiles     int `json:"dockerfiles"`
		ComposeProjects int `json:"compose_projects"`
		ComposeFiles    int `json:"compose_files"`
		Problems        int `json:"problems"`
	} `json:"summary"`
}

func lsJSON(t *testing.T, dir string, args ...string) lsDoc {
	t.Helper()
	code, out, errOut := cliRun(t, dir, "", nil, append([]string{"ls", "--format", "json"}, args...)...)
	var doc lsDoc
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("ls %v: exit %d, %v\n%s%s", args, code, err, out, errOut)
	}
	return doc
}

// groups renders targets as "grouping:file+file".
func (d lsDoc) groups() []string {
	var out []string
	for _, t := range d.Targets {
		g := t.Grouping
		if t.Kind == "dockerfile" {
			g = "dockerfile"
		}
		out = append(out, g+":"+filepath.ToSlash(strings.Join(t.Files, "+")))
	}
	return out
}

// TestLs: `dockguard ls` lists what lint lints, and how compose files
// form projects: a dashed variant is found, a variant that is a complete
// project stands alone, one that patches its base goes on it (also when
// named alone, as pre-commit does), -f is a stack.
func TestLs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app/compose.yaml", "services:\n  web:\n    build: .\n  db:\n    image: postgres:16.4\n")
	writeFile(t, dir, "app/compose.override.yaml", "services:\n  web:\n    ports: ['8080:80']\n")
	writeFile(t, dir, "app/compose-dev.yaml", "services:\n  web:\n    environment: [DEBUG=1]\n")
	writeFile(t, dir, "app/compose.images.yaml", "services:\n  web:\n    image: example/web\n  db:\n    image: postgres:16.4\n")
	writeFile(t, dir, "app/Dockerfile", "FROM alpine:3.20\nUSER 10001\n")
	writeFile(t, dir, "broken/docker-compose.yml", "services: [\n")
	writeFile(t, dir, "notes/compose-notes.md", "not linted\n")

	code, out, errOut := cliRun(t, dir, "", nil, "ls")
	want := "" +
		"dockerfile  app/Dockerfile\n" +
		"compose     app/compose.images.yaml  (variant that is a complete project: alone)\n" +
		"compose     app/compose.yaml + app/compose-dev.yaml  (variant patching its base's services: on top of the base)\n" +
		"compose     app/compose.yaml + app/compose.override.yaml  (default project: what docker compose loads without -f)\n" +
		"compose     broken/docker-compose.yml  (default project: what docker compose loads without -f)\n" +
		"1 Dockerfile, 4 compose projects over 5 compose files\n"
	if code != 0 || filepath.ToSlash(out) != want {
		t.Errorf("ls: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}

	doc := lsJSON(t, dir)
	if s := doc.Summary; s.Dockerfiles != 1 || s.ComposeProjects != 4 || s.ComposeFiles != 5 || s.Problems != 0 {
		t.Errorf("summary %+v", s)
	}
	for arg, want := range map[string]string{
		"app/compose-dev.yaml":      "variant-on-base:app/compose.yaml+app/compose-dev.yaml",
		"app/compose.images.yaml":   "complete-variant:app/compose.images.yaml",
		"app/compose.override.yaml": "default:app/compose.yaml+app/compose.override.yaml",
	} {
		if got := lsJSON(t, dir, arg).groups(); len(got) != 1 || got[0] != want {
			t.Errorf("ls %s: %q, want %q", arg, got, want)
		}
	}
	if got := lsJSON(t, dir, "-f", "app/compose.images.yaml", "-f", "app/compose-dev.yaml").groups(); len(got) != 1 ||
		got[0] != "stack:app/compose.images.yaml+app/compose-dev.yaml" {
		t.Errorf("ls -f: %q", got)
	}

	// lint agrees: the images variant's untagged image is reported in it.
	found := false
	for _, f := range lintJSON(t, dir, "app") {
		found = found || f.RuleID == "DC011" && filepath.ToSlash(f.Path) == "app/compose.images.yaml" && f.Line == 3
	}
	if !found {
		t.Error("lint: no DC011 for the images variant's example/web")
	}

	for _, args := range [][]string{{"ls", "--format", "sarif"}, {"ls", "nowhere"}} {
		if code, _, _ := cliRun(t, dir, "", nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestLsCorpus pins how the shared corpus is grouped.
func TestLsCorpus(t *testing.T) {
	corpus := filepath.Join(moduleRoot, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not present: %v", err)
	}
	doc := lsJSON(t, corpus, ".")
	if s := doc.Summary; s.Dockerfiles != 510 || s.ComposeProjects != 246 || s.ComposeFiles != 246 || s.Problems != 0 {
		t.Errorf("summary %+v, want 510 Dockerfiles, 246 compose projects over 246 files", s)
	}
	got := map[string]bool{}
	for _, g := range doc.groups() {
		got[g] = true
	}
	for _, want := range []string{
		"complete-variant:dockersamples__example-voting-app/docker-compose.images.yml",
		"default:dockersamples__example-voting-app/docker-compose.yml",
		"complete-variant:docker__compose/pkg/e2e/fixtures/build-test/ssh/compose-without-ssh.yaml",
		"variant-on-base:docker__compose/pkg/e2e/fixtures/publish/oci/compose.yaml+docker__compose/pkg/e2e/fixtures/publish/oci/compose-override.yaml",
	} {
		if !got[want] {
			t.Errorf("no %s", want)
		}
	}
}
