package dockerfile

import "strings"

// Root says whether and why a stage runs as root.
type Root int

const (
	NotRoot      Root = iota // a non-root or unresolved USER, or a base known to run as non-root
	RootExplicit             // USER root (or 0, ContainerAdministrator, ...)
	RootScratch              // FROM scratch and no USER
	RootNoUser               // no USER: the base image's user, usually root
)

// RunsAsRoot judges the user the stage runs as: its last USER, inherited
// through FROM <stage>, else its base image's. DF001 (the final stage) and
// DC001 (the stage a service builds) both ask it, so they agree.
func (s *Stage) RunsAsRoot() Root {
	user, at := s.EffectiveUser()
	if at != nil {
		if IsRootUser(user) && len(at.Args) > 0 {
			return RootExplicit
		}
		return NotRoot
	}
	root := s.Root()
	switch {
	case root.Base.Scratch:
		return RootScratch
	case knownNonRoot(&root.Base):
		return NotRoot // the base image is documented to run as a non-root user
	}
	return RootNoUser
}

// knownNonRoot reports base images documented to run as a non-root user.
func knownNonRoot(b *Base) bool {
	if !b.IsImage() {
		return false
	}
	r := b.Ref
	if r.Registry == "gcr.io" && strings.HasPrefix(r.Repository, "distroless/") {
		return r.Tag == "nonroot" || strings.HasPrefix(r.Tag, "nonroot-") || strings.HasSuffix(r.Tag, "-nonroot")
	}
	return false
}
