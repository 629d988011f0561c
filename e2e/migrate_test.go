package e2e

import (
	"strings"
	"testing"
)

// Peers' inline ignores and BuildKit's check directives, through the
// binary and the real rule catalogue (the rules map by their References).
func TestPeerIgnores(t *testing.T) {
	dir := t.TempDir()
	// DL3057 is referenced by DF002 and DF008 (one hadolint code, two
	// rules); SC2086 and DL3999 have no counterpart.
	writeFile(t, dir, "hadolint/Dockerfile", `# hadolint global ignore=DL3057,SC2086,DL3999
# hadolint ignore=DL3007
FROM alpine:latest
EXPOSE 8080
USER app
`)
	writeFile(t, dir, "trivy/Dockerfile", `# trivy:ignore:AVD-DS-0001
FROM alpine:latest
# trivy:ignore:DS-0004
EXPOSE 22
# checkov:skip=CKV_DOCKER_2: probed by the orchestrator
USER app
`)
	writeFile(t, dir, "kics/Dockerfile", `# kics-scan disable=f45ea400-6bbe-4501-9fc7-1c3d75c32067
FROM alpine:latest
# kics-scan ignore-line
EXPOSE 22
USER app
`)
	writeFile(t, dir, "check/Dockerfile", `# check=skip=SecretsUsedInArgOrEnv
FROM alpine:3.20
ARG API_TOKEN=x
USER app
`)
	writeFile(t, dir, "checkerror/Dockerfile", `# check=error=true
FROM alpine:3.20
ARG API_TOKEN=x
USER app
`)
	writeFile(t, dir, "compose.yaml", `services:
  web:
    image: nginx:1.27
    privileged: true # kics-scan ignore-line
    # kics-scan ignore-block
    network_mode: host
`)
	writeFile(t, dir, ".dockguard.yaml", "rules:\n  DF007: info\n")
	got := map[string]string{}
	for _, f := range lintJSON(t, dir, "--ruleset", "strict", ".") {
		got[f.Path+" "+f.RuleID] = f.Severity
	}
	for _, gone := range []string{
		"hadolint/Dockerfile DF002", "hadolint/Dockerfile DF008", "hadolint/Dockerfile DF004",
		"trivy/Dockerfile DF004", "trivy/Dockerfile DF006", "trivy/Dockerfile DF002", "trivy/Dockerfile DF008",
		"kics/Dockerfile DF004", "kics/Dockerfile DF006",
		"check/Dockerfile DF007",
		"compose.yaml DC003", "compose.yaml DC005",
	} {
		if _, ok := got[gone]; ok {
			t.Errorf("%s is suppressed by a peer comment", gone)
		}
	}
	for key, sev := range map[string]string{
		"kics/Dockerfile DF002":       "warning", // ignore-line covers EXPOSE, not the stage's missing HEALTHCHECK
		"checkerror/Dockerfile DF007": "error",   // check=error=true beats the configured info
	} {
		if got[key] != sev {
			t.Errorf("%s: severity %q, want %q", key, got[key], sev)
		}
	}
	for k := range got {
		if strings.HasSuffix(k, " DG001") {
			t.Errorf("peer comments are never reported as unused: %s", k)
		}
	}
}

// A .hadolint.yaml is read when there is no .dockguard.yaml, and its
// settings without a counterpart are noted once on stderr.
func TestHadolintConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".hadolint.yaml", `ignored: [DL3057, SC2086]
override:
  info: [DL3006, DL3007]
trustedRegistries: [my.registry.example]
failure-threshold: error
label-schema:
  author: text
no-color: true
disable-ignore-pragma: true
`)
	writeFile(t, dir, "Dockerfile", `# hadolint ignore=DL3007
FROM alpine:latest
EXPOSE 8080
USER app
`)
	code, out, stderr := cliRun(t, dir, "", nil, "lint", "--ruleset", "strict", ".")
	if code != 1 { // failure-threshold: error, and DF003 is an error
		t.Errorf("exit %d, want 1\n%s%s", code, out, stderr)
	}
	for _, want := range []string{
		"Dockerfile:2:6: info DF004",  // override info; the pragma is off (disable-ignore-pragma)
		"Dockerfile:2:6: error DF003", // trustedRegistries replaces the built-in trust
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "DF002") || strings.Contains(out, "DF008") {
		t.Errorf("DL3057 is ignored (DF002, DF008):\n%s", out)
	}
	for _, want := range []string{
		`.hadolint.yaml:8: hadolint setting "no-color" has no counterpart`,
		`.hadolint.yaml:1: ignored: no dockguard rule corresponds to SC2086; skipped`,
	} {
		if strings.Count(stderr, want) != 1 {
			t.Errorf("want %q once on stderr:\n%s", want, stderr)
		}
	}
	// With a .dockguard.yaml, the hadolint file is not read (the pragma
	// is honoured again, DL3057 is not ignored, the trust is the default).
	writeFile(t, dir, ".dockguard.yaml", "")
	_, out, stderr = cliRun(t, dir, "", nil, "lint", "--ruleset", "strict", ".")
	if strings.Contains(stderr, "hadolint") || !strings.Contains(out, "DF002") || strings.Contains(out, "DF004") || strings.Contains(out, "DF003") {
		t.Errorf("with .dockguard.yaml:\n%s%s", out, stderr)
	}
}
