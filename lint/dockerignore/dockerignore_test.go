package dockerignore

import (
	"strings"
	"testing"
)

func TestParseAndMatch(t *testing.T) {
	f, err := Parse(".dockerignore", []byte("\xEF\xBB\xBF# comment\n  node_modules  \n/secrets/\n**/*.log\n\n #not a comment\n"))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range f.Patterns {
		texts = append(texts, p.Text)
	}
	if got := strings.Join(texts, ","); got != "node_modules,secrets,**/*.log,#not a comment" {
		t.Errorf("patterns %q", got)
	}
	if f.Patterns[1].Line != 3 {
		t.Errorf("line of secrets = %d", f.Patterns[1].Line)
	}
	for p, want := range map[string]bool{
		"node_modules": true, "node_modules/x/y.js": true, "./secrets/key": true, "/secrets": true,
		"a/b/c.log": true, "c.log": true, "src/app.js": false, ".": false, "/": false, "secretsx": false,
	} {
		if got := f.Excludes(p); got != want {
			t.Errorf("Excludes(%q) = %v, want %v", p, got, want)
		}
	}
	if pt := f.Match("a/b.log"); pt == nil || pt.Line != 4 {
		t.Errorf("Match(a/b.log) = %+v", pt)
	}
	if f.Match("src") != nil || f.HasExclusions() || f.RootIgnored() {
		t.Error("src matched, or exclusions/root reported")
	}
	g, err := Parse("x", []byte("*\n!src\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !g.HasExclusions() || !g.RootIgnored() || g.Excludes("src/a.go") || !g.Excludes("README.md") || !g.Excludes(".") {
		t.Error("allowlist file misread")
	}
	if g.LineRange(2).Start.Line != 2 {
		t.Error("LineRange")
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"!\n", "[\n", "a/[z-a\n"} {
		if _, err := Parse("x", []byte(bad)); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
	if f, err := Parse("x", nil); err != nil || f.Excludes("a") {
		t.Errorf("empty file: %v", err)
	}
}
