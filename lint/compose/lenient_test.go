package compose

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/source"
)

// problemsText renders problems as base:line:col-line:col message, one per line.
func problemsText(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s\n", where(p.Location), p.Message)
	}
	return b.String()
}

func wantProblem(t *testing.T, ps []Problem, at, msg string) {
	t.Helper()
	for _, p := range ps {
		if where(p.Location) == at && strings.Contains(p.Message, msg) {
			return
		}
	}
	t.Errorf("no problem at %s with %q in:\n%s", at, msg, problemsText(ps))
}

// TestLenientBadVolume: compose-go rejects a short volume spec without
// saying where (corpus: plex). The error is placed at the volume, the
// project is linted without it, and the message says the results are partial.
func TestLenientBadVolume(t *testing.T) {
	p, ps := problemsOf(t, map[string]string{"compose.yaml": `services:
  plex:
    image: linuxserver/plex
    network_mode: host
    volumes:
      - ${PLEX_MEDIA_PATH}:/media/
      - ./config:/config
`}, "compose.yaml")
	if len(ps) != 1 {
		t.Fatalf("problems:\n%s", problemsText(ps))
	}
	wantProblem(t, ps, "compose.yaml:6:9-6:35", "invalid spec: :/media/: empty section between colons"+partialNote)
	if p == nil {
		t.Fatal("nothing linted")
	}
	s := p.Service("plex")
	if s.Config.NetworkMode != "host" || s.Config.Image != "linuxserver/plex" {
		t.Errorf("service = %+v", s.Config)
	}
	if len(s.Config.Volumes) != 1 || s.Config.Volumes[0].Target != "/config" {
		t.Errorf("volumes = %+v", s.Config.Volumes)
	}
	if got := where(p.Locate("plex", "network_mode")); got != "compose.yaml:4:5-4:23" {
		t.Errorf("network_mode at %s", got)
	}
}

// TestLenientSeveralErrors: each error at its own place, the same on every
// run (compose-go reports one of several in map order).
func TestLenientSeveralErrors(t *testing.T) {
	files := map[string]string{"compose.yaml": `x-bad: &bad ":/x:"
services:
  a:
    image: nginx:1.27
    volumes:
      - ":/a:"
      - ./ok:/ok
  b:
    image: nginx:1.27
    privileged: true
    volumes:
      - *bad
  c:
    image: nginx:1.27
    ports:
      - "80:80"
`, "compose.override.yaml": `services:
  c:
    volumes:
      - ":/c:"
`}
	var first string
	for i := 0; i < 5; i++ {
		p, ps := problemsOf(t, files, "compose.yaml", "compose.override.yaml")
		if p == nil {
			t.Fatalf("nothing linted:\n%s", problemsText(ps))
		}
		lines := strings.Split(problemsText(ps), "\n")
		sort.Strings(lines) // the engine sorts findings
		got := strings.Join(lines, "\n")
		if i == 0 {
			first = got
			wantProblem(t, ps, "compose.yaml:6:9-6:15", `invalid spec: :/a:`)
			wantProblem(t, ps, "compose.yaml:12:9-12:13", `invalid spec: :/x:`) // the alias, not its anchor
			wantProblem(t, ps, "compose.override.yaml:4:9-4:15", `invalid spec: :/c:`)
			if len(ps) != 3 {
				t.Errorf("problems:\n%s", got)
			}
			if !p.Service("b").Config.Privileged || len(p.Service("c").Config.Ports) != 1 || len(p.Service("a").Config.Volumes) != 1 {
				t.Errorf("the rest of the services is not loaded")
			}
		} else if got != first {
			t.Fatalf("run %d differs:\n%s\nfirst:\n%s", i, got, first)
		}
	}
}

// TestLenientVersion1: services at the top level (version-1 format) are
// linted as services, at their own positions; `net:` is network_mode.
func TestLenientVersion1(t *testing.T) {
	p, ps := problemsOf(t, map[string]string{"docker-compose.yml": `vpn:
  image: jess/openvpn:1.0
  volumes:
    - .:/etc/openvpn
    - /etc/resolv.conf:/etc/resolv.conf
  net: host
  cap_add:
    - NET_ADMIN
`}, "docker-compose.yml")
	if len(ps) != 1 {
		t.Fatalf("problems:\n%s", problemsText(ps))
	}
	wantProblem(t, ps, "docker-compose.yml:1:1-1:4", "version-1 compose file")
	if p == nil {
		t.Fatal("nothing linted")
	}
	s := p.Service("vpn")
	if s == nil || s.Config.NetworkMode != "host" || len(s.Config.CapAdd) != 1 || len(s.Config.Volumes) != 2 {
		t.Fatalf("service = %+v", s)
	}
	if got := where(p.Locate("vpn", "network_mode")); got != "docker-compose.yml:6:3-6:12" {
		t.Errorf("network_mode at %s", got)
	}
	if got := where(p.LocateVolume("vpn", s.Config.Volumes[1])); got != "docker-compose.yml:5:7-5:40" {
		t.Errorf("volume at %s", got)
	}
}

// TestLenientMissingReferences: an extends or include whose file is
// missing is reported where it is named and left out; the rest is linted,
// and a service that only lacks an image because of it is not reported.
func TestLenientMissingReferences(t *testing.T) {
	p, ps := problemsOf(t, map[string]string{
		"compose.yaml": `include:
  - common.yaml
  - other.yaml
services:
  test:
    extends:
      file: missing.yaml
      service: foo
    privileged: true
  ok:
    extends:
      file: base.yaml
      service: base
  plain:
    image: nginx:1.27
`,
		"base.yaml":  "services:\n  base:\n    image: busybox:1.36\n    cap_add: [NET_ADMIN]\n",
		"other.yaml": "services:\n  other:\n    image: redis:7\n",
	}, "compose.yaml")
	if len(ps) != 2 {
		t.Errorf("problems:\n%s", problemsText(ps))
	}
	wantProblem(t, ps, "compose.yaml:2:5-2:16", "common.yaml: no such file or directory"+partialNote)
	wantProblem(t, ps, "compose.yaml:7:13-7:25", "missing.yaml: no such file or directory"+partialNote)
	if p == nil {
		t.Fatal("nothing linted")
	}
	if !p.Service("test").Config.Privileged {
		t.Error("test lost its own settings")
	}
	if s := p.Service("ok"); s == nil || s.Config.Image != "busybox:1.36" || len(s.Config.CapAdd) != 1 {
		t.Errorf("the other extends is not followed: %+v", s)
	}
	if p.Service("other") == nil || p.Service("plain") == nil {
		t.Error("the rest of the project is not loaded")
	}
}

// TestLenientSchemaAndInterpolation: what compose-go validates is reported
// where it is, once, and the rest is linted.
func TestLenientSchemaAndInterpolation(t *testing.T) {
	p, ps := problemsOf(t, map[string]string{"compose.yaml": `services:
  web:
    image: nginx:1.27
    privilegd: true
    network_mode: host
  db:
    image: postgres:16
    privileged: [1]
  job:
    image: ${ID:?ID must be set}
    user: root
`}, "compose.yaml")
	if len(ps) != 3 {
		t.Errorf("problems:\n%s", problemsText(ps))
	}
	wantProblem(t, ps, "compose.yaml:4:5-4:20", "privilegd is not a Compose key")
	wantProblem(t, ps, "compose.yaml:8:5-8:15", "must be a boolean")
	wantProblem(t, ps, "compose.yaml:10:5-10:33", "required variable ID is missing a value")
	if p == nil {
		t.Fatal("nothing linted")
	}
	if p.Service("web").Config.NetworkMode != "host" || p.Service("job").Config.User != "root" {
		t.Error("the rest of the project is not loaded")
	}
	p, ps = problemsOf(t, map[string]string{"compose.yaml": "services:\n  job:\n    image: ${ID:?ID must be set}\n    user: root\n"}, "compose.yaml")
	wantProblem(t, ps, "compose.yaml:3:5-3:33", "required variable ID is missing a value: ID must be set"+partialNote)
	if p == nil || p.Service("job").Config.User != "root" || p.Service("job").Config.Image != "" {
		t.Errorf("project = %+v", p)
	}
}

func TestHostBind(t *testing.T) {
	p := mustLoad(t, writeTree(t, map[string]string{"compose.yaml": `services:
  web:
    image: nginx:1.27
    volumes:
      - vol:/data:ro
      - plain:/plain
      - /etc:/etc2
volumes:
  vol:
    driver: local
    driver_opts:
      o: bind
      device: /var/lib/backup
  plain: {}
`}), "compose.yaml")
	s := p.Service("web")
	b, ok := p.HostBind("web", s.Config.Volumes[0])
	if !ok || b.Source != "/var/lib/backup" || b.Volume != "vol" || !b.ReadOnly {
		t.Fatalf("bind = %+v %v", b, ok)
	}
	if got := where(b.Definition); got != "compose.yaml:13:7-13:30" {
		t.Errorf("definition at %s", got)
	}
	if _, ok := p.HostBind("web", s.Config.Volumes[1]); ok {
		t.Error("a plain named volume binds no host path")
	}
	if b, ok := p.HostBind("web", s.Config.Volumes[2]); !ok || b.Source != "/etc" || b.Volume != "" {
		t.Errorf("bind mount = %+v", b)
	}
}

func TestInlinePlace(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n" +
			"  a:\n    build:\n      dockerfile_inline: |\n        FROM alpine\n          RUN echo ${TAG} && true\n\n        USER app\n" +
			"  b:\n    build:\n      dockerfile_inline: \"FROM busybox\\nRUN x\"\n" +
			"  c:\n    build:\n      dockerfile_inline: FROM debian\n        AS base\n",
		".env": "TAG=1.2.3.4.5",
	})
	p := mustLoad(t, dir, "compose.yaml")
	byService := map[string]*InlineDockerfile{}
	for _, d := range p.InlineDockerfiles() {
		byService[d.Service] = d
	}
	rg := func(l1, c1, l2, c2 int) source.Range {
		return source.Range{Start: source.Pos{Line: l1, Col: c1}, End: source.Pos{Line: l2, Col: c2}}
	}
	cases := []struct {
		svc   string
		in    source.Range
		want  string
		exact bool
	}{
		{"a", rg(1, 6, 1, 12), "5:14-5:20", true},    // alpine
		{"a", rg(2, 3, 2, 11), "6:11-6:19", true},    // RUN echo: before the variable
		{"a", rg(2, 25, 2, 29), "6:30-6:34", true},   // true: after it
		{"a", rg(2, 12, 2, 15), "6:20-6:34", false},  // inside ${TAG}: from it to the end of the line
		{"a", rg(4, 1, 4, 9), "8:9-8:17", true},      // USER app
		{"b", rg(2, 1, 2, 6), "11:41-11:46", true},   // RUN x after \n
		{"c", rg(1, 6, 1, 12), "14:26-14:37", false}, // a plain scalar folded from two lines: its first line
		{"a", rg(1, 1, 9, 1), "5:9-5:9", false},      // past the end
	}
	for _, c := range cases {
		d := byService[c.svc]
		if d == nil || d.File == nil {
			t.Fatalf("no inline Dockerfile for %s: %+v", c.svc, d)
		}
		got, exact := d.Place(c.in)
		if s := got.Start.String() + "-" + got.End.String(); s != c.want || exact != c.exact {
			t.Errorf("%s %v: got %s exact=%v, want %s exact=%v", c.svc, c.in, s, exact, c.want, c.exact)
		}
	}
}

func TestHooks(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": `services:
  app:
    extends:
      file: base.yaml
      service: base
    image: alpine:3.20
    user: "1000"
    post_start:
      - command: one
        user: root
    pre_start:
      - command: init
      - image: busybox
        command: init2
`,
		"compose.override.yaml": "services:\n  app:\n    post_start:\n      - command: two\n        privileged: true\n",
		"base.yaml":             "services:\n  base:\n    image: x\n    post_start:\n      - command: zero\n",
	})
	p := mustLoad(t, dir, "compose.yaml", "compose.override.yaml")
	var got []string
	for _, h := range p.Hooks(p.Service("app")) {
		got = append(got, fmt.Sprintf("%s user=%q/%v priv=%v image=%q/%v at %s", h.Name(), h.User, h.Sets("user"), h.Privileged, h.Image, h.Sets("image"), where(h.Locate("user"))))
	}
	want := []string{
		`pre_start hook 1 user="1000"/false priv=false image="alpine:3.20"/false at compose.yaml:12:9-12:22`,
		`pre_start hook 2 user="1000"/false priv=false image="busybox"/true at compose.yaml:13:9-13:23`,
		`post_start hook 1 user=""/false priv=false image=""/false at base.yaml:5:9-5:22`,
		`post_start hook 2 user="root"/true priv=false image=""/false at compose.yaml:10:9-10:19`,
		`post_start hook 3 user=""/false priv=true image=""/false at compose.override.yaml:4:9-4:21`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hooks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestScaledContainerNameLeftToRule: compose-go's refusal of container_name
// on a service with several replicas is the DC038 rule's, for every such
// service; the project loads whole, and other consistency errors of the
// same project are still reported.
func TestScaledContainerNameLeftToRule(t *testing.T) {
	p, ps := problemsOf(t, map[string]string{"compose.yaml": `services:
  a:
    image: nginx:1.27
    container_name: web-a
    scale: 2
  b:
    image: nginx:1.27
    container_name: web-b
    deploy:
      replicas: 3
  c:
    image: nginx:1.27
    networks: [nope]
`}, "compose.yaml")
	if len(ps) != 1 {
		t.Errorf("problems:\n%s", problemsText(ps))
	}
	wantProblem(t, ps, "compose.yaml:11:3-11:4", "undefined network nope")
	if p == nil || p.Service("a").Config.GetScale() != 2 || p.Service("b").Config.GetScale() != 3 || p.Service("b").Config.ContainerName != "web-b" {
		t.Fatalf("project not loaded whole: %+v", p)
	}
	for _, msg := range []string{"services.scale: can't set container_name and a as container name must be unique", "services.b: can't set container_name and deploy.replicas as container name must be unique"} {
		if name, ok := scaledContainerName(msg); !ok || (name != "a" && name != "b") {
			t.Errorf("%q: got %q, %v", msg, name, ok)
		}
	}
}
