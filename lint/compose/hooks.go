package compose

import (
	"fmt"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// Hook is a lifecycle hook of a service: a command that post_start or
// pre_stop runs in the service's container, with a user and privileges of
// its own, or a pre_start init container, which inherits the service's
// settings (compose-go resolves that: its image, user and privileges are
// the service's unless it sets its own) and may name its own image.
type Hook struct {
	Kind  string // "pre_start", "post_start" or "pre_stop"
	Index int    // in the service's merged list of that kind
	// Privileged, User and Image are the hook's settings as loaded
	// (interpolated; for pre_start, inherited from the service when the
	// hook does not set them). Image is "" for post_start and pre_stop.
	Privileged bool
	User       string
	Image      string

	f    *yfile
	item *yaml.Node // the hook as written; nil when it cannot be found
	svc  source.Location
}

// Name is how messages name the hook: `post_start hook 1` (1-based).
func (h Hook) Name() string { return fmt.Sprintf("%s hook %d", h.Kind, h.Index+1) }

// Sets reports whether the hook itself sets key (rather than inheriting
// it from the service).
func (h Hook) Sets(key string) bool {
	_, v := child(h.item, key)
	return v != nil
}

// Written is the scalar the hook sets key to, as written (before
// interpolation: messages quote it so that no environment value is echoed).
func (h Hook) Written(key string) (string, bool) {
	_, v := child(h.item, key)
	return scalar(v)
}

// Locate is where the hook sets key: the key and its value, else the hook
// itself, else the service.
func (h Hook) Locate(key string) source.Location {
	if h.item == nil {
		return h.svc
	}
	if k, v := child(h.item, key); v != nil {
		return location(h.f, k, v)
	}
	return location(h.f, nil, h.item)
}

// Hooks lists the lifecycle hooks of a service: pre_start, then
// post_start, then pre_stop, each in merged order.
func (p *Project) Hooks(s *Service) []Hook {
	var out []Hook
	at := p.ServiceLocation(s.Name)
	for i, h := range s.Config.PreStart {
		f, item := p.loc.listItem(s.Name, "pre_start", i)
		out = append(out, Hook{Kind: "pre_start", Index: i, Privileged: h.Privileged, User: h.User, Image: h.Image, f: f, item: item, svc: at})
	}
	for i, h := range s.Config.PostStart {
		f, item := p.loc.listItem(s.Name, "post_start", i)
		out = append(out, Hook{Kind: "post_start", Index: i, Privileged: h.Privileged, User: h.User, f: f, item: item, svc: at})
	}
	for i, h := range s.Config.PreStop {
		f, item := p.loc.listItem(s.Name, "pre_stop", i)
		out = append(out, Hook{Kind: "pre_stop", Index: i, Privileged: h.Privileged, User: h.User, f: f, item: item, svc: at})
	}
	return out
}

// listItem finds the i-th item of the merged list key of a service as
// written. compose-go appends such lists in merge order (an extends base
// before the service that extends it, the main file before its
// overrides), which is the reverse of the chain; `!reset` and `!override`
// are not followed.
func (lc *locator) listItem(service, key string, i int) (*yfile, *yaml.Node) {
	chain := lc.chain(service)
	for j := len(chain) - 1; j >= 0; j-- {
		r := chain[j]
		_, v := child(r.val, key)
		if v = resolve(v); v == nil || v.Kind != yaml.SequenceNode {
			continue
		}
		if i < len(v.Content) {
			return r.f, resolve(v.Content[i])
		}
		i -= len(v.Content)
	}
	return nil, nil
}
