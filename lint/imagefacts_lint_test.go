package lint_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/finding"
)

// findingsOf lints dir with every rule and returns "RULE subject" for the
// rules named.
func findingsOf(t *testing.T, dir string, today time.Time, ids ...string) []string {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Root: dir, Registry: registry(t),
		FlagConfig: &config.Config{RuleSet: finding.RuleSetAll}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		for _, id := range ids {
			if f.RuleID == id {
				out = append(out, f.RuleID+" "+f.Subject)
			}
		}
	}
	sort.Strings(out)
	return out
}

const imagesCompose = `services:
  grafana:
    image: grafana/grafana:11.2.0
  app:
    image: ghcr.io/myorg/app:1.0
    ports: ["8080:8080"]
  tool:
    image: example/tool:1.0
`

// TestImageFactsConfig: `images:` in .dockguard.yaml tells DC013 an
// image's user and DC002 that it has a HEALTHCHECK; trusted-registries-mode
// narrow keeps 0.1's trust list (grafana/* untrusted).
func TestImageFactsConfig(t *testing.T) {
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	write(t, dir, "compose.yaml", imagesCompose)
	got := strings.Join(findingsOf(t, dir, day, "DC002", "DC010", "DC013"), ", ")
	if want := "DC002 app, DC002 grafana, DC010 app, DC010 tool, DC013 app, DC013 tool"; got != want {
		t.Errorf("defaults: %s, want %s", got, want)
	}
	write(t, dir, ".dockguard.yaml", "trusted-registries: [ghcr.io/myorg/*]\ntrusted-registries-mode: narrow\nimages:\n  ghcr.io/myorg/*:\n    user: \"10001\"\n    healthcheck: true\n  example/tool:\n    user: root\n")
	got = strings.Join(findingsOf(t, dir, day, "DC002", "DC010", "DC013"), ", ")
	if want := "DC002 grafana, DC010 grafana, DC010 tool, DC013 tool"; got != want {
		t.Errorf("with images: and narrow trust: %s, want %s", got, want)
	}
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Root: dir, Registry: registry(t),
		FlagConfig: &config.Config{RuleSet: finding.RuleSetAll}, Today: day})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.RuleID == "DC013" && !strings.Contains(f.Message, "runs as root by default (as .dockguard.yaml:7 states)") {
			t.Errorf("DC013 message does not cite the configuration: %s", f.Message)
		}
	}
}

// TestEndOfLifeDate: DG002 judges against Options.Today.
func TestEndOfLifeDate(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", "FROM node:20-alpine\n")
	write(t, dir, "compose.yaml", "services:\n  db:\n    image: postgres:13\n")
	before := findingsOf(t, dir, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "DG002")
	after := findingsOf(t, dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "DG002")
	if len(before) != 0 || strings.Join(after, ", ") != "DG002 db, DG002 stage 0" {
		t.Errorf("before %v, after %v", before, after)
	}
}
