package format

import (
	"net/url"
	"testing"
)

func TestEscapeControls(t *testing.T) {
	for _, tc := range []struct{ in, want, wantWS string }{
		{"plain ascii", "plain ascii", "plain ascii"},
		{"café ✓ 日本", "café ✓ 日本", "café ✓ 日本"},
		{"a\x1b[31mred", `a\x1b[31mred`, `a\x1b[31mred`},
		{"nul\x00del\x7f", `nul\x00del\x7f`, `nul\x00del\x7f`},
		{"a\nb\rc\td", `a\nb\rc\td`, "a\nb\rc\td"},
		{"c1\u0085 bidi\u202e zw\u200b", `c1\u0085 bidi\u202e zw\u200b`, `c1\u0085 bidi\u202e zw\u200b`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"astral\U000e0001", `astral\U000e0001`, `astral\U000e0001`},
		{`back\slash`, `back\slash`, `back\slash`},
	} {
		if got := escapeControls(tc.in, false); got != tc.want {
			t.Errorf("escapeControls(%q, false) = %q, want %q", tc.in, got, tc.want)
		}
		if got := escapeControls(tc.in, true); got != tc.wantWS {
			t.Errorf("escapeControls(%q, true) = %q, want %q", tc.in, got, tc.wantWS)
		}
	}
}

func TestURIPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"deploy/Dockerfile", "deploy/Dockerfile"},
		{"my app/Dockerfile.ünï", "my%20app/Dockerfile.%C3%BCn%C3%AF"},
		{"a:b/c#d?e%f", "a%3Ab/c%23d%3Fe%25f"},
		{"x\n::error::y", "x%0A%3A%3Aerror%3A%3Ay"},
		{"[x]<y>\"z\\", "%5Bx%5D%3Cy%3E%22z%5C"},
	} {
		got := uriPath(tc.in)
		if got != tc.want {
			t.Errorf("uriPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Path != tc.in {
			t.Errorf("uriPath(%q) = %q does not parse back as the same relative path (%v, %+v)", tc.in, got, err, u)
		}
	}
	if got, want := fileURI("/tmp/a b/Dockerfile"), "file:///tmp/a%20b/Dockerfile"; got != want {
		t.Errorf("fileURI = %q, want %q", got, want)
	}
}

func TestRootPaths(t *testing.T) {
	p := newRootPaths(&Report{Root: "/repo", WorkDir: "/repo/services"})
	for _, tc := range []struct {
		in   string
		want pathInfo
	}{
		{"api/Dockerfile", pathInfo{rel: "services/api/Dockerfile", abs: "/repo/services/api/Dockerfile", inRoot: true}},
		{"../compose.yaml", pathInfo{rel: "compose.yaml", abs: "/repo/compose.yaml", inRoot: true}},
		{"/repo/x/Dockerfile", pathInfo{rel: "x/Dockerfile", abs: "/repo/x/Dockerfile", inRoot: true}},
		{"/elsewhere/Dockerfile", pathInfo{abs: "/elsewhere/Dockerfile"}},
		{"../../up/Dockerfile", pathInfo{abs: "/up/Dockerfile"}},
		{"/repository/Dockerfile", pathInfo{abs: "/repository/Dockerfile"}}, // a prefix of the name is not a parent
	} {
		if got := p.get(tc.in); got != tc.want {
			t.Errorf("get(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if got := p.display("/elsewhere/Dockerfile"); got != "/elsewhere/Dockerfile" {
		t.Errorf("display outside root = %q", got)
	}
	// No root and no working directory: relative paths are taken as root-relative.
	q := newRootPaths(&Report{})
	if got := q.get("./a/../b/Dockerfile"); got != (pathInfo{rel: "b/Dockerfile", inRoot: true}) {
		t.Errorf("no root: %+v", got)
	}
	if got := q.get("../x"); got.inRoot {
		t.Errorf("no root: ../x is in root: %+v", got)
	}
}
