package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// TestDocs checks each rule's examples with the rule alone (the engine-level
// check lives in rules/rules_test.go): Bad triggers, Good does not.
func TestDocs(t *testing.T) {
	for i, r := range Rules() {
		if i > 0 && Rules()[i-1].ID >= r.ID {
			t.Errorf("Rules() not in ID order at %s", r.ID)
		}
		if r.Dockerfile == nil {
			if _, err := dockerfile.Parse("Dockerfile", []byte(r.Doc.Bad), dockerfile.ParseOptions{}); err == nil {
				t.Errorf("%s: bad example parses", r.ID)
			}
			if _, err := dockerfile.Parse("Dockerfile", []byte(r.Doc.Good), dockerfile.ParseOptions{}); err != nil {
				t.Errorf("%s: good example does not parse: %v", r.ID, err)
			}
			continue
		}
		for _, c := range []struct {
			text string
			want bool
		}{{r.Doc.Bad, true}, {r.Doc.Good, false}} {
			f, err := dockerfile.Parse("Dockerfile", []byte(c.text), dockerfile.ParseOptions{})
			if err != nil {
				t.Errorf("%s: %v", r.ID, err)
				continue
			}
			n := 0
			r.Dockerfile(rule.NewPass(r, "Dockerfile", nil, func(rule.Finding) { n++ }), f)
			if (n > 0) != c.want {
				t.Errorf("%s: example %q gives %d findings", r.ID, c.text, n)
			}
		}
	}
}
