// Package rules is the explicit, ordered list of every dockguard rule.
package rules

import (
	"github.com/dockguard/dockguard/lint/rule"
	dcrules "github.com/dockguard/dockguard/rules/compose"
	dfrules "github.com/dockguard/dockguard/rules/dockerfile"
	dgrules "github.com/dockguard/dockguard/rules/general"
)

// All returns every rule, Dockerfile rules first, then compose rules, then
// the rules for every file.
func All() []*rule.Rule {
	var all []*rule.Rule
	all = append(all, dfrules.Rules()...)
	all = append(all, dcrules.Rules()...)
	all = append(all, dgrules.Rules()...)
	return all
}

// NewRegistry indexes All; it fails only on a programming error (duplicate IDs).
func NewRegistry() (*rule.Registry, error) {
	return rule.NewRegistry(All()...)
}
