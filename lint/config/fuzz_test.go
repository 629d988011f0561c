package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
)

// FuzzParse feeds arbitrary bytes to the configuration parser: it must
// return a Config or an error naming the file, never panic or hang, and a
// parsed configuration must survive Validate, Merge and every query.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", "../../../shared/corpus", "../../testdata"} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), ".dockguard") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	for _, s := range []string{
		"", "\ufeff", "# only a comment\n", "rules:\n  DF005: off\n",
		"rules: {DF002: {severity: error, ignore-paths: ['**/x/*']}}\n",
		"exclude: &a ['*', *a]\n", "a: &a [*a]\n", "build-args: {A: 1, A: 2}\n",
		"trusted-registries: [\"[\"]\n", "---\n---\n", "failure-threshold: [x]\n",
		"rules:\n  DC003:\n    ignore-services: [a, b]\n    severity: info\n",
		"ruleset: strict\nruleset-version: \"0.1\"\n", "ruleset-version: 1.2.3\n",
	} {
		f.Add([]byte(s))
	}
	reg, err := finding.NewCatalog(df002, df005, df007, dc003)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(".dockguard.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), ".dockguard.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("nil config without error")
		}
		_ = cfg.Validate(reg)
		m := (&Config{}).Merge(cfg).Merge(cfg)
		_ = m.Threshold()
		for _, r := range reg.All() {
			m.RuleEnabled(r)
			m.Severity(r, r.Severity)
			m.Ignored(finding.Finding{RuleID: r.ID, Path: "a/b/Dockerfile", Subject: "web"})
		}
	})
}
