package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/internal/action/runnersim"
)

// hostileNames are file names a pull request may add. Each ends in
// .Dockerfile so that dockguard lints it.
var hostileNames = []string{
	"evil\n::add-mask::x.Dockerfile",
	"%0A::error file=forged::pct.Dockerfile",
	"a ##[set-output name=findings;]999.Dockerfile",
	"ghadelimiter_x\nfindings=999\nghadelimiter_x.Dockerfile",
	"esc\x1b[31mred.Dockerfile",
	"cr\r::warning::x.Dockerfile",
	"sub dir/déjà vu | `x` <b>.Dockerfile",
}

// actionStepEnv reads action.yml and returns the environment its "Run
// dockguard" step gives the binary: ${{ inputs.X }} replaced by the input
// (inputs) or its default, as the runner does.
func actionStepEnv(t *testing.T, inputs map[string]string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID  string            `yaml:"id"`
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Runs.Using != "composite" {
		t.Fatalf("action.yml runs.using = %q, want composite", meta.Runs.Using)
	}
	for name := range inputs {
		if _, ok := meta.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %q", name)
		}
	}
	expr := regexp.MustCompile(`^\$\{\{ *inputs\.([a-z-]+) *\}\}$`)
	for _, st := range meta.Runs.Steps {
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %q interpolates an expression into its script", st.ID)
		}
		if st.ID != "lint" {
			continue
		}
		env := map[string]string{}
		for k, v := range st.Env {
			if m := expr.FindStringSubmatch(v); m != nil {
				in, ok := meta.Inputs[m[1]]
				if !ok {
					t.Fatalf("env %s maps unknown input %q", k, m[1])
				}
				val, set := inputs[m[1]]
				if !set {
					val = in.Default
				}
				env[k] = val
			} else if strings.HasPrefix(v, "${{ steps.install.outputs.bin") {
				env[k] = bin
			} else {
				t.Fatalf("env %s = %q: unexpected value", k, v)
			}
		}
		// Every input the binary reads must be mapped.
		for name := range meta.Inputs {
			if name == "version" {
				continue // read by the install step only
			}
			if _, ok := env["INPUT_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_"))]; !ok {
				t.Errorf("input %q is not mapped to the binary's environment", name)
			}
		}
		return env
	}
	t.Fatal(`action.yml has no step with id "lint"`)
	return nil
}

// actionRun is the outcome of one action-mode run.
type actionRun struct {
	code              int
	stdout, stderr    string
	outputs           map[string]string
	summary           string
	envFile, pathFile string
	sarif             []byte
	annotations       []runnersim.Command
	workspace, runner string
}

// runAction runs `dockguard action` in workspace as the composite action's
// lint step would, with a runner-like environment.
func runAction(t *testing.T, workspace, event string, eventName string, inputs map[string]string) *actionRun {
	t.Helper()
	runnerDir := t.TempDir()
	r := &actionRun{workspace: workspace, runner: runnerDir}
	files := map[string]string{
		"GITHUB_OUTPUT": "output", "GITHUB_ENV": "env", "GITHUB_PATH": "path",
		"GITHUB_STATE": "state", "GITHUB_STEP_SUMMARY": "summary.md",
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + runnerDir,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + filepath.Join(runnerDir, ".gitconfig"),
		"GITHUB_ACTIONS=true", "CI=true", "GITHUB_WORKSPACE=" + workspace,
		"GITHUB_EVENT_NAME=" + eventName, "GITHUB_EVENT_PATH=" + event,
		"GITHUB_REPOSITORY=acme/app", "RUNNER_TEMP=" + runnerDir, "RUNNER_OS=Linux",
		"DOCKGUARD_DATE=" + testDate,
	}
	for k, f := range files {
		p := filepath.Join(runnerDir, f)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		env = append(env, k+"="+p)
	}
	for k, v := range actionStepEnv(t, inputs) {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(bin, "action")
	cmd.Dir = workspace
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r.code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	t.Logf("dockguard action: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)

	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(runnerDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	r.summary = read("summary.md")
	r.envFile, r.pathFile = read("env"), read("path")
	if s := read("state"); s != "" {
		t.Errorf("GITHUB_STATE written: %q", s)
	}
	entries, err := runnersim.ParseFileCommands(read("output"))
	if err != nil {
		t.Fatalf("GITHUB_OUTPUT does not parse as the runner parses it: %v\n%q", err, read("output"))
	}
	r.outputs = map[string]string{}
	for _, e := range entries {
		if _, dup := r.outputs[e.Name]; dup {
			t.Errorf("output %q set twice", e.Name)
		}
		r.outputs[e.Name] = e.Value
	}
	if sf := r.outputs["sarif-file"]; sf != "" {
		p := sf
		if !filepath.IsAbs(p) {
			p = filepath.Join(workspace, p)
		}
		if r.sarif, err = os.ReadFile(p); err != nil {
			t.Errorf("SARIF file: %v", err)
		}
	}
	return r
}

// checkInert checks that the run created no command but annotations and
// log groups, no environment variable, no PATH entry and only the four
// outputs and the checkout-path the upload step reads.
func (r *actionRun) checkInert(t *testing.T) {
	t.Helper()
	for _, c := range runnersim.Commands(r.stdout + "\n" + r.stderr) {
		switch c.Name {
		case "error", "warning", "notice":
			if c.Legacy {
				t.Errorf("legacy-syntax annotation from line %q", c.Line)
			}
			for k := range c.Properties {
				if !map[string]bool{"file": true, "line": true, "endline": true, "col": true, "endcolumn": true, "title": true}[k] {
					t.Errorf("annotation property %q from line %q", k, c.Line)
				}
			}
			if f := c.Properties["file"]; strings.Contains(f, "forged") && !strings.Contains(f, ".Dockerfile") {
				t.Errorf("forged annotation file %q from line %q", f, c.Line)
			}
			r.annotations = append(r.annotations, c)
		case "group", "endgroup":
			if c.Legacy {
				t.Errorf("legacy-syntax %s from line %q", c.Name, c.Line)
			}
		default:
			t.Errorf("workflow command %q created by line %q", c.Name, c.Line)
		}
	}
	if r.envFile != "" || r.pathFile != "" {
		t.Errorf("GITHUB_ENV %q / GITHUB_PATH %q written", r.envFile, r.pathFile)
	}
	want := []string{"checkout-path", "errors", "findings", "sarif-file", "warnings"}
	if _, ok := r.outputs["sarif-file"]; !ok && r.sarif == nil { // sarif-file: none
		want = []string{"checkout-path", "errors", "findings", "warnings"}
	}
	var got []string
	for k := range r.outputs {
		got = append(got, k)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("outputs %q, want exactly %q", r.outputs, want)
	}
	if len(r.summary) == 0 || len(r.summary) > 1<<20 {
		t.Errorf("job summary is %d bytes", len(r.summary))
	}
	for _, line := range strings.Split(r.summary, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		seps := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
			} else if line[i] == '|' {
				seps++
			}
		}
		if seps != 5 && seps != 4 {
			t.Errorf("summary row with %d cell separators: %q", seps, line)
		}
		for _, bad := range []string{"<b>", "\x1b", "\r", "`x`"} {
			if strings.Contains(line, bad) {
				t.Errorf("summary row holds %q: %q", bad, line)
			}
		}
	}
	lines := strings.Split(r.stdout+r.stderr, "\n")
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\x1b") {
			t.Errorf("raw CR or ESC in the log: %q", l)
		}
	}
}

// summaryHas reports whether the job summary's section of file (a "### "
// heading per file) has a line holding row.
func summaryHas(summary, file, row string) bool {
	in := false
	for _, l := range strings.Split(summary, "\n") {
		if strings.HasPrefix(l, "### ") {
			in = strings.HasPrefix(l, "### "+file+" (")
			continue
		}
		if in && strings.Contains(l, row) {
			return true
		}
	}
	return false
}

// sarifResults returns "path:line:rule" of every SARIF result.
func sarifResults(t *testing.T, data []byte) []string {
	t.Helper()
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("SARIF: version %q, %d runs", doc.Version, len(doc.Runs))
	}
	var out []string
	for _, res := range doc.Runs[0].Results {
		uri, line := "", 0
		if len(res.Locations) > 0 {
			uri = res.Locations[0].PhysicalLocation.ArtifactLocation.URI
			line = res.Locations[0].PhysicalLocation.Region.StartLine
		}
		out = append(out, uri+":"+strconv.Itoa(line)+":"+res.RuleID)
	}
	return out
}

// prRepo makes a repository whose main branch has base.Dockerfile and a
// compose file, and whose feature branch (checked out) changes the
// Dockerfile and adds hostile files. It returns the repository, the base
// and head commits.
func prRepo(t *testing.T) (dir, base, head string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	if runtime.GOOS != "linux" {
		t.Skip("hostile file names (newlines, CR, ESC) need a Linux file system")
	}
	dir = t.TempDir()
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	git(t, dir, "init", "-q", "-b", "main")
	copyTestdata(t, "base.Dockerfile.txt", dir, "Dockerfile")
	copyTestdata(t, "compose.yaml.txt", dir, "compose.yaml")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	base = git(t, dir, "rev-parse", "HEAD")
	git(t, dir, "checkout", "-q", "-b", "feature")
	copyTestdata(t, "head.Dockerfile.txt", dir, "Dockerfile")
	for _, name := range hostileNames {
		copyTestdata(t, "hostile.Dockerfile.txt", dir, name)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "head")
	head = git(t, dir, "rev-parse", "HEAD")
	return dir, base, head
}

func prEvent(t *testing.T, base, head string) string {
	t.Helper()
	ev := map[string]any{
		"action": "synchronize", "number": 7,
		"pull_request": map[string]any{
			"number": 7,
			"title":  "::error::a title is attacker-controlled too",
			"base":   map[string]any{"sha": base, "ref": "main", "repo": map[string]any{"full_name": "acme/app"}},
			"head":   map[string]any{"sha": head, "ref": "feature;echo${IFS}pwned", "repo": map[string]any{"full_name": "fork/app"}},
		},
	}
	data, _ := json.Marshal(ev)
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// prAdded returns what filter-mode added keeps of the findings of prRepo:
// the new files entirely, and the Dockerfile's findings that touch line 3,
// the one line the PR added.
func prAdded(t *testing.T, all []jsonFinding) (want []jsonFinding) {
	t.Helper()
	if len(all) == 0 {
		t.Fatal("dockguard lint found nothing in the test repository")
	}
	var sawUnchanged bool
	for _, f := range all {
		switch {
		case f.Path == "Dockerfile" || f.Path == "./Dockerfile":
			end := max(f.EndLine, f.Line)
			if f.Line <= 3 && 3 <= end || f.Line == 0 {
				want = append(want, f)
			} else {
				sawUnchanged = true
			}
		case strings.HasPrefix(f.Path, "compose.yaml") || strings.HasPrefix(f.Path, "./compose.yaml"):
			sawUnchanged = true
		default:
			want = append(want, f)
		}
	}
	if !sawUnchanged {
		t.Fatalf("the test needs findings on unchanged lines; got %+v", all)
	}
	return want
}

func TestActionPullRequest(t *testing.T) {
	dir, base, head := prRepo(t)
	all := lintJSON(t, dir, ".")
	want := prAdded(t, all)

	r := runAction(t, dir, prEvent(t, base, head), "pull_request", nil)
	r.checkInert(t)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1 (findings at the default threshold)", r.code)
	}
	if got := r.outputs["findings"]; got != strconv.Itoa(len(want)) {
		t.Errorf("output findings = %q, want %d (%+v)", got, len(want), want)
	}
	var wantErr, wantWarn int
	for _, f := range want {
		switch f.Severity {
		case "error":
			wantErr++
		case "warning":
			wantWarn++
		}
	}
	if r.outputs["errors"] != strconv.Itoa(wantErr) || r.outputs["warnings"] != strconv.Itoa(wantWarn) {
		t.Errorf("outputs errors=%q warnings=%q, want %d and %d", r.outputs["errors"], r.outputs["warnings"], wantErr, wantWarn)
	}
	if r.outputs["sarif-file"] != "dockguard.sarif" {
		t.Errorf("output sarif-file = %q", r.outputs["sarif-file"])
	}

	// Annotations: at most 10 per level, most severe first, titled with
	// the rule, every file one of the PR's files.
	perLevel := map[string]int{}
	rank := map[string]int{"error": 3, "warning": 2, "notice": 1}
	prev := 4
	for _, a := range r.annotations {
		if a.Properties["title"] == "dockguard: changed-lines filter off" {
			t.Errorf("unexpected history warning: %s", a.Data)
			continue
		}
		perLevel[a.Name]++
		if rank[a.Name] > prev {
			t.Errorf("annotation %s after a less severe one", a.Name)
		}
		prev = rank[a.Name]
		if !regexp.MustCompile(`^D[FC][0-9]{3} [a-z0-9-]+$`).MatchString(a.Properties["title"]) {
			t.Errorf("annotation title %q", a.Properties["title"])
		}
		if a.Properties["file"] == "compose.yaml" || a.Properties["file"] == "Dockerfile" && a.Properties["line"] == "2" {
			t.Errorf("annotation on an unchanged line: %+v", a.Properties)
		}
	}
	total := 0
	for lvl, n := range perLevel {
		if n > 10 {
			t.Errorf("%d %s annotations, GitHub shows 10", n, lvl)
		}
		total += n
	}
	if total < len(want) && !strings.Contains(r.stdout, "not annotated") {
		t.Errorf("%d of %d findings annotated and no line says so", total, len(want))
	}
	if total < len(want) && !strings.Contains(r.summary, "not annotated inline") {
		t.Errorf("the summary does not say that annotations were left out")
	}
	if !summaryHas(r.summary, "Dockerfile", "| warning | 3 | [DF006]") {
		t.Errorf("summary lacks the added EXPOSE 22 on Dockerfile line 3:\n%s", r.summary)
	}
	if summaryHas(r.summary, "Dockerfile", "| 2 |") {
		t.Errorf("summary lists the unchanged line 2:\n%s", r.summary)
	}
	// SARIF: every finding, unfiltered.
	res := sarifResults(t, r.sarif)
	if len(res) != len(all) {
		t.Errorf("SARIF has %d results, want every finding (%d)", len(res), len(all))
	}
	found := false
	for _, s := range res {
		if strings.HasPrefix(s, "Dockerfile:2:") {
			found = true
		}
	}
	if !found {
		t.Errorf("SARIF lacks the finding on the unchanged Dockerfile line 2: %q", res)
	}
}

// TestActionPullRequestNoSARIF: without a SARIF file (sarif-file: none), a pull request run
// lints only what the change can affect, and reports what a full run
// reports on the changed lines.
func TestActionPullRequestNoSARIF(t *testing.T) {
	dir, base, head := prRepo(t)
	want := prAdded(t, lintJSON(t, dir, "."))
	r := runAction(t, dir, prEvent(t, base, head), "pull_request", map[string]string{"sarif-file": "none"})
	r.checkInert(t)
	if got := r.outputs["findings"]; got != strconv.Itoa(len(want)) {
		t.Errorf("output findings = %q, want %d (%+v)", got, len(want), want)
	}
	if !strings.Contains(r.stdout, "linted only what the pull request can affect") {
		t.Errorf("the log does not say the run was narrowed:\n%s", r.stdout)
	}
	if !summaryHas(r.summary, "Dockerfile", "| warning | 3 | [DF006]") {
		t.Errorf("summary lacks the added EXPOSE 22 on Dockerfile line 3:\n%s", r.summary)
	}
	if r.outputs["sarif-file"] != "" || r.sarif != nil {
		t.Errorf("a SARIF file was written (output %q)", r.outputs["sarif-file"])
	}
}

func TestActionShallowClone(t *testing.T) {
	src, base, head := prRepo(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	git(t, dir, "fetch", "-q", "--depth=1", "--no-tags", "file://"+src, head)
	git(t, dir, "checkout", "-q", "FETCH_HEAD")
	all := lintJSON(t, dir, ".")
	r := runAction(t, dir, prEvent(t, base, head), "pull_request", map[string]string{"failure-threshold": "error"})
	r.checkInert(t)
	if !strings.Contains(r.stdout, "fetch-depth") || !strings.Contains(r.summary, "`fetch-depth: ") {
		t.Errorf("no advice on fetch-depth in the log or the summary")
	}
	if r.outputs["findings"] != strconv.Itoa(len(all)) {
		t.Errorf("output findings = %q, want every finding (%d) when the history is missing", r.outputs["findings"], len(all))
	}
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
}

func TestActionPushEventAndInputs(t *testing.T) {
	dir, _, _ := prRepo(t)
	p := filepath.Join(t.TempDir(), "push.json")
	os.WriteFile(p, []byte(`{"ref":"refs/heads/main"}`), 0o644)
	all := lintJSON(t, dir, "Dockerfile", "compose.yaml")
	r := runAction(t, dir, p, "push", map[string]string{
		"path":             "Dockerfile\ncompose.yaml\n",
		"fail-on-findings": "false",
		"sarif-file":       "reports/out.sarif",
		"annotate":         "false",
		"format":           "json",
	})
	r.checkInert(t)
	if r.code != 0 {
		t.Errorf("exit code %d with fail-on-findings false", r.code)
	}
	if r.outputs["findings"] != strconv.Itoa(len(all)) || r.outputs["sarif-file"] != "reports/out.sarif" {
		t.Errorf("outputs %q, want %d findings", r.outputs, len(all))
	}
	if len(r.annotations) != 0 {
		t.Errorf("annotate false, yet %d annotations", len(r.annotations))
	}
	if len(sarifResults(t, r.sarif)) != len(all) {
		t.Errorf("SARIF results differ from the findings")
	}

	bad := runAction(t, dir, p, "push", map[string]string{"filter-mode": "lines"})
	if bad.code != 2 {
		t.Errorf("bad filter-mode: exit %d, want 2", bad.code)
	}
}

// TestActionCheckoutPath runs the action on a workspace where
// actions/checkout put the repository in a subdirectory (path: src), once
// with working-directory: src and once from the workspace with path: src.
// Annotations, the summary and SARIF URIs are relative to the repository
// root (Dockerfile, not src/Dockerfile), the changed-lines filter finds
// the repository, and the outputs name the SARIF file and the repository
// root as later steps (upload-sarif, run from the workspace) need them.
func TestActionCheckoutPath(t *testing.T) {
	repo, base, head := prRepo(t)
	want := prAdded(t, lintJSON(t, repo, "."))
	all := len(lintJSON(t, repo, "."))
	ws := t.TempDir()
	if d, err := filepath.EvalSymlinks(ws); err == nil {
		ws = d
	}
	src := filepath.Join(ws, "src")
	if err := os.Rename(repo, src); err != nil {
		t.Fatal(err)
	}
	event := prEvent(t, base, head)
	for _, c := range []struct {
		name      string
		inputs    map[string]string
		sarifFile string
	}{
		{"working-directory", map[string]string{"working-directory": "src"}, "src/dockguard.sarif"},
		{"path", map[string]string{"path": "src"}, "dockguard.sarif"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runAction(t, ws, event, "pull_request", c.inputs)
			r.checkInert(t)
			if strings.Contains(r.stdout, "not inside a git work tree") || strings.Contains(r.stdout, "changed-lines filter") && strings.Contains(r.stdout, "not applied") {
				t.Errorf("the changed-lines filter did not find the repository under src/")
			}
			if r.outputs["findings"] != strconv.Itoa(len(want)) {
				t.Errorf("output findings = %q, want %d (filter-mode added)", r.outputs["findings"], len(want))
			}
			if r.outputs["sarif-file"] != c.sarifFile {
				t.Errorf("output sarif-file = %q, want %q (relative to the workspace)", r.outputs["sarif-file"], c.sarifFile)
			}
			if r.outputs["checkout-path"] != src {
				t.Errorf("output checkout-path = %q, want the repository root %q", r.outputs["checkout-path"], src)
			}
			if len(r.annotations) == 0 {
				t.Fatal("no annotations")
			}
			sawDockerfile := false
			for _, a := range r.annotations {
				f := a.Properties["file"]
				if strings.HasPrefix(f, "src/") || filepath.IsAbs(f) {
					t.Errorf("annotation file %q is not relative to the repository root", f)
				}
				sawDockerfile = sawDockerfile || f == "Dockerfile"
			}
			if !sawDockerfile {
				t.Errorf("no annotation on Dockerfile")
			}
			if !summaryHas(r.summary, "Dockerfile", "| warning | 3 | [DF006]") {
				t.Errorf("summary lacks Dockerfile line 3, relative to the repository root:\n%s", r.summary)
			}
			res := sarifResults(t, r.sarif)
			if len(res) != all {
				t.Errorf("SARIF has %d results, want %d", len(res), all)
			}
			for _, s := range res {
				if strings.HasPrefix(s, "src/") {
					t.Errorf("SARIF URI %q is not relative to the repository root", s)
				}
			}
		})
	}
}
