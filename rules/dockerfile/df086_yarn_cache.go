package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// YarnCache flags yarn installs whose download cache stays in the layer.
var YarnCache = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF086",
		Name:       "yarn-cache",
		Severity:   rule.Info,
		Summary:    "end a RUN that runs yarn install or yarn add with `yarn cache clean`",
		Tags:       []string{"hygiene", "packages", "image-size"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3060"}},
		Doc: rule.Doc{
			Why: "yarn keeps a copy of every package it downloads in its global cache " +
				"(`/usr/local/share/.cache/yarn` for root in the node images): the layer holds the dependencies " +
				"twice, once in `node_modules` and once as archives. The rule reports `yarn install` (or a bare " +
				"`yarn`), `yarn add` and `yarn global add` in a RUN that does not run `yarn cache clean`, removes " +
				"no yarn cache directory and mounts no cache or tmpfs for it. Stages that only serve as a source " +
				"of `COPY --from` (a builder whose `node_modules` or bundle is copied) are not reported.",
			Bad:  "FROM node:20\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
			Good: "FROM node:20\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
			Fix: "End the RUN with `&& yarn cache clean`, or mount a build cache on yarn's cache directory " +
				"(`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`).",
		},
	},
	Dockerfile: checkYarnCache,
}

func checkYarnCache(p *rule.Pass, f *dockerfile.File) {
	images := layers.ImageStages(f)
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !images[in.Stage] || yarnCacheHandled(in, sc) {
			continue
		}
		for _, c := range pkgmgr.Commands(sc) {
			if c.Manager != pkgmgr.Yarn || c.Sub.Value != "" && c.Sub.Value != "install" && c.Sub.Value != "add" ||
				c.Sub.Value == "" && c.HasOption("--version", "-v", "--help", "-h", "-V") {
				continue
			}
			r, verb := c.Sub.Range, "yarn "+c.Sub.Value
			if c.Sub.Value == "" {
				r, verb = c.Name.Range, "yarn"
			}
			p.Report(rule.Diagnostic{Range: r, Subject: in.Stage.DisplayName(),
				Message: "end this RUN with `&& yarn cache clean`: the packages downloaded by `" + verb + "` stay in yarn's cache in the layer"})
			break
		}
	}
}

// yarnCacheHandled reports whether the RUN cleans yarn's cache, removes
// it, or mounts it.
func yarnCacheHandled(in *dockerfile.Instruction, sc *dockerfile.Script) bool {
	for _, t := range layers.MountTargets(in) {
		if strings.Contains(t, "yarn") || strings.HasSuffix(t, "/.cache") {
			return true
		}
	}
	for _, c := range sc.Commands {
		if c.Is("yarn") && len(c.Args) > 1 && c.Args[0].Value == "cache" && c.Args[1].Value == "clean" {
			return true
		}
		if c.Is("rm") {
			for _, a := range c.Positionals() {
				if strings.Contains(a.Value, "yarn") && strings.Contains(a.Value, "cache") || strings.Contains(a.Value, "yarn cache dir") {
					return true
				}
			}
		}
	}
	return false
}
