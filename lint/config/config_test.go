package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
)

func meta(id, name string, sev finding.Severity) *finding.Meta {
	return &finding.Meta{ID: id, Name: name, Severity: sev, RuleSet: finding.RuleSetDefault, Since: "0.1"}
}

var (
	df002 = meta("DF002", "root-user", finding.Warning)
	df005 = meta("DF005", "apt-no-clean", finding.Info)
	df007 = meta("DF007", "no-healthcheck", finding.Warning)
	dc003 = meta("DC003", "privileged", finding.Error)
)

func testRegistry(t *testing.T) *finding.Catalog {
	t.Helper()
	cat, err := finding.NewCatalog(df002, df005, df007, dc003)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestExample(t *testing.T) {
	c, err := Load("testdata/example.dockguard.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(testRegistry(t)); err != nil {
		t.Fatal(err)
	}
	if want := []string{"ghcr.io/myorg/", "*.corp.example"}; !reflect.DeepEqual(c.TrustedRegistries, want) {
		t.Errorf("TrustedRegistries = %q", c.TrustedRegistries)
	}
	if c.TrustedRegistriesMode != TrustExtend || !c.ExtendDefaultTrust() {
		t.Errorf("mode = %v", c.TrustedRegistriesMode)
	}
	if c.Threshold() != ThresholdWarning {
		t.Errorf("threshold = %v", c.Threshold())
	}
	if want := []string{"testdata/**", "**/legacy/*"}; !reflect.DeepEqual(c.Exclude, want) {
		t.Errorf("Exclude = %q", c.Exclude)
	}
	if want := map[string]string{"BASE_IMAGE": "alpine:3.20", "VERSION": "3.20"}; !reflect.DeepEqual(c.BuildArgs, want) {
		t.Errorf("BuildArgs = %q", c.BuildArgs)
	}
	if c.RuleEnabled(df005) || !c.RuleEnabled(df002) || !c.RuleEnabled(dc003) {
		t.Error("RuleEnabled wrong")
	}
	if got := c.Severity(df002, finding.SeverityDefault); got != finding.Error {
		t.Errorf("DF002 severity = %v", got)
	}
	if got := c.Severity(df007, finding.Error); got != finding.Info {
		t.Errorf("no-healthcheck severity = %v (by name)", got)
	}
	if got := c.Severity(dc003, finding.SeverityDefault); got != finding.Warning {
		t.Errorf("DC003 severity = %v", got)
	}
	for _, tc := range []struct {
		f    finding.Finding
		want bool
	}{
		{finding.Finding{RuleID: "DC003", Subject: "buildkitd", Path: "compose.yaml"}, true},
		{finding.Finding{RuleID: "DC003", Subject: "web", Path: "compose.yaml"}, false},
		{finding.Finding{RuleID: "DC003", Subject: "web", Path: "docker/dev/compose.yaml"}, true},
		{finding.Finding{RuleID: "DC003", Subject: "web", Path: "./docker/dev/a/compose.yaml"}, true},
		{finding.Finding{RuleID: "DF002", Subject: "buildkitd", Path: "docker/dev/Dockerfile"}, false},
	} {
		if got := c.Ignored(tc.f); got != tc.want {
			t.Errorf("Ignored(%+v) = %v", tc.f, got)
		}
	}
}

func TestDefaults(t *testing.T) {
	var c *Config
	if !c.RuleEnabled(df005) || c.Severity(df005, finding.SeverityDefault) != finding.Info ||
		c.Severity(df005, finding.Error) != finding.Error || c.Ignored(finding.Finding{RuleID: "DF005"}) {
		t.Error("nil config must change nothing")
	}
	if c.Threshold() != ThresholdWarning {
		t.Error("default threshold")
	}
	for _, data := range []string{"", "\n", "# only a comment\n", "---\n", "~\n"} {
		c, err := Parse("e.yaml", []byte(data))
		if err != nil {
			t.Errorf("Parse(%q): %v", data, err)
			continue
		}
		if !reflect.DeepEqual(c, &Config{Path: "e.yaml"}) {
			t.Errorf("Parse(%q) = %+v", data, c)
		}
	}
}

func TestThreshold(t *testing.T) {
	for _, tc := range []struct {
		th   string
		sev  finding.Severity
		want bool
	}{
		{"info", finding.Info, true},
		{"warning", finding.Info, false},
		{"warning", finding.Warning, true},
		{"warning", finding.Error, true},
		{"error", finding.Warning, false},
		{"error", finding.Error, true},
		{"none", finding.Error, false},
		{"NONE", finding.Error, false},
	} {
		th, err := ParseThreshold(tc.th)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.Fails(tc.sev); got != tc.want {
			t.Errorf("%s.Fails(%v) = %v", tc.th, tc.sev, got)
		}
	}
	if ThresholdUnset.Fails(finding.Info) || !ThresholdUnset.Fails(finding.Warning) {
		t.Error("unset threshold must fail on warnings, not on info (the default is warning)")
	}
	fs := []finding.Finding{{Severity: finding.Info}, {Severity: finding.Warning}}
	if !ThresholdWarning.FailsAny(fs) || ThresholdError.FailsAny(fs) || ThresholdNone.FailsAny(fs) || ThresholdInfo.FailsAny(nil) {
		t.Error("FailsAny")
	}
	if _, err := ParseThreshold("critical"); err == nil {
		t.Error("want error")
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"trusted-registries:\n  - a\n\ntrusted-registres: [x]\n",
			`c.yaml:4: unknown key "trusted-registres" (did you mean trusted-registries?)`},
		{"trusted-registry: [x]\n", `c.yaml:1: unknown key "trusted-registry" (known keys: trusted-registries,`},
		{"frobnicate: 1\n", `c.yaml:1: unknown key "frobnicate" (known keys: trusted-registries,`},
		{"exclude: a/**\n", `c.yaml:1: exclude: want a list of strings, got a string`},
		{"exclude: [1]\n", `c.yaml:1: exclude: want a string, got a number`},
		{"exclude: [\"a/[\"]\n", `c.yaml:1: exclude: bad glob pattern "a/["`},
		{"exclude: [\"\"]\n", `c.yaml:1: exclude: empty string`},
		{"failure-threshold: loud\n", `c.yaml:1: unknown failure threshold "loud"`},
		{"failure-threshold: [a]\n", `c.yaml:1: failure-threshold: want a string, got a list`},
		{"trusted-registries-mode: merge\n", `c.yaml:1: unknown trusted-registries-mode "merge" (want extend, narrow or replace)`},
		{"images: [a]\n", `c.yaml:1: images: want a mapping of image names to settings, got a list`},
		{"images:\n  nginx:\n    usr: x\n", `c.yaml:3: images: nginx: unknown key "usr" (did you mean user?)`},
		{"images:\n  nginx:\n    healthcheck: yes please\n", `c.yaml:3: images: nginx: healthcheck: want true or false, got a string`},
		{"images:\n  nginx:\n    user: [1]\n", `c.yaml:3: images: nginx: user: want a user name or UID, got a list`},
		{"trusted-registries: [\"a b\"]\n", `c.yaml:1: trusted-registries: "a b" contains a space`},
		{"a: 1\n---\nb: 2\n", `c.yaml:2: more than one YAML document`},
		{"- a\n", `c.yaml:1: the configuration must be a mapping of keys, got a list`},
		{"exclude: []\nexclude: []\n", `c.yaml:2: duplicate key "exclude" (first on line 1)`},
		{"rules:\n  DF005: off\n  DF005: on\n", `c.yaml:3: duplicate key "DF005" (first on line 2)`},
		{"rules:\n  DF005: loud\n", `c.yaml:2: rules.DF005: unknown rule setting "loud"`},
		{"rules:\n  DF005: 3\n", `c.yaml:2: rules.DF005: want a string, got a number`},
		{"rules:\n  DF005: [a]\n", `c.yaml:2: rules.DF005: want off, on, a severity or a mapping, got a list`},
		{"rules:\n  DC003:\n    severty: info\n", `c.yaml:3: rules.DC003: unknown key "severty" (did you mean severity?)`},
		{"rules:\n  DC003:\n    ignore-services: web\n", `c.yaml:3: rules.DC003.ignore-services: want a list of strings, got a string`},
		{"rules: [DF005]\n", `c.yaml:1: rules: want a mapping`},
		{"build-args: [a]\n", `c.yaml:1: build-args: want a mapping of NAME: value, got a list`},
		{"build-args:\n  A: {b: c}\n", `c.yaml:2: build-args.A: want a value (string or number), got a mapping`},
		{"build-args:\n  A:\n", `c.yaml:2: build-args.A: want a value (string or number), got nothing`},
		{"base: &b {x: 1}\n", `c.yaml:1: unknown key "base"`},
		{"label-schema: [a]\n", `c.yaml:1: label-schema: want a mapping of label: type, got a list`},
		{"label-schema:\n  maintainer: name\n", `c.yaml:2: label-schema.maintainer: want one of text, url, email, rfc3339, semver, hash, spdx, got a string`},
		{"strict-labels: maybe\n", `c.yaml:1: strict-labels: want true or false, got a string`},
		{"exclude: [a\n", `c.yaml:`},
		{"exclude:\n  - a\n bad: x\n", `c.yaml:2: invalid YAML: did not find expected key`},
		{"\t- a\n", `c.yaml`},
	} {
		_, err := Parse("c.yaml", []byte(tc.data))
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tc.data, tc.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q):\n got %q\nwant %q...", tc.data, err, tc.want)
		}
	}
}

func TestLabelSchema(t *testing.T) {
	a, err := Parse("a.yaml", []byte("label-schema:\n  maintainer: email\n  org.opencontainers.image.source: URL\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yaml", []byte("label-schema:\n  maintainer: text\nstrict-labels: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := a.Merge(b)
	if len(m.LabelSchema) != 2 || m.LabelSchema["maintainer"] != "text" || m.LabelSchema["org.opencontainers.image.source"] != "url" ||
		m.StrictLabels == nil || !*m.StrictLabels || a.StrictLabels != nil {
		t.Errorf("merged: %v %v", m.LabelSchema, m.StrictLabels)
	}
}

func TestSeveralErrors(t *testing.T) {
	_, err := Parse("c.yaml", []byte("exclude: 1\nfailure-threshold: x\n"))
	list, ok := err.(ErrorList)
	if !ok || len(list) != 2 || list[0].Line != 1 || list[1].Line != 2 {
		t.Fatalf("err = %#v", err)
	}
	if got := err.Error(); !strings.Contains(got, "\nc.yaml:2: ") {
		t.Errorf("Error() = %q", got)
	}
}

func TestAliases(t *testing.T) {
	c, err := Parse("c.yaml", []byte("exclude: &ex [\"a/**\"]\nrules:\n  DC003: {ignore-paths: *ex}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Rules[0].IgnorePaths, []string{"a/**"}) {
		t.Errorf("%+v", c.Rules)
	}
	if _, err := Parse("c.yaml", []byte("a: &a {x: 1}\nrules:\n  <<: *a\n")); err == nil {
		t.Error("merge keys must be rejected")
	}
}

func TestRuleValues(t *testing.T) {
	c, err := Parse("c.yaml", []byte("rules:\n  DF005: false\n  DF002: Disable\n  DF007: true\n  DC003: {severity: off}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.RuleEnabled(df005) || c.RuleEnabled(df002) || !c.RuleEnabled(df007) || c.RuleEnabled(dc003) {
		t.Errorf("%+v", c.Rules)
	}
}

func TestValidate(t *testing.T) {
	reg := testRegistry(t)
	for _, tc := range []struct{ data, want string }{
		{"rules:\n  DF002: off\n  DF05: off\n", `c.yaml:3: unknown rule "DF05" (did you mean DF005?)`},
		{"rules:\n  root-usr: off\n", `c.yaml:2: unknown rule "root-usr" (did you mean root-user?)`},
		{"rules:\n  df05: off\n", `c.yaml:2: unknown rule "df05" (did you mean DF005?)`},
		{"rules:\n  XYZ123456: off\n", `c.yaml:2: unknown rule "XYZ123456"`},
		{"rules:\n  DF002: off\n  root-user: error\n", `c.yaml:3: rule DF002 is already set on line 2 (as "DF002")`},
		{"rules:\n  DF002: {ignore-services: [web]}\n", `c.yaml:2: ignore-services only applies to compose rules`},
	} {
		c, err := Parse("c.yaml", []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		err = c.Validate(reg)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Validate(%q) = %v, want %q", tc.data, err, tc.want)
		}
	}
	// Case-insensitive IDs are fine.
	c, _ := Parse("c.yaml", []byte("rules:\n  df002: off\n"))
	if err := c.Validate(reg); err != nil || c.RuleEnabled(df002) {
		t.Errorf("lower-case ID: %v", err)
	}
}

func TestMerge(t *testing.T) {
	file, err := Parse("c.yaml", []byte(`
trusted-registries: [a.example]
failure-threshold: warning
exclude: ["x/**"]
build-args: {A: "1", B: "2"}
rules:
  DF005: off
  DF002: error
  DC003: {ignore-services: [buildkitd]}
`))
	if err != nil {
		t.Fatal(err)
	}
	flags := &Config{
		TrustedRegistries:     []string{"b.example", "a.example"},
		TrustedRegistriesMode: TrustReplace,
		Exclude:               []string{"y/**"},
		BuildArgs:             map[string]string{"B": "3"},
		Rules: []RuleSetting{
			{Rule: "apt-no-clean", State: RuleOn},
			{Rule: "DF002", Severity: finding.Info, State: RuleOn},
			{Rule: "DC003", IgnoreServices: []string{"dind"}},
		},
	}
	m := file.Merge(flags)
	if !reflect.DeepEqual(m.TrustedRegistries, []string{"a.example", "b.example"}) || m.ExtendDefaultTrust() {
		t.Errorf("trust: %q %v", m.TrustedRegistries, m.TrustedRegistriesMode)
	}
	if m.Threshold() != ThresholdWarning || m.Path != "c.yaml" {
		t.Errorf("threshold %v path %q", m.Threshold(), m.Path)
	}
	if !reflect.DeepEqual(m.Exclude, []string{"x/**", "y/**"}) {
		t.Errorf("exclude %q", m.Exclude)
	}
	if !reflect.DeepEqual(m.BuildArgs, map[string]string{"A": "1", "B": "3"}) {
		t.Errorf("build-args %q", m.BuildArgs)
	}
	if !m.RuleEnabled(df005) || m.Severity(df002, finding.SeverityDefault) != finding.Info {
		t.Error("flags must win over the file")
	}
	if !m.Ignored(finding.Finding{RuleID: "DC003", Subject: "buildkitd"}) || !m.Ignored(finding.Finding{RuleID: "DC003", Subject: "dind"}) {
		t.Error("ignore lists must add up")
	}
	// The inputs are untouched.
	if file.RuleEnabled(df005) || len(file.Exclude) != 1 || file.BuildArgs["B"] != "2" {
		t.Error("Merge modified its receiver")
	}
	if (*Config)(nil).Merge(nil) == nil {
		t.Error("nil merge")
	}
	th := (&Config{FailureThreshold: ThresholdError}).Merge(&Config{FailureThreshold: ThresholdNone})
	if th.Threshold() != ThresholdNone {
		t.Error("threshold override")
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if _, ok := Find(dir); ok {
		t.Error("found in empty dir")
	}
	yml := filepath.Join(dir, ".dockguard.yml")
	os.WriteFile(yml, []byte("exclude: [a]\n"), 0o644)
	if p, ok := Find(dir); !ok || p != yml {
		t.Errorf("Find = %q %v", p, ok)
	}
	yaml := filepath.Join(dir, ".dockguard.yaml")
	os.WriteFile(yaml, nil, 0o644)
	if p, ok := Find(dir); !ok || p != yaml {
		t.Errorf("Find = %q %v, want .yaml first", p, ok)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("Load of a missing file")
	}
}

func TestParseRuleValue(t *testing.T) {
	st, sev, err := ParseRuleValue("WARN")
	if err != nil || st != RuleOn || sev != finding.Warning {
		t.Errorf("%v %v %v", st, sev, err)
	}
}

func TestDidYouMean(t *testing.T) {
	for s, want := range map[string]string{
		"excludes":         "exclude",
		"zzzzzzzzzz":       "",
		"Exclude":          "exclude", // case only
		"BUILD-ARG":        "build-args",
		"trusted-registry": "", // 3 edits: too far for BuildKit's search
	} {
		if got := didYouMean(s, topKeys); got != want {
			t.Errorf("didYouMean(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestRuleSets(t *testing.T) {
	strict := &finding.Meta{ID: "DC017", Name: "cap-drop", Severity: finding.Info, RuleSet: finding.RuleSetStrict, Since: "0.1"}
	style := &finding.Meta{ID: "DF050", Name: "style", Severity: finding.Info, RuleSet: finding.RuleSetAll, Since: "0.1"}
	newer := &finding.Meta{ID: "DF060", Name: "newer", Severity: finding.Warning, RuleSet: finding.RuleSetDefault, Since: "0.3"}
	engine := &finding.Meta{ID: "DF000", Name: "syntax", Severity: finding.Error, RuleSet: finding.RuleSetDefault, Since: "0.9", Role: finding.DockerfileProblems}
	cases := []struct {
		data                               string
		strict, style, newer, engine, df02 bool
	}{
		{"", false, false, true, true, true},
		{"ruleset: default\n", false, false, true, true, true},
		{"ruleset: strict\n", true, false, true, true, true},
		{"ruleset: ALL\n", true, true, true, true, true},
		{"ruleset: all\nruleset-version: \"0.2\"\n", true, true, false, true, true},
		{"ruleset-version: v0.3.1\n", false, false, true, true, true},
		{"rules:\n  DC017: warning\n  DF060: off\n", true, false, false, true, true},
		{"ruleset: strict\nrules:\n  cap-drop: off\n  DF000: off\n", false, false, true, false, true},
		{"ruleset-version: \"0.2\"\nrules:\n  DF060: on\n", false, false, true, true, true},
	}
	for _, tc := range cases {
		c, err := Parse("c.yaml", []byte(tc.data))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.data, err)
		}
		got := []bool{c.RuleEnabled(strict), c.RuleEnabled(style), c.RuleEnabled(newer), c.RuleEnabled(engine), c.RuleEnabled(df002)}
		want := []bool{tc.strict, tc.style, tc.newer, tc.engine, tc.df02}
		if !slices.Equal(got, want) {
			t.Errorf("%q: enabled (strict, style, newer, engine, DF002) = %v, want %v", tc.data, got, want)
		}
	}
	for data, want := range map[string]string{
		"ruleset: paranoid\n":    `c.yaml:1: unknown rule set "paranoid" (want default, strict or all)`,
		"ruleset-version: one\n": `c.yaml:1: ruleset-version: "one" is not a release number X.Y`,
		"ruleset: [strict]\n":    "c.yaml:1: ruleset",
		"rulesets: strict\n":     `c.yaml:1: unknown key "rulesets" (did you mean ruleset`,
	} {
		if _, err := Parse("c.yaml", []byte(data)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q...", data, err, want)
		}
	}
	base, _ := Parse("a.yaml", []byte("ruleset: strict\nruleset-version: \"0.1\"\n"))
	if m := base.Merge(&Config{RuleSet: finding.RuleSetAll}); m.RuleSet != finding.RuleSetAll || m.RuleSetVersion != "0.1" {
		t.Errorf("merge = %v %q", m.RuleSet, m.RuleSetVersion)
	}
	if m := base.Merge(&Config{}); m.RuleSet != finding.RuleSetStrict {
		t.Errorf("merge keeps the lower layer's rule set, got %v", m.RuleSet)
	}
}

func TestImagesAndNarrowTrust(t *testing.T) {
	c, err := Parse("c.yaml", []byte("trusted-registries-mode: narrow\nimages:\n  ghcr.io/myorg/*:\n    user: 10001\n    healthcheck: true\n  nginx:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TrustedRegistriesMode != TrustNarrow || !c.ExtendDefaultTrust() {
		t.Errorf("mode %v", c.TrustedRegistriesMode)
	}
	if len(c.Images) != 2 || c.Images[0].Image != "ghcr.io/myorg/*" || *c.Images[0].User != "10001" || !*c.Images[0].Healthcheck ||
		c.Images[0].Line != 3 || c.Images[1].Image != "nginx" || c.Images[1].User != nil {
		t.Errorf("images %+v", c.Images)
	}
	m := c.Merge(&Config{Images: []ImageSetting{{Image: "redis"}}})
	if len(m.Images) != 3 || m.Images[2].Image != "redis" || m.TrustedRegistriesMode != TrustNarrow {
		t.Errorf("merged %+v", m)
	}
}
