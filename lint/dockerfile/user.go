package dockerfile

import "github.com/dockguard/dockguard/lint/imagefacts"

// Root says whether and why a stage runs as root.
type Root int

const (
	NotRoot      Root = iota // a non-root or unresolved USER, or a base known to run as non-root
	RootExplicit             // USER root (or 0, ContainerAdministrator, ...)
	RootScratch              // FROM scratch and no USER
	RootNoUser               // no USER: the base image's user, usually root
)

// RunsAsRoot judges the user the stage runs as: its last USER, inherited
// through FROM <stage>, else its base image's, as the built-in table of
// image facts knows it. DF001 (the final stage) and DC001 (the stage a
// service builds) both ask it, so they agree.
func (s *Stage) RunsAsRoot() Root { return s.RunsAsRootWith(nil) }

// RunsAsRootWith is RunsAsRoot with the image facts of db (the built-in
// table with the configuration's overrides; nil: the table alone).
func (s *Stage) RunsAsRootWith(db *imagefacts.DB) Root {
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
	case root.BaseFacts(db).NonRoot():
		return NotRoot // the base image is documented to run as a non-root user
	}
	return RootNoUser
}

// BaseFacts is what db knows about the stage's base image (the zero Facts
// for scratch, a stage, or an image that could not be resolved).
func (s *Stage) BaseFacts(db *imagefacts.DB) imagefacts.Facts {
	if !s.Base.IsImage() {
		return imagefacts.Facts{}
	}
	return db.Lookup(s.Base.Ref)
}

// SetsEntrypoint reports whether the stage, or a stage it is built on,
// has an ENTRYPOINT: the base image's entrypoint (and whatever it does,
// such as dropping root) no longer runs.
func (s *Stage) SetsEntrypoint() bool {
	for _, st := range s.Chain() {
		for _, in := range st.Instructions {
			if in.Keyword == "ENTRYPOINT" {
				return true
			}
		}
	}
	return false
}
