package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// testdata/sarif-schema-2.1.0.json is the official OASIS SARIF 2.1.0
// schema (errata01), as embedded in go-sarif v3.3.1 (pkg/report/v210/sarif/schema.go).
var sarifSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // check uri / uri-reference too
	const loc = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(loc, doc); err != nil {
		return nil, err
	}
	return c.Compile(loc)
})

// validateSARIF checks out against the official schema and GitHub's
// rules, and returns it decoded.
// decodedLog is a SARIF log read back, with its streamed results typed.
type decodedLog struct {
	Schema  string       `json:"$schema"`
	Version string       `json:"version"`
	Runs    []decodedRun `json:"runs"`
}

type decodedRun struct {
	sarifRun
	Results []sarifResult `json:"results"` // shadows sarifRun.Results (any)
}

func validateSARIF(t *testing.T, out []byte) decodedLog {
	t.Helper()
	sch, err := sarifSchema()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF schema: %v", err)
	}
	assertNoNegative(t, inst, "$")

	var log decodedLog
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("version %q, $schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || run.Results == nil || len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("run: columnKind %q, results nil %v, invocations %+v", run.ColumnKind, run.Results == nil, run.Invocations)
	}
	if id := run.AutomationDetails.ID; !strings.HasSuffix(id, "/") || len(id) < 2 {
		t.Errorf("automationDetails.id = %q, want category/", id)
	}
	ids := map[string]bool{}
	for _, ru := range run.Tool.Driver.Rules {
		if ids[ru.ID] {
			t.Errorf("rule %s listed twice", ru.ID)
		}
		ids[ru.ID] = true
		for what, s := range map[string]string{"shortDescription": ru.ShortDescription.Text, "fullDescription": ru.FullDescription.Text, "help.text": ru.Help.Text} {
			if strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > 1024 && what != "help.text" {
				t.Errorf("rule %s: %s %q is empty or too long", ru.ID, what, s)
			}
		}
		if utf8.RuneCountInString(ru.Name) > 255 {
			t.Errorf("rule %s: name too long", ru.ID)
		}
		tags := ru.Properties.Tags
		if len(tags) > 10 {
			t.Errorf("rule %s: tags %v", ru.ID, tags)
		}
		if len(tags) > 0 && tags[0] == "security" {
			if v, err := strconv.ParseFloat(ru.Properties.SecuritySeverity, 64); err != nil || v <= 0 || v > 10 {
				t.Errorf("rule %s: security-severity %q", ru.ID, ru.Properties.SecuritySeverity)
			}
		} else if ru.Properties.SecuritySeverity != "" {
			t.Errorf("rule %s: security-severity %q on a rule not tagged security", ru.ID, ru.Properties.SecuritySeverity)
		}
	}
	for i, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, res.RuleIndex, res.RuleID)
		}
		if res.Message.Text == "" || len(res.Locations) != 1 {
			t.Errorf("result %d: empty message or %d locations", i, len(res.Locations))
		}
		for _, loc := range res.Locations {
			al := loc.PhysicalLocation.ArtifactLocation
			u, err := url.Parse(al.URI)
			if err != nil || strings.Contains(al.URI, `\`) || al.URI == "" {
				t.Errorf("result %d: bad URI %q: %v", i, al.URI, err)
			} else if (u.Scheme == "") != (al.URIBaseID == "%SRCROOT%") || (u.Scheme != "" && u.Scheme != "file") {
				t.Errorf("result %d: URI %q with uriBaseId %q", i, al.URI, al.URIBaseID)
			}
		}
	}
	return log
}

// assertNoNegative fails on any negative number (go-sarif's -1 placeholders).
func assertNoNegative(t *testing.T, v any, path string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			assertNoNegative(t, x, path+"."+k)
		}
	case []any:
		for i, x := range v {
			assertNoNegative(t, x, fmt.Sprintf("%s[%d]", path, i))
		}
	case json.Number:
		if strings.HasPrefix(string(v), "-") {
			t.Errorf("%s = %s", path, v)
		}
	case float64, int, int64:
		if fmt.Sprint(v)[0] == '-' {
			t.Errorf("%s = %v", path, v)
		}
	}
}

func TestSARIFContent(t *testing.T) {
	log := validateSARIF(t, render(t, "sarif", Options{}, fixture()))
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "dockguard" || d.Version != "1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}
	if run.AutomationDetails.ID != "dockguard/" {
		t.Errorf("automationDetails.id = %q", run.AutomationDetails.ID)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///work/repo/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if got := run.Invocations[0].WorkingDirectory; got == nil || got.URI != "file:///work/repo/" {
		t.Errorf("workingDirectory = %+v", got)
	}
	var ruleIDs []string
	for _, ru := range d.Rules {
		ruleIDs = append(ruleIDs, ru.ID)
	}
	if got := strings.Join(ruleIDs, " "); got != "DC003 DF004 DF010 DG001" {
		t.Errorf("rules = %s", got)
	}

	df004 := d.Rules[1]
	for _, want := range []string{
		"A moving tag changes the image",
		"```dockerfile\nFROM alpine\n```",
		"```dockerfile\nFROM alpine:3.20\n```",
		"`# dockguard ignore=DF004 -- reason`",
		"`rules: {DF004: off}`",
		"[DF004 documentation](" + finding.DocsBaseURL + "DF004.md)",
	} {
		if !strings.Contains(df004.Help.Markdown, want) {
			t.Errorf("DF004 help.markdown lacks %q:\n%s", want, df004.Help.Markdown)
		}
	}
	for _, want := range []string{"    FROM alpine\n", "# dockguard ignore=DF004 -- reason", "Documentation: " + finding.DocsBaseURL + "DF004.md"} {
		if !strings.Contains(df004.Help.Text, want) {
			t.Errorf("DF004 help.text lacks %q:\n%s", want, df004.Help.Text)
		}
	}
	if df004.ShortDescription.Text != "give FROM images a fixed tag or a digest" || df004.HelpURI != finding.DocsBaseURL+"DF004.md" ||
		df004.DefaultConfiguration.Level != "warning" || df004.Properties.SecuritySeverity != "5.0" ||
		strings.Join(df004.Properties.Tags, ",") != "security,dockerfile,supply-chain" {
		t.Errorf("DF004 = %+v", df004)
	}
	dc003 := d.Rules[0]
	if dc003.FullDescription.Text != "A privileged container has every capability and all devices: it is root on the host." ||
		dc003.Properties.SecuritySeverity != "8.0" || strings.Join(dc003.Properties.Tags, ",") != "security,compose,CIS-5.4,CWE-250" ||
		!strings.Contains(dc003.Help.Markdown, "```yaml\nservices:") {
		t.Errorf("DC003 = %+v", dc003)
	}
	// DF010 of the fixture is a hygiene rule: a quality alert, no security-severity.
	if d.Rules[2].Properties.SecuritySeverity != "" || d.Rules[2].DefaultConfiguration.Level != "note" {
		t.Errorf("DF010 = %+v", d.Rules[2])
	}

	type want struct {
		uri, base, level string
		region           sarifRegion
	}
	wants := []want{
		{"file:///etc/other/Dockerfile", "", "error", sarifRegion{1, 1, 1, 1}},
		{"deploy/Dockerfile", "%SRCROOT%", "warning", sarifRegion{3, 6, 3, 12}},
		{"deploy/Dockerfile", "%SRCROOT%", "note", sarifRegion{7, 1, 9, 1}},
		{"deploy/compose.yaml", "%SRCROOT%", "error", sarifRegion{5, 5, 5, 21}},
		{"evil/a%0A%3A%3Aerror%3A%3Ab%250A%1B%5B31m%3Cscript%3E%5D%5D%3E%22%23%23%5Bx%5D%00,c%3Ad.yaml", "%SRCROOT%", "error", sarifRegion{2, 1, 2, 1}},
		{"my%20app/Dockerfile.%C3%BCn%C3%AFc%C3%B8d%C3%A9", "%SRCROOT%", "warning", sarifRegion{1, 6, 1, 14}},
	}
	fx := fixture().Findings
	if len(run.Results) != len(wants) {
		t.Fatalf("%d results", len(run.Results))
	}
	for i, res := range run.Results {
		w, f := wants[i], fx[i]
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URI != w.uri || pl.ArtifactLocation.URIBaseID != w.base || res.Level != w.level || pl.Region != w.region {
			t.Errorf("result %d: %+v %+v level %s", i, pl.ArtifactLocation, pl.Region, res.Level)
		}
		msg := f.Message
		if len(f.Related) > 0 {
			msg += ` (see [service "web" builds this stage](1))`
		}
		if res.RuleID != f.RuleID || res.Message.Text != msg || res.PartialFingerprints[FingerprintKey] != f.Fingerprint || len(res.PartialFingerprints) != 1 {
			t.Errorf("result %d: %+v", i, res)
		}
		if u, _ := url.Parse(w.uri); w.base != "" && u.Path != strings.TrimPrefix(f.Path, "/work/repo/") {
			t.Errorf("result %d: URI decodes to %q, want %q", i, u.Path, f.Path)
		}
		if len(res.RelatedLocations) != len(f.Related) || (f.Fix == nil) != (len(res.Fixes) == 0) {
			t.Errorf("result %d: related %+v fixes %+v", i, res.RelatedLocations, res.Fixes)
		}
		if f.Fix != nil {
			ch := res.Fixes[0].ArtifactChanges
			if len(ch) != 1 || ch[0].ArtifactLocation.URI != "deploy/Dockerfile" || len(ch[0].Replacements) != 1 ||
				ch[0].Replacements[0].DeletedRegion != (sarifRegion{3, 6, 3, 12}) || ch[0].Replacements[0].InsertedContent.Text != "alpine:3.20" ||
				res.Fixes[0].Description.Text != "pin alpine to 3.20 (hardening fix)" || res.Fixes[0].Properties.Class != "hardening" {
				t.Errorf("result %d: fix %+v", i, res.Fixes[0])
			}
		}
		if len(f.Related) > 0 {
			rl := res.RelatedLocations[0]
			if rl.ID != 1 || rl.PhysicalLocation.ArtifactLocation.URI != "compose.yaml" || rl.PhysicalLocation.Region != (sarifRegion{4, 5, 4, 10}) || rl.Message.Text != f.Related[0].Message {
				t.Errorf("result %d: related %+v", i, rl)
			}
		}
		if (f.Subject != "") != (res.Properties != nil) || (res.Properties != nil && res.Properties.Subject != f.Subject) {
			t.Errorf("result %d: properties %+v", i, res.Properties)
		}
	}
}

func TestSARIFEdgeCases(t *testing.T) {
	// Empty: results is [] (GitHub rejects a run without it), rules all listed.
	out := render(t, "sarif", Options{Category: "dockguard/compose"}, emptyReport())
	log := validateSARIF(t, out)
	if !bytes.Contains(out, []byte(`"results": []`)) || len(log.Runs[0].Tool.Driver.Rules) != 4 {
		t.Errorf("empty report:\n%s", out)
	}
	if log.Runs[0].AutomationDetails.ID != "dockguard/compose/" || log.Runs[0].Tool.Driver.SemanticVersion != "" {
		t.Errorf("category or semanticVersion: %+v", log.Runs[0])
	}

	// A finding of a rule missing from Rules, no root, no working
	// directory, no fingerprint, no message, hostile everything.
	r := &Report{Findings: []finding.Finding{
		{RuleID: "DF999", RuleName: "new-rule", Path: "sub dir/Dockerfile", Range: source.Range{Start: source.Pos{Line: 0, Col: -1}, End: source.Pos{Line: -1, Col: -1}}},
		{RuleID: "DF004", RuleName: "mutable-base-tag", Severity: finding.Info, Path: hostilePath, Message: hostileMsg, Subject: hostileMsg},
		{RuleID: "DF004", Path: "../outside/Dockerfile", Message: "m", Range: source.LineRange(2, 2)},
	}}
	log = validateSARIF(t, render(t, "sarif", Options{}, r))
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != 2 || run.Tool.Driver.Rules[0].ID != "DF999" || run.Tool.Driver.Rules[0].Name != "new-rule" {
		t.Errorf("synthesised rules: %+v", run.Tool.Driver.Rules)
	}
	if res := run.Results[0]; res.Message.Text != "new-rule" || res.PartialFingerprints != nil || res.Level != "warning" ||
		res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "sub%20dir/Dockerfile" {
		t.Errorf("result 0: %+v", res)
	}
	if res := run.Results[1]; res.Message.Text != hostileMsg || res.Level != "note" {
		t.Errorf("hostile message did not round-trip: %+v", res)
	}
	if al := run.Results[2].Locations[0].PhysicalLocation.ArtifactLocation; al.URI != "../outside/Dockerfile" || al.URIBaseID != "%SRCROOT%" {
		t.Errorf("outside path: %+v", al)
	}
	if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok || run.Invocations[0].WorkingDirectory != nil {
		t.Errorf("no root: %+v %+v", run.OriginalURIBaseIDs, run.Invocations)
	}

	// Long and odd rule metadata stays within GitHub's limits.
	long := &finding.Meta{ID: "DC099", Name: strings.Repeat("n", 300), Severity: finding.Error, Summary: strings.Repeat("é", 2000),
		Tags: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "SECURITY", ""},
		Doc:  finding.Doc{Why: strings.Repeat("why ", 500), Bad: "x: ```\n"}}
	log = validateSARIF(t, render(t, "sarif", Options{}, &Report{Rules: []*finding.Meta{long, nil, long}}))
	if rs := log.Runs[0].Tool.Driver.Rules; len(rs) != 1 || len(rs[0].Properties.Tags) != 10 {
		t.Errorf("long rule: %d rules, tags %v", len(rs), rs[0].Properties.Tags)
	}
}

func TestSemver(t *testing.T) {
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v0.1.0-rc.1+abc": "0.1.0-rc.1+abc", "dev": "", "1.2": "", "1.2.x": "", "1.2.3-": "", "": ""} {
		if got := semver(in); got != want {
			t.Errorf("semver(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("héllo", 5); got != "héllo" {
		t.Error(got)
	}
	if got := truncate("héllo world", 5); got != "héll…" || utf8.RuneCountInString(got) != 5 {
		t.Error(got)
	}
}

// bigReport has n findings spread over n/20 files.
func bigReport(n int) *Report {
	r := fixture()
	r.Findings = make([]finding.Finding, n)
	for i := range r.Findings {
		r.Findings[i] = finding.Finding{
			RuleID: "DF004", RuleName: "mutable-base-tag", Severity: finding.Severity(1 + i%3),
			Path:    fmt.Sprintf("services/svc%04d/Dockerfile", i/20),
			Range:   source.Range{Start: source.Pos{Line: i%20 + 1, Col: 6}, End: source.Pos{Line: i%20 + 1, Col: 12}},
			Message: fmt.Sprintf("base image \"img%d\" has no tag or digest", i), Fingerprint: fmt.Sprintf("%016x", i),
		}
	}
	return r
}

func BenchmarkSARIF(b *testing.B) {
	r := bigReport(10000)
	f, _ := New("sarif", Options{})
	b.ReportAllocs()
	for b.Loop() {
		if err := f.Format(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormats(b *testing.B) {
	r := bigReport(10000)
	for _, name := range Names() {
		b.Run(name, func(b *testing.B) {
			f, _ := New(name, Options{MaxAnnotationsPerLevel: 10})
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Format(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The schema check must be able to fail: break a valid log in ways GitHub
// rejects and expect errors.
func TestSARIFSchemaRejects(t *testing.T) {
	sch, err := sarifSchema()
	if err != nil {
		t.Fatal(err)
	}
	good := string(render(t, "sarif", Options{}, fixture()))
	for _, bad := range []struct{ old, new string }{
		{`"startLine": 3`, `"startLine": 0`},
		{`"level": "warning"`, `"level": "high"`},
		{`"version": "2.1.0"`, `"version": "2.0.0"`},
		{`"startColumn": 6`, `"startColumn": 0`},
		{`"columnKind": "unicodeCodePoints"`, `"columnKind": "bytes"`},
		// (ruleIndex -1 is schema-valid, its default: assertNoNegative catches it.)
	} {
		if !strings.Contains(good, bad.old) {
			t.Fatalf("fixture output lacks %s", bad.old)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(good, bad.old, bad.new, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepted %s", bad.new)
		}
	}
}
