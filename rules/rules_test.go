package rules

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

// updateGolden reports whether DOCKGUARD_UPDATE_GOLDEN=1 asks
// TestGeneratedDocs to rewrite docs/rules/*.md and the README rule table
// instead of comparing with them.
func updateGolden() bool { return os.Getenv("DOCKGUARD_UPDATE_GOLDEN") == "1" }

func registry(t *testing.T) *rule.Registry {
	t.Helper()
	reg, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestMetadata(t *testing.T) {
	reg := registry(t)
	idRE := regexp.MustCompile(`^(DF|DC|DG)[0-9]{3}$`)
	for _, r := range reg.All() {
		if !idRE.MatchString(r.ID) {
			t.Errorf("%s: bad ID", r.ID)
		}
		if strings.TrimSpace(r.Summary) == "" || strings.Contains(r.Summary, "\n") || len(r.Summary) > 120 {
			t.Errorf("%s: summary must be one line of at most 120 characters: %q", r.ID, r.Summary)
		}
		if strings.TrimSpace(r.Doc.Why) == "" || r.Doc.Bad == "" || r.Doc.Good == "" {
			t.Errorf("%s: doc needs why, bad and good", r.ID)
		}
		// Every rule says what kind of problem it reports: "security"
		// (SARIF security-severity), "correctness" (breaks the build or
		// behaves other than written, like BuildKit's build checks) or, in
		// the strict set, "hygiene" or "style" (what `docker build`
		// already warns about); style rules (the all set) need none.
		want := []string{"security", "correctness"}
		if r.RuleSet == rule.Strict {
			want = append(want, "hygiene", "style")
		}
		if r.Kind() != rule.KindMeta && r.RuleSet != rule.All && !slices.ContainsFunc(want, func(tag string) bool { return slices.Contains(r.Tags, tag) }) {
			t.Errorf("%s: tags lack one of %q", r.ID, want)
		}
		if len(r.Tags) > 10 {
			t.Errorf("%s: more than 10 tags (GitHub keeps 10)", r.ID)
		}
		wantPrefix := map[rule.Kind]string{rule.KindDockerfile: "DF", rule.KindCompose: "DC"}[r.Kind()]
		if wantPrefix != "" && !strings.HasPrefix(r.ID, wantPrefix) {
			t.Errorf("%s: a %s rule must have an ID starting with %s", r.ID, r.Kind(), wantPrefix)
		}
		// Every checking rule has its fixture folder.
		if r.Role == rule.NoRole {
			if st, err := os.Stat(fixtureDir(r)); err != nil || !st.IsDir() {
				t.Errorf("%s: no fixture folder %s", r.ID, fixtureDir(r))
			}
		}
	}
}

// TestFixtures runs each rule over its fixture folder
// (rules/<dockerfile|compose>/testdata/<id>/), checking every expected
// finding down to line, column and severity (see lint/linttest).
func TestFixtures(t *testing.T) {
	for _, r := range registry(t).All() {
		if r.Role != rule.NoRole {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			linttest.RunWith(t, r, fixtureDir(r), fixtureSettings(t, fixtureDir(r)))
		})
	}
}

// fixtureDay is the date fixtures are judged on (end-of-life rules), so
// that they do not change with the clock.
var fixtureDay = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// fixtureSettings are the settings fixtures are judged with: the date
// fixtureDay, and what the folder's .dockguard.yaml asks for
// (label-schema, strict-labels).
func fixtureSettings(t *testing.T, dir string) *rule.Settings {
	data, err := os.ReadFile(filepath.Join(dir, ".dockguard.yaml"))
	if err != nil {
		return &rule.Settings{Today: fixtureDay}
	}
	cfg, err := config.Parse(filepath.Join(dir, ".dockguard.yaml"), data)
	if err != nil {
		t.Fatal(err)
	}
	return &rule.Settings{Today: fixtureDay, LabelSchema: cfg.LabelSchema, StrictLabels: cfg.StrictLabels != nil && *cfg.StrictLabels}
}

func fixtureDir(r *rule.Rule) string {
	kind := map[rule.Kind]string{rule.KindDockerfile: "dockerfile", rule.KindCompose: "compose", rule.KindAny: "general"}[r.Kind()]
	return filepath.Join(kind, "testdata", strings.ToLower(r.ID))
}

// TestReferences checks every rule's References against the peer catalogue
// (rules/peers.tsv): IDs spelled as the tools spell them, of the same kind
// of file; CWEs as CWE-N. It also checks that coverage counts them.
func TestReferences(t *testing.T) {
	peers, err := Peers()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[[2]string][]string{}
	for _, p := range peers {
		k := [2]string{string(p.Tool), p.ID}
		kinds[k] = append(kinds[k], p.Kind)
	}
	cweRE := regexp.MustCompile(`^CWE-[0-9]+$`)
	reg := registry(t)
	for _, r := range reg.All() {
		for tool, ids := range r.References {
			for _, id := range ids {
				switch ks, ok := kinds[[2]string{string(tool), id}]; {
				case tool == rule.CWE:
					if !cweRE.MatchString(id) {
						t.Errorf("%s: CWE %q is not CWE-N", r.ID, id)
					}
				case !ok:
					t.Errorf("%s: %s has no rule %q in rules/peers.tsv", r.ID, tool, id)
				case tool != rule.CIS && r.Kind() == rule.KindAny && !slices.Contains(ks, string(rule.KindDockerfile)) && !slices.Contains(ks, string(rule.KindCompose)):
					t.Errorf("%s: %s %s checks %v files, neither Dockerfiles nor compose files", r.ID, tool, id, ks)
				case tool != rule.CIS && r.Kind() != rule.KindMeta && r.Kind() != rule.KindAny && !slices.Contains(ks, string(r.Kind())):
					t.Errorf("%s: %s %s checks %v files, not %s", r.ID, tool, id, ks, r.Kind())
				}
			}
		}
	}
	cov, err := PeerCoverage(reg.Catalog().All())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cov {
		if c.Total != len(c.Covered)+len(c.Missing) || c.Total == 0 {
			t.Errorf("%s: total %d, covered %d, missing %d", c.Tool, c.Total, len(c.Covered), len(c.Missing))
		}
		if c.Tool == rule.Hadolint && (c.Total != 71 || !slices.Contains(c.Covered, "DL3002")) {
			t.Errorf("hadolint coverage %d of %d, covered %v", len(c.Covered), c.Total, c.Covered)
		}
	}
}

// TestDocExamples runs the whole engine over each rule's doc examples: the
// bad one must trigger the rule, the good one must not.
func TestDocExamples(t *testing.T) {
	reg := registry(t)
	for _, r := range reg.All() {
		t.Run(r.ID, func(t *testing.T) {
			name := "Dockerfile"
			if r.ExampleLang() == "yaml" {
				name = "compose.yaml"
			}
			for _, c := range []struct {
				text    string
				trigger bool
			}{{r.Doc.Bad, true}, {r.Doc.Good, false}} {
				dir := t.TempDir()
				text := c.text
				if r.Role == rule.StaleBaseline {
					// The examples are baseline files, beside a compose
					// file without findings.
					if err := os.WriteFile(filepath.Join(dir, ".dockguard-baseline.json"), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
					name, text = "compose.yaml", "services: {}\n"
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				for name, text := range docExampleContext[r.ID] {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if extra, ok := docExampleFiles[r.ID]; ok && !gitRepo(t, dir, extra, c.trigger) {
					t.Skip("git is not available")
				}
				flags := &config.Config{RuleSet: rule.All}
				if cfg, ok := docExampleConfig[r.ID]; ok {
					flags = flags.Merge(cfg)
				}
				res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Root: dir, Registry: reg,
					FlagConfig: flags})
				if err != nil {
					t.Fatal(err)
				}
				got := 0
				for _, f := range res.Findings {
					if f.RuleID == r.ID {
						got++
					}
				}
				if c.trigger && got == 0 {
					t.Errorf("bad example does not trigger %s:\n%s\nfindings: %v", r.ID, c.text, res.Findings)
				}
				if !c.trigger && got > 0 {
					t.Errorf("good example triggers %s:\n%s\nfindings: %v", r.ID, c.text, res.Findings)
				}
			}
		})
	}
}

// docExampleFiles are the other files that a rule's doc examples need: a
// rule about files git tracks (DC024) shows its examples in a git
// repository holding these files, tracked for the bad example and ignored
// for the good one.
var docExampleFiles = map[string]map[string]string{
	"DC024": {"db.env": "POSTGRES_PASSWORD=hunter2\n"},
}

// docExampleContext are files of the build context that a rule's doc
// examples are linted with (both of them), such as the .dockerignore of
// DF035.
var docExampleContext = map[string]map[string]string{
	"DF035": {".dockerignore": "dist\n"},
}

// docExampleConfig is the configuration a rule's doc examples need: the
// label-schema rules do nothing without a schema.
var docExampleConfig = map[string]*config.Config{
	"DF089": {LabelSchema: map[string]string{"org.opencontainers.image.source": "url"}},
	"DF090": {LabelSchema: map[string]string{"org.opencontainers.image.source": "url"}},
	"DF091": {LabelSchema: map[string]string{"org.opencontainers.image.source": "url"}, StrictLabels: &strictLabels},
}

var strictLabels = true

// gitRepo makes dir a git repository with the extra files, tracked or
// ignored; false when git is not on PATH.
func gitRepo(t *testing.T, dir string, extra map[string]string, tracked bool) bool {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return false
	}
	var ignore strings.Builder
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		ignore.WriteString(name + "\n")
	}
	if !tracked {
		if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(ignore.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return true
}

// TestGeneratedDocs fails when docs/rules/*.md or the README rule table are
// stale; `DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules` rewrites them.
func TestGeneratedDocs(t *testing.T) {
	reg := registry(t)
	docsDir := filepath.Join("..", "docs", "rules")
	want := map[string]string{}
	for _, r := range reg.All() {
		want[r.ID+".md"] = r.Markdown()
	}
	if updateGolden() {
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(docsDir, "*.md"))
		for _, f := range old {
			os.Remove(f)
		}
		for name, text := range want {
			if err := os.WriteFile(filepath.Join(docsDir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, _ := os.ReadDir(docsDir)
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("docs/rules/%s belongs to no rule (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules)", e.Name())
		}
	}
	for name, text := range want {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil || string(got) != text {
			t.Errorf("docs/rules/%s is stale (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules)", name)
		}
	}

	readme := filepath.Join("..", "README.md")
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	updated, err := replaceTable(string(data), RuleTable(reg))
	if err != nil {
		t.Fatal(err)
	}
	cov, err := PeerCoverage(reg.Catalog().All())
	if err != nil {
		t.Fatal(err)
	}
	if updated, err = replaceBetween(updated, coverageBegin, coverageEnd, CoverageTable(cov)); err != nil {
		t.Fatal(err)
	}
	if updateGolden() {
		if err := os.WriteFile(readme, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if updated != string(data) {
		t.Errorf("README rule or coverage table is stale (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules)")
	}
}

// TestPeerCatalogue keeps rules/peers.tsv in step with
// ../shared/reference/rules-landscape.md section 0 (rule counts per tool
// and file kind; KICS's cross-platform "Passwords And Secrets" query is
// listed once per kind; compose-lint has 27 rules, CL-0001..CL-0030 less
// three withdrawn, though section 0 says 28), and pins what the compose
// catalogue covers, so that a lost reference shows.
func TestPeerCatalogue(t *testing.T) {
	want := map[string]int{
		"hadolint dockerfile": 71, "buildkit dockerfile": 22, "trivy dockerfile": 28, "checkov dockerfile": 28,
		"kics dockerfile": 49, "kics compose": 22, "dclint compose": 15, "compose-lint compose": 27,
		"semgrep dockerfile": 41, "semgrep compose": 6, "cis dockerfile": 12, "cis compose": 32,
	}
	cov, err := PeerCoverage(registry(t).Catalog().All())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Coverage{}
	for _, c := range cov {
		key := string(c.Tool) + " " + c.Kind
		got[key] = c
		if n := c.Total + len(c.Runtime); n != want[key] {
			t.Errorf("%s: %d rules in peers.tsv, want %d", key, n, want[key])
		}
	}
	for key, min := range map[string]int{"compose-lint compose": 27, "dclint compose": 15, "kics compose": 19, "cis compose": 27} {
		if c := got[key]; len(c.Covered) < min {
			t.Errorf("%s: %d covered, want at least %d; missing %v", key, len(c.Covered), min, c.Missing)
		}
	}
}

// TestChangelog fails when CHANGELOG.md is stale; `DOCKGUARD_UPDATE_GOLDEN=1
// go test ./rules` rewrites it. It also holds the release process to the
// VERSION file: "dev" between releases, and on a release commit a version
// whose X.Y is listed in Released (so that the changelog names it).
func TestChangelog(t *testing.T) {
	want := Changelog(registry(t))
	path := filepath.Join("..", "CHANGELOG.md")
	if updateGolden() {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("CHANGELOG.md is stale (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules)")
	}

	data, err := os.ReadFile(filepath.Join("..", "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	v := string(data)
	if v != strings.TrimSpace(v)+"\n" {
		t.Fatalf("VERSION must be one line: %q", v)
	}
	v = strings.TrimSpace(v)
	switch {
	case v == "dev":
	case releaseVersion.MatchString(v):
		xy, _ := finding.ParseVersion(v)
		if !slices.Contains(Released, xy) {
			t.Errorf("VERSION is %s but rules.Released lacks %s: add it (RELEASING.md)", v, xy)
		}
	default:
		t.Errorf("VERSION is %q: want dev, or X.Y.Z on a release commit", v)
	}
}

// TestPeersMatchLandscape compares rules/peers.tsv, rule by rule, with the
// rule tables of ../shared/reference/rules-landscape.md for the tools whose
// Dockerfile rules it lists by ID (hadolint, BuildKit, Trivy, Checkov),
// so that neither `dockguard rules --coverage` nor the README's coverage
// table can drift from the research. Skipped when the landscape is not
// there (a checkout outside the workspace).
func TestPeersMatchLandscape(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "rules-landscape.md"))
	if err != nil {
		t.Skip("no rules-landscape.md next to the repository")
	}
	sections := map[string]string{}
	for _, sec := range strings.Split(string(data), "\n## ")[1:] {
		num, _, _ := strings.Cut(sec, ".")
		sections[num] = sec
	}
	cells := func(sec string, re *regexp.Regexp) []string {
		var out []string
		for _, line := range strings.Split(sec, "\n") {
			if !strings.HasPrefix(line, "| ") {
				continue
			}
			first := strings.Trim(strings.TrimSpace(strings.Split(line, "|")[1]), "`")
			if re.MatchString(first) && !slices.Contains(out, first) {
				out = append(out, first)
			}
		}
		return out
	}
	peers, err := Peers()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tool    finding.Tool
		section string
		re      *regexp.Regexp
	}{
		{rule.Hadolint, "1", regexp.MustCompile(`^DL[0-9]{4}$`)},
		{rule.BuildKit, "2", regexp.MustCompile(`^[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*$`)},
		{rule.Trivy, "3", regexp.MustCompile(`^DS-[0-9]{4}$`)},
		{rule.Checkov, "4", regexp.MustCompile(`^CKV2?_DOCKER_[0-9]+$`)},
	} {
		landscape := cells(sections[c.section], c.re)
		var ours []string
		for _, p := range peers {
			if p.Tool == c.tool && p.Kind == "dockerfile" {
				ours = append(ours, p.ID)
			}
		}
		slices.Sort(landscape)
		slices.Sort(ours)
		if len(landscape) == 0 || !slices.Equal(landscape, ours) {
			t.Errorf("%s: rules/peers.tsv lists %d rules, the landscape's section %s %d\n peers.tsv: %v\n landscape: %v",
				c.tool, len(ours), c.section, len(landscape), ours, landscape)
		}
	}
}

// TestUncoveredReasons checks that each reason of uncovered.tsv names a
// peer rule of peers.tsv that no dockguard rule references (a reason for a
// covered rule is stale).
func TestUncoveredReasons(t *testing.T) {
	why, err := Uncovered()
	if err != nil {
		t.Fatal(err)
	}
	peers, err := Peers()
	if err != nil {
		t.Fatal(err)
	}
	known := map[finding.Tool]map[string]bool{}
	for _, p := range peers {
		if known[p.Tool] == nil {
			known[p.Tool] = map[string]bool{}
		}
		known[p.Tool][p.ID] = true
	}
	referenced := map[finding.Tool]map[string]string{}
	for _, m := range registry(t).Catalog().All() {
		for tool, ids := range m.References {
			for _, id := range ids {
				if referenced[tool] == nil {
					referenced[tool] = map[string]string{}
				}
				referenced[tool][id] = m.ID
			}
		}
	}
	for tool, ids := range why {
		for id := range ids {
			if !known[tool][id] {
				t.Errorf("uncovered.tsv: %s %q is not in peers.tsv", tool, id)
			}
			if r := referenced[tool][id]; r != "" {
				t.Errorf("uncovered.tsv: %s %q is referenced by %s: remove its reason", tool, id, r)
			}
		}
	}
}
