package pathglob

import "testing"

func TestMatch(t *testing.T) {
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
		{"a/**/**", "a", true},
		{"/a/", "a", true},
		{"a", "/a", true},
		{".", "a", false},
		{"a/*", "a", false},
		{"*/", "x", true},
		{"a/**", "ab", false},
		{"../x", "../x", true},
		// doublestar's syntax: braces are alternatives, [!…] negates.
		{"{a,b}", "a", true},
		{"{a,b}", "c", false},
		{"*.{yml,yaml}", "compose.yaml", true},
		{`\{x\}`, "{x}", true},
		{"[!a]", "b", true},
		{"[!a]", "a", false},
		{"[^a]", "b", true},
		{`[\]]`, "]", true},
		{"build*/**", "build", true}, // x/** matches x for a wildcard x too
		{"build*/**", "build2/x", true},
		{"**/[^.]*", "a/b", true},
		{"*[^é]", "é", false}, // whole characters
	} {
		if got := Match(tc.pat, tc.name); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pat, tc.name, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, p := range []string{"a/**", "*.corp.example", "[a-z]*", `\*`, "{a,b}", "."} {
		if err := Check(p); err != nil {
			t.Errorf("Check(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"a/[", "", " ", "[a/", "a/[!", "{a,b", "{", "a}"} {
		if err := Check(p); err == nil {
			t.Errorf("Check(%q): no error", p)
		}
	}
	g, err := Compile("**/legacy/*")
	if err != nil || !g.Match("x/legacy/y") || !g.HasSlash() {
		t.Errorf("Compile: %v", err)
	}
	for p, want := range map[string]bool{"*.bak": false, "a/": false, "./a": false, "a/b": true, "**/x": true} {
		if g, _ := Compile(p); g.HasSlash() != want {
			t.Errorf("Compile(%q).HasSlash() = %v", p, !want)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	g, _ := Compile("**/legacy/**/*.Dockerfile")
	for i := 0; i < b.N; i++ {
		g.Match("a/b/c/legacy/d/e/api.Dockerfile")
	}
}
