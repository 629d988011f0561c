package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCorpus lints the whole shared corpus of real Dockerfiles and compose
// projects with the built binary: it must finish with findings (exit 1),
// no internal error, and no DC000/DF000 except on the files listed, with
// reasons, in testdata/e2e/corpus-invalid.txt.
func TestCorpus(t *testing.T) {
	corpus := filepath.Join(moduleRoot, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not present: %v", err)
	}
	code, out, errOut := cliRun(t, corpus, "", nil, "lint", "--format", "json", ".")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	var doc struct {
		FilesLinted int           `json:"files_linted"`
		Findings    []jsonFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.FilesLinted < 700 {
		t.Errorf("only %d files linted", doc.FilesLinted)
	}
	got := map[string]bool{}
	for _, f := range doc.Findings {
		if strings.Contains(f.Message, "internal error") {
			t.Errorf("%s: %s", f.Path, f.Message)
		}
		if f.RuleID == "DC000" || f.RuleID == "DF000" {
			got[filepath.ToSlash(f.Path)+" "+f.RuleID] = true
		}
	}
	want := map[string]bool{}
	file, err := os.Open(filepath.Join(moduleRoot, "testdata", "e2e", "corpus-invalid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		want[fields[0]+" "+fields[1]] = true
	}
	var unexpected, missing []string
	for k := range got {
		if !want[k] {
			unexpected = append(unexpected, k)
		}
	}
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(unexpected)
	sort.Strings(missing)
	for _, k := range unexpected {
		t.Errorf("unexpected load/parse failure: %s", k)
	}
	for _, k := range missing {
		t.Errorf("listed as invalid but loaded fine: %s", k)
	}
}

// TestCorpusCounts pins how many findings each rule reports over the shared
// corpus with every rule on (--ruleset all), in
// testdata/e2e/corpus-counts.txt: a change to what a rule reports shows up
// here, to be read and explained (DOCKGUARD_UPDATE_GOLDEN=1 rewrites it).
func TestCorpusCounts(t *testing.T) {
	corpus := filepath.Join(moduleRoot, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not present: %v", err)
	}
	_, out, errOut := cliRun(t, corpus, "", nil, "lint", "--ruleset", "all", "--format", "json", ".")
	var doc struct {
		FilesLinted int           `json:"files_linted"`
		Findings    []jsonFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	counts := map[string]int{}
	for _, f := range doc.Findings {
		counts[f.RuleID]++
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "# dockguard lint --ruleset all over ../shared/corpus: %d files, %d findings\n", doc.FilesLinted, len(doc.Findings))
	for _, id := range ids {
		fmt.Fprintf(&b, "%s %d\n", id, counts[id])
	}
	path := filepath.Join(moduleRoot, "testdata", "e2e", "corpus-counts.txt")
	if os.Getenv("DOCKGUARD_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != b.String() {
		t.Errorf("per-rule counts over the corpus changed (DOCKGUARD_UPDATE_GOLDEN=1 rewrites %s):\n--- got\n%s--- want\n%s", path, b.String(), want)
	}
}
