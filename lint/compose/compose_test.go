package compose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// writeTree writes files (path -> content) under a temp dir and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func load(t *testing.T, dir string, files ...string) (*Project, []Problem) {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(dir, f))
	}
	return Load(context.Background(), LoadOptions{Files: paths, Root: dir})
}

func mustLoad(t *testing.T, dir string, files ...string) *Project {
	t.Helper()
	p, problems := load(t, dir, files...)
	if len(problems) > 0 || p == nil {
		t.Fatalf("load: %v", problems)
	}
	return p
}

// where renders a location as base-name:line:col-line:col.
func where(loc source.Location) string {
	return filepath.Base(loc.Path) + ":" + loc.Start.String() + "-" + loc.End.String()
}

func TestLocateAcrossFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": `include:
  - inc/compose.yaml
x-common: &common
  cap_add: [SYS_ADMIN]
services:
  web:
    <<: *common
    image: "nginx:${NGINX_TAG:-1.25}"
    extends:
      file: base.yaml
      service: base
    ports:
      - "9000-9002:9000-9002"
      - "${APP_PORT:-8081}:81"
      - target: 82
        published: 8082
        host_ip: 127.0.0.1
`,
		"compose.override.yaml": "services:\n  web:\n    privileged: true\n    ports:\n      - 7000:7000\n",
		"base.yaml":             "services:\n  base:\n    image: busybox\n    cap_add:\n      - NET_ADMIN\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
		"inc/compose.yaml":      "services:\n  db:\n    image: postgres\n    network_mode: host\n",
		".env":                  "NGINX_TAG=1.27\nAPP_PORT=8888\n",
	})
	p := mustLoad(t, dir, "compose.yaml", "compose.override.yaml")
	if got := p.Service("web").Config.Image; got != "nginx:1.27" {
		t.Errorf("image = %q, want interpolation from .env", got)
	}
	if len(p.Sources) != 4 {
		t.Errorf("sources = %d, want 4", len(p.Sources))
	}
	cases := []struct {
		name string
		loc  source.Location
		want string
	}{
		{"override", p.Locate("web", "privileged"), "compose.override.yaml:3:5-3:21"},
		{"quoted scalar", p.Locate("web", "image"), "compose.yaml:8:5-8:38"},
		{"include", p.Locate("db", "network_mode"), "compose.yaml:4:5-4:23"},
		{"merge key", p.LocateString("web", "cap_add", func(v string) bool { return v == "SYS_ADMIN" }), "compose.yaml:4:13-4:22"},
		{"extends", p.LocateString("web", "cap_add", func(v string) bool { return v == "NET_ADMIN" }), "base.yaml:5:9-5:18"},
		{"missing falls back to service key", p.Locate("web", "pid"), "compose.override.yaml:2:3-2:6"},
		{"unknown service falls back to line 1", p.Locate("nope", "pid"), "compose.yaml:1:1-1:9"},
	}
	for _, c := range cases {
		if got := where(c.loc); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
	if filepath.Base(filepath.Dir(cases[2].loc.Path)) != "inc" {
		t.Errorf("include location in %s, want inc/compose.yaml", cases[2].loc.Path)
	}
	ports := map[string]string{}
	for _, port := range p.Service("web").Config.Ports {
		ports[port.Published] = where(p.LocatePort("web", port))
	}
	for pub, want := range map[string]string{
		"9001": "compose.yaml:13:9-13:30", // a range item matches each port it expands to
		"8888": "compose.yaml:14:9-14:31", // matched after interpolation
		"8082": "compose.yaml:15:9-15:19", // long syntax: the item's first line
		"7000": "compose.override.yaml:5:9-5:18",
	} {
		if ports[pub] != want {
			t.Errorf("port %s at %s, want %s", pub, ports[pub], want)
		}
	}
	vol := p.Service("web").Config.Volumes[0]
	if got := where(p.LocateVolume("web", vol)); got != "base.yaml:7:9-7:50" {
		t.Errorf("volume at %s", got)
	}
	if src, ok := p.VolumeSource("web", vol); !ok || src != "/var/run/docker.sock" {
		t.Errorf("VolumeSource = %q, %v", src, ok)
	}
	if w, _ := p.Written("web", "image"); w != "nginx:${NGINX_TAG:-1.25}" {
		t.Errorf("Written = %q", w)
	}
	if loc, ok := p.Lookup("web", "pid"); ok {
		t.Errorf("Lookup of an unset key found %v", loc)
	}
}

func TestLocateItemMatcherSeesInterpolatedCopy(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "x-caps: &caps\n  - ${CAP}\nservices:\n  a:\n    image: alpine:3.20\n    cap_add: *caps\n",
		".env":         "CAP=BPF\n",
	})
	p := mustLoad(t, dir, "compose.yaml")
	var seen []string
	loc := p.locateItem("a", "cap_add", func(n *yaml.Node) bool {
		seen = append(seen, n.Value)
		return n.Value == "BPF"
	})
	if got := where(loc); got != "compose.yaml:2:5-2:11" {
		t.Errorf("alias item at %s (seen %v)", got, seen)
	}
}

func TestScalarRanges(t *testing.T) {
	text := "a: 'it''s'  # c\nb: \"x\\\"y\"\nc: plain value # c\nd: |\n  block\né: ü\n"
	f := source.NewFile("x.yaml", []byte(text))
	docs, err := parseYAML(f.Content, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := docs[0]
	want := []string{"1:4-1:11", "2:4-2:10", "3:4-3:15", "4:4-4:5", "6:4-6:5"}
	for i := 0; i < 5; i++ {
		r := scalarRange(f, m.Content[2*i+1])
		if got := r.Start.String() + "-" + r.End.String(); got != want[i] {
			t.Errorf("value %d: %s, want %s", i, got, want[i])
		}
	}
	if r := keyRange(f, m.Content[8], m.Content[9]); r.Start.String()+"-"+r.End.String() != "6:1-6:5" {
		t.Errorf("multibyte key range %v", r)
	}
}

func problemsOf(t *testing.T, files map[string]string, names ...string) (*Project, []Problem) {
	t.Helper()
	dir := writeTree(t, files)
	return load(t, dir, names...)
}

func TestProblems(t *testing.T) {
	deep := "services:\n  a:\n    image: x\n    labels:\n      x: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g"} {
		bomb += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	bomb += "services:\n  a:\n    image: x\n"
	cases := []struct {
		name, text string
		want       string // substring of the message
		line       int
		nilProject bool
	}{
		{"syntax", "services:\n  web:\n    image: [x\n", "invalid YAML", 0, true},
		{"duplicate key", "services:\n  web:\n    image: a\n    image: b\n", `mapping key "image" already defined at line 3`, 4, true},
		{"unknown key", "services:\n  web:\n    image: a\n    privilegd: true\n", "privilegd", 4, false},
		{"wrong type", "services:\n  web:\n    image: a\n    privileged: [1]\n", "must be a boolean", 4, false},
		{"unknown top-level key", "foo: 1\nservices:\n  web:\n    image: a\n", "'foo' not allowed", 1, false},
		{"required variable", "services:\n  web:\n    image: ${TAG?need a tag}\n", "required variable TAG", 3, false},
		{"undefined network", "services:\n  web:\n    image: a\n    networks: [nope]\n", "undefined network", 2, false},
		{"not a mapping", "- a\n", "mapping at top level", 1, true},
		{"depth", deep, "nesting deeper", 0, true},
		{"alias bomb", bomb, "YAML nodes after alias expansion", 0, true},
		{"env_file outside", "services:\n  web:\n    image: a\n    env_file: /proc/self/environ\n", "outside the linted tree", 4, false},
		{"env_file escape", "services:\n  web:\n    image: a\n    env_file:\n      - path: ../../etc/passwd\n", "outside the linted tree", 5, false},
		{"extends outside", "services:\n  web:\n    extends:\n      file: /etc/compose.yaml\n      service: x\n    image: a\n", "extends file", 4, false},
		{"include outside", "include:\n  - ../outside.yaml\nservices:\n  web:\n    image: a\n", "include", 2, false},
		{"remote include", "include:\n  - oci://example.com/x:1\nservices:\n  web:\n    image: a\n", "remote include", 2, false},
		{"dockerfile outside", "services:\n  web:\n    build:\n      context: .\n      dockerfile: /etc/hostname\n", "outside the linted tree", 5, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, problems := problemsOf(t, map[string]string{"compose.yaml": c.text}, "compose.yaml")
			if len(problems) == 0 {
				t.Fatalf("no problem")
			}
			pr := problems[0]
			if !strings.Contains(pr.Message, c.want) {
				t.Errorf("message %q lacks %q", pr.Message, c.want)
			}
			if c.line > 0 && pr.Location.Start.Line != c.line {
				t.Errorf("line %d, want %d (%s)", pr.Location.Start.Line, c.line, pr.Message)
			}
			if filepath.Base(pr.Location.Path) != "compose.yaml" {
				t.Errorf("path %q", pr.Location.Path)
			}
			if (p == nil) != c.nilProject {
				t.Errorf("project nil = %v, want %v", p == nil, c.nilProject)
			}
		})
	}
}

func TestSymlinkOutOfRootIsNotFollowed(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.env": "TOKEN=s3cr3t\n", "base.yaml": "services:\n  b:\n    image: x\n    privileged: true\n"})
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n  web:\n    image: a:${TOKEN:-1}\n    extends:\n      file: link.yaml\n      service: b\n",
	})
	if err := os.Symlink(filepath.Join(outside, "secret.env"), filepath.Join(dir, ".env")); err != nil {
		t.Skip(err)
	}
	_ = os.Symlink(filepath.Join(outside, "base.yaml"), filepath.Join(dir, "link.yaml"))
	p, problems := load(t, dir, "compose.yaml")
	if len(problems) == 0 {
		t.Fatal("no problem for a .env symlinked out of the root")
	}
	if p != nil {
		t.Fatalf("project loaded with an unreadable .env")
	}
	os.Remove(filepath.Join(dir, ".env"))
	p, problems = load(t, dir, "compose.yaml")
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "extends file") {
		t.Fatalf("problems = %v", problems)
	}
	if p == nil || p.Service("web").Config.Privileged {
		t.Fatalf("extends base outside the root was followed")
	}
}

func TestProcessEnvironmentIsNotRead(t *testing.T) {
	t.Setenv("DOCKGUARD_TEST_SECRET", "s3cr3t")
	dir := writeTree(t, map[string]string{"compose.yaml": "services:\n  web:\n    image: a:${DOCKGUARD_TEST_SECRET:-safe}\n"})
	p := mustLoad(t, dir, "compose.yaml")
	if got := p.Service("web").Config.Image; got != "a:safe" {
		t.Errorf("image = %q: the process environment leaked into interpolation", got)
	}
	p, _ = Load(context.Background(), LoadOptions{Files: []string{filepath.Join(dir, "compose.yaml")}, UseEnv: true,
		Getenv: func(k string) string { return map[string]string{"DOCKGUARD_TEST_SECRET": "v2"}[k] }})
	if got := p.Service("web").Config.Image; got != "a:v2" {
		t.Errorf("image with UseEnv = %q", got)
	}
}

func TestProfilesAndDockerfile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml":   "services:\n  web:\n    build:\n      context: app\n      target: run\n      args: {UID: \"0\"}\n  debug:\n    image: busybox:1\n    profiles: [debug]\n",
		"app/Dockerfile": "FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20 AS run\nARG UID=1000\nUSER $UID\n",
	})
	p := mustLoad(t, dir, "compose.yaml")
	if p.Service("debug") == nil {
		t.Error("services in profiles are linted by default")
	}
	d := p.Service("web").Dockerfile
	if d == nil || d.Stage == nil || d.Stage.Name != "run" {
		t.Fatalf("dockerfile = %+v", d)
	}
	if u, _ := d.Stage.EffectiveUser(); u != "0" {
		t.Errorf("build args not applied: user %q", u)
	}
	p, _ = Load(context.Background(), LoadOptions{Files: []string{filepath.Join(dir, "compose.yaml")}, Profiles: []string{"other"}})
	if p.Service("debug") != nil {
		t.Error("profile filter ignored")
	}
}

// TestDockerfileUnread: why a service's Dockerfile was not read, for DC002.
func TestDockerfileUnread(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n  ok:\n    build: ./app\n  missing:\n    build: ./gone\n" +
			"  remote:\n    build: https://github.com/acme/app.git\n  bad:\n    build:\n      context: ./app\n      dockerfile: Bad.Dockerfile\n",
		"app/Dockerfile":     "FROM alpine:3.20\n",
		"app/Bad.Dockerfile": "FROM alpine:3.20\nHEALTHCHECK --interval=oops CMD true\n",
	})
	p := mustLoad(t, dir, "compose.yaml")
	for name, want := range map[string]string{
		"ok":      "",
		"missing": "builds a Dockerfile, which does not exist", // display paths are absolute here: never in a message
		"remote":  "builds from a remote context",
		"bad":     "", // a syntax error is DF000's
	} {
		s := p.Service(name)
		if s.DockerfileUnread != want {
			t.Errorf("%s: DockerfileUnread = %q, want %q", name, s.DockerfileUnread, want)
		}
		if (s.Dockerfile != nil) != (name == "ok") {
			t.Errorf("%s: Dockerfile = %v", name, s.Dockerfile)
		}
	}
}
