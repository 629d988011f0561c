package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// PipCache flags pip installs that keep pip's download cache in the layer.
var PipCache = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF085",
		Name:     "pip-cache",
		Severity: rule.Info,
		Summary:  "give pip install --no-cache-dir",
		Tags:     []string{"hygiene", "packages", "image-size"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3042"},
			rule.KICS:     {"Pip install Keeping Cached Packages"},
			rule.Semgrep:  {"missing-pip-no-cache-dir"},
		},
		Doc: rule.Doc{
			Why: "pip keeps every wheel it downloads or builds in its cache (`~/.cache/pip`), next to the " +
				"installed package: the layer holds each package twice, tens to hundreds of megabytes for " +
				"scientific stacks. The rule reports `pip install` (and `python -m pip install`) without " +
				"`--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set (ENV, ARG or on the command), the RUN " +
				"mounts a cache or tmpfs on the cache directory (`RUN --mount=type=cache,target=/root/.cache/pip`, " +
				"or on `.cache`), removes it in the same RUN, or runs `pip cache purge` after it. Stages that only " +
				"serve as a source of `COPY --from` (a builder that fills a virtualenv) are not reported.",
			Bad:  "FROM python:3.12-slim\nRUN pip install flask==3.0.0\n",
			Good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n",
			Fix: "Add `--no-cache-dir` after `pip install` (`dockguard lint --fix` does it: a safe fix, it changes " +
				"what pip keeps, not what it installs), set `ENV PIP_NO_CACHE_DIR=1` once in the stage, or mount a " +
				"build cache on the cache directory to keep downloads between builds.",
		},
	},
	Dockerfile: checkPipCache,
}

func checkPipCache(p *rule.Pass, f *dockerfile.File) {
	images := layers.ImageStages(f)
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !images[in.Stage] || in.Expand("${PIP_NO_CACHE_DIR}").Value != "" ||
			removesPath(sc, "/root/.cache/pip", "~/.cache/pip", "$HOME/.cache/pip", "${HOME}/.cache/pip") {
			continue
		}
		if cacheMountOn(in, ".cache/pip") || cacheMountOn(in, ".cache") {
			continue
		}
		cmds := pkgmgr.Commands(sc)
		for i, c := range cmds {
			if c.Manager != pkgmgr.Pip || c.Sub.Value != "install" || c.HasOption("--no-cache-dir", "--no-cache") || assigned(c.Command, "PIP_NO_CACHE_DIR") {
				continue
			}
			if purgedAfter(cmds[i+1:]) {
				continue
			}
			d := rule.Diagnostic{Range: c.Sub.Range, Subject: in.Stage.DisplayName(),
				Message: "add --no-cache-dir to `pip install`: the downloaded wheels stay in pip's cache in the layer"}
			if c.Sub.Raw == c.Sub.Value {
				d.Fix = &rule.Fix{Description: "add --no-cache-dir", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: endOf(c.Sub.Range), NewText: " --no-cache-dir"}}}
			}
			p.Report(d)
		}
	}
}

// cacheMountOn reports whether a cache or tmpfs mount of the RUN ends with
// the path suffix (".cache/pip" matches /root/.cache/pip and
// /home/app/.cache/pip).
func cacheMountOn(in *dockerfile.Instruction, suffix string) bool {
	for _, t := range layers.MountTargets(in) {
		if strings.HasSuffix(t, "/"+suffix) {
			return true
		}
	}
	return false
}

// assigned reports whether the command is run with NAME=value.
func assigned(c *dockerfile.Command, name string) bool {
	for _, a := range c.Assigns {
		if strings.HasPrefix(a.Value, name+"=") {
			return true
		}
	}
	return false
}

func purgedAfter(cmds []pkgmgr.Command) bool {
	for _, c := range cmds {
		if c.Manager == pkgmgr.Pip && c.Sub.Value == "cache" && (hasArg(c.Command, "purge") || hasArg(c.Command, "remove")) {
			return true
		}
	}
	return false
}
