package config

import "testing"

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"testdata/**", "testdata", true},
		{"testdata/**", "testdata/a", true},
		{"testdata/**", "testdata/a/b/Dockerfile", true},
		{"testdata/**", "x/testdata/a", false},
		{"**/testdata/**", "x/y/testdata/a", true},
		{"**/legacy/*", "legacy/Dockerfile", true},
		{"**/legacy/*", "a/b/legacy/Dockerfile", true},
		{"**/legacy/*", "a/b/legacy/x/Dockerfile", false},
		{"**", "", true},
		{"**", "a/b/c", true},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/x/y/c", false},
		{"a/**/b/**/c", "a/1/b/2/b/3/c", true},
		{"a/**/b/**/c", "a/1/b/2/b/3/d", false},
		{"**/**/x", "x", true},
		{"*.Dockerfile", "api.Dockerfile", true},
		{"*.Dockerfile", "svc/api.Dockerfile", false},
		{"*", "a/b", false},
		{"a/*/c", "a/b/c", true},
		{"a/*/c", "a/c", false},
		{"a/?/c", "a/b/c", true},
		{"a/[bc]/d", "a/c/d", true},
		{"a/[^bc]/d", "a/c/d", false},
		{`a/\*`, "a/*", true},
		{`a/\*`, "a/b", false},
		{"./testdata/", "testdata", true},
		{"testdata", "./testdata/", true},
		{"a//b", "a/b", true},
		{"Dockerfile", "dockerfile", false}, // case-sensitive
		{"a/[", "a/[", false},               // malformed: matches nothing
		{"a**b", "axxb", true},              // ** inside a segment is *
		{"a**b", "ax/xb", false},
	} {
		if got := MatchGlob(tc.pat, tc.name); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.pat, tc.name, got, tc.want)
		}
	}
}

func TestCheckGlob(t *testing.T) {
	for _, p := range []string{"a/**", "*.corp.example", "[a-z]*", `\*`} {
		if err := CheckGlob(p); err != nil {
			t.Errorf("CheckGlob(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"a/[", `a\`, "", " ", "[]a]"} {
		if err := CheckGlob(p); err == nil {
			t.Errorf("CheckGlob(%q): no error", p)
		}
	}
	g, err := CompileGlob("**/legacy/*")
	if err != nil || !g.Match("x/legacy/y") || !g.HasSlash() || g.String() != "**/legacy/*" {
		t.Errorf("CompileGlob: %v", err)
	}
	if g, _ := CompileGlob("*.bak"); g.HasSlash() {
		t.Error("HasSlash")
	}
}

func BenchmarkMatchGlob(b *testing.B) {
	g, _ := CompileGlob("**/legacy/**/*.Dockerfile")
	for i := 0; i < b.N; i++ {
		g.Match("a/b/c/legacy/d/e/api.Dockerfile")
	}
}
