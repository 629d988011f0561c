package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
)

// hadolintCatalog: DF004 references DL3006 and DL3007, DF009 DL3007
// too; DF010 references DL3008; DF011 nothing.
func hadolintCatalog(t *testing.T) *finding.Catalog {
	t.Helper()
	meta := func(id, name string, rs finding.RuleSet, codes ...string) *finding.Meta {
		m := &finding.Meta{ID: id, Name: name, Severity: finding.Warning, RuleSet: rs, Since: "0.2"}
		if len(codes) > 0 {
			m.References = finding.Refs{finding.Hadolint: codes}
		}
		return m
	}
	syntax := meta("DF000", "dockerfile-syntax", finding.RuleSetDefault, "DL3061")
	syntax.Role = finding.DockerfileProblems
	cat, err := finding.NewCatalog(meta("DF004", "mutable-base-tag", finding.RuleSetDefault, "DL3006", "DL3007"),
		meta("DF009", "latest-strict", finding.RuleSetStrict, "DL3007"), meta("DF010", "apt-pin", finding.RuleSetStrict, "DL3008"),
		meta("DF011", "other", finding.RuleSetDefault), syntax)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// Every kind of hadolint key: mapped, partly mapped, without counterpart, unknown.
func TestParseHadolint(t *testing.T) {
	const src = `failure-threshold: style
ignored:
  - DL3007
  - dl3008
  - SC2086
  - DL3059
  - DL3061
override:
  error:
    - DL3006
  style: [DL3008]
  critical: [DL3007]
trustedRegistries:
  - docker.io
  - "*.corp.example"
label-schema:
  author: text
strict-labels: true
disable-ignore-pragma: true
no-color: true
format: json
no-fail: false
shiny-new-key: 1
`
	cat := hadolintCatalog(t)
	c, err := ParseHadolint(".hadolint.yaml", []byte(src), cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(cat); err != nil {
		t.Fatalf("translated configuration does not validate: %v", err)
	}
	if c.FailureThreshold != ThresholdInfo {
		t.Errorf("threshold %v", c.FailureThreshold)
	}
	if !reflect.DeepEqual(c.TrustedRegistries, []string{"docker.io", "*.corp.example"}) || c.ExtendDefaultTrust() {
		t.Errorf("trusted %v mode %v", c.TrustedRegistries, c.TrustedRegistriesMode)
	}
	if !reflect.DeepEqual(c.NoInlineIgnores, []finding.Tool{finding.Hadolint}) {
		t.Errorf("no inline %v", c.NoInlineIgnores)
	}
	m := func(id string) *finding.Meta { return cat.Lookup(id) }
	for id, want := range map[string]bool{"DF004": true, "DF009": false, "DF010": false, "DF011": true, "DF000": true} {
		if got := c.RuleEnabled(m(id)); got != want {
			t.Errorf("%s enabled = %v, want %v", id, got, want)
		}
	}
	// override error DL3006 -> DF004 (kept on: DL3006 is not ignored).
	if got := c.Severity(m("DF004"), finding.SeverityDefault); got != finding.Error {
		t.Errorf("DF004 severity %v", got)
	}
	// An override does not turn a strict rule on in the default set.
	strictOnly := &Config{Rules: c.Rules}
	if strictOnly.RuleEnabled(m("DF010")) {
		t.Error("override turned DF010 on")
	}
	if c.LabelSchema["author"] != "text" || len(c.LabelSchema) != 1 || c.StrictLabels == nil || !*c.StrictLabels {
		t.Errorf("label-schema %v, strict-labels %v", c.LabelSchema, c.StrictLabels)
	}
	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, n.Error())
	}
	want := []string{
		`.hadolint.yaml:11: override.style: dockguard has no style level; these rules are set to info`,
		`.hadolint.yaml:12: override.critical: not a hadolint level (error, warning, info, style); skipped`,
		`.hadolint.yaml:20: hadolint setting "no-color" has no counterpart: dockguard's text output is plain`,
		`.hadolint.yaml:21: hadolint setting "format" is not read from the configuration: use --format`,
		`.hadolint.yaml:23: unknown hadolint setting "shiny-new-key"; skipped`,
		`.hadolint.yaml:3: ignored: kept on: DF000 (dockerfile-syntax) reports what dockguard cannot read; DF004 (mutable-base-tag) also checks DL3006; turn them off in .dockguard.yaml if that is meant`,
		`.hadolint.yaml:3: ignored: no dockguard rule corresponds to SC2086, DL3059; skipped`,
		`.hadolint.yaml:1: failure-threshold: dockguard has no style level; info findings fail the run too`,
	}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseHadolintThresholds(t *testing.T) {
	for src, want := range map[string]Threshold{
		"failure-threshold: error\n":               ThresholdError,
		"failure-threshold: ignore\n":              ThresholdNone,
		"failure-threshold: none\n":                ThresholdNone,
		"failure-threshold: info\nno-fail: true\n": ThresholdNone,
		"trustedRegistries: my.registry:5000\n":    ThresholdUnset,
		"":                                         ThresholdUnset,
	} {
		c, err := ParseHadolint("h", []byte(src), nil)
		if err != nil || c.FailureThreshold != want {
			t.Errorf("%q: %v %v, want %v", src, c, err, want)
		}
	}
	c, _ := ParseHadolint("h", []byte("trustedRegistries: my.registry:5000\n"), nil)
	if !reflect.DeepEqual(c.TrustedRegistries, []string{"my.registry:5000"}) {
		t.Errorf("single registry: %v", c.TrustedRegistries)
	}
	for _, bad := range []string{"failure-threshold: loud\n", "ignored: DL3008\n", "no-fail: sometimes\n", "a: [\n", "--- {}\n--- {}\n"} {
		if _, err := ParseHadolint("h", []byte(bad), nil); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestFindHadolint(t *testing.T) {
	dir := t.TempDir()
	if _, ok := FindHadolint(dir); ok {
		t.Fatal("found in an empty dir")
	}
	if err := os.MkdirAll(filepath.Join(dir, ".config"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".config/hadolint.yaml", ".hadolint.yml", ".hadolint.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		p, ok := FindHadolint(dir)
		if !ok || p != filepath.Join(dir, filepath.FromSlash(name)) {
			t.Errorf("after %s: %s %v", name, p, ok)
		}
	}
	if !IsHadolintFile("x/.hadolint.yml") || !IsHadolintFile(".config/hadolint.yaml") || IsHadolintFile(".dockguard.yaml") {
		t.Error("IsHadolintFile")
	}
}

// FuzzParseHadolint: any bytes give a Config or an error naming the file,
// and a translated configuration validates.
func FuzzParseHadolint(f *testing.F) {
	for _, s := range []string{
		"", "ignored: [DL3007, SC2086]\n", "override: {error: [DL3006], style: [x], bogus: 1}\n",
		"trustedRegistries: \"[\"\n", "trustedRegistries: [a, 'b c']\n", "no-fail: true\nfailure-threshold: style\n",
		"label-schema: {a: b}\nstrict-labels: yes\n", "override: [x]\n", "ignored: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	meta := &finding.Meta{ID: "DF004", Name: "m", Severity: finding.Warning, RuleSet: finding.RuleSetDefault, Since: "0.1",
		References: finding.Refs{finding.Hadolint: {"DL3006", "DL3007"}}}
	cat, err := finding.NewCatalog(meta)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseHadolint("h.yaml", data, cat)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "h.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if err := c.Validate(cat); err != nil {
			t.Errorf("translated configuration does not validate: %v", err)
		}
		c.RuleEnabled(meta)
		c.Severity(meta, finding.SeverityDefault)
	})
}
