package pin

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/imageresolve"
)

const (
	dA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	dB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// results answers every lookup of ref with digest dA.
func results(t *testing.T, refs ...string) imageresolve.Results {
	t.Helper()
	rs := imageresolve.Results{}
	for _, r := range refs {
		k, err := imageresolve.Key(r)
		if err != nil {
			t.Fatal(err)
		}
		rs[k] = &imageresolve.Image{Ref: k, Digest: dA}
	}
	return rs
}

func pinText(t *testing.T, kind Kind, in string, opts Options, known ...string) (string, []*Ref) {
	t.Helper()
	refs, err := Find(kind, "f", []byte(in), opts)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := Apply([]byte(in), refs, results(t, known...))
	return string(out), refs
}

func TestDockerfile(t *testing.T) {
	cases := []struct {
		name, in, want string
		skips          []string // Written: reason prefix
	}{
		{"plain", "FROM alpine:3.20\n", "FROM alpine:3.20@" + dA + "\n", nil},
		{"no tag", "FROM alpine AS base\n", "FROM alpine@" + dA + " AS base\n", nil},
		{"platform flag", "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\n", "FROM --platform=$BUILDPLATFORM golang:1.22@" + dA + " AS b\n", nil},
		{"continuation", "FROM \\\n  alpine:3.20 \\\n  AS x\n", "FROM \\\n  alpine:3.20@" + dA + " \\\n  AS x\n", nil},
		{"escape backtick", "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS w\nRUN echo hi\n",
			"# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022@" + dA + " `\n  AS w\nRUN echo hi\n", nil},
		{"copy and mount", "FROM alpine:3.20 AS a\nCOPY --from=busybox:1.36 /bin/sh /sh\nRUN --mount=type=bind,from=busybox:1.36,target=/b <<EOF\nls /b\nEOF\nCOPY --from=a /x /y\n",
			"FROM alpine:3.20@" + dA + " AS a\nCOPY --from=busybox:1.36@" + dA + " /bin/sh /sh\nRUN --mount=type=bind,from=busybox:1.36@" + dA + ",target=/b <<EOF\nls /b\nEOF\nCOPY --from=a /x /y\n", nil},
		{"variables", "ARG B=alpine:3.20\nFROM $B\nFROM ${REG}/app:1\nCOPY --from=$B /a /b\n", "", []string{"$B: uses a variable", "${REG}/app:1: uses a variable", "$B: uses a variable"}},
		{"stage scratch and pinned", "FROM scratch AS s\nFROM alpine:3.20@" + dB + "\nCOPY --from=s / /\n", "", []string{"alpine:3.20@" + dB + ": already pinned"}},
		{"lookup failed", "FROM nowhere.example/app:1\n", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := c.want
			if want == "" {
				want = c.in
			}
			got, refs := pinText(t, Dockerfile, c.in, Options{}, "alpine:3.20", "alpine", "golang:1.22", "busybox:1.36", "mcr.microsoft.com/windows/servercore:ltsc2022")
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			var skips []string
			for _, r := range refs {
				if r.Skip != "" {
					skips = append(skips, r.Written+": "+r.Skip)
				}
			}
			if len(skips) != len(c.skips) {
				t.Fatalf("skips %q, want %q", skips, c.skips)
			}
			for i := range skips {
				if !strings.HasPrefix(skips[i], c.skips[i]) {
					t.Errorf("skip %q, want %q", skips[i], c.skips[i])
				}
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	in := "FROM alpine:3.20@" + dB + "\nFROM alpine@" + dB + "\n"
	got, refs := pinText(t, Dockerfile, in, Options{Update: true}, "alpine:3.20")
	if want := "FROM alpine:3.20@" + dA + "\nFROM alpine@" + dB + "\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if refs[1].Skip == "" || !strings.Contains(refs[1].Skip, "no tag") {
		t.Errorf("digest without tag: %+v", refs[1])
	}
	// Up to date: no edit, reported as such.
	in = "FROM alpine:3.20@" + dA + "\n"
	refs, _ = Find(Dockerfile, "f", []byte(in), Options{Update: true})
	out, changes := Apply([]byte(in), refs, results(t, "alpine:3.20"))
	if string(out) != in || len(changes) != 1 || !changes[0].UpToDate {
		t.Errorf("up to date: %q %+v", out, changes)
	}
}

func TestCompose(t *testing.T) {
	in := `# comment
x-base: &base
  image: "redis:7.4"     # quoted anchor
services:
  a: *base
  b:
    <<: [*base]
    environment: {A: "1"}
  c: {image: 'nginx:1.27', ports: ["80:80"]}
  d:
    image: >-
      nginx:1.27
  e:
    image: "nginx:1.27\u0040x"
  f:
    image: $${LITERAL}/x:1
  g:
    image: nginx:1.27@` + dB + `
  i:
    build: .
    image: registry.example/team/app:1
  j:
    image: registry.example/team/app:1
  k:
    image: nginx:1.27
    pull_policy: never
---
services:
  h:
    image: postgres:16.4
`
	want := strings.NewReplacer(
		`"redis:7.4"`, `"redis:7.4@`+dA+`"`,
		`'nginx:1.27'`, `'nginx:1.27@`+dA+`'`,
		"postgres:16.4\n", "postgres:16.4@"+dA+"\n",
	).Replace(in)
	got, refs := pinText(t, Compose, in, Options{}, "redis:7.4", "nginx:1.27", "postgres:16.4")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var skips []string
	for _, r := range refs {
		if r.Skip != "" {
			skips = append(skips, r.Range.Start.String()+" "+strings.SplitN(r.Skip, " (", 2)[0])
		}
	}
	wantSkips := []string{
		"11:12 written with escapes or over several lines",
		"14:12 written with escapes or over several lines",
		"16:12 uses variable interpolation: pin the value where it is set",
		"18:12 already pinned by digest",
		"21:12 the project builds this image, or never pulls it",
		"23:12 the project builds this image, or never pulls it",
		"25:12 the project builds this image, or never pulls it",
	}
	if strings.Join(skips, "\n") != strings.Join(wantSkips, "\n") {
		t.Errorf("skips:\n%s\nwant:\n%s", strings.Join(skips, "\n"), strings.Join(wantSkips, "\n"))
	}
	if len(refs) != 10 {
		t.Errorf("%d refs, want 10 (the anchor once)", len(refs))
	}
}

func TestComposeBadYAML(t *testing.T) {
	if _, err := Find(Compose, "f", []byte("services: [\n"), Options{}); err == nil {
		t.Error("no error for bad YAML")
	}
	refs, err := Find(Compose, "f", []byte("version: '3'\n"), Options{})
	if err != nil || len(refs) != 0 {
		t.Errorf("no services: %v %v", refs, err)
	}
}
