package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readmeBlock is a fenced code block of README.md.
type readmeBlock struct {
	lang, text string
	line       int
}

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []readmeBlock
	var cur *readmeBlock
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			cur = &readmeBlock{lang: strings.TrimPrefix(l, "```"), line: i + 1}
		case cur != nil && l == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += l + "\n"
		}
	}
	return out
}

var ignoredIDs = regexp.MustCompile(`dockguard (?:global )?ignore=([A-Za-z0-9,-]+)`)

// TestReadmeExamples runs every example of the README as a user would: the
// configuration file is loaded, Dockerfile and compose snippets are linted
// (their ignore comments must suppress something, and nothing may be an
// unused ignore), the workflow passes actionlint and the pre-commit
// configuration pre-commit's own validation.
func TestReadmeExamples(t *testing.T) {
	blocks := readmeBlocks(t)
	if len(blocks) < 8 {
		t.Fatalf("found only %d code blocks in README.md", len(blocks))
	}
	kinds := map[string]int{}
	for _, b := range blocks {
		dir := t.TempDir()
		var kind, file string
		switch {
		case b.lang == "yaml" && strings.Contains(b.text, "runs-on:"):
			kind, file = "workflow", "workflow.yml"
		case b.lang == "yaml" && strings.HasPrefix(b.text, "repos:"):
			kind, file = "pre-commit", ".pre-commit-config.yaml"
		case b.lang == "yaml" && strings.HasPrefix(b.text, "services:"):
			kind, file = "compose", "compose.yaml"
		case b.lang == "yaml":
			kind, file = "config", ".dockguard.yaml"
		case b.lang == "dockerfile":
			kind, file = "dockerfile", "Dockerfile"
		default:
			continue // shell sessions and listings
		}
		kinds[kind]++
		if err := os.WriteFile(filepath.Join(dir, file), []byte(b.text), 0o644); err != nil {
			t.Fatal(err)
		}
		where := "README.md:" + itoa(b.line) + " (" + kind + ")"
		switch kind {
		case "workflow":
			if _, err := exec.LookPath("actionlint"); err != nil {
				t.Logf("%s: actionlint not installed; scripts/test installs it", where)
				continue
			}
			if out, err := exec.Command("actionlint", "-shellcheck=", filepath.Join(dir, file)).CombinedOutput(); err != nil {
				t.Errorf("%s: actionlint: %v\n%s", where, err, out)
			}
		case "pre-commit":
			if _, err := exec.LookPath("pre-commit"); err != nil {
				t.Logf("%s: pre-commit not installed; scripts/test installs it", where)
				continue
			}
			if out, err := exec.Command("pre-commit", "validate-config", filepath.Join(dir, file)).CombinedOutput(); err != nil {
				t.Errorf("%s: pre-commit validate-config: %v\n%s", where, err, out)
			}
		case "config":
			// A configuration is valid when lint accepts it (exit 0 or 1, not 2).
			if code, _, errOut := cliRun(t, dir, "", nil, "lint", "."); code == 2 {
				t.Errorf("%s: the example configuration is rejected:\n%s", where, errOut)
			}
		default:
			code, out, errOut := cliRun(t, dir, "", nil, "lint", "--ruleset", "all", "--format", "json", ".")
			if code == 2 || code == 3 {
				t.Fatalf("%s: exit %d\n%s", where, code, errOut)
			}
			var doc struct {
				Findings []jsonFinding `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			ignored := map[string]bool{}
			for _, m := range ignoredIDs.FindAllStringSubmatch(b.text, -1) {
				for _, id := range strings.Split(m[1], ",") {
					ignored[id] = true
				}
			}
			for _, f := range doc.Findings {
				if f.RuleID == "DG001" || f.RuleID == "DF000" || f.RuleID == "DC000" || ignored[f.RuleID] {
					t.Errorf("%s: %s: %s", where, f.RuleID, f.Message)
				}
			}
		}
	}
	for _, k := range []string{"workflow", "pre-commit", "compose", "config", "dockerfile"} {
		if kinds[k] == 0 {
			t.Errorf("no %s example found in README.md", k)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
