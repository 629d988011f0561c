package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules"
)

func registry(t *testing.T, extra ...*rule.Rule) *rule.Registry {
	t.Helper()
	reg, err := rule.NewRegistry(append(rules.All(), extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, reg *rule.Registry, root string, jobs int) *lint.Result {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{root}, Root: root, Registry: reg, Jobs: jobs})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// slowTests reports whether DOCKGUARD_SLOW_TESTS=1 asks for the slow
// variants (scripts/test, hence CI, sets it); -short never runs them.
func slowTests() bool {
	return !testing.Short() && os.Getenv("DOCKGUARD_SLOW_TESTS") == "1"
}

// TestParallelRunsAreDeterministic: the same findings, in the same order,
// whatever the parallelism. It lints this checkout (the rules' fixtures,
// testdata: some 200 files) or, with DOCKGUARD_SLOW_TESTS=1, the shared
// corpus (some 800 files, seconds per run) when it is present.
func TestParallelRunsAreDeterministic(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(corpus); err == nil && slowTests() {
		root, _ = filepath.Abs(corpus)
	}
	t.Logf("linting %s", root)
	reg := registry(t)
	want := run(t, reg, root, 1)
	if len(want.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, jobs := range []int{2, 8} {
		got := run(t, reg, root, jobs)
		for i := range got.Findings {
			if i < len(want.Findings) && !reflect.DeepEqual(got.Findings[i], want.Findings[i]) {
				t.Logf("first difference at %d:\n got %+v\nwant %+v", i, got.Findings[i], want.Findings[i])
				break
			}
		}
		if !reflect.DeepEqual(got.Findings, want.Findings) || got.FilesLinted != want.FilesLinted {
			t.Errorf("jobs=%d: %d findings in %d files, want %d in %d (or a different order)",
				jobs, len(got.Findings), got.FilesLinted, len(want.Findings), want.FilesLinted)
		}
	}
}

func fingerprints(res *lint.Result) map[string]string {
	m := map[string]string{}
	for _, f := range res.Findings {
		m[f.Fingerprint] = f.RuleID
	}
	return m
}

// TestFingerprintsSurviveEditsAbove: code scanning tracks an alert by its
// fingerprint, so inserting unrelated lines above a finding must not
// change it; two identical offending lines still get distinct ones.
func TestFingerprintsSurviveEditsAbove(t *testing.T) {
	reg := registry(t)
	dir := t.TempDir()
	body := "FROM alpine\nEXPOSE 22\nEXPOSE 22\nENV DB_PASSWORD=hunter2\n"
	compose := "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
	write(t, dir, "Dockerfile", body)
	write(t, dir, "compose.yaml", compose)
	before := run(t, reg, dir, 0)

	write(t, dir, "Dockerfile", "# a new comment\nARG UNUSED=1\n\n"+body)
	write(t, dir, "compose.yaml", "# header\nx-note: {}\n"+compose)
	after := run(t, reg, dir, 0)

	fb, fa := fingerprints(before), fingerprints(after)
	if len(fb) != len(before.Findings) {
		t.Errorf("fingerprints are not unique: %d for %d findings", len(fb), len(before.Findings))
	}
	for fp, id := range fb {
		if fa[fp] != id {
			t.Errorf("%s finding changed its fingerprint after lines were added above it", id)
		}
	}
	n22 := 0
	for _, f := range before.Findings {
		if f.RuleID == "DF006" {
			n22++
		}
		if strings.Contains(f.Message, "hunter2") || strings.Contains(f.Fingerprint, "hunter2") {
			t.Errorf("secret value echoed: %+v", f)
		}
	}
	if n22 != 2 {
		t.Errorf("want two DF006 findings for the two EXPOSE 22 lines, got %d", n22)
	}
}

// TestPanickingRuleIsContained: a rule that panics on one file becomes a
// finding on that file; other files and other rules still report.
func TestPanickingRuleIsContained(t *testing.T) {
	boom := &rule.Rule{
		Meta: rule.Meta{ID: "DF999", Name: "test-panics", Severity: rule.Warning, Summary: "panics on a marker", RuleSet: rule.Default, Since: "0.1"},
		Dockerfile: func(p *rule.Pass, f *dockerfile.File) {
			if strings.Contains(string(f.Source.Content), "PANIC") {
				panic("boom")
			}
		},
	}
	reg := registry(t, boom)
	dir := t.TempDir()
	write(t, dir, "a/Dockerfile", "# PANIC\nFROM alpine\n")
	write(t, dir, "b/Dockerfile", "FROM alpine\n")
	res := run(t, reg, dir, 0)
	var internal, otherFile bool
	for _, f := range res.Findings {
		if f.Path == filepath.Join(dir, "a", "Dockerfile") || strings.HasSuffix(f.Path, "a/Dockerfile") {
			if f.RuleID == "DF000" && strings.Contains(f.Message, "internal error") {
				internal = true
			}
		}
		if strings.HasSuffix(f.Path, "b/Dockerfile") && f.RuleID == "DF004" {
			otherFile = true
		}
	}
	if !internal || !otherFile {
		t.Errorf("internal finding %v, other file linted %v: %v", internal, otherFile, res.Findings)
	}
}

// TestConfigSeverityAndIgnores: the engine applies the configuration's
// severity overrides and per-service exceptions after the rules ran.
func TestConfigSeverityAndIgnores(t *testing.T) {
	reg := registry(t)
	dir := t.TempDir()
	write(t, dir, ".dockguard.yaml", "rules:\n  DC003:\n    ignore-services: [buildkitd]\n  DC006: error\n")
	write(t, dir, "compose.yaml", "services:\n  buildkitd:\n    image: moby/buildkit:v0.18.0\n    privileged: true\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports: [\"8080:80\"]\n")
	res := run(t, reg, dir, 0)
	var priv []string
	for _, f := range res.Findings {
		switch f.RuleID {
		case "DC003":
			priv = append(priv, f.Subject)
		case "DC006":
			if f.Severity != rule.Error {
				t.Errorf("DC006 severity %s, want error from the config", f.Severity)
			}
		}
	}
	if !reflect.DeepEqual(priv, []string{"web"}) {
		t.Errorf("DC003 subjects %v, want [web] (buildkitd is excepted)", priv)
	}
}

// TestComposeFixtures runs the whole engine over each project in
// testdata/compose and checks, for the rules its want.txt names, every
// finding: `file:line:col RULE regexp` per line, nothing missing, nothing
// else of those rules. They cover what the compose front end adds to
// what the rules see: lenient loading after compose-go rejects a project,
// and Dockerfiles written inline.
func TestComposeFixtures(t *testing.T) {
	reg := registry(t)
	dirs, err := filepath.Glob(filepath.Join("testdata", "compose", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			abs, _ := filepath.Abs(dir)
			raw, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			type want struct {
				where, rule string
				re          *regexp.Regexp
				met         bool
			}
			var wants []*want
			rules := map[string]bool{}
			for _, line := range strings.Split(string(raw), "\n") {
				if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				parts := strings.SplitN(line, " ", 3)
				if len(parts) < 3 {
					t.Fatalf("bad want line %q", line)
				}
				wants = append(wants, &want{where: parts[0], rule: parts[1], re: regexp.MustCompile(parts[2])})
				rules[parts[1]] = true
			}
			res, err := lint.Run(context.Background(), lint.Options{Paths: []string{abs}, Root: abs, Registry: reg,
				FlagConfig: &config.Config{RuleSet: finding.RuleSetAll}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				if !rules[f.RuleID] {
					continue
				}
				p := f.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(res.WorkDir, p)
				}
				rel, _ := filepath.Rel(abs, p)
				at := fmt.Sprintf("%s:%d:%d", filepath.ToSlash(rel), f.Range.Start.Line, f.Range.Start.Col)
				found := false
				for _, w := range wants {
					if !w.met && w.where == at && w.rule == f.RuleID && w.re.MatchString(f.Message) {
						w.met, found = true, true
						break
					}
				}
				if !found {
					t.Errorf("unexpected %s %s: %s", at, f.RuleID, f.Message)
				}
			}
			for _, w := range wants {
				if !w.met {
					t.Errorf("missing %s %s %q", w.where, w.rule, w.re)
				}
			}
		})
	}
}

// TestFingerprintIndependentOfInvocation: a finding's fingerprint (SARIF's
// partialFingerprints, the baseline's key) is the same whichever path
// names the file, as long as the root is the same.
func TestFingerprintIndependentOfInvocation(t *testing.T) {
	root := t.TempDir()
	write(t, root, "svc/compose.yaml", "services:\n  app:\n    image: alpine:3.20\n    privileged: true\n")
	fp := func(paths ...string) string {
		res, err := lint.Run(context.Background(), lint.Options{Paths: paths, Root: root, Registry: registry(t)})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.RuleID == "DC003" {
				return f.Fingerprint
			}
		}
		t.Fatalf("no DC003 in %v", res.Findings)
		return ""
	}
	a := fp(root)
	if b := fp(filepath.Join(root, "svc")); a != b {
		t.Errorf("fingerprint depends on the path given: %s vs %s", a, b)
	}
	if b := fp(filepath.Join(root, "svc", "compose.yaml")); a != b {
		t.Errorf("fingerprint depends on the path given: %s vs %s", a, b)
	}
}
