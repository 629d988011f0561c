package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// updateGolden reports whether DOCKGUARD_UPDATE_GOLDEN=1 asks the tests to
// rewrite the golden files instead of comparing with them.
func updateGolden() bool { return os.Getenv("DOCKGUARD_UPDATE_GOLDEN") == "1" }

// Hostile text: what a pull request could put in a file name or a value
// that ends up in a message.
const (
	hostileMsg  = "value \"x\"\n::error file=forged.txt::forged%0A%0D\x1b[31mred\x1b[0m <script>alert(1)</script> ]]> \x00nul ##[group]grp ::stop-commands::tok\r\n::add-mask::secret \u202egnp.exe"
	hostilePath = "evil/a\n::error::b%0A\x1b[31m<script>]]>\"##[x]\x00,c:d.yaml"
)

func ruleFixtures() []*finding.Meta {
	return []*finding.Meta{
		{
			ID: "DC003", Name: "privileged", Severity: finding.Error,
			Summary: "do not run services privileged",
			Tags:    []string{"CIS-5.4", "CWE-250", "security"},
			Doc: finding.Doc{
				Why:  "A privileged container has every capability and all devices:\nit is root on the host.",
				Bad:  "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
				Good: "services:\n  web:\n    image: nginx:1.27\n",
			},
		},
		{
			ID: "DF004", Name: "mutable-base-tag", Severity: finding.Warning,
			Summary: "give FROM images a fixed tag or a digest",
			Tags:    []string{"security", "supply-chain"},
			Doc: finding.Doc{
				Why:  "A moving tag changes the image under you and lets a hijacked tag in.",
				Bad:  "FROM alpine\n",
				Good: "FROM alpine:3.20\n",
				Fix:  "Pin a version tag, or better a digest (`FROM alpine@sha256:...`).",
			},
		},
		{
			ID: "DF010", Name: "apt-no-recommends", Severity: finding.Info,
			Summary: "install packages without recommends",
			Doc:     finding.Doc{Why: "Fewer packages, smaller attack surface.", Bad: "FROM debian:12\nRUN apt-get install -y curl\n", Good: "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"},
		},
		{
			ID: "DG001", Name: "syntax", Severity: finding.Error, Role: finding.DockerfileProblems,
			Summary: "the file must parse",
			Doc:     finding.Doc{Why: "A file that does not parse is not checked at all."},
		},
	}
}

// fixture is the report every golden file shows: each severity, a
// Dockerfile and a compose file in a subdirectory, a path with a space and
// Unicode, a hostile path and message, an unknown column, an unknown line
// in a file outside the root, and a range ending at column 1 of a later line.
func fixture() *Report {
	return &Report{
		Rules: ruleFixtures(),
		Tool:  ToolInfo{Name: "dockguard", Version: "1.2.3", InformationURI: "https://github.com/dockguard/dockguard"},
		Root:  "/work/repo", WorkDir: "/work/repo",
		FilesLinted: 5,
		Findings: []finding.Finding{
			{
				RuleID: "DG001", RuleName: "syntax", Severity: finding.Error, Path: "/etc/other/Dockerfile",
				Message: "unknown instruction \"FORM\"", Fingerprint: "fp-dg001",
			},
			{
				RuleID: "DF004", RuleName: "mutable-base-tag", Severity: finding.Warning, Path: "deploy/Dockerfile",
				Range:   source.Range{Start: source.Pos{Line: 3, Col: 6}, End: source.Pos{Line: 3, Col: 12}},
				Message: "base image \"alpine\" has no tag or digest", Subject: "build", Fingerprint: "fp-df004-a",
				Related: []finding.Related{{
					Path:    "compose.yaml",
					Range:   source.Range{Start: source.Pos{Line: 4, Col: 5}, End: source.Pos{Line: 4, Col: 10}},
					Message: "service \"web\" builds this stage",
				}},
				Fix: &finding.Fix{Description: "pin alpine to 3.20", Edits: []finding.Edit{{
					Range:   source.Range{Start: source.Pos{Line: 3, Col: 6}, End: source.Pos{Line: 3, Col: 12}},
					NewText: "alpine:3.20",
				}}},
			},
			{
				RuleID: "DF010", RuleName: "apt-no-recommends", Severity: finding.Info, Path: "deploy/Dockerfile",
				Range:   source.Range{Start: source.Pos{Line: 7, Col: 1}, End: source.Pos{Line: 9, Col: 1}},
				Message: "apt-get install without --no-install-recommends", Fingerprint: "fp-df010",
			},
			{
				RuleID: "DC003", RuleName: "privileged", Severity: finding.Error, Path: "deploy/compose.yaml",
				Range:   source.Range{Start: source.Pos{Line: 5, Col: 5}, End: source.Pos{Line: 5, Col: 21}},
				Message: "service \"web\" runs privileged", Subject: "web", Fingerprint: "fp-dc003",
			},
			{
				RuleID: "DC003", RuleName: "privileged", Severity: finding.Error, Path: hostilePath,
				Range:   source.Range{Start: source.Pos{Line: 2, Col: 0}},
				Message: hostileMsg, Fingerprint: "fp-hostile",
			},
			{
				RuleID: "DF004", RuleName: "mutable-base-tag", Severity: finding.Warning, Path: "my app/Dockerfile.ünïcødé",
				Range:   source.Range{Start: source.Pos{Line: 1, Col: 6}, End: source.Pos{Line: 1, Col: 14}},
				Message: "base image \"café/ubuntu\" has no tag or digest ✓", Fingerprint: "fp-df004-b",
			},
		},
	}
}

func emptyReport() *Report {
	return &Report{Rules: ruleFixtures(), Tool: ToolInfo{Name: "dockguard", Version: "dev"}, Root: "/work/repo", WorkDir: "/work/repo"}
}

// render formats r with the named formatter and options.
func render(t testing.TB, name string, opts Options, r *Report) []byte {
	t.Helper()
	f, err := New(name, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Format(&buf, r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/<name>.golden (rewritten with
// DOCKGUARD_UPDATE_GOLDEN=1).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updateGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./lint/format)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s differs at line %d:\n got: %q\nwant: %q\n(DOCKGUARD_UPDATE_GOLDEN=1 go test ./lint/format rewrites it if the change is intended)", path, i+1, g, w)
				return
			}
		}
	}
}

func TestGolden(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			golden(t, name, render(t, name, Options{}, fixture()))
			golden(t, name+"-empty", render(t, name, Options{}, emptyReport()))
		})
	}
	golden(t, "text-color", render(t, "text", Options{Color: true}, fixture()))
	golden(t, "github-capped", render(t, "github", Options{MaxAnnotationsPerLevel: 1}, fixture()))
}

func TestNewAndNames(t *testing.T) {
	want := []string{"checkstyle", "github", "gitlab", "json", "junit", "rdjson", "sarif", "text"}
	if got := Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, n := range append(want, "SARIF", " Text ") {
		if _, err := New(n, Options{}); err != nil {
			t.Errorf("New(%q): %v", n, err)
		}
	}
	if _, err := New("yaml", Options{}); err == nil || !strings.Contains(err.Error(), "checkstyle, github") {
		t.Errorf("New(yaml) error = %v, want the list of formats", err)
	}
}

// Formatters share one Report (the CLI writes several formats from it):
// none may change it.
func TestFormattersDoNotMutateReport(t *testing.T) {
	// Rules hold funcs, which DeepEqual never finds equal: compare the rest.
	snapshot := func(r *Report) any {
		c := *r
		c.Rules = nil
		var rules []any
		for _, ru := range r.Rules {
			rules = append(rules, []any{ru.ID, ru.Name, ru.Severity, ru.Summary, ru.Tags, ru.Doc, ru.Kind()})
		}
		return []any{c, rules}
	}
	for _, name := range Names() {
		r := fixture()
		render(t, name, Options{MaxAnnotationsPerLevel: 1}, r)
		if !reflect.DeepEqual(snapshot(r), snapshot(fixture())) {
			t.Errorf("%s changed the report", name)
		}
	}
}

func TestSpanOf(t *testing.T) {
	p := func(l, c int) source.Pos { return source.Pos{Line: l, Col: c} }
	for _, tc := range []struct {
		in   source.Range
		want span
	}{
		{source.Range{Start: p(3, 6), End: p(3, 12)}, span{3, 6, 3, 12, 3, true, true}},
		{source.Range{}, span{1, 1, 1, 1, 1, false, false}},
		{source.Range{Start: p(2, 0)}, span{2, 1, 2, 1, 2, false, true}},
		{source.Range{Start: p(4, 5), End: p(4, 2)}, span{4, 5, 4, 5, 4, true, true}}, // inverted
		{source.Range{Start: p(4, 5), End: p(2, 9)}, span{4, 5, 4, 5, 4, true, true}}, // inverted lines
		{source.Range{Start: p(7, 1), End: p(9, 1)}, span{7, 1, 9, 1, 8, true, true}}, // whole lines 7-8
		{source.LineRange(5, 5), span{5, 1, 5, 1, 5, true, true}},                     // one unknown-column line
		{source.Range{Start: p(-3, -1), End: p(-1, -1)}, span{1, 1, 1, 1, 1, false, false}},
	} {
		if got := spanOf(tc.in); got != tc.want {
			t.Errorf("spanOf(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}
