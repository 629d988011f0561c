package compose

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	return linttest.WriteTree(t, t.TempDir(), files)
}

func runRule(r *rule.Rule, proj *compose.Project, path string) []rule.Finding {
	var out []rule.Finding
	r.Compose(rule.NewPass(r, path, nil, func(f rule.Finding) { out = append(out, f) }), proj)
	return out
}

// A long-syntax published: that carries an address is a port the engine
// refuses (its ParsePortRange): one DC000 problem at the value, and neither
// DC006 nor DC014 says it is published on all interfaces.
func TestPublishedAddressIsInvalidNotAllInterfaces(t *testing.T) {
	dir := writeFiles(t, map[string]string{"compose.yaml": `services:
  web:
    image: node:22
    ports:
      - target: 8000
        published: 127.0.0.1:8080
      - target: 6379
        published: "127.0.0.1"
      - target: 8001
        published: "8001"
        host_ip: 127.0.0.1
      - target: 8002
        published: 8000-8001
        host_ip: 127.0.0.1
`})
	file := filepath.Join(dir, "compose.yaml")
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{file}, Root: dir})
	if proj == nil {
		t.Fatalf("no project: %v", problems)
	}
	want := []struct {
		line, col int
		msg       string
	}{
		{6, 20, `service "web": published "127.0.0.1:8080" is not a port number or range, and the Docker engine refuses to create the container (invalid port specification); write the address as host_ip: "127.0.0.1" and only the port in published:`},
		{8, 20, `published "127.0.0.1" is not a port number or range`},
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %v, want %d", problems, len(want))
	}
	for i, w := range want {
		p := problems[i]
		if p.Location.Start.Line != w.line || p.Location.Start.Col != w.col || !strings.Contains(p.Message, w.msg) {
			t.Errorf("problem %d: %d:%d %q, want %d:%d %q", i, p.Location.Start.Line, p.Location.Start.Col, p.Message, w.line, w.col, w.msg)
		}
	}
	for _, r := range []*rule.Rule{PortAllInterfaces, SensitivePortPublished} {
		if got := runRule(r, proj, file); len(got) != 0 {
			t.Errorf("%s: %v", r.ID, got)
		}
	}
}

// DC001 names a Dockerfile outside the compose file's directory by its
// build context as written, never by a path of the machine.
func TestRootUserNamesDockerfileAsWritten(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"vote/Dockerfile":                "FROM python:3.12 AS dev\nRUN pip install flask\n\nFROM python:3.12 AS final\nUSER 10001\n",
		"result/docker-compose.test.yml": "services:\n  vote:\n    build:\n      context: ../vote/\n      target: dev\n",
	})
	file := filepath.Join(dir, "result", "docker-compose.test.yml")
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{file}, Root: dir})
	if proj == nil || len(problems) > 0 {
		t.Fatalf("load: %v", problems)
	}
	got := runRule(RootUser, proj, file)
	if len(got) != 1 {
		t.Fatalf("findings %v, want 1", got)
	}
	f := got[0]
	if f.Range.Start.Line != 5 || f.Range.Start.Col != 7 {
		t.Errorf("at %v, want 5:7", f.Range.Start)
	}
	if !strings.Contains(f.Message, `target "dev" of ../vote/Dockerfile,`) {
		t.Errorf("message %q does not name ../vote/Dockerfile", f.Message)
	}
	if strings.Contains(f.Message, dir) {
		t.Errorf("message %q has a path of the machine", f.Message)
	}
}

// DC015 reports a flat network once, with every other service involved as
// a related location.
func TestSegmentationRelated(t *testing.T) {
	file := filepath.Join("testdata", "dc015", "webapp.yaml")
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{file}, Root: filepath.Dir(file)})
	if proj == nil || len(problems) > 0 {
		t.Fatalf("load: %v", problems)
	}
	got := runRule(NoSegmentation, proj, file)
	if len(got) != 1 {
		t.Fatalf("findings %v, want 1", got)
	}
	var rel []string
	for _, r := range got[0].Related {
		rel = append(rel, r.Range.Start.String()+" "+r.Message)
	}
	want := []string{
		`14:3 service "nginx" publishes ports on network "default"`,
		`8:3 service "postgres" is a datastore on network "default"`,
		`11:3 service "redis" is a datastore on network "default"`,
	}
	if strings.Join(rel, "\n") != strings.Join(want, "\n") {
		t.Errorf("related:\n%s\nwant:\n%s", strings.Join(rel, "\n"), strings.Join(want, "\n"))
	}
}
