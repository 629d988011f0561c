package dockerfile

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/rule"
)

// resolved makes the results --resolve-images would give: ref -> user.
func resolved(t *testing.T, users map[string]string) imageresolve.Results {
	t.Helper()
	rs := imageresolve.Results{}
	for ref, u := range users {
		k, err := imageresolve.Key(ref)
		if err != nil {
			t.Fatal(err)
		}
		rs[k] = &imageresolve.Image{Ref: k, Digest: "sha256:" + strings.Repeat("a", 64), Config: &imageresolve.Config{User: u}}
	}
	return rs
}

// TestRootUserResolved: with the registry's image configurations, DF001
// judges a final stage with no USER by its base image's user; an explicit
// USER and scratch are judged as without them.
func TestRootUserResolved(t *testing.T) {
	images := resolved(t, map[string]string{"grafana/grafana:11.2.0": "472", "alpine:3.20": "", "example.com/runs/as/zero:1": "0:0"})
	cases := []struct{ name, in, want string }{
		{"non-root base", "FROM grafana/grafana:11.2.0\nCMD [\"x\"]\n", ""},
		{"non-root base through a stage", "FROM grafana/grafana:11.2.0 AS base\nRUN true\nFROM base\n", ""},
		{"root base", "FROM alpine:3.20\n", "1:1 warning final stage sets no USER and runs as root: the registry configuration of base image alpine sets no non-root user; add a non-root USER"},
		{"uid 0 base", "FROM example.com/runs/as/zero:1\n", `1:1 warning final stage sets no USER and runs as root: the registry configuration of base image example.com/runs/as/zero sets no non-root user; add a non-root USER`},
		{"not resolved: the built-in table answers", "FROM debian:12\n", "1:1 warning final stage sets no USER and runs as root, the default user of base image debian; add a non-root USER"},
		{"not resolved, not in the table", "FROM example.com/unknown:1\n", "1:1 warning final stage sets no USER and runs as the base image's user, usually root; add a non-root USER"},
		{"explicit root wins", "FROM grafana/grafana:11.2.0\nUSER root\n", `2:6 error final stage runs as "root"; switch to a non-root USER`},
		{"scratch", "FROM scratch\n", "1:1 warning final stage is built FROM scratch with no USER and runs as root; add a non-root USER such as USER 65532"},
	}
	for _, c := range cases {
		f, err := dockerfile.Parse("Dockerfile", []byte(c.in), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		RootUser.Dockerfile(rule.NewPass(RootUser, "Dockerfile", &rule.Settings{Images: imagefacts.Default().WithResolver(images)}, func(x rule.Finding) {
			got = append(got, x.Range.Start.String()+" "+x.Severity.String()+" "+x.Message)
		}), f)
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
