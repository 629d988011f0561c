package compose

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// Lifecycle hooks (pre_start, post_start, pre_stop) run with settings of
// their own. The helpers below let the service rules see them; what a
// pre_start hook inherits from its service is reported at the service.

// containerImage is a registry image a service runs, where it is written.
type containerImage struct {
	ref     imageref.Ref
	what    string // "image", or "pre_start hook 1 image"
	where   source.Location
	written string // quoted as written
	// asWritten: the value is the text of the file, not changed by
	// interpolation, so a message may derive a suggestion from it.
	asWritten bool
}

// serviceImages are the registry images a service pulls: its image (unless
// it builds it) and the images its pre_start hooks name themselves.
func serviceImages(proj *compose.Project, s *compose.Service) []containerImage {
	var out []containerImage
	if ref, ok := registryImage(s); ok {
		w, found := proj.Written(s.Name, "image")
		out = append(out, containerImage{ref: ref, what: "image", where: proj.Locate(s.Name, "image"),
			written: written(proj, s.Name, "image", s.Config.Image), asWritten: !found || w == s.Config.Image})
	}
	for _, h := range proj.Hooks(s) {
		if h.Image == "" || !h.Sets("image") {
			continue
		}
		ref, err := imageref.Parse(h.Image)
		if err != nil {
			continue
		}
		w, ok := h.Written("image")
		if !ok {
			w = h.Image
		}
		out = append(out, containerImage{ref: ref, what: h.Name() + " image", where: h.Locate("image"), written: fmt.Sprintf("%q", w), asWritten: w == h.Image})
	}
	return out
}

// reportPrivilegedHooks reports the hooks of s that set privileged: true (DC003).
func reportPrivilegedHooks(p *rule.Pass, proj *compose.Project, s *compose.Service) {
	for _, h := range proj.Hooks(s) {
		if !h.Privileged || !h.Sets("privileged") {
			continue
		}
		where := h.Locate("privileged")
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: its %s runs privileged; remove privileged: true from the hook", s.Name, h.Name())})
	}
}

// reportRootHooks reports the hooks of s that set a root user (DC001).
func reportRootHooks(p *rule.Pass, proj *compose.Project, s *compose.Service) {
	for _, h := range proj.Hooks(s) {
		if h.User == "" || !h.Sets("user") || !dockerfile.IsRootUser(h.User) {
			continue
		}
		w, ok := h.Written("user")
		if !ok {
			w = h.User
		}
		where := h.Locate("user")
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name, Message: fmt.Sprintf("service %q: its %s runs as root (user %q); remove user: from the hook or set a non-root UID", s.Name, h.Name(), w)})
	}
}
