package lint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestChangeWithin: which targets a change narrows a run to.
func TestChangeWithin(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"app/compose.yaml":              "services:\n  web:\n    build: .\n",
		"app/Dockerfile":                "FROM alpine:3.20\n",
		"up/deploy/compose.yaml":        "services:\n  api:\n    build:\n      context: ../src\n",
		"up/src/Dockerfile":             "FROM alpine:3.20\n",
		"inc/compose.yaml":              "include:\n  - sub/part.yaml\n",
		"inc/sub/part.yaml":             "services:\n  x:\n    build: ../../shared\n",
		"shared/Dockerfile":             "FROM alpine:3.20\n",
		"envy/compose.yaml":             "services:\n  e:\n    build: ${CTX}\n",
		"envy/.env":                     "CTX=../other\n",
		"other/Dockerfile":              "FROM alpine:3.20\n",
		"lone/docker-compose.yml":       "services:\n  l:\n    image: nginx:1.27\n",
		"lone/Dockerfile":               "FROM alpine:3.20\n",
		"ign/.dockerignore":             "*\n",
		"ign/sub/Dockerfile":            "FROM alpine:3.20\n",
		"ign/compose.yaml":              "services:\n  i:\n    image: nginx:1.27\n",
		"pair/compose.yaml":             "services:\n  p:\n    build:\n      context: ../cx\n      dockerfile: ../dx/Dockerfile\n",
		"dx/Dockerfile":                 "FROM alpine:3.20\n",
		"unrelated/Dockerfile":          "FROM alpine:3.20\n",
		"unrelated/compose.yaml":        "services:\n  u:\n    build: .\n",
		"unrelated/more/compose.yml":    "services:\n  m:\n    image: redis:7\n",
		"unrelated/nested/a/b/c.txt":    "x\n",
		"unrelated2/docker-compose.yml": "services:\n  v:\n    build: /abs/elsewhere\n",
	}
	var list []string
	for p, c := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		list = append(list, p)
	}
	sort.Strings(list)
	cases := []struct {
		touched     []string
		files, dirs string // space-separated, relative to root
		everything  bool
	}{
		{touched: []string{"app/Dockerfile"}, files: "app/Dockerfile", dirs: "app"},
		{touched: []string{"up/src/Dockerfile"}, files: "up/src/Dockerfile", dirs: "up/deploy"},
		{touched: []string{"shared/Dockerfile"}, files: "shared/Dockerfile", dirs: "inc"},
		{touched: []string{"other/Dockerfile"}, files: "other/Dockerfile", dirs: "envy"},
		{touched: []string{"lone/docker-compose.yml"}, dirs: "lone"},
		{touched: []string{"dx/Dockerfile"}, files: "dx/Dockerfile", dirs: "pair"},
		{touched: []string{"ign/.dockerignore"}, files: "ign/sub/Dockerfile", dirs: "ign"},
		{touched: []string{"gone/Dockerfile"}, files: "gone/Dockerfile"},
		{touched: []string{"new/compose.yaml"}, dirs: "new"}, // untracked: in Touched only
		{touched: []string{"docs/README.md"}},
		{touched: []string{"app/Dockerfile", ".dockguard.yaml"}, everything: true},
		{touched: []string{"sub/dir/.gitignore"}, everything: true},
		{touched: []string{".dockguard-baseline.json"}, everything: true},
	}
	for _, c := range cases {
		ch := &Change{Root: root, Touched: c.touched, Files: list}
		w, why := ch.within("")
		if c.everything {
			if w != nil || why == "" {
				t.Errorf("%v: narrowed, want everything", c.touched)
			}
			continue
		}
		if w == nil {
			t.Errorf("%v: everything (%s), want narrowed", c.touched, why)
			continue
		}
		rel := func(m map[string]bool) string {
			var out []string
			for p := range m {
				r, _ := filepath.Rel(root, p)
				out = append(out, filepath.ToSlash(r))
			}
			sort.Strings(out)
			return strings.Join(out, " ")
		}
		if got := rel(w.Files); got != c.files {
			t.Errorf("%v: Dockerfiles %q, want %q", c.touched, got, c.files)
		}
		if got := rel(w.Dirs); got != c.dirs {
			t.Errorf("%v: compose directories %q, want %q", c.touched, got, c.dirs)
		}
	}
}
