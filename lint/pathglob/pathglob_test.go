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
		{"a/**/**", "a", true},
		{"/a/", "a", true},
		{"a", "/a", true},
		{".", "", true},
		{".", "a", false},
		{"*", "", false},  // a segment pattern needs a segment
		{"*", ".", false}, // "." is no segment
		{"**", ".", true},
		{"a/*", "a", false},
		{"*/", "x", true},
		{"a/**", "ab", false},
		{"../x", "../x", true},
		// Not doublestar's syntax: braces are literal, [!…] is a class
		// of '!' and the rest (as in path.Match).
		{"{a,b}", "a", false},
		{"{a,b}", "{a,b}", true},
		{"a{", "a{", true},
		{`\{x}`, "{x}", true},
		{"[{]", "{", true},
		{"[!a]", "!", true},
		{"[!a]", "b", false},
		{"[^a]", "b", true},
		{`[\]]`, "]", true},
		{"a[/]b", "a/b", false}, // malformed
		// Where doublestar alone would differ from path.Match per segment.
		{"a[^.]b", "a/b", false}, // a class never matches '/'
		{"a[+-1]b", "a/b", false},
		{"a[+-1]b", "a0b", true},
		{"a[+-1]b", "a.b", true},
		{"a[!-~]b", "a/b", false},
		{"a[!-~]b", "a~b", true},
		{"[z-a]", "z", false},  // a reversed range matches nothing
		{"[^z-a]", "z", true},  // so its negation matches anything
		{"[^z-a]", "/", false}, // but '/'
		{"[z-ab]", "b", true},
		{"a***", "a", true}, // a run of stars is one star
		{"*?***", "x", true},
		{"build*/**", "build", true}, // x/** matches x for a wildcard x too
		{"build*/**", "build2/x", true},
		{"**/[^.]*", "a/b", true},
		{"*[^é]", "é", false},   // whole characters (path.Match said true)
		{`a\/b`, `a\/b`, false}, // malformed
	} {
		if got := Match(tc.pat, tc.name); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pat, tc.name, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, p := range []string{"a/**", "*.corp.example", "[a-z]*", `\*`, "{", "a}", "[!]", ".", "[[]"} {
		if err := Check(p); err != nil {
			t.Errorf("Check(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"a/[", `a\`, "", " ", "[]a]", "[^]", "[z-a/]", "[\\/]", "a[/]b", `a\/b`, "[a/", "a/[!"} {
		if err := Check(p); err == nil {
			t.Errorf("Check(%q): no error", p)
		}
	}
	g, err := Compile("**/legacy/*")
	if err != nil || !g.Match("x/legacy/y") || !g.HasSlash() {
		t.Errorf("Compile: %v", err)
	}
	for p, want := range map[string]bool{"*.bak": false, "a/": false, "./a": false, "**/**": false, "a/b": true, "**/x": true} {
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
