// Package imageref parses container image references and decides whether
// an image comes from a trusted source.
//
// Parsing is done by github.com/distribution/reference, the grammar the
// Docker engine and BuildKit use, with Docker Hub defaults applied
// (`alpine` is `docker.io/library/alpine`).
package imageref

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/distribution/reference"
)

// DockerHub is the registry host of unqualified references.
const DockerHub = "docker.io"

// Ref is a parsed image reference, with Docker Hub defaults applied.
type Ref struct {
	Original   string // as written (after ARG expansion)
	Registry   string // "docker.io" by default
	Repository string // "library/alpine"
	Tag        string // "" when absent
	Digest     string // "sha256:..." or ""
}

// ErrEmpty is returned by Parse for an empty reference.
var ErrEmpty = errors.New("empty image reference")

// Parse reads an image reference such as `alpine`, `alpine:3.20`,
// `ghcr.io/org/app@sha256:...` or `localhost:5000/app:1`. It fails on
// references the Docker engine would refuse (upper-case repository names,
// bad tags or digests, a bare 64-hex image ID).
func Parse(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Ref{}, ErrEmpty
	}
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Ref{Original: s}, fmt.Errorf("invalid image reference %q: %w", s, err)
	}
	r := Ref{
		Original:   s,
		Registry:   reference.Domain(named),
		Repository: reference.Path(named),
	}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	return r, nil
}

// Name is the fully qualified repository name: "docker.io/library/alpine".
func (r Ref) Name() string {
	if r.Registry == "" {
		return r.Repository
	}
	return r.Registry + "/" + r.Repository
}

// String is the fully qualified reference: "docker.io/library/alpine:3.20".
func (r Ref) String() string {
	s := r.Name()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// FamiliarName is the repository as users write it: "alpine",
// "bitnami/redis", "ghcr.io/org/app".
func (r Ref) FamiliarName() string {
	if r.Registry == DockerHub || r.Registry == "" {
		return strings.TrimPrefix(r.Repository, "library/")
	}
	return r.Name()
}

// Familiar is the short display form: "alpine:3.20", "ghcr.io/org/app@sha256:...".
func (r Ref) Familiar() string {
	s := r.FamiliarName()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// IsOfficial reports whether r is a Docker Official Image (docker.io/library/...).
func (r Ref) IsOfficial() bool {
	return r.Registry == DockerHub && strings.HasPrefix(r.Repository, "library/") &&
		!strings.Contains(strings.TrimPrefix(r.Repository, "library/"), "/")
}

// HasDigest reports whether r is pinned by digest.
func (r Ref) HasDigest() bool { return r.Digest != "" }

// Unpinned reports whether r has no digest and either no tag or the tag
// `latest`: the image can change under you at any time.
func (r Ref) Unpinned() bool {
	return r.Digest == "" && (r.Tag == "" || r.Tag == "latest")
}

// TagOnly reports whether r has a version tag (not `latest`, not
// floating) but no digest: tags can be moved, digests cannot.
func (r Ref) TagOnly() bool {
	return r.Digest == "" && r.Tag != "" && r.Tag != "latest" && !FloatingTag(r.Tag)
}

// Policy decides which images are trusted. The zero value and nil trust nothing.
type Policy struct {
	patterns []pattern
}

type pattern struct {
	text string // as given, for Describe
	// host matches the registry host; repo, when not "", matches the
	// repository path (prefix match for "x/" and "x/*", glob otherwise).
	host string
	repo string
	// prefix: repo ended with "/" or "/*" (match the whole namespace below it).
	prefix bool
}

// DefaultPatterns is 0.1's built-in allowlist, kept by
// `trusted-registries-mode: narrow` (the engine's default adds the
// well-known publishers of lint/imagefacts to it):
//
//   - docker.io/library/*: Docker Official Images (`alpine`, `python:3.12`)
//   - gcr.io/distroless/*: Google distroless images
//   - mcr.microsoft.com: Microsoft's registry (.NET, Windows base images)
//   - cgr.dev/chainguard/*: Chainguard images
//   - registry.k8s.io: Kubernetes project images
//   - public.ecr.aws/docker/library/*: the ECR Public mirror of the Official Images
//
// quay.io is deliberately not listed: anyone can publish there, so only
// specific namespaces should be trusted (e.g. `quay.io/prometheus/*`).
var DefaultPatterns = []string{
	"docker.io/library/*",
	"gcr.io/distroless/*",
	"mcr.microsoft.com",
	"cgr.dev/chainguard/*",
	"registry.k8s.io",
	"public.ecr.aws/docker/library/*",
}

// DefaultPolicy is the documented default trust policy (DefaultPatterns).
func DefaultPolicy() *Policy {
	p, err := NewPolicy(nil, true)
	if err != nil {
		panic(err) // the defaults are constants checked by tests
	}
	return p
}

// NewPolicy makes a policy that trusts patterns. With includeDefaults,
// DefaultPatterns are trusted too (user configuration extends the
// defaults); without, patterns replace them. A pattern is either
//
//   - a registry host, optionally with a glob: `ghcr.io`, `*.corp.example`,
//     `localhost:5000`: any image from that registry;
//   - a host and a repository: `ghcr.io/myorg/*` or `ghcr.io/myorg/` (the
//     namespace and everything below it), `ghcr.io/myorg/app` (one
//     repository), `ghcr.io/myorg/app-*` (a glob; `*` does not cross `/`);
//   - a Docker Hub name without host: `library/*`, `bitnami/*`, `alpine`
//     (same as `docker.io/library/alpine`).
//
// Hosts match case-insensitively, repositories exactly.
func NewPolicy(patterns []string, includeDefaults bool) (*Policy, error) {
	p := &Policy{}
	if includeDefaults {
		patterns = append(append([]string{}, DefaultPatterns...), patterns...)
	}
	seen := map[string]bool{}
	for _, s := range patterns {
		if seen[s] {
			continue
		}
		seen[s] = true
		pt, err := parsePattern(s)
		if err != nil {
			return nil, err
		}
		p.patterns = append(p.patterns, pt)
	}
	return p, nil
}

func parsePattern(s string) (pattern, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if s == "" {
		return pattern{}, fmt.Errorf("empty trusted-image pattern")
	}
	host, repo, hasSlash := strings.Cut(s, "/")
	if !hasSlash {
		// A bare word is a registry host when it looks like one (has a dot or
		// a port, or is localhost, or is a glob), else a Docker Hub official image.
		if !looksLikeHost(host) {
			host, repo, hasSlash = DockerHub, "library/"+s, true
		}
	} else if !looksLikeHost(host) {
		host, repo = DockerHub, s
	}
	host = strings.ToLower(host)
	if host == "index.docker.io" || host == "registry-1.docker.io" {
		host = DockerHub
	}
	pt := pattern{text: strings.TrimSpace(orig), host: host}
	if hasSlash {
		switch {
		case repo == "" || repo == "*" || repo == "**":
			// whole registry
		case strings.HasSuffix(repo, "/*"), strings.HasSuffix(repo, "/**"):
			pt.repo, pt.prefix = strings.TrimRight(repo, "*"), true
		case strings.HasSuffix(repo, "/"):
			pt.repo, pt.prefix = repo, true
		default:
			pt.repo = repo
		}
		if host == DockerHub && pt.repo != "" && !strings.Contains(strings.TrimSuffix(pt.repo, "/"), "/") && !pt.prefix {
			pt.repo = "library/" + pt.repo // `docker.io/alpine`
		}
	}
	if _, err := path.Match(pt.host, "x"); err != nil {
		return pattern{}, fmt.Errorf("bad trusted-image pattern %q: %v", orig, err)
	}
	if _, err := path.Match(pt.repo, "x"); err != nil {
		return pattern{}, fmt.Errorf("bad trusted-image pattern %q: %v", orig, err)
	}
	return pt, nil
}

func looksLikeHost(s string) bool {
	return strings.ContainsAny(s, ".:*?[") || s == "localhost"
}

func (pt pattern) match(r Ref) bool {
	host := strings.ToLower(r.Registry)
	if ok, _ := path.Match(pt.host, host); !ok {
		return false
	}
	if pt.repo == "" {
		return true
	}
	if pt.prefix {
		prefix := pt.repo
		if strings.ContainsAny(prefix, "*?[") {
			// glob namespace: compare the same number of path segments
			n := strings.Count(prefix, "/")
			segs := strings.SplitAfterN(r.Repository, "/", n+1)
			if len(segs) <= n {
				return false
			}
			ok, _ := path.Match(prefix, strings.Join(segs[:n], ""))
			return ok
		}
		return strings.HasPrefix(r.Repository, prefix)
	}
	ok, _ := path.Match(pt.repo, r.Repository)
	return ok
}

// Trusted reports whether r comes from a trusted registry or repository.
func (p *Policy) Trusted(r Ref) bool {
	if p == nil {
		return false
	}
	for _, pt := range p.patterns {
		if pt.match(r) {
			return true
		}
	}
	return false
}

// Patterns returns the patterns as given, for messages and docs.
func (p *Policy) Patterns() []string {
	if p == nil {
		return nil
	}
	out := make([]string, len(p.patterns))
	for i, pt := range p.patterns {
		out[i] = pt.text
	}
	return out
}

// Describe lists the trusted patterns in one line, for docs and messages.
func (p *Policy) Describe() string {
	pats := p.Patterns()
	if len(pats) == 0 {
		return "no trusted registries"
	}
	return strings.Join(pats, ", ")
}
