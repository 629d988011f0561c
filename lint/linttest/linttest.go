// Package linttest runs one rule over fixture files and compares its
// findings with expectations written in the fixtures, as analysistest does.
//
// A fixture directory holds cases:
//   - a Dockerfile case is a file whose name is Dockerfile*, *.Dockerfile,
//     Containerfile* or *.Containerfile;
//   - a compose case is a *.yaml / *.yml file (loaded alone), or a
//     subdirectory (a compose project: compose.yaml / docker-compose.yaml
//     first, then their override file, then other compose*.yaml in name order).
//   - a compose project with a file `.git-tracked` runs in a temporary git
//     repository: a copy of the case where exactly the files it lists (one
//     path a line, relative to the case) are tracked, and where a file
//     `gitignore` of the case becomes `.gitignore`. Without git on PATH such
//     a case is skipped.
//
// Expectations:
//   - Dockerfile: a comment line `# want DF004 col=6 "regexp"` expects a
//     finding of that rule starting at that column on the first line of the
//     next instruction (the finding may start on any line of that
//     instruction when `line=N` gives the exact line, as in
//     `# want DF006 line=+1 col=3`: the line relative to the instruction start).
//   - YAML: a trailing `# want DC003 col=5 "regexp"` on the line of the finding.
//   - `sev=error|warning|info` expects that severity. A graded rule (one
//     that declares Severities) must state it in every expectation, and its
//     fixtures must expect every severity it declares.
//
// Missing and unexpected findings both fail the test; so do wrong columns
// and severities. A case with no expectation must yield no finding of the rule.
//
// Fixes: when findings of a case carry fixes, every fix (safe and
// hardening) is applied as dockguard lint --fix=hardening would, and each
// changed file must equal its golden `<file>.fixed` beside it
// (DOCKGUARD_UPDATE_GOLDEN=1 writes them); the fixed case must still parse
// or load, and the rule run on it must no longer report the fixed findings.
// A `.fixed` file that no fix produces fails too.
package linttest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/rule"
)

// Run runs r over every case in dir with default settings.
func Run(t *testing.T, r *rule.Rule, dir string) {
	t.Helper()
	RunWith(t, r, dir, nil)
}

// RunWith runs r over every case in dir with the given settings.
func RunWith(t *testing.T, r *rule.Rule, dir string, settings *rule.Settings) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	var triggered, clean int
	graded := len(r.Severities) > 0
	expected := map[rule.Severity]bool{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		var findings []rule.Finding
		var wants []want
		var files []string // the case's compose files, or its Dockerfile
		gitCase := false
		switch {
		case e.IsDir():
			if r.Compose == nil {
				continue
			}
			if _, err := os.Stat(filepath.Join(p, ".git-tracked")); err == nil {
				repo, ok := gitCopy(t, p)
				if !ok {
					t.Logf("%s: git is not available; case skipped", p)
					triggered++ // counted as what it tests, so that the rest still checks
					continue
				}
				p = repo
				gitCase = true
			}
			files = composeFiles(t, p)
			findings, wants = runCompose(t, r, p, files, settings)
		case IsDockerfileName(e.Name()):
			if r.Dockerfile == nil {
				continue
			}
			files = []string{p}
			findings, wants = runDockerfile(t, r, p, settings)
		case strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml"):
			if r.Compose == nil {
				continue
			}
			files = []string{p}
			findings, wants = runCompose(t, r, p, files, settings)
		default:
			continue
		}
		if len(wants) > 0 {
			triggered++
		} else {
			clean++
		}
		for _, w := range wants {
			if graded && w.sev == rule.SeverityDefault {
				t.Errorf("%s:%d: %s is graded: say which severity is expected (sev=...)", w.path, w.line, r.ID)
			}
			expected[w.sev] = true
		}
		check(t, p, findings, wants)
		if !gitCase {
			checkFixes(t, r, p, files, findings, settings)
		}
	}
	if triggered == 0 || clean == 0 {
		t.Errorf("%s: need cases that trigger %s and cases that must not (have %d and %d)", dir, r.ID, triggered, clean)
	}
	if graded {
		for _, sev := range append([]rule.Severity{r.Severity}, r.Severities...) {
			if !expected[sev] {
				t.Errorf("%s: %s declares severity %s but no fixture expects it", dir, r.ID, sev)
			}
		}
	}
}

// IsDockerfileName reports whether a base name is a Dockerfile fixture
// (<fixture>.dockerignore beside it is that fixture's ignore file).
func IsDockerfileName(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".dockerignore") || strings.HasSuffix(n, FixedSuffix) { // a fixture's own ignore file, or a fix golden
		return false
	}
	return strings.HasPrefix(n, "dockerfile") || strings.HasPrefix(n, "containerfile") ||
		strings.HasSuffix(n, ".dockerfile") || strings.HasSuffix(n, ".containerfile")
}

type want struct {
	path   string
	line   int
	col    int
	ruleID string
	sev    rule.Severity // SeverityDefault: not checked
	re     *regexp.Regexp
	met    bool
}

var wantRE = regexp.MustCompile(`#\s*want\s+([A-Z]{2}[0-9]{3})((?:\s+(?:(?:line|col)=[+-]?[0-9]+|sev=[a-z]+))*)\s*(?:"((?:[^"\\]|\\.)*)")?\s*$`)
var kvRE = regexp.MustCompile(`(line|col|sev)=([+-]?[0-9]+|[a-z]+)`)

func parseWant(t *testing.T, path string, lineNo int, text string) (w want, lineSpec string, ok bool) {
	m := wantRE.FindStringSubmatch(text)
	if m == nil {
		if strings.Contains(text, "# want ") {
			t.Errorf("%s:%d: malformed want comment: %s", path, lineNo, text)
		}
		return want{}, "", false
	}
	w = want{path: path, ruleID: m[1], col: -1}
	for _, kv := range kvRE.FindAllStringSubmatch(m[2], -1) {
		switch kv[1] {
		case "col":
			w.col, _ = strconv.Atoi(kv[2])
		case "line":
			lineSpec = kv[2]
		case "sev":
			sev, err := finding.ParseSeverity(kv[2])
			if err != nil {
				t.Errorf("%s:%d: %v", path, lineNo, err)
			}
			w.sev = sev
		}
	}
	if w.col < 0 {
		t.Errorf("%s:%d: want without col=N", path, lineNo)
	}
	if m[3] != "" {
		s, err := strconv.Unquote(`"` + m[3] + `"`)
		if err != nil {
			s = m[3]
		}
		w.re, err = regexp.Compile(s)
		if err != nil {
			t.Errorf("%s:%d: bad regexp: %v", path, lineNo, err)
		}
	}
	return w, lineSpec, true
}

func runDockerfile(t *testing.T, r *rule.Rule, path string, settings *rule.Settings) ([]rule.Finding, []want) {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var findings []rule.Finding
	// The context is the fixture's directory; a fixture's own ignore file
	// is <fixture>.dockerignore beside it, as BuildKit reads it.
	f, err := dockerfile.Parse(path, content, dockerfile.ParseOptions{Context: dockerfile.LoadContext(path, 1<<20)})
	if err != nil {
		t.Errorf("%s: parse: %v", path, err)
		return nil, nil
	}
	r.Dockerfile(rule.NewPass(r, path, settings, func(x rule.Finding) { findings = append(findings, x) }), f)

	// Wants apply to the next instruction line.
	lines := strings.Split(strings.ReplaceAll(string(content), "\r\n", "\n"), "\n")
	var pending []want
	var pendingLine []string
	var wants []want
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "#") {
			if w, spec, ok := parseWant(t, path, i+1, trimmed); ok {
				pending = append(pending, w)
				pendingLine = append(pendingLine, spec)
			}
			continue
		}
		if trimmed == "" || len(pending) == 0 {
			continue
		}
		for j, w := range pending {
			w.line = i + 1
			if spec := pendingLine[j]; spec != "" {
				n, _ := strconv.Atoi(strings.TrimPrefix(spec, "+"))
				w.line += n
			}
			wants = append(wants, w)
		}
		pending, pendingLine = nil, nil
	}
	if len(pending) > 0 {
		t.Errorf("%s: want comment at end of file applies to nothing", path)
	}
	return findings, wants
}

func composeFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rank := func(n string) int {
		switch n {
		case "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml":
			return 0
		case "compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml":
			return 1
		}
		return 2
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasPrefix(n, "compose") || strings.HasPrefix(n, "docker-compose")) {
			continue
		}
		if strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
			files = append(files, n)
		}
	}
	sort.SliceStable(files, func(i, j int) bool {
		if rank(files[i]) != rank(files[j]) {
			return rank(files[i]) < rank(files[j])
		}
		return files[i] < files[j]
	})
	if len(files) == 0 {
		t.Fatalf("%s: no compose file", dir)
	}
	for i := range files {
		files[i] = filepath.Join(dir, files[i])
	}
	return files
}

func runCompose(t *testing.T, r *rule.Rule, casePath string, files []string, settings *rule.Settings) ([]rule.Finding, []want) {
	t.Helper()
	var findings []rule.Finding
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: files, Root: filepath.Dir(files[0])})
	for _, p := range problems {
		t.Errorf("%s: load problem: %s at %v", casePath, p.Message, p.Location)
	}
	if proj == nil {
		return nil, nil
	}
	r.Compose(rule.NewPass(r, files[0], settings, func(x rule.Finding) { findings = append(findings, x) }), proj)

	var wants []want
	// Wants live in every YAML file of the case (overrides, extends bases, includes).
	root := casePath
	if !isDir(casePath) {
		root = ""
	}
	var yamlFiles []string
	if root == "" {
		yamlFiles = files
	} else {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				yamlFiles = append(yamlFiles, p)
			}
			return nil
		})
	}
	for _, p := range yamlFiles {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(content), "\n") {
			idx := strings.Index(l, "# want ")
			if idx < 0 {
				continue
			}
			if w, _, ok := parseWant(t, p, i+1, strings.TrimRight(l[idx:], "\r")); ok {
				w.line = i + 1
				wants = append(wants, w)
			}
		}
	}
	return findings, wants
}

// gitCopy copies the case dir into a new git repository in which the files
// that its `.git-tracked` lists are tracked; false when git is not on PATH.
func gitCopy(t *testing.T, dir string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return "", false
	}
	repo := filepath.Join(t.TempDir(), filepath.Base(dir))
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Name() == "gitignore" {
			rel = filepath.Join(filepath.Dir(rel), ".gitignore")
		}
		dst := filepath.Join(repo, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join(dir, ".git-tracked"))
	if err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: git %v: %v\n%s", dir, args, err, out)
		}
	}
	git("init", "-q")
	files := []string{"add", "-f", "--"}
	for _, l := range strings.Split(string(list), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			files = append(files, l)
		}
	}
	if len(files) > 3 {
		git(files...)
	}
	return repo, true
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func check(t *testing.T, casePath string, findings []rule.Finding, wants []want) {
	t.Helper()
	for _, f := range findings {
		matched := false
		for i := range wants {
			w := &wants[i]
			if w.met || w.ruleID != f.RuleID || !samePath(w.path, f.Path) || w.line != f.Range.Start.Line {
				continue
			}
			if w.col >= 0 && w.col != f.Range.Start.Col {
				continue
			}
			if w.sev != rule.SeverityDefault && w.sev != f.Severity {
				continue
			}
			if w.re != nil && !w.re.MatchString(f.Message) {
				continue
			}
			w.met, matched = true, true
			break
		}
		if !matched {
			t.Errorf("%s: unexpected finding %s", casePath, describe(f))
		}
		if f.Range.End.Line < f.Range.Start.Line || (f.Range.End.Line == f.Range.Start.Line && f.Range.End.Col < f.Range.Start.Col) {
			t.Errorf("%s: finding ends before it starts: %s", casePath, describe(f))
		}
	}
	for _, w := range wants {
		if !w.met {
			re := ""
			if w.re != nil {
				re = fmt.Sprintf(" %q", w.re)
			}
			sev := ""
			if w.sev != rule.SeverityDefault {
				sev = " sev=" + w.sev.String()
			}
			t.Errorf("%s: missing finding %s at %s:%d:%d%s%s", casePath, w.ruleID, w.path, w.line, w.col, sev, re)
		}
	}
}

func samePath(a, b string) bool {
	return filepath.Clean(a) == filepath.Clean(b)
}

func describe(f rule.Finding) string {
	return fmt.Sprintf("%s:%d:%d-%d:%d %s %s: %s", f.Path, f.Range.Start.Line, f.Range.Start.Col, f.Range.End.Line, f.Range.End.Col, f.Severity, f.RuleID, f.Message)
}

// WriteTree writes files (slash-separated path relative to dir -> content)
// under dir, creating directories, and returns dir.
func WriteTree(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
