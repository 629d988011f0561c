package compose

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/source"
)

func TestEntries(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": `x-env: &env
  SHARED_TOKEN: abc
services:
  web:
    image: nginx
    environment:
      <<: *env
      A: "1"
      B:
    labels:
      - com.example.x=y
      - "com.example.q=v w"
      - com.example.x=last
    build:
      context: .
      args:
        - TOKEN
        - VERSION=1
    command: ["sh", "-c", "exec app --password=\"hunter2\""]
    healthcheck:
      test: redis-cli -a hunter2 ping
`,
		"compose.override.yaml": `services:
  web:
    environment:
      - A=2
`,
		"Dockerfile": "FROM alpine:3.20\n",
	})
	p := mustLoad(t, dir, "compose.yaml", "compose.override.yaml")
	for _, c := range []struct {
		path, key, written string
		has                bool
		at                 string
	}{
		{"environment", "A", "2", true, "compose.override.yaml:4:11-4:12"},
		{"environment", "B", "", false, "compose.yaml:9:7-9:8"},
		{"environment", "SHARED_TOKEN", "abc", true, "compose.yaml:2:17-2:20"},
		{"labels", "com.example.x", "last", true, "compose.yaml:13:23-13:27"},
		{"labels", "com.example.q", "v w", true, "compose.yaml:12:24-12:27"},
		{"build.args", "TOKEN", "", false, "compose.yaml:17:11-17:16"},
		{"build.args", "VERSION", "1", true, "compose.yaml:18:19-18:20"},
	} {
		e, ok := p.Entry("web", c.path, c.key)
		if !ok {
			t.Errorf("%s %s: not found", c.path, c.key)
			continue
		}
		got := where(source.Location{Path: e.Path, Range: e.Range})
		if e.Written != c.written || e.HasValue != c.has || got != c.at {
			t.Errorf("%s %s = %q, %v at %s; want %q, %v at %s", c.path, c.key, e.Written, e.HasValue, got, c.written, c.has, c.at)
		}
	}
	if _, ok := p.Entry("web", "environment", "MISSING"); ok {
		t.Error("MISSING found")
	}
	if got := strings.Join(p.EntryKeys("web", "build.args"), ","); got != "TOKEN,VERSION" {
		t.Errorf("EntryKeys = %s", got)
	}
	args := p.Args("web", "command")
	if len(args) != 3 || !args[0].Listed || args[2].Written != `exec app --password="hunter2"` {
		t.Fatalf("Args(command) = %+v", args)
	}
	// Inside a double-quoted item with escapes, a part without quotes is placed exactly.
	i := strings.Index(args[2].Written, "hunter2")
	if got := where(source.Location{Path: args[2].Path, Range: args[2].Sub(i, i+7)}); got != "compose.yaml:19:50-19:57" {
		t.Errorf("Sub = %s", got)
	}
	hc := p.Args("web", "healthcheck.test")
	if len(hc) != 1 || hc[0].Listed {
		t.Fatalf("Args(healthcheck.test) = %+v", hc)
	}
	if got := where(source.Location{Path: hc[0].Path, Range: hc[0].Sub(13, 20)}); got != "compose.yaml:21:26-21:33" {
		t.Errorf("Sub = %s", got)
	}
}

func TestEnvFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": `services:
  db:
    image: postgres
    env_file:
      - db.env
      - path: ./opt.env
        required: false
`,
		"db.env": `# comment
export A=1
B = two # trailing
C="multi
line"
D='$NOT'
E: yaml-style
  F=indented
`,
		".env": "X=1\n",
	})
	p := mustLoad(t, dir, "compose.yaml")
	refs := p.EnvFileRefs("db")
	if len(refs) != 2 || filepath.Base(refs[0].Abs) != "db.env" || filepath.Base(refs[1].Abs) != "opt.env" {
		t.Fatalf("EnvFileRefs = %+v", refs)
	}
	if got := where(refs[1].Location); got != "compose.yaml:6:15-6:24" {
		t.Errorf("opt.env at %s", got)
	}
	if d := p.DotEnvFiles(); len(d) != 1 || filepath.Base(d[0]) != ".env" {
		t.Errorf("DotEnvFiles = %v", d)
	}
	if _, ok := p.ReadEnvFile(refs[1].Abs); ok {
		t.Error("a missing env file was read")
	}
	if _, ok := p.ReadEnvFile("/etc/hostname"); ok {
		t.Error("a file outside the tree was read")
	}
	f, ok := p.ReadEnvFile(refs[0].Abs)
	if !ok {
		t.Fatal("db.env not read")
	}
	var got []string
	for _, v := range f.Vars {
		q := ""
		if v.Quote != 0 {
			q = string(v.Quote)
		}
		got = append(got, v.Key+"="+q+v.Written+q+"@"+v.KeyRange.Start.String())
	}
	want := "A=1@2:8|B=two@3:1|C=\"multi\nline\"@4:1|D='$NOT'@6:1|E=yaml-style@7:1|F=indented@8:3"
	if strings.Join(got, "|") != want {
		t.Errorf("vars = %q\nwant   %q", strings.Join(got, "|"), want)
	}
}
