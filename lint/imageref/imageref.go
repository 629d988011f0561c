// Package imageref parses container image references and decides whether
// an image comes from a trusted source.
//
// SKELETON: the API below is fixed; the bodies are filled in by the
// Dockerfile front-end work.
package imageref

// Ref is a parsed image reference, with Docker Hub defaults applied.
type Ref struct {
	Original   string // as written (after ARG expansion)
	Registry   string // "docker.io" by default
	Repository string // "library/alpine"
	Tag        string // "" when absent
	Digest     string // "sha256:..." or ""
}

// Policy decides which images are trusted.
type Policy struct {
	patterns []string
}

// DefaultPolicy is the documented default trust policy.
func DefaultPolicy() *Policy { return &Policy{} }

// NewPolicy makes a policy from registry hosts and repository prefixes (globs allowed).
func NewPolicy(patterns []string) (*Policy, error) { return &Policy{patterns: patterns}, nil }
