package rule

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/source"
)

func df(p *Pass, f *dockerfile.File) {}
func dc(p *Pass, f *compose.Project) {}

func meta(id string) Meta {
	return Meta{ID: id, Name: "n-" + strings.ToLower(id), Severity: Warning, RuleSet: Default, Since: "0.1"}
}

func TestNewRegistryChecksShape(t *testing.T) {
	withRole := meta("DF000")
	withRole.Role = DockerfileProblems
	cases := []struct {
		name string
		r    *Rule
		want string // "" = accepted
	}{
		{"dockerfile rule", &Rule{Meta: meta("DF001"), Dockerfile: df}, ""},
		{"compose rule", &Rule{Meta: meta("DC001"), Compose: dc}, ""},
		{"engine rule", &Rule{Meta: withRole}, ""},
		{"two front ends", &Rule{Meta: meta("DF001"), Dockerfile: df, Compose: dc}, "only a DG rule"},
		{"no check", &Rule{Meta: meta("DF001")}, "has no check"},
		{"engine rule with a check", &Rule{Meta: withRole, Dockerfile: df}, "has no check"},
		{"DC rule reading Dockerfiles", &Rule{Meta: meta("DC001"), Dockerfile: df}, "ID prefix"},
		{"DG rule with one check", &Rule{Meta: meta("DG002"), Compose: dc}, ""},
		{"DG rule with both checks", &Rule{Meta: meta("DG002"), Dockerfile: df, Compose: dc}, ""},
		{"no rule set", &Rule{Meta: Meta{ID: "DF001", Name: "x", Severity: Error, Since: "0.1"}, Dockerfile: df}, "no rule set"},
		{"no since", &Rule{Meta: Meta{ID: "DF001", Name: "x", Severity: Error, RuleSet: Strict}, Dockerfile: df}, "Since"},
		{"bad ID", &Rule{Meta: meta("XX001"), Dockerfile: df}, "ID must be"},
	}
	for _, c := range cases {
		_, err := NewRegistry(c.r)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: rejected: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := NewRegistry(&Rule{Meta: meta("DF001"), Dockerfile: df}, &Rule{Meta: meta("DF001"), Dockerfile: df}); err == nil {
		t.Error("duplicate IDs accepted")
	}
	other := withRole
	other.ID, other.Name = "DF009", "other"
	if _, err := NewRegistry(&Rule{Meta: withRole}, &Rule{Meta: other}); err == nil {
		t.Error("two rules with one engine role accepted")
	}
}

func TestRegistryLookup(t *testing.T) {
	a := &Rule{Meta: meta("DF002"), Dockerfile: df}
	b := &Rule{Meta: meta("DC001"), Compose: dc}
	u := &Rule{Meta: meta("DG001")}
	u.Role = UnusedIgnores
	reg, err := NewRegistry(a, b, u)
	if err != nil {
		t.Fatal(err)
	}
	if got := reg.All(); len(got) != 3 || got[0] != b || got[1] != a || got[2] != u {
		t.Errorf("All not in ID order: %v", got)
	}
	if reg.Lookup(" df002 ") != a || reg.Lookup("N-DC001") != b || reg.Lookup("nope") != nil {
		t.Error("Lookup by ID or name, any case")
	}
	if reg.ByRole(UnusedIgnores) != u || reg.ByRole(ComposeProblems) != nil {
		t.Error("ByRole")
	}
	if m := reg.Catalog().Lookup("DF002"); m != &a.Meta {
		t.Error("the catalog must hold the rules' own metadata")
	}
}

func TestPassReport(t *testing.T) {
	r := &Rule{Meta: meta("DF001"), Dockerfile: df}
	r.Severities = []Severity{Error}
	var got []Finding
	p := NewPass(r, "Dockerfile", nil, func(f Finding) { got = append(got, f) })
	rg := source.Range{Start: source.Pos{Line: 2, Col: 1}, End: source.Pos{Line: 2, Col: 5}}
	p.Report(Diagnostic{Range: rg, Message: "m", Subject: "app",
		Related: []Related{{Range: rg, Message: "here"}, {Path: "compose.yaml", Range: rg}},
		Fix:     &Fix{Edits: []Edit{{Range: rg, NewText: "x"}}}})
	p.Report(Diagnostic{Range: rg, Message: "m", Subject: "app"}) // the same again: dropped
	p.Report(Diagnostic{Range: rg, Message: "other", Severity: Error, Path: "other/Dockerfile"})
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	f := got[0]
	if f.RuleID != "DF001" || f.RuleName != "n-df001" || f.Severity != Warning || f.Path != "Dockerfile" || f.Subject != "app" || f.Fix == nil {
		t.Errorf("first finding %+v", f)
	}
	if f.Related[0].Path != "Dockerfile" || f.Related[1].Path != "compose.yaml" {
		t.Errorf("related paths %+v (an empty path is the finding's file)", f.Related)
	}
	if got[1].Severity != Error || got[1].Path != "other/Dockerfile" {
		t.Errorf("second finding %+v", got[1])
	}
	defer func() {
		if recover() == nil {
			t.Error("an undeclared severity must panic")
		}
	}()
	p.Report(Diagnostic{Range: rg, Message: "info", Severity: Info})
}
