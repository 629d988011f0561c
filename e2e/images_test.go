package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/dockguard/dockguard/lint/imageresolve/registrytest"
)

// imageRegistry runs go-containerregistry's in-memory registry with a
// multi-platform index "multi:1" (linux/amd64 runs as root) and a single
// image "team/app:2" that runs as app with a HEALTHCHECK.
type imageRegistry struct {
	*registrytest.Registry
	index, amd64, app string // digests
}

func startImageRegistry(t *testing.T) imageRegistry {
	reg := registrytest.Start(t)
	amd := registrytest.Image(t, v1.Config{Cmd: []string{"sh"}}, "linux", "amd64")
	arm := registrytest.Image(t, v1.Config{User: "1000"}, "linux", "arm64")
	app := registrytest.Image(t, v1.Config{User: "app", Healthcheck: &v1.HealthConfig{Test: []string{"CMD", "/health"}}}, "linux", "amd64")
	return imageRegistry{
		Registry: reg,
		index:    reg.PushIndex("multi:1", amd, arm),
		amd64:    registrytest.Digest(t, amd),
		app:      reg.PushImage("team/app:2", app),
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPin runs `dockguard pin` on a Dockerfile and a compose file that
// point at the registry: only the references' bytes change, variables are
// skipped, pinned references move only with --update, and the result
// still parses and loads.
func TestPin(t *testing.T) {
	reg := startImageRegistry(t)
	R := reg.Host
	dir := t.TempDir()
	dockerfile := strings.ReplaceAll(`# syntax=R/multi:1
# a comment that stays
ARG BASE=R/multi:1
FROM R/multi:1 AS build
COPY --from=R/team/app:2 /health /health
RUN --mount=type=bind,from=R/team/app:2,target=/m \
    true

FROM ${BASE} AS viaarg
FROM "R/team/app:2" AS quoted
FROM R/team/app:2@`+reg.amd64+` AS stale
FROM build
COPY --from=build /health /health
USER 10001
`, "R/", R+"/")
	composeFile := strings.ReplaceAll(`# the services
x-base: &base
  image: "R/multi:1"   # quoted, in an anchor
  restart: unless-stopped
services:
  web:
    <<: *base
  api:
    <<: *base
    image: 'R/team/app:2'
  db:
    image: R/team/app:2 # a trailing comment
  env:
    image: ${REGISTRY:-R}/app:1
  stale:
    image:   R/team/app:2@`+reg.amd64+`
`, "R/", R+"/")
	writeFile(t, dir, "Dockerfile", dockerfile)
	writeFile(t, dir, "compose.yaml", composeFile)

	// --dry-run and --diff write nothing.
	code, out, errOut := cliRun(t, dir, "", nil, "pin", "--dry-run", ".")
	if code != 0 || !strings.Contains(out, "Dockerfile:4:6: "+R+"/multi:1 -> "+R+"/multi:1@"+reg.index) ||
		!strings.Contains(errOut, "would pin 8 reference(s); 2 already pinned; 2 skipped") {
		t.Errorf("pin --dry-run: exit %d\n%s\n%s", code, out, errOut)
	}
	code, diff, errOut := cliRun(t, dir, "", nil, "pin", "--diff", ".")
	wantDiff := "-FROM " + R + "/multi:1 AS build\n+FROM " + R + "/multi:1@" + reg.index + " AS build\n"
	if code != 0 || !strings.Contains(diff, "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,") || !strings.Contains(diff, wantDiff) ||
		!strings.Contains(diff, "--- a/compose.yaml\n") {
		t.Errorf("pin --diff: exit %d\n%s\n%s", code, diff, errOut)
	}
	if readFile(t, filepath.Join(dir, "Dockerfile")) != dockerfile || readFile(t, filepath.Join(dir, "compose.yaml")) != composeFile {
		t.Fatal("--dry-run or --diff changed a file")
	}
	for _, skip := range []string{
		"Dockerfile:9:6: skipped ${BASE}: uses a variable",
		"compose.yaml:14:12: skipped ${REGISTRY:-R}/app:1: uses variable interpolation",
	} {
		if !strings.Contains(errOut, skip) {
			t.Errorf("stderr lacks %q:\n%s", skip, errOut)
		}
	}

	// pin writes, editing only the references.
	if code, out, errOut := cliRun(t, dir, "", nil, "pin", "."); code != 0 {
		t.Fatalf("pin: exit %d\n%s\n%s", code, out, errOut)
	}
	app, multi := R+"/team/app:2", R+"/multi:1"
	wantDockerfile := strings.NewReplacer(
		"# syntax="+multi+"\n", "# syntax="+multi+"@"+reg.index+"\n",
		"FROM "+multi+" AS", "FROM "+multi+"@"+reg.index+" AS",
		"--from="+app+" ", "--from="+app+"@"+reg.app+" ",
		"from="+app+",", "from="+app+"@"+reg.app+",",
		`"`+app+`"`, `"`+app+"@"+reg.app+`"`,
	).Replace(dockerfile)
	if got := readFile(t, filepath.Join(dir, "Dockerfile")); got != wantDockerfile {
		t.Errorf("Dockerfile after pin:\n%s\nwant:\n%s", got, wantDockerfile)
	}
	wantCompose := strings.NewReplacer(
		`"`+multi+`"`, `"`+multi+"@"+reg.index+`"`,
		`'`+app+`'`, `'`+app+"@"+reg.app+`'`,
		app+" # a", app+"@"+reg.app+" # a",
	).Replace(composeFile)
	if got := readFile(t, filepath.Join(dir, "compose.yaml")); got != wantCompose {
		t.Errorf("compose.yaml after pin:\n%s\nwant:\n%s", got, wantCompose)
	}

	// The pinned files still parse and load, and DF005/DC044 no longer
	// report what was pinned.
	for _, f := range lintJSON(t, dir, "--ruleset", "all", ".") {
		if f.RuleID == "DF000" || f.RuleID == "DC000" || ((f.RuleID == "DF005" || f.RuleID == "DC044") && !strings.Contains(f.Message, "${BASE}") && !strings.Contains(f.Message, "}/app:1")) {
			t.Errorf("after pin: %+v", f)
		}
	}

	// Pinning again changes nothing; --update re-pins the stale digests.
	code, out, errOut = cliRun(t, dir, "", nil, "pin", ".")
	if code != 0 || out != "" || !strings.Contains(errOut, "pinned 0 reference(s); 10 already pinned; 2 skipped") {
		t.Errorf("second pin: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = cliRun(t, dir, "", nil, "pin", "--update", ".")
	if code != 0 || !strings.Contains(errOut, "pinned 2 reference(s); 8 already pinned; 2 skipped") {
		t.Errorf("pin --update: exit %d\n%s\n%s", code, out, errOut)
	}
	wantDockerfile = strings.ReplaceAll(wantDockerfile, app+"@"+reg.amd64, app+"@"+reg.app)
	wantCompose = strings.ReplaceAll(wantCompose, app+"@"+reg.amd64, app+"@"+reg.app)
	if got := readFile(t, filepath.Join(dir, "Dockerfile")); got != wantDockerfile {
		t.Errorf("Dockerfile after pin --update:\n%s\nwant:\n%s", got, wantDockerfile)
	}
	if got := readFile(t, filepath.Join(dir, "compose.yaml")); got != wantCompose {
		t.Errorf("compose.yaml after pin --update:\n%s\nwant:\n%s", got, wantCompose)
	}
}

// TestPinUnreachable: an image the registry does not have is reported,
// the others are pinned, and the exit code says something failed.
func TestPinUnreachable(t *testing.T) {
	reg := startImageRegistry(t)
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "FROM "+reg.Host+"/missing:1\nFROM "+reg.Host+"/team/app:2\n")
	code, _, errOut := cliRun(t, dir, "", nil, "pin", ".")
	if code != 1 || !strings.Contains(errOut, "not pinned: "+reg.Host+"/missing:1: ") || strings.Count(errOut, "\n") > 3 {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	if got := readFile(t, filepath.Join(dir, "Dockerfile")); got != "FROM "+reg.Host+"/missing:1\nFROM "+reg.Host+"/team/app:2@"+reg.app+"\n" {
		t.Errorf("Dockerfile:\n%s", got)
	}
}

// TestLintResolveImages: with --resolve-images, DF001 and DC013 judge an
// image that sets no user by its configuration in the registry; without
// it, nothing is looked up.
func TestLintResolveImages(t *testing.T) {
	reg := startImageRegistry(t)
	R := reg.Host
	dir := t.TempDir()
	writeFile(t, dir, "root/Dockerfile", "FROM "+R+"/multi:1\nCMD [\"sh\"]\n")
	writeFile(t, dir, "app/Dockerfile", "FROM "+R+"/team/app:2\nCMD [\"app\"]\n")
	writeFile(t, dir, "missing/Dockerfile", "FROM "+R+"/missing:1\nCMD [\"app\"]\n")
	// built: the project builds local/app:1, which worker runs; it is in
	// no registry and is not looked up.
	writeFile(t, dir, "compose.yaml", "services:\n  a:\n    image: "+R+"/multi:1\n  b:\n    image: "+R+"/team/app:2\n"+
		"  built:\n    build: ./app\n    image: "+R+"/local/app:1\n    user: \"1000\"\n  worker:\n    image: "+R+"/local/app:1\n")

	type key struct{ rule, path string }
	collect := func(args ...string) map[key]string {
		got := map[key]string{}
		for _, f := range lintJSON(t, dir, append([]string{"--ruleset", "strict"}, args...)...) {
			if f.RuleID == "DF001" || f.RuleID == "DC013" {
				got[key{f.RuleID, f.Path + ":" + strings.Fields(f.Message)[1]}] = f.Message
			}
		}
		return got
	}
	before := reg.ManifestRequests() // pushing the images read some
	offline := collect(".")
	if n := reg.ManifestRequests() - before; n != 0 {
		t.Errorf("lint without --resolve-images asked the registry %d times", n)
	}
	for _, k := range []key{{"DF001", "root/Dockerfile:stage"}, {"DF001", "app/Dockerfile:stage"}, {"DF001", "missing/Dockerfile:stage"}, {"DC013", `compose.yaml:"a"`}, {"DC013", `compose.yaml:"b"`}, {"DC013", `compose.yaml:"worker"`}} {
		if !strings.Contains(offline[k], "usually root") && !strings.Contains(offline[k], "unknown to dockguard") {
			t.Errorf("offline %v: %q", k, offline[k])
		}
	}
	if len(offline) != 6 {
		t.Errorf("offline findings: %v", offline)
	}

	code, out, errOut := cliRun(t, dir, "", nil, "lint", "--ruleset", "strict", "--format", "json", "--resolve-images", ".")
	if code != 1 || !strings.Contains(errOut, "--resolve-images: "+R+"/missing:1: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("lint --resolve-images: exit %d, stderr:\n%s", code, errOut)
	}
	_ = out
	online := collect("--resolve-images")
	want := map[key]string{
		{"DF001", "root/Dockerfile:stage"}:    "final stage sets no USER and runs as root: the registry configuration of base image " + R + "/multi sets no non-root user; add a non-root USER",
		{"DF001", "missing/Dockerfile:stage"}: offline[key{"DF001", "missing/Dockerfile:stage"}],
		{"DC013", `compose.yaml:"worker"`}:    offline[key{"DC013", `compose.yaml:"worker"`}],
		{"DC013", `compose.yaml:"a"`}:         `service "a" sets no user: and image "` + R + `/multi:1" runs as root by default (as its registry says); set user: to a non-root UID if the service can run unprivileged`,
	}
	for k, w := range want {
		if online[k] != w {
			t.Errorf("--resolve-images %v:\n got %q\nwant %q", k, online[k], w)
		}
	}
	if len(online) != len(want) {
		t.Errorf("--resolve-images findings: %v", online)
	}
}
