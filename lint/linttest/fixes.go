package linttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/fix"
	"github.com/dockguard/dockguard/lint/rule"
)

// FixedSuffix names the golden file of a fixture file with its fixes applied.
const FixedSuffix = ".fixed"

// checkFixes applies the fixes of a case's findings and checks the result
// (see the package doc). casePath is the case (a file or a compose project
// directory), files the files it is read from.
func checkFixes(t *testing.T, r *rule.Rule, casePath string, files []string, findings []rule.Finding, settings *rule.Settings) {
	t.Helper()
	res := fix.Apply(findings, fix.Hardening, os.ReadFile)
	for _, s := range res.Skipped {
		if !s.Conflict {
			t.Errorf("%s: fix of %s not applied: %s", casePath, describe(s.Finding), s.Reason)
		}
	}
	update := os.Getenv("DOCKGUARD_UPDATE_GOLDEN") != ""
	// Golden files: every changed file has one, and every one is produced.
	dir := casePath
	if !isDir(casePath) {
		dir = filepath.Dir(casePath)
	}
	goldens := map[string]bool{}
	if isDir(casePath) {
		_ = filepath.WalkDir(casePath, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, FixedSuffix) {
				goldens[strings.TrimSuffix(p, FixedSuffix)] = true
			}
			return nil
		})
	} else if _, err := os.Stat(casePath + FixedSuffix); err == nil {
		goldens[casePath] = true
	}
	for path, content := range res.Files {
		golden := path + FixedSuffix
		delete(goldens, path)
		if update {
			if err := os.WriteFile(golden, content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: the fixes of %s change %s, and %s is missing (DOCKGUARD_UPDATE_GOLDEN=1 writes it; read it before committing)", casePath, r.ID, path, golden)
			continue
		}
		if string(want) != string(content) {
			t.Errorf("%s: fixing gives\n%s\nwant (%s)\n%s", path, content, golden, want)
		}
	}
	for path := range goldens {
		if update {
			os.Remove(path + FixedSuffix)
			continue
		}
		t.Errorf("%s%s: no fix of %s changes %s any more; delete the golden file", path, FixedSuffix, r.ID, path)
	}
	if len(res.Files) == 0 {
		return
	}
	// Lint the fixed copy: it must load, and the fixed findings be gone.
	tmp := t.TempDir()
	copyTo := func(src string) string {
		rel, err := filepath.Rel(dir, src)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("%s: fix edits %s outside the case", casePath, src)
		}
		dst := filepath.Join(tmp, rel)
		content, ok := res.Files[src]
		if !ok {
			var err error
			if content, err = os.ReadFile(src); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	if isDir(casePath) {
		_ = filepath.WalkDir(casePath, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(p, FixedSuffix) {
				copyTo(p)
			}
			return nil
		})
	} else {
		copyTo(casePath)
	}
	for p := range res.Files {
		copyTo(p)
	}
	var fixedFiles []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		fixedFiles = append(fixedFiles, filepath.Join(tmp, rel))
	}
	var again []rule.Finding
	if r.Compose != nil {
		fixedCase := tmp
		if !isDir(casePath) {
			fixedCase = fixedFiles[0]
		}
		again, _ = runCompose(t, r, fixedCase, fixedFiles, settings)
	} else {
		again, _ = runDockerfile(t, r, fixedFiles[0], settings)
	}
	// Findings are matched by file, subject and message (positions move
	// when a fix adds or removes lines): after the fixes, each such key may
	// be reported at most as often as it was minus the fixes applied to it.
	type key struct{ rel, subject, message string }
	rel := func(base, p string) string { r, _ := filepath.Rel(base, p); return r }
	left := map[key]int{}
	for _, f := range findings {
		left[key{rel(dir, f.Path), f.Subject, f.Message}]++
	}
	for _, a := range res.Applied {
		f := a.Finding
		left[key{rel(dir, f.Path), f.Subject, f.Message}]--
	}
	for _, f := range again {
		k := key{rel(tmp, f.Path), f.Subject, f.Message}
		if left[k]--; left[k] < 0 {
			t.Errorf("%s: after its fix, %s is still reported", casePath, describe(f))
		}
	}
}
