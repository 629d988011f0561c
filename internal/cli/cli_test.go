package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

// run calls Main in dir with stdin and returns the exit code and outputs.
// testDate pins the date end-of-life findings are judged on, so that the
// tests' images (alpine:3.20) do not age into findings.
const testDate = "2026-01-15"

// testEnv is the environment the tests give Main: the pinned date only.
func testEnv(k string) string {
	if k == "DOCKGUARD_DATE" {
		return testDate
	}
	return ""
}

func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := Main(args, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errOut}, testEnv)
	return code, out.String(), errOut.String()
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	linttest.WriteTree(t, dir, map[string]string{name: content})
}

// A Dockerfile whose only default-set problem is none, and whose strict
// problem is DF005 (a tag without a digest).
const pinnedByTag = "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n"

func TestLintExitCodesAndRuleSets(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", pinnedByTag)
	cases := []struct {
		args []string
		want int
		out  string // substring of standard output
	}{
		{[]string{"lint", "."}, ExitClean, "no findings"},
		{[]string{"lint", "--ruleset", "strict", "."}, ExitClean, "DF005"},
		{[]string{"lint", "--ruleset", "strict", "--failure-threshold", "info", "."}, ExitFindings, "DF005"},
		{[]string{"lint", "--ruleset", "strict", "--ruleset-version", "0.1", "--failure-threshold", "info", "."}, ExitFindings, "DF005"},
		{[]string{"lint", "--ruleset", "all", "--format", "json", "."}, ExitClean, `"rule_id": "DF005"`},
		{[]string{"lint", "--date", "2026-12-01", "."}, ExitFindings, "DG002 end-of-life-image: base image \"alpine:3.20\" is end-of-life: Alpine Linux 3.20 reached its end of life on 2026-04-01"},
		{[]string{"lint", "--date", "1.12.2026", "."}, ExitUsage, ""},
		{[]string{"lint", "--ruleset", "nope", "."}, ExitUsage, ""},
		{[]string{"lint", "--ruleset-version", "latest", "."}, ExitUsage, ""},
		{[]string{"lint", "--format", "nope", "."}, ExitUsage, ""},
		{[]string{"lint", "--no-such-flag"}, ExitUsage, ""},
		{[]string{"lint", "missing-path"}, ExitUsage, ""},
		{[]string{"frobnicate"}, ExitUsage, ""},
		{[]string{}, ExitUsage, ""},
		{[]string{"version"}, ExitClean, "dockguard "},
		{[]string{"help"}, ExitClean, "Usage:"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, dir, "", c.args...)
		if code != c.want || !strings.Contains(out, c.out) {
			t.Errorf("%v: exit %d (want %d), output %q (want %q)\n%s", c.args, code, c.want, out, c.out, errOut)
		}
	}
}

func TestLintConfigRuleSet(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", pinnedByTag)
	write(t, dir, ".dockguard.yaml", "ruleset: strict\nfailure-threshold: info\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitFindings || !strings.Contains(out, "DF005") {
		t.Errorf("ruleset: strict in the config: exit %d\n%s", code, out)
	}
	// A flag overrides the file; a rule named in the file runs whatever the set.
	write(t, dir, ".dockguard.yaml", "ruleset: strict\nfailure-threshold: info\nrules:\n  DF005: off\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitClean {
		t.Errorf("DF005: off: exit %d\n%s", code, out)
	}
	write(t, dir, ".dockguard.yaml", "rules:\n  DF005: warning\n")
	if code, out, _ := run(t, dir, "", "lint", "."); code != ExitFindings || !strings.Contains(out, "warning DF005") {
		t.Errorf("DF005: warning turns it on in the default set: exit %d\n%s", code, out)
	}
	write(t, dir, ".dockguard.yaml", "ruleset: everything\n")
	if code, _, errOut := run(t, dir, "", "lint", "."); code != ExitUsage || !strings.Contains(errOut, ".dockguard.yaml:1:") {
		t.Errorf("bad ruleset: exit %d, %q", code, errOut)
	}
}

func TestLintStdin(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, dir, "FROM alpine\nUSER root\n", "lint", "--type", "dockerfile", "-")
	if code != ExitFindings || !strings.Contains(out, "-:2:6: error DF001") || !strings.Contains(out, "DF004") {
		t.Errorf("stdin: exit %d\n%s%s", code, out, errOut)
	}
}

// privilegedCompose: DC003 on line 4.
const privilegedCompose = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"

// TestLintStdinCompose: compose on standard input, with --type, by its
// content, and as -f -; findings name the path "-". Content that is
// neither kind is skipped with a note that does not fail the run.
func TestLintStdinCompose(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"lint", "--type", "compose", "-"},
		{"lint", "-"},
		{"lint", "-f", "-"},
		{"lint", "--file", "-", "--format", "json"},
	} {
		code, out, errOut := run(t, dir, privilegedCompose, args...)
		want := "-:4:5: error DC003"
		if args[len(args)-1] == "json" {
			want = `"path": "-"`
		}
		if code != ExitFindings || !strings.Contains(out, want) || !strings.Contains(out, "DC003") || errOut != "" {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// A suppression on standard input works, and an unused one is reported.
	code, out, _ := run(t, dir, "services:\n  web:\n    image: nginx:1.27\n    privileged: true # dockguard ignore=DC003 -- test\n    read_only: true # dockguard ignore=DC006\n", "lint", "--failure-threshold", "error", "-")
	if code != ExitClean || strings.Contains(out, "DC003") || !strings.Contains(out, "-:5:") || !strings.Contains(out, "DG001") {
		t.Errorf("suppressions on stdin: exit %d\n%s", code, out)
	}
	// A Dockerfile without --type.
	code, out, _ = run(t, dir, "# syntax=docker/dockerfile:1\nFROM alpine\nUSER root\n", "lint", "-")
	if code != ExitFindings || !strings.Contains(out, "-:3:6: error DF001") {
		t.Errorf("Dockerfile on stdin: exit %d\n%s", code, out)
	}
	for _, in := range []string{"replicaCount: 1\n", ""} {
		code, out, errOut := run(t, dir, in, "lint", "-")
		if code != ExitClean || !strings.Contains(out, "no findings") ||
			!strings.Contains(errOut, "dockguard: -: not linted: standard input is ") || !strings.Contains(errOut, "--type") {
			t.Errorf("stdin %q: exit %d\n%s%s", in, code, out, errOut)
		}
	}
}

// TestLintNamedFilesSkipped: files named on the command line as
// pre-commit passes them: a name that is neither a Dockerfile's nor a
// compose file's is linted by its content when unambiguous, else skipped
// with a note on standard error; the exit code comes from the rest.
func TestLintNamedFilesSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile.dockerignore", "node_modules\n")
	write(t, dir, "helm/values.override.yaml", "replicaCount: 1\n")
	write(t, dir, "Dockerfile", pinnedByTag)
	code, out, errOut := run(t, dir, "", "lint", "Dockerfile.dockerignore", filepath.FromSlash("helm/values.override.yaml"), "Dockerfile")
	if code != ExitClean || !strings.Contains(out, "no findings in 1 file") ||
		!strings.Contains(errOut, "dockguard: Dockerfile.dockerignore: not linted: its name ends in .dockerignore") ||
		!strings.Contains(errOut, "values.override.yaml: not linted: not a Dockerfile or compose file by name") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	// Sniffed and linted: a compose file under another name.
	write(t, dir, "stack.yml", privilegedCompose)
	if code, out, _ := run(t, dir, "", "lint", "stack.yml"); code != ExitFindings || !strings.Contains(out, "stack.yml:4:5: error DC003") {
		t.Errorf("stack.yml: exit %d\n%s", code, out)
	}
	// --type forces a kind.
	if code, out, _ := run(t, dir, "", "lint", "--type", "dockerfile", filepath.FromSlash("helm/values.override.yaml")); code != ExitFindings || !strings.Contains(out, "DF000") {
		t.Errorf("--type dockerfile: exit %d\n%s", code, out)
	}
	// ls says what lint skips.
	if code, out, _ := run(t, dir, "", "ls", "Dockerfile.dockerignore"); code != ExitClean || !strings.Contains(out, "skipped     Dockerfile.dockerignore: not linted") {
		t.Errorf("ls: exit %d\n%s", code, out)
	}
}

func TestRulesJSON(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "rules", "--format", "json")
	if code != ExitClean {
		t.Fatalf("exit %d", code)
	}
	var rules []struct {
		ID         string              `json:"id"`
		Severities []string            `json:"severities"`
		RuleSet    string              `json:"ruleset"`
		Since      string              `json:"since"`
		References map[string][]string `json:"references"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, r := range rules {
		byID[r.ID] = i
		if r.RuleSet == "" || r.Since == "" || r.References == nil {
			t.Errorf("%s: ruleset %q since %q references %v", r.ID, r.RuleSet, r.Since, r.References)
		}
	}
	for _, id := range []string{"DF005", "DC013", "DC017", "DC018"} {
		if r := rules[byID[id]]; r.RuleSet != "strict" {
			t.Errorf("%s is in rule set %q, want strict", id, r.RuleSet)
		}
	}
	if sevs := rules[byID["DF001"]].Severities; len(sevs) != 2 || sevs[0] != "error" || sevs[1] != "warning" {
		t.Errorf("DF001 severities %v, want [error warning]", sevs)
	}
	if refs := rules[byID["DF004"]].References; len(refs["hadolint"]) == 0 || refs["cis"][0] != "4.2" {
		t.Errorf("DF004 references %v", refs)
	}
}

func TestRulesCoverage(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "rules", "--coverage")
	if code != ExitClean || !strings.Contains(out, "hadolint") || !strings.Contains(out, "of  71") || !strings.Contains(out, "no rule for InvalidBaseImagePlatform: ") {
		t.Errorf("coverage text: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, t.TempDir(), "", "rules", "--coverage", "--format", "json")
	var cov []struct {
		Tool    string   `json:"tool"`
		Total   int      `json:"total"`
		Covered []string `json:"covered"`
	}
	if err := json.Unmarshal([]byte(out), &cov); code != ExitClean || err != nil || len(cov) == 0 || cov[0].Tool != "hadolint" || cov[0].Total != 71 {
		t.Errorf("coverage json: exit %d, %v, %+v", code, err, cov)
	}
	if code, _, _ := run(t, t.TempDir(), "", "rules", "--format", "xml"); code != ExitUsage {
		t.Errorf("rules --format xml: exit %d", code)
	}
}

func TestExplain(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "", "explain", "mutable-base-tag")
	for _, want := range []string{"# DF004 mutable-base-tag", "- Rule set: default", "- Since: 0.1", "## Equivalent rules", "hadolint: DL3006, DL3007"} {
		if code != ExitClean || !strings.Contains(out, want) {
			t.Errorf("explain: exit %d, no %q in\n%s", code, want, out)
		}
	}
	if code, _, _ := run(t, t.TempDir(), "", "explain", "DF999"); code != ExitUsage {
		t.Errorf("explain DF999: exit %d", code)
	}
}

// votingApp writes a project with a base, a prebuilt-images variant (a
// complete project), a patching variant and a dashed variant.
func votingApp(t *testing.T, dir string) {
	t.Helper()
	write(t, dir, "docker-compose.yml", "services:\n  vote:\n    build: ./vote\n    image: vote\n  redis:\n    image: redis:7.4\n")
	write(t, dir, "docker-compose.images.yml", "services:\n  vote:\n    image: example/vote\n  redis:\n    image: redis:7.4\n")
	write(t, dir, "docker-compose.prod.yml", "services:\n  vote:\n    ports: ['80:80']\n")
	write(t, dir, "compose-dev.yaml", "services:\n  vote:\n    environment: [DEBUG=1]\n")
	write(t, dir, "vote/Dockerfile", pinnedByTag)
}

func TestLs(t *testing.T) {
	dir := t.TempDir()
	votingApp(t, dir)
	code, out, errOut := run(t, dir, "", "ls")
	if code != ExitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	want := "" +
		"compose     docker-compose.images.yml  (variant that is a complete project: alone)\n" +
		"compose     docker-compose.yml  (default project: what docker compose loads without -f)\n" +
		"compose     docker-compose.yml + compose-dev.yaml  (variant patching its base's services: on top of the base)\n" +
		"compose     docker-compose.yml + docker-compose.prod.yml  (variant patching its base's services: on top of the base)\n" +
		"dockerfile  vote/Dockerfile\n" +
		"1 Dockerfile, 4 compose projects over 4 compose files\n"
	if out != want {
		t.Errorf("ls:\n%s\nwant:\n%s", out, want)
	}

	type lsDoc struct {
		Targets []struct {
			Kind     string   `json:"kind"`
			Files    []string `json:"files"`
			Grouping string   `json:"grouping"`
			Explicit bool     `json:"explicit"`
		} `json:"targets"`
		Problems []struct{ Path, Message string } `json:"problems"`
		Summary  struct {
			Dockerfiles     int `json:"dockerfiles"`
			ComposeProjects int `json:"compose_projects"`
			ComposeFiles    int `json:"compose_files"`
		} `json:"summary"`
	}
	ls := func(args ...string) lsDoc {
		t.Helper()
		code, out, errOut := run(t, dir, "", append([]string{"ls", "--format", "json"}, args...)...)
		var doc lsDoc
		if err := json.Unmarshal([]byte(out), &doc); code != ExitClean || err != nil {
			t.Fatalf("ls %v: exit %d, %v\n%s%s", args, code, err, out, errOut)
		}
		return doc
	}
	// Named alone, as pre-commit names them; --type compose changes nothing.
	for _, force := range [][]string{nil, {"--type", "compose"}} {
		for arg, want := range map[string]string{
			"docker-compose.images.yml": "complete-variant docker-compose.images.yml",
			"docker-compose.prod.yml":   "variant-on-base docker-compose.yml+docker-compose.prod.yml",
			"compose-dev.yaml":          "variant-on-base docker-compose.yml+compose-dev.yaml",
		} {
			doc := ls(append(force, arg)...)
			if len(doc.Targets) != 1 || !doc.Targets[0].Explicit ||
				doc.Targets[0].Grouping+" "+strings.Join(doc.Targets[0].Files, "+") != want {
				t.Errorf("ls %v %s: %+v, want %s", force, arg, doc.Targets, want)
			}
		}
	}
	// -f is the stack asked for; --exclude and the configuration's exclude apply.
	doc := ls("-f", "docker-compose.yml", "-f", "docker-compose.images.yml")
	if len(doc.Targets) != 1 || doc.Targets[0].Grouping != "stack" || len(doc.Targets[0].Files) != 2 {
		t.Errorf("-f: %+v", doc.Targets)
	}
	doc = ls("--exclude", "vote/**", "--exclude", "*.prod.yml", ".")
	if doc.Summary.Dockerfiles != 0 || doc.Summary.ComposeProjects != 3 || doc.Summary.ComposeFiles != 3 {
		t.Errorf("--exclude: %+v", doc.Summary)
	}
	write(t, dir, ".dockguard.yaml", "exclude: [compose-dev.yaml]\n")
	doc = ls()
	if doc.Summary.Dockerfiles != 1 || doc.Summary.ComposeProjects != 3 || doc.Summary.ComposeFiles != 3 || len(doc.Problems) != 0 {
		t.Errorf("config exclude: %+v", doc)
	}

	for _, args := range [][]string{{"ls", "--format", "sarif"}, {"ls", "missing"}, {"ls", "--type", "helm", "."}, {"ls", "--nope"}} {
		if code, _, _ := run(t, dir, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestLintCompleteVariant: a variant that is a complete project is linted
// on its own; merged onto its base, its images were the base's build tags
// and went unchecked.
func TestLintCompleteVariant(t *testing.T) {
	dir := t.TempDir()
	votingApp(t, dir)
	for _, args := range [][]string{{"."}, {"docker-compose.images.yml"}, {"--type", "compose", "docker-compose.images.yml"}} {
		_, out, errOut := run(t, dir, "", append([]string{"lint", "--ruleset", "all"}, args...)...)
		// example/vote: not from a trusted source, and no tag (at its
		// image: key, line 3 column 5).
		for _, id := range []string{"DC010", "DC011"} {
			found := false
			for _, line := range strings.Split(out, "\n") {
				found = found || strings.HasPrefix(line, "docker-compose.images.yml:3:5: ") && strings.Contains(line, " "+id+" ")
			}
			if !found {
				t.Errorf("lint %v: no %s at docker-compose.images.yml:3:5 in\n%s%s", args, id, out, errOut)
			}
		}
	}
}

// TestNoMachinePathsInMessages: references that leave the tree are named
// relative to the working directory, never by the machine's absolute path.
func TestNoMachinePathsInMessages(t *testing.T) {
	root := t.TempDir()
	write(t, root, "outside/secret.env", "A=1\n")
	write(t, root, "outside/Dockerfile", "FROM alpine:3.20\n")
	write(t, root, "repo/app/compose.yaml", "services:\n  a:\n    image: alpine:3.20\n    env_file: ../../outside/secret.env\n    build:\n      context: ../../outside\n")
	_, out, errOut := run(t, filepath.Join(root, "repo"), "", "lint", "--format", "json", ".")
	if strings.Contains(out, root) || strings.Contains(errOut, root) {
		t.Errorf("an absolute machine path in the output:\n%s%s", out, errOut)
	}
	if !strings.Contains(out, "../outside/secret.env is outside the linted tree") {
		t.Errorf("the env file is not named relative to the working directory:\n%s", out)
	}
}
