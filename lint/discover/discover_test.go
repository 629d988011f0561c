package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v4"
)

// patch is a compose file that only patches a base's service.
const patch = "services:\n  app:\n    environment: [A=1]\n"

// tree creates files (a name ending in "/" is a directory) under a temp dir
// and changes into it for the test. Compose files patch a base's service;
// other files hold a FROM line.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if strings.HasSuffix(f, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		content := "FROM alpine:3.20\n"
		if IsComposeName(filepath.Base(p)) {
			content = patch
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

// show renders targets as "kind:file+file" with "!" for explicit.
func show(ts []Target) []string {
	var out []string
	for _, t := range ts {
		s := t.Kind.String() + ":" + filepath.ToSlash(strings.Join(t.Files, "+"))
		if t.Explicit {
			s += "!"
		}
		out = append(out, s)
	}
	return out
}

func discover(t *testing.T, paths []string, opts Options) ([]string, []Problem) {
	t.Helper()
	ts, probs, err := Discover(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	return show(ts), probs
}

func check(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets:\n got %q\nwant %q", got, want)
	}
}

func TestNames(t *testing.T) {
	for name, want := range map[string]Kind{
		"Dockerfile": Dockerfile, "dockerfile": Dockerfile, "DOCKERFILE": Dockerfile,
		"Dockerfile.dev": Dockerfile, "api.Dockerfile": Dockerfile, "api.dockerfile": Dockerfile, "API.DOCKERFILE": Dockerfile,
		"Containerfile": Dockerfile, "Containerfile.prod": Dockerfile, "x.containerfile": Dockerfile,
		"Dockerfile.dockerignore": 0, "Dockerfile.md": 0, "Dockerfile~": 0, "Dockerfile.bak": 0,
		"Dockerfile-dev": 0, "Dockerfiles": 0, "dockerfile.go": Dockerfile,
		"compose.yaml": Compose, "compose.yml": Compose, "docker-compose.yml": Compose,
		"Docker-Compose.YAML": Compose, "compose.override.yaml": Compose, "compose.prod.yml": Compose,
		"docker-compose.ci.yaml": Compose, "compose.json": 0, "compose..yaml": 0,
		"compose.": 0, "mycompose.yaml": 0, "docker-compose": 0, "x.yaml": 0,
		// Dashed variants, as projects name them (compose-dev.yaml).
		"compose-dev.yaml": Compose, "compose-without-ssh.yaml": Compose, "COMPOSE-CI.YML": Compose,
		"docker-compose-prod.yml": Compose, "docker-compose-dev.yaml": Compose,
		"compose-.yaml": 0, "docker-compose-.yml": 0, "mycompose-dev.yaml": 0, "compose-dev.json": 0, "compose_dev.yaml": 0,
	} {
		if got := kindOfName(name); got != want {
			t.Errorf("kindOfName(%q) = %v, want %v", name, got, want)
		}
	}
	if !IsComposeName("COMPOSE.YML") || IsComposeName("Dockerfile") {
		t.Error("IsComposeName")
	}
}

func TestGroupCompose(t *testing.T) {
	// Variants whose name says "full" are complete projects, "bad" ones
	// unreadable, the others patch their base.
	variant := func(n string) Grouping {
		switch {
		case strings.Contains(n, "full"):
			return GroupComplete
		case strings.Contains(n, "bad"):
			return GroupUnreadable
		}
		return GroupOnBase
	}
	for _, tc := range []struct {
		names []string
		want  []string
	}{
		{[]string{"compose.yaml"}, []string{"default:compose.yaml"}},
		{[]string{"compose.override.yaml", "compose.yaml"}, []string{"default:compose.yaml+compose.override.yaml"}},
		{[]string{"docker-compose.yml", "docker-compose.override.yml"}, []string{"default:docker-compose.yml+docker-compose.override.yml"}},
		// compose.yaml wins; docker-compose.yml is its own project; the
		// override goes with the winner whatever its family (as compose-go).
		{[]string{"docker-compose.yml", "compose.yaml", "docker-compose.override.yml"},
			[]string{"default:compose.yaml+docker-compose.override.yml", "other-base:docker-compose.yml"}},
		{[]string{"compose.yaml", "compose.prod.yaml", "compose.override.yml"},
			[]string{"default:compose.yaml+compose.override.yml", "variant-on-base:compose.yaml+compose.prod.yaml"}},
		// A variant goes on the base of its own family.
		{[]string{"compose.yaml", "docker-compose.yml", "docker-compose.prod.yml"},
			[]string{"default:compose.yaml", "variant-on-base:docker-compose.yml+docker-compose.prod.yml", "other-base:docker-compose.yml"}},
		{[]string{"compose.yaml", "docker-compose.prod.yml"}, []string{"default:compose.yaml", "variant-on-base:compose.yaml+docker-compose.prod.yml"}},
		// No base at all.
		{[]string{"compose.override.yaml", "compose.prod.yaml"}, []string{"no-base:compose.override.yaml", "no-base:compose.prod.yaml"}},
		// Two overrides: compose.override.yml wins; the other is a variant.
		{[]string{"compose.yaml", "compose.override.yaml", "compose.override.yml"},
			[]string{"default:compose.yaml+compose.override.yml", "variant-on-base:compose.yaml+compose.override.yaml"}},
		{[]string{"compose.yml", "compose.yaml"}, []string{"default:compose.yaml", "other-base:compose.yml"}},
		// Dashed variants are variants; compose-override.yaml is not the override.
		{[]string{"compose.yaml", "compose-dev.yaml", "compose-override.yaml", "docker-compose-ci.yml"},
			[]string{"default:compose.yaml", "variant-on-base:compose.yaml+compose-dev.yaml",
				"variant-on-base:compose.yaml+compose-override.yaml", "variant-on-base:compose.yaml+docker-compose-ci.yml"}},
		// A complete variant is alone, as docker compose -f runs it; so is
		// one that cannot be read.
		{[]string{"docker-compose.yml", "docker-compose.full.yml", "docker-compose.override.yml", "compose-bad.yaml", "compose-full.yaml"},
			[]string{"default:docker-compose.yml+docker-compose.override.yml", "unreadable-variant:compose-bad.yaml",
				"complete-variant:compose-full.yaml", "complete-variant:docker-compose.full.yml"}},
	} {
		var got []string
		for _, g := range groupCompose(tc.names, variant) {
			got = append(got, string(g.why)+":"+strings.Join(g.files, "+"))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("groupCompose(%q)\n got %q\nwant %q", tc.names, got, tc.want)
		}
	}
}

func TestWalk(t *testing.T) {
	tree(t,
		"Dockerfile", "svc/api/Dockerfile.prod", "svc/api/API.DOCKERFILE", "svc/Containerfile",
		"svc/Dockerfile.dockerignore", "README.md", "main.go",
		"compose.yaml", "compose.override.yaml", "compose.prod.yaml",
		"legacy/docker-compose.yml", "legacy/docker-compose.override.yml",
		".git/Dockerfile", "node_modules/x/Dockerfile", "vendor/y/Dockerfile", "a/vendor/Dockerfile",
		"empty/",
	)
	got, probs := discover(t, nil, Options{})
	check(t, got, []string{
		"dockerfile:Dockerfile",
		"compose:compose.yaml+compose.override.yaml",
		"compose:compose.yaml+compose.prod.yaml",
		"compose:legacy/docker-compose.yml+legacy/docker-compose.override.yml",
		"dockerfile:svc/Containerfile",
		"dockerfile:svc/api/API.DOCKERFILE",
		"dockerfile:svc/api/Dockerfile.prod",
	})
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	// The same tree named as "." and as a sub-directory.
	got, _ = discover(t, []string{"./svc/"}, Options{})
	check(t, got, []string{"dockerfile:svc/Containerfile", "dockerfile:svc/api/API.DOCKERFILE", "dockerfile:svc/api/Dockerfile.prod"})
	// A skipped directory named as the root is walked.
	got, _ = discover(t, []string{"vendor"}, Options{})
	check(t, got, []string{"dockerfile:vendor/y/Dockerfile"})
}

func TestExclude(t *testing.T) {
	tree(t, "Dockerfile", "testdata/Dockerfile", "a/b/legacy/Dockerfile", "a/legacy/x/Dockerfile",
		"x/dev.Dockerfile", "p/compose.yaml", "p/compose.override.yaml", "q/Dockerfile")
	got, _ := discover(t, nil, Options{Exclude: []string{"testdata/**", "**/legacy/*", "*.Dockerfile", "p/compose.override.yaml", "q"}})
	// "**/legacy/*" also matches the directory a/legacy/x, which is not entered.
	check(t, got, []string{"dockerfile:Dockerfile", "compose:p/compose.yaml"})
	// Relative to the walk root, or as displayed.
	got, _ = discover(t, []string{"a"}, Options{Exclude: []string{"legacy/**"}})
	check(t, got, []string{"dockerfile:a/b/legacy/Dockerfile"})
	got, _ = discover(t, []string{"a"}, Options{Exclude: []string{"a/legacy/**"}})
	check(t, got, []string{"dockerfile:a/b/legacy/Dockerfile"})
	// Explicit files are linted even when excluded.
	got, _ = discover(t, []string{"testdata/Dockerfile"}, Options{Exclude: []string{"testdata/**"}})
	check(t, got, []string{"dockerfile:testdata/Dockerfile!"})
	if _, _, err := Discover(nil, Options{Exclude: []string{"a/["}}); err == nil {
		t.Error("bad glob must be an error")
	}
}

func TestExplicit(t *testing.T) {
	dir := tree(t, "build/app.txt", "Dockerfile", "x/compose.yaml", "x/compose.override.yml", "x/compose.prod.yaml",
		"y/docker-compose.override.yml", "z/docker-compose.yml")
	os.WriteFile(filepath.Join(dir, "stack.yml"), []byte("# a stack\nversion: '3'\nservices:\n  web: {image: nginx}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "stack.json"), []byte(`{"services": {}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.yml"), []byte("items:\n  services: x\n"), 0o644)

	// pre-commit style: one file at a time, or several of one project.
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"x/compose.override.yml"}, []string{"compose:x/compose.yaml+x/compose.override.yml!"}},
		{[]string{"x/compose.yaml"}, []string{"compose:x/compose.yaml+x/compose.override.yml!"}},
		{[]string{"x/compose.prod.yaml"}, []string{"compose:x/compose.yaml+x/compose.prod.yaml!"}},
		{[]string{"x/compose.yaml", "x/compose.override.yml", "./x/compose.yaml"}, []string{"compose:x/compose.yaml+x/compose.override.yml!"}},
		{[]string{"y/docker-compose.override.yml"}, []string{"compose:y/docker-compose.override.yml!"}},
		{[]string{"z/docker-compose.yml"}, []string{"compose:z/docker-compose.yml!"}},
		{[]string{"stack.yml", "stack.json", "build/app.txt"}, []string{
			"dockerfile:build/app.txt!", "compose:stack.json!", "compose:stack.yml!"}},
		{[]string{"Dockerfile", "."}, []string{
			"dockerfile:Dockerfile!",
			"compose:x/compose.yaml+x/compose.override.yml", "compose:x/compose.yaml+x/compose.prod.yaml",
			"compose:y/docker-compose.override.yml", "compose:z/docker-compose.yml"}},
	} {
		got, probs := discover(t, tc.args, Options{})
		check(t, got, tc.want)
		if len(probs) > 0 {
			t.Errorf("%q: problems %v", tc.args, probs)
		}
	}

	got, _ := discover(t, []string{"build/app.txt", "x/compose.yaml"}, Options{ForceType: "compose"})
	check(t, got, []string{"compose:build/app.txt!", "compose:x/compose.yaml+x/compose.override.yml!"})
	got, _ = discover(t, []string{"x/compose.yaml"}, Options{ForceType: "dockerfile"})
	check(t, got, []string{"dockerfile:x/compose.yaml!"})
	ts, _, _ := Discover([]string{"-"}, Options{ForceType: "Compose"})
	if len(ts) != 1 || !ts[0].Stdin || ts[0].Kind != Compose {
		t.Errorf("stdin: %+v", ts)
	}
	// Standard input without --type: by content.
	for _, tc := range []struct {
		stdin, want string
	}{
		{"FROM alpine\n", "dockerfile:-!"},
		{"services:\n  web: {image: nginx}\n", "compose:-!"},
		{"replicaCount: 1\n", ""},
		{"", ""},
	} {
		got, probs := discover(t, []string{"-"}, Options{Stdin: []byte(tc.stdin)})
		if tc.want == "" {
			check(t, got, nil)
			if len(probs) != 1 || !probs[0].Note || probs[0].Path != "-" || !strings.HasPrefix(probs[0].Message, "not linted: standard input is ") {
				t.Errorf("stdin %q: want a note, got %+v", tc.stdin, probs)
			}
			continue
		}
		check(t, got, []string{tc.want})
		if len(probs) > 0 {
			t.Errorf("stdin %q: problems %v", tc.stdin, probs)
		}
	}
	if _, _, err := Discover(nil, Options{ForceType: "helm"}); err == nil {
		t.Error("bad ForceType must be an error")
	}

	// -f list: one project in order; no walk of "." unless asked.
	got, _ = discover(t, nil, Options{ComposeFiles: []string{"x/compose.prod.yaml", "x/compose.yaml"}})
	check(t, got, []string{"compose:x/compose.prod.yaml+x/compose.yaml!"})

	got, probs := discover(t, []string{"missing/Dockerfile", "Dockerfile"}, Options{})
	check(t, got, []string{"dockerfile:Dockerfile!"})
	if len(probs) != 1 || probs[0].Path != filepath.FromSlash("missing/Dockerfile") || !strings.Contains(probs[0].Message, "no such file") {
		t.Errorf("problems = %+v", probs)
	}
}

func TestSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "Dockerfile"), []byte("FROM x\n"), 0o644)
	dir := tree(t, "real/Dockerfile.app", "sub/")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("..", filepath.Join(dir, "sub", "loop")))                                // loop
	must(os.Symlink(dir, filepath.Join(dir, "sub", "abs-loop")))                             // loop, absolute
	must(os.Symlink(outside, filepath.Join(dir, "out")))                                     // dir out of tree
	must(os.Symlink(filepath.Join(outside, "Dockerfile"), filepath.Join(dir, "Dockerfile"))) // file out of tree
	must(os.Symlink("real/Dockerfile.app", filepath.Join(dir, "Containerfile")))             // file in tree
	must(os.Symlink("nowhere", filepath.Join(dir, "sub", "Dockerfile")))                     // broken

	done := make(chan struct{})
	var got []string
	var probs []Problem
	go func() {
		defer close(done)
		got, probs = discover(t, nil, Options{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("walk hangs on a symlink loop")
	}
	check(t, got, []string{"dockerfile:real/Dockerfile.app"})
	if len(probs) != 0 {
		t.Errorf("problems without FollowSymlinks: %v", probs)
	}

	got, probs = discover(t, nil, Options{FollowSymlinks: true})
	check(t, got, []string{"dockerfile:Containerfile", "dockerfile:real/Dockerfile.app"})
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, filepath.ToSlash(p.Path)+": "+p.Message)
	}
	check(t, msgs, []string{
		"Dockerfile: symbolic link points outside the tree; not followed",
		"sub/Dockerfile: broken symbolic link",
	})

	// A walk root that is itself a link is followed; paths stay as given.
	must(os.Symlink(filepath.Join(dir, "real"), filepath.Join(outside, "link")))
	got, _ = discover(t, []string{filepath.Join(outside, "link")}, Options{})
	check(t, got, []string{"dockerfile:" + filepath.ToSlash(filepath.Join(outside, "link", "Dockerfile.app"))})
	// An explicit link to a file is linted.
	got, _ = discover(t, []string{"Dockerfile"}, Options{})
	check(t, got, []string{"dockerfile:Dockerfile!"})
}

func TestUnreadableDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no chmod")
	}
	dir := tree(t, "ok/Dockerfile", "locked/Dockerfile")
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("running with privileges that read any directory (root)")
	}
	got, probs := discover(t, nil, Options{})
	check(t, got, []string{"dockerfile:ok/Dockerfile"})
	if len(probs) != 1 || probs[0].Path != "locked" || !strings.Contains(probs[0].Message, "permission denied") {
		t.Errorf("problems = %+v", probs)
	}
}

// errFS fails to read the directories named in bad.
type errFS struct {
	fs.FS
	bad map[string]bool
}

func (e errFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if e.bad[name] {
		return nil, &fs.PathError{Op: "readdirent", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(e.FS, name)
}

// TestUnreadableDirInjected does not depend on who runs the tests.
func TestUnreadableDirInjected(t *testing.T) {
	tree(t, "ok/Dockerfile", "locked/Dockerfile", "locked/deeper/Dockerfile", "z/Dockerfile")
	saved := openFS
	t.Cleanup(func() { openFS = saved })
	openFS = func(root string) fs.FS { return errFS{os.DirFS(root), map[string]bool{"locked": true}} }
	got, probs := discover(t, nil, Options{})
	check(t, got, []string{"dockerfile:ok/Dockerfile", "dockerfile:z/Dockerfile"})
	if len(probs) != 1 || probs[0].Path != "locked" || probs[0].Message != "permission denied" {
		t.Errorf("problems = %+v", probs)
	}
}

// TestUnreadableRoot needs no permissions: a root that is a dangling link.
func TestUnreadableRoot(t *testing.T) {
	dir := tree(t)
	if err := os.Symlink("nowhere", filepath.Join(dir, "gone")); err != nil {
		t.Skip(err)
	}
	got, probs := discover(t, []string{"gone", "."}, Options{})
	check(t, got, nil)
	if len(probs) != 1 || probs[0].Path != "gone" {
		t.Errorf("problems = %+v", probs)
	}
}

// bigTree makes dirs*50 empty files plus a Dockerfile and a compose file
// deep inside.
func bigTree(tb testing.TB, dirs int) (string, int) {
	dir := tb.TempDir()
	n := 0
	for a := 0; a < dirs/20; a++ {
		for b := 0; b < 20; b++ {
			d := filepath.Join(dir, fmt.Sprintf("pkg%02d", a), fmt.Sprintf("mod%02d", b))
			if err := os.MkdirAll(d, 0o755); err != nil {
				tb.Fatal(err)
			}
			for c := 0; c < 50; c++ {
				if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("file%02d.go", c)), nil, 0o644); err != nil {
					tb.Fatal(err)
				}
				n++
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "pkg01", "mod13", "Dockerfile"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "pkg01", "mod01", "compose.yaml"), nil, 0o644)
	return dir, n
}

func TestLargeTree(t *testing.T) {
	if testing.Short() {
		t.Skip("large tree")
	}
	dir, n := bigTree(t, 40) // 2,000 files; BenchmarkWalk50k has 50,000
	t.Chdir(dir)
	start := time.Now()
	got, _ := discover(t, nil, Options{Exclude: []string{"**/legacy/**", "*.bak"}})
	el := time.Since(start)
	check(t, got, []string{"compose:pkg01/mod01/compose.yaml", "dockerfile:pkg01/mod13/Dockerfile"})
	t.Logf("walked %d files in %v", n, el)
	if el > 3*time.Second {
		t.Errorf("walk of %d files took %v", n, el)
	}
}

// BenchmarkWalk50k walks 50,000 files (go test -bench Walk -run X ./lint/discover).
func BenchmarkWalk50k(b *testing.B) {
	dir, _ := bigTree(b, 1000)
	opts := Options{Exclude: []string{"**/legacy/**", "*.bak"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ts, _, err := Discover([]string{dir}, opts)
		if err != nil || len(ts) != 2 {
			b.Fatal(ts, err)
		}
	}
}

// TestVariants: a variant that is a complete project is linted alone (as
// docker compose -f runs it); one that patches the base's services on top
// of its base, walked or named alone (as pre-commit names it).
func TestVariants(t *testing.T) {
	dir := tree(t)
	files := map[string]string{
		"docker-compose.yml": "services:\n  vote:\n    build: ./vote\n  redis:\n    image: redis:7\n",
		// Every service names an image: the prebuilt-images variant.
		"docker-compose.images.yml": "services:\n  vote:\n    image: example/vote\n  redis:\n    image: redis:7\n",
		// Ports for the base's vote service: a patch.
		"docker-compose.prod.yml": "services:\n  vote:\n    ports: ['80:80']\n  redis:\n    image: redis:7\n",
		// Complete through a merge key, an alias, extends; include.
		"compose-dev.yaml":              "x-app: &app\n  image: nginx:1.27\nservices:\n  web:\n    <<: *app\n    ports: ['8080:80']\n  copy: *app\n",
		"compose-extends.yaml":          "services:\n  web:\n    extends: {file: docker-compose.yml, service: vote}\n",
		"docker-compose.include.yml":    "include:\n  - other/compose.yaml\n",
		"docker-compose.networks.yml":   "networks:\n  back: {internal: true}\n",
		"docker-compose.empty.yml":      "# nothing yet\n",
		"docker-compose.null-image.yml": "services:\n  vote:\n    image:\n",
		"docker-compose.broken.yml":     "services: [\n",
		"docker-compose.scalar.yml":     "just a string\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts, _, err := Discover(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range ts {
		got = append(got, string(x.Grouping)+":"+strings.Join(x.Files, "+"))
	}
	check(t, got, []string{
		"complete-variant:compose-dev.yaml",
		"complete-variant:compose-extends.yaml",
		"unreadable-variant:docker-compose.broken.yml",
		"complete-variant:docker-compose.images.yml",
		"complete-variant:docker-compose.include.yml",
		"unreadable-variant:docker-compose.scalar.yml",
		"default:docker-compose.yml",
		"variant-on-base:docker-compose.yml+docker-compose.empty.yml",
		"variant-on-base:docker-compose.yml+docker-compose.networks.yml",
		"variant-on-base:docker-compose.yml+docker-compose.null-image.yml",
		"variant-on-base:docker-compose.yml+docker-compose.prod.yml",
	})

	// Named alone, with or without --type compose: the same projects.
	for _, force := range []string{"", "compose"} {
		for arg, want := range map[string]string{
			"docker-compose.images.yml": "compose:docker-compose.images.yml!",
			"docker-compose.prod.yml":   "compose:docker-compose.yml+docker-compose.prod.yml!",
			"docker-compose.yml":        "compose:docker-compose.yml!",
			"compose-dev.yaml":          "compose:compose-dev.yaml!",
		} {
			got, _ := discover(t, []string{arg}, Options{ForceType: force})
			check(t, got, []string{want})
		}
	}
	// -f gives the stack asked for.
	ts, _, _ = Discover(nil, Options{ComposeFiles: []string{"docker-compose.yml", "docker-compose.images.yml"}})
	if len(ts) != 1 || ts[0].Grouping != GroupStack || len(ts[0].Files) != 2 {
		t.Errorf("-f: %+v", ts)
	}

	// A variant over the size limit is not read: alone.
	big := "services:\n  vote:\n    environment:\n      A: '" + strings.Repeat("x", 4096) + "'\n"
	os.WriteFile(filepath.Join(dir, "docker-compose.big.yml"), []byte(big), 0o644)
	got, _ = discover(t, []string{"docker-compose.big.yml"}, Options{MaxFileSize: 1024})
	check(t, got, []string{"compose:docker-compose.big.yml!"})
	got, _ = discover(t, []string{"docker-compose.big.yml"}, Options{})
	check(t, got, []string{"compose:docker-compose.yml+docker-compose.big.yml!"})
}

// TestPreCommitPattern: the hooks in .pre-commit-hooks.yaml pass exactly
// the files a walk finds (pre-commit matches `files` and not `exclude`
// with Python's re.search; these patterns mean the same in Go).
func TestPreCommitPattern(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID      string `yaml:"id"`
		Files   string `yaml:"files"`
		Exclude string `yaml:"exclude"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		if h.Exclude != HookExclude() {
			t.Errorf("hook %s: exclude %q, want %q (built from discovery's list of names that are never Dockerfiles)", h.ID, h.Exclude, HookExclude())
		}
	}
	names := []string{
		"Dockerfile", "dockerfile", "DOCKERFILE", "Dockerfile.dev", "api.Dockerfile", "API.DOCKERFILE",
		"Containerfile", "Containerfile.prod", "x.containerfile", "dockerfile.go",
		"Dockerfile.dockerignore", "api.Dockerfile.dockerignore", "Dockerfile.md", "Dockerfile~", "Dockerfile.bak",
		"Dockerfile.orig", "Dockerfile.rej", "Dockerfile.swp", "Dockerfile.prod.bak", "x.dockerfile.md",
		"Dockerfile-dev", "Dockerfiles", "README.md", "main.go",
		"compose.yaml", "compose.yml", "docker-compose.yml", "Docker-Compose.YAML", "compose.override.yaml",
		"compose.prod.yml", "docker-compose.ci.yaml", "compose-dev.yaml", "compose-without-ssh.yaml",
		"COMPOSE-CI.YML", "docker-compose-prod.yml", "docker-compose.images.yml",
		"compose.json", "compose..yaml", "compose-.yaml", "docker-compose-.yml", "compose.", "mycompose.yaml",
		"mycompose-dev.yaml", "compose_dev.yaml", "docker-compose", "x.yaml", "app.override.yml", "values.yaml",
	}
	for _, h := range hooks {
		files := regexp.MustCompile(h.Files)
		var exclude *regexp.Regexp
		if h.Exclude != "" {
			exclude = regexp.MustCompile(h.Exclude)
		}
		for _, n := range names {
			for _, p := range []string{n, "sub/dir/" + n} {
				hook := files.MatchString(p) && (exclude == nil || !exclude.MatchString(p))
				if walk := kindOfName(n) != 0; hook != walk {
					t.Errorf("hook %s passes %q: %v; a walk finds it: %v", h.ID, p, hook, walk)
				}
			}
		}
	}
}

// TestVariantMergeBomb: merge keys that fan out do not make grouping
// explode; such a variant is not judged (alone).
func TestVariantMergeBomb(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("x-0: &a0 {environment: [A=1]}\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "x-%d: &a%d\n  <<: [", i, i)
		for j := 0; j < 12; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("services:\n  web: *a8\n")
	p := filepath.Join(dir, "compose.bomb.yaml")
	os.WriteFile(p, []byte(b.String()), 0o644)
	start := time.Now()
	if got := classifyVariant(p, DefaultMaxFileSize); got != GroupUnreadable {
		t.Errorf("classifyVariant = %s, want %s", got, GroupUnreadable)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v", el)
	}
}

// TestExplicitUnknownNames: a file named on the command line (as
// pre-commit passes them) whose name is neither a Dockerfile's nor a
// compose file's is linted only when its content is unambiguous, else
// skipped with a note; names of ignore, doc and backup files are never
// linted; --type forces a kind.
func TestExplicitUnknownNames(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
		"Dockerfile.dockerignore":     "node_modules\n*.log\n",
		"api.Dockerfile.dockerignore": "FROM alpine\n", // by name, whatever it holds
		"Dockerfile.md":               "FROM alpine\n",
		"Dockerfile.bak":              "FROM alpine\n",
		"compose.yaml.orig":           "services:\n  web: {image: nginx}\n",
		"helm/values.override.yaml":   "replicaCount: 1\n",
		"helm/values.yaml":            "services:\n  web:\n    port: 80\nreplicaCount: 1\n", // Helm values with a services key
		"k8s/svc.yaml":                "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n",
		"notes.txt":                   "From now on: things.\n",
		"empty.cfg":                   "",
		"build.txt":                   "# syntax=docker/dockerfile:1\nRUN true\n",
		"base.txt":                    "# comment\n\narg VERSION=1\nFROM alpine:${VERSION}\n",
		"stack.yml":                   "x-common: &c {restart: always}\nname: shop\nservices:\n  web: {image: nginx, <<: *c}\n",
		"broken.yml":                  "services:\n  web: [\n",
		"stack.json":                  `{"services": {"web": {"image": "nginx"}}}`,
	}
	var names []string
	for n, c := range files {
		p := filepath.FromSlash(n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	got, probs := discover(t, names, Options{})
	// "From now on" is FROM by the letter: a known limit of sniffing.
	check(t, got, []string{"dockerfile:base.txt!", "compose:broken.yml!", "dockerfile:build.txt!",
		"dockerfile:notes.txt!", "compose:stack.json!", "compose:stack.yml!"})
	notes := map[string]string{}
	for _, p := range probs {
		if !p.Note {
			t.Errorf("problem %+v is not a note", p)
		}
		notes[filepath.ToSlash(p.Path)] = p.Message
	}
	for _, n := range []string{"Dockerfile.dockerignore", "api.Dockerfile.dockerignore", "Dockerfile.md", "Dockerfile.bak",
		"compose.yaml.orig", "helm/values.override.yaml", "helm/values.yaml", "k8s/svc.yaml", "empty.cfg"} {
		if !strings.HasPrefix(notes[n], "not linted: ") || !strings.Contains(notes[n], "--type") {
			t.Errorf("%s: want a note, got %q", n, notes[n])
		}
	}
	if m := notes["Dockerfile.dockerignore"]; !strings.Contains(m, ".dockerignore (an ignore file)") {
		t.Errorf("Dockerfile.dockerignore: %q", m)
	}
	if m := notes["helm/values.override.yaml"]; !strings.Contains(m, "no top-level services: key") {
		t.Errorf("values.override.yaml: %q", m)
	}

	// --type forces a kind on any name.
	got, probs = discover(t, []string{"Dockerfile.dockerignore", "helm/values.override.yaml"}, Options{ForceType: "dockerfile"})
	check(t, got, []string{"dockerfile:Dockerfile.dockerignore!", "dockerfile:helm/values.override.yaml!"})
	if len(probs) > 0 {
		t.Errorf("forced: %v", probs)
	}
}
