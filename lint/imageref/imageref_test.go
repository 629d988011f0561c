package imageref

import "testing"

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in                       string
		registry, repo, tag, dig string
		familiar                 string
		unpinned, tagOnly, offcl bool
	}{
		{"alpine", "docker.io", "library/alpine", "", "", "alpine", true, false, true},
		{"alpine:3.20", "docker.io", "library/alpine", "3.20", "", "alpine:3.20", false, true, true},
		{"alpine:latest", "docker.io", "library/alpine", "latest", "", "alpine:latest", true, false, true},
		{"docker.io/library/python:3.12-slim", "docker.io", "library/python", "3.12-slim", "", "python:3.12-slim", false, true, true},
		{"index.docker.io/bitnami/redis:7", "docker.io", "bitnami/redis", "7", "", "bitnami/redis:7", false, true, false},
		{"ghcr.io/org/app@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d", "ghcr.io", "org/app", "",
			"sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d",
			"ghcr.io/org/app@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d", false, false, false},
		{"localhost:5000/app:1", "localhost:5000", "app", "1", "", "localhost:5000/app:1", false, true, false},
		{"mcr.microsoft.com/windows/servercore:ltsc2022", "mcr.microsoft.com", "windows/servercore", "ltsc2022", "", "mcr.microsoft.com/windows/servercore:ltsc2022", false, true, false},
	} {
		r, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if r.Registry != c.registry || r.Repository != c.repo || r.Tag != c.tag || r.Digest != c.dig {
			t.Errorf("Parse(%q) = %+v", c.in, r)
		}
		if got := r.Familiar(); got != c.familiar {
			t.Errorf("Familiar(%q) = %q", c.in, got)
		}
		if r.Unpinned() != c.unpinned || r.TagOnly() != c.tagOnly || r.IsOfficial() != c.offcl {
			t.Errorf("%q: unpinned=%v tagOnly=%v official=%v", c.in, r.Unpinned(), r.TagOnly(), r.IsOfficial())
		}
		if r.Original != c.in {
			t.Errorf("Original = %q", r.Original)
		}
	}
	for _, bad := range []string{"", "Alpine", "alpine:", "ubuntu:bad tag", "a@sha256:12", ":3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	for in, want := range map[string]bool{
		"alpine":                        true,
		"docker.io/library/python:3.12": true,
		"gcr.io/distroless/static-debian12:nonroot": true,
		"mcr.microsoft.com/dotnet/aspnet:8.0":       true,
		"cgr.dev/chainguard/static":                 true,
		"registry.k8s.io/pause:3.9":                 true,
		"public.ecr.aws/docker/library/node:22":     true,
		"bitnami/redis":                             false,
		"ghcr.io/org/app":                           false,
		"gcr.io/other/app":                          false,
		"cgr.dev/someone/app":                       false,
		"public.ecr.aws/someone/app":                false,
		"evil.example/library/alpine":               false,
		"quay.io/prometheus/prometheus":             false,
		"docker.io/libraryx/alpine":                 false,
		"gcr.io/distroless-fake/app":                false,
	} {
		r, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Trusted(r); got != want {
			t.Errorf("Trusted(%q) = %v", in, got)
		}
	}
	if p.Describe() == "" || len(p.Patterns()) != len(DefaultPatterns) {
		t.Errorf("Describe = %q", p.Describe())
	}
}

func TestNewPolicy(t *testing.T) {
	p, err := NewPolicy([]string{"ghcr.io/myorg/*", "*.corp.example", "bitnami/*", "node", "quay.io/team/app-*", "localhost:5000"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]bool{
		"ghcr.io/myorg/app:1":       true,
		"ghcr.io/myorg/sub/app":     true,
		"ghcr.io/myorgx/app":        false,
		"ghcr.io/other/app":         false,
		"registry.corp.example/x/y": true,
		"corp.example/x":            false,
		"bitnami/redis":             true,
		"node:22":                   true,
		"alpine":                    false, // defaults replaced
		"quay.io/team/app-api":      true,
		"quay.io/team/app-api/sub":  false,
		"localhost:5000/anything":   true,
	} {
		r, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Trusted(r); got != want {
			t.Errorf("Trusted(%q) = %v", in, got)
		}
	}
	ext, err := NewPolicy([]string{"ghcr.io/myorg/*"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"alpine", "ghcr.io/myorg/app"} {
		if r, _ := Parse(in); !ext.Trusted(r) {
			t.Errorf("extended policy does not trust %q", in)
		}
	}
	if _, err := NewPolicy([]string{"ghcr.io/[bad"}, false); err == nil {
		t.Errorf("bad glob accepted")
	}
	if _, err := NewPolicy([]string{"  "}, false); err == nil {
		t.Errorf("empty pattern accepted")
	}
	var nilPolicy *Policy
	if r, _ := Parse("alpine"); nilPolicy.Trusted(r) {
		t.Errorf("nil policy trusts")
	}
}
