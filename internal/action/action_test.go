package action

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/internal/action/runnersim"
	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// hostile are strings a pull request controls (file names, file content
// echoed in messages) that try to create commands, outputs or env vars.
var hostile = []string{
	"::error file=/etc/passwd,line=1::forged",
	"a\n::add-mask::secret",
	"b\r::set-output name=x::y",
	"c\r\n::warning::forged",
	"%0A::error::percent-newline",
	"x ##[error]legacy",
	"##[set-output name=findings;]999",
	"  ::stop-commands::tok",
	"ghadelimiter_00000000000000000000000000000000000\nfindings=999",
	"_GitHubActionsFileCommandDelimeter_\ninjected=evil",
	"\x1b[31mred\x1b[0m\x1b]8;;http://x\x07",
	"| cell | [link](http://x) `code` <b>html</b> @someone #1",
	"\u202egnp.exe",
}

func testRegistry(t *testing.T) *rule.Registry {
	t.Helper()
	noop := func(*rule.Pass, *dockerfile.File) {}
	reg, err := rule.NewRegistry(
		&rule.Rule{Meta: finding.Meta{ID: "DF001", Name: "first-rule", Severity: finding.Error, Summary: "s", RuleSet: finding.RuleSetDefault, Since: "0.1"}, Dockerfile: noop},
		&rule.Rule{Meta: finding.Meta{ID: "DF002", Name: "second-rule", Severity: finding.Warning, Summary: "s", RuleSet: finding.RuleSetDefault, Since: "0.1"}, Dockerfile: noop},
		&rule.Rule{Meta: finding.Meta{ID: "DF003", Name: "third-rule", Severity: finding.Info, Summary: "s", RuleSet: finding.RuleSetDefault, Since: "0.1"}, Dockerfile: noop},
	)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

type fakeEnv map[string]string

func (e fakeEnv) get(k string) string { return e[k] }

func setup(t *testing.T) (dir string, env fakeEnv) {
	t.Helper()
	dir = t.TempDir()
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	t.Chdir(dir)
	env = fakeEnv{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    dir,
		"GITHUB_OUTPUT":       filepath.Join(dir, "output.txt"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md"),
		"GITHUB_EVENT_NAME":   "push",
	}
	return dir, env
}

func newFinding(id string, sev finding.Severity, path, msg string, line int) finding.Finding {
	return finding.Finding{RuleID: id, RuleName: map[string]string{"DF001": "first-rule", "DF002": "second-rule", "DF003": "third-rule"}[id],
		Severity: sev, Path: path, Message: msg,
		Range: source.Range{Start: source.Pos{Line: line, Col: 2}, End: source.Pos{Line: line, Col: 5}}}
}

func run(t *testing.T, env fakeEnv, findings []finding.Finding, threshold config.Threshold) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	dir, _ := os.Getwd()
	code = Run(context.Background(), Env{
		Getenv: env.get, Stdout: &out, Stderr: &errb, Registry: testRegistry(t), Version: "1.2.3",
		Lint: func(_ context.Context, o lint.Options) (*lint.Result, error) {
			th := threshold
			if o.FlagConfig != nil && o.FlagConfig.FailureThreshold != config.ThresholdUnset {
				th = o.FlagConfig.FailureThreshold
			}
			return &lint.Result{Findings: findings, FilesLinted: 3, Root: o.Root, WorkDir: dir, FailureThreshold: th}, nil
		},
	})
	return code, out.String(), errb.String()
}

// checkCommands fails unless every command in the log is an expected
// annotation (error/warning/notice, or group/endgroup) whose file, if any,
// is one of files.
func checkCommands(t *testing.T, log string, files map[string]bool) []runnersim.Command {
	t.Helper()
	var anns []runnersim.Command
	for _, c := range runnersim.Commands(log) {
		switch strings.ToLower(c.Name) {
		case "group", "endgroup":
			if c.Legacy {
				t.Errorf("legacy command %q in line %q", c.Name, c.Line)
			}
		case "error", "warning", "notice":
			if c.Legacy {
				t.Errorf("legacy annotation in line %q", c.Line)
			}
			if f, ok := c.Properties["file"]; ok && !files[f] {
				t.Errorf("annotation for unexpected file %q (line %q)", f, c.Line)
			}
			for k := range c.Properties {
				switch k {
				case "file", "line", "endline", "col", "endcolumn", "title":
				default:
					t.Errorf("unexpected property %q in %q", k, c.Line)
				}
			}
			anns = append(anns, c)
		default:
			t.Errorf("unexpected command %q from line %q", c.Name, c.Line)
		}
	}
	return anns
}

func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := runnersim.ParseFileCommands(string(data))
	if err != nil {
		t.Fatalf("GITHUB_OUTPUT does not parse: %v\n%s", err, data)
	}
	m := map[string]string{}
	for _, e := range entries {
		if _, dup := m[e.Name]; dup {
			t.Errorf("output %q set twice", e.Name)
		}
		m[e.Name] = e.Value
	}
	return m
}

func TestRunHostile(t *testing.T) {
	_, env := setup(t)
	var findings []finding.Finding
	files := map[string]bool{}
	for i, h := range hostile {
		files[formatterEscaped(h)] = true
		findings = append(findings, newFinding("DF001", finding.Error, h, h, i+1), newFinding("DF002", finding.Warning, "Dockerfile", "msg "+h, i+1))
	}
	env["INPUT_PATH"] = "."
	code, stdout, stderr := run(t, env, findings, config.ThresholdUnset)
	if code != exitFindings {
		t.Errorf("exit code %d, want 1\n%s%s", code, stdout, stderr)
	}
	files["Dockerfile"] = true
	anns := checkCommands(t, stdout+"\n"+stderr, files)
	var nErr, nWarn int
	for _, a := range anns {
		switch a.Name {
		case "error":
			nErr++
		case "warning":
			nWarn++
		}
	}
	if nErr != 10 || nWarn != 10 {
		t.Errorf("annotations: %d errors, %d warnings; want 10 and 10", nErr, nWarn)
	}
	if !strings.Contains(stdout, "6 findings not annotated") {
		t.Errorf("no line on the omitted annotations:\n%s", stdout)
	}
	// One such line, in the Action's terms (no CLI flags).
	if n := strings.Count(stdout, "not annotated"); n != 1 || strings.Contains(stdout, "--format") {
		t.Errorf("%d lines on the omitted annotations, want 1 without CLI flags:\n%s", n, stdout)
	}
	out := outputs(t, env["GITHUB_OUTPUT"])
	want := map[string]string{"findings": "26", "errors": "13", "warnings": "13", "sarif-file": "dockguard.sarif", "checkout-path": env["GITHUB_WORKSPACE"]}
	if len(out) != len(want) {
		t.Errorf("outputs %q, want %q", out, want)
	}
	for k, v := range want {
		if out[k] != v {
			t.Errorf("output %s = %q, want %q", k, out[k], v)
		}
	}
	sum, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, string(sum))
	data, err := os.ReadFile("dockguard.sarif")
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 26 {
		t.Errorf("SARIF: %v, %+v", err, sarif)
	}
}

// formatterEscaped is h as the github formatter shows it: control
// characters but LF, CR and tab as visible escapes, "##[" split by a
// zero-width space.
func formatterEscaped(h string) string {
	var b strings.Builder
	for _, r := range h {
		if r == '\n' || r == '\r' || r == '\t' {
			b.WriteRune(r)
		} else {
			b.WriteString(visible(string(r)))
		}
	}
	return strings.ReplaceAll(b.String(), "##[", "#\u200b#[")
}

// checkSummary checks that the summary's table rows cannot break the table
// or inject markup.
func checkSummary(t *testing.T, md string) {
	t.Helper()
	if len(md) > maxSummaryBytes {
		t.Errorf("summary is %d bytes", len(md))
	}
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		// A row has exactly its cells: unescaped pipes only as separators.
		cells := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '|' {
				cells++
			}
		}
		if cells != 5 && cells != 4 {
			t.Errorf("row with %d separators: %q", cells, line)
		}
		for _, bad := range []string{"<b>", "\x1b", "](http://x)", "@someone", "`code`", "\u202e"} {
			if strings.Contains(line, bad) {
				t.Errorf("summary row contains %q: %q", bad, line)
			}
		}
	}
}

func TestRunClean(t *testing.T) {
	_, env := setup(t)
	env["INPUT_FAIL-ON-FINDINGS"] = "true"
	code, stdout, _ := run(t, env, nil, config.ThresholdUnset)
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	out := outputs(t, env["GITHUB_OUTPUT"])
	if out["findings"] != "0" || out["errors"] != "0" || out["warnings"] != "0" {
		t.Errorf("outputs %q", out)
	}
	data, err := os.ReadFile("dockguard.sarif")
	if err != nil || !bytes.Contains(data, []byte(`"results": []`)) {
		t.Errorf("SARIF without an empty results array: %v\n%s", err, data)
	}
}

func TestRunThresholdAndFailOnFindings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input map[string]string
		want  int
	}{
		{"default threshold info", nil, exitFindings},
		{"threshold error", map[string]string{"INPUT_FAILURE-THRESHOLD": "error"}, exitClean},
		{"threshold warning, underscore spelling", map[string]string{"INPUT_FAILURE_THRESHOLD": "warning"}, exitFindings},
		{"fail-on-findings false", map[string]string{"INPUT_FAIL-ON-FINDINGS": "false"}, exitClean},
		{"bad threshold", map[string]string{"INPUT_FAILURE-THRESHOLD": "high"}, exitUsage},
		{"bad boolean", map[string]string{"INPUT_ANNOTATE": "yes"}, exitUsage},
		{"bad filter mode", map[string]string{"INPUT_FILTER-MODE": "lines"}, exitUsage},
		{"bad format", map[string]string{"INPUT_FORMAT": "html"}, exitUsage},
		{"working-directory missing", map[string]string{"INPUT_WORKING_DIRECTORY": "no/such\n::add-mask::x"}, exitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, env := setup(t)
			for k, v := range tc.input {
				env[k] = v
			}
			code, stdout, _ := run(t, env, []finding.Finding{newFinding("DF002", finding.Warning, "Dockerfile", "m", 1)}, config.ThresholdUnset)
			if code != tc.want {
				t.Errorf("exit %d, want %d\n%s", code, tc.want, stdout)
			}
			checkCommands(t, stdout, map[string]bool{"Dockerfile": true})
		})
	}
}

func TestRunLintErrors(t *testing.T) {
	_, env := setup(t)
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&lint.UsageError{Err: errors.New("no such file: x\n::add-mask::y")}, exitUsage},
		{errors.New("boom"), exitInternal},
	} {
		var out bytes.Buffer
		code := Run(context.Background(), Env{Getenv: env.get, Stdout: &out, Stderr: &out, Registry: testRegistry(t),
			Lint: func(context.Context, lint.Options) (*lint.Result, error) { return nil, tc.err }})
		if code != tc.want {
			t.Errorf("%v: exit %d, want %d", tc.err, code, tc.want)
		}
		cmds := runnersim.Commands(out.String())
		if len(cmds) != 1 || cmds[0].Name != "error" {
			t.Errorf("%v: commands %+v", tc.err, cmds)
		}
	}
}

func TestSplitPaths(t *testing.T) {
	for in, want := range map[string][]string{
		"":       nil,
		"a b  c": {"a", "b", "c"},
		"dir with space/Dockerfile\n compose.yaml \r\n\n": {"dir with space/Dockerfile", "compose.yaml"},
		"  single  ": {"single"},
	} {
		got := splitPaths(in)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("splitPaths(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileCommandWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	w := newFileCommandWriter(path)
	values := map[string]string{}
	for i, h := range hostile {
		name := "v" + string(rune('a'+i))
		values[name] = h
		if err := w.Set(name, h); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(path)
	entries, err := runnersim.ParseFileCommands(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(values) {
		t.Fatalf("%d entries, want %d: %+v", len(entries), len(values), entries)
	}
	for _, e := range entries {
		if values[e.Name] != e.Value {
			t.Errorf("%s = %q, want %q", e.Name, e.Value, values[e.Name])
		}
	}
	// A value holding the delimiter is refused.
	w.random = func(b []byte) (int, error) {
		for i := range b {
			b[i] = 0
		}
		return len(b), nil
	}
	if err := w.Set("x", "a\nghadelimiter_"+strings.Repeat("00", 18)+"\ny=z"); !errors.Is(err, errUnsafeValue) {
		t.Errorf("delimiter in value: %v", err)
	}
	for _, bad := range []string{"", "a=b", "a<<b", "a\nb", "-x"} {
		if err := w.Set(bad, "v"); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
}

func TestSafeLog(t *testing.T) {
	var buf bytes.Buffer
	w := newSafeLog(&buf)
	for _, h := range hostile {
		// Write in pieces to exercise the line buffering.
		for _, piece := range []string{h[:len(h)/2], h[len(h)/2:], "\n"} {
			w.Write([]byte(piece))
		}
	}
	w.Write([]byte("::error::unterminated"))
	w.Close()
	if cmds := runnersim.Commands(buf.String()); len(cmds) != 0 {
		t.Errorf("commands in the neutralized log: %+v\n%s", cmds, buf.String())
	}
	if strings.ContainsAny(buf.String(), "\r\x1b\u202e") {
		t.Errorf("control characters left: %q", buf.String())
	}
	if got := neutralizeLine("plain text: a/b.Dockerfile:3:1 DF001 msg"); got != "plain text: a/b.Dockerfile:3:1 DF001 msg" {
		t.Errorf("plain line changed: %q", got)
	}
}

func FuzzSafeLog(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		w := newSafeLog(&buf)
		w.Write([]byte(s))
		w.Close()
		if cmds := runnersim.Commands(buf.String()); len(cmds) != 0 {
			t.Fatalf("%q gave commands %+v", s, cmds)
		}
	})
}

func FuzzMdCell(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := mdCell(s)
		if strings.ContainsAny(c, "\n\r<>@") {
			t.Fatalf("mdCell(%q) = %q", s, c)
		}
		for i := 0; i < len(c); i++ {
			if c[i] == '\\' {
				i++
				continue
			}
			if c[i] == '|' || c[i] == '[' || c[i] == '`' {
				t.Fatalf("mdCell(%q) = %q has an unescaped %c", s, c, c[i])
			}
		}
	})
}

// TestRuleSetInputs: the ruleset inputs reach the engine as a flag layer.
func TestRuleSetInputs(t *testing.T) {
	for _, tc := range []struct {
		input   map[string]string
		set     finding.RuleSet
		version string
		want    int
	}{
		{nil, finding.RuleSetUnset, "", exitClean},
		{map[string]string{"INPUT_RULESET": "strict", "INPUT_RULESET-VERSION": "0.1"}, finding.RuleSetStrict, "0.1", exitClean},
		{map[string]string{"INPUT_RULESET": "all", "INPUT_RULESET_VERSION": "v0.2.0"}, finding.RuleSetAll, "0.2", exitClean},
		{map[string]string{"INPUT_RULESET": "paranoid"}, finding.RuleSetUnset, "", exitUsage},
		{map[string]string{"INPUT_RULESET-VERSION": "next"}, finding.RuleSetUnset, "", exitUsage},
	} {
		_, env := setup(t)
		for k, v := range tc.input {
			env[k] = v
		}
		var got *config.Config
		var out, errb bytes.Buffer
		dir, _ := os.Getwd()
		code := Run(context.Background(), Env{
			Getenv: env.get, Stdout: &out, Stderr: &errb, Registry: testRegistry(t), Version: "1.2.3",
			Lint: func(_ context.Context, o lint.Options) (*lint.Result, error) {
				got = o.FlagConfig
				return &lint.Result{FilesLinted: 1, Root: o.Root, WorkDir: dir}, nil
			},
		})
		if code != tc.want {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.input, code, tc.want, out.String(), errb.String())
			continue
		}
		if code == exitClean && (got == nil || got.RuleSet != tc.set || got.RuleSetVersion != tc.version) {
			t.Errorf("%v: flag config %+v", tc.input, got)
		}
	}
}

// TestResolveImagesInput: resolve-images turns registry lookups on (off by
// default), and an image that could not be read is a warning annotation.
func TestResolveImagesInput(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{{"", false}, {"false", false}, {"true", true}} {
		_, env := setup(t)
		if tc.value != "" {
			env["INPUT_RESOLVE_IMAGES"] = tc.value
		}
		var out, errb bytes.Buffer
		var got bool
		code := Run(context.Background(), Env{
			Getenv: env.get, Stdout: &out, Stderr: &errb, Registry: testRegistry(t), Version: "1.2.3",
			Lint: func(_ context.Context, o lint.Options) (*lint.Result, error) {
				got = o.Images != nil
				return &lint.Result{Root: o.Root, WorkDir: o.Root, ImageWarnings: []imageresolve.Warning{{Ref: "example.com/app:1", Err: errors.New("unauthorized")}}}, nil
			},
		})
		if code != 0 || got != tc.want {
			t.Errorf("resolve-images=%q: exit %d, Images set %v (want %v)\n%s", tc.value, code, got, tc.want, errb.String())
		}
		if !strings.Contains(out.String(), "::warning title=dockguard%3A image not resolved::example.com/app:1: unauthorized (judged without its configuration)") {
			t.Errorf("no warning annotation:\n%s", out.String())
		}
	}
	_, env := setup(t)
	env["INPUT_RESOLVE_IMAGES"] = "yes"
	if code, _, _ := run(t, env, nil, config.ThresholdWarning); code != exitUsage {
		t.Errorf("resolve-images=yes: exit %d, want a usage error", code)
	}
}
