package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// ApkCache flags `apk add` that leaves apk's index cache in the layer.
var ApkCache = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF083",
		Name:     "apk-add-cache",
		Severity: rule.Info,
		Summary:  "give apk add --no-cache",
		Tags:     []string{"hygiene", "packages", "image-size"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3019"},
			rule.Trivy:    {"DS-0025"},
			rule.KICS:     {"Apk Add Using Local Cache Path"},
			rule.Semgrep:  {"missing-apk-no-cache"},
		},
		Doc: rule.Doc{
			Why: "Without `--no-cache`, `apk add` downloads the repository indexes (APKINDEX) into " +
				"`/var/cache/apk`, where they stay in the layer: a few megabytes per image, and an index that is " +
				"stale as soon as the image is built. `--no-cache` fetches the indexes into memory and writes " +
				"nothing (it also makes a separate `apk update` unnecessary). The rule reports `apk add` without " +
				"`--no-cache` in a RUN that neither removes `/var/cache/apk` nor mounts a cache or tmpfs on it " +
				"(or on `/etc/apk/cache`), and `apk add --no-network` (which reads no index). Stages that only serve as a source of `COPY --from` are not reported.",
			Bad:  "FROM alpine:3.20\nRUN apk add curl=8.9.1-r2\n",
			Good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r2\n",
			Fix: "Add `--no-cache` after `apk add`; `dockguard lint --fix` does it (a safe fix: it changes only " +
				"what apk keeps in its cache, not what it installs).",
		},
	},
	Dockerfile: checkApkCache,
}

func checkApkCache(p *rule.Pass, f *dockerfile.File) {
	images := layers.ImageStages(f)
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !images[in.Stage] || layers.Mounted(in, "/var/cache/apk") || layers.Mounted(in, "/etc/apk/cache") ||
			removesPath(sc, "/var/cache/apk") {
			continue
		}
		for _, c := range pkgmgr.Commands(sc) {
			if c.Manager != pkgmgr.Apk || c.Sub.Value != "add" || c.HasOption("--no-cache", "--no-network") {
				continue
			}
			d := rule.Diagnostic{Range: c.Sub.Range, Subject: in.Stage.DisplayName(),
				Message: "add --no-cache to `apk add`: the package indexes stay in /var/cache/apk in the layer"}
			if c.Sub.Raw == c.Sub.Value {
				d.Fix = &rule.Fix{Description: "add --no-cache", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: endOf(c.Sub.Range), NewText: " --no-cache"}}}
			}
			p.Report(d)
		}
	}
}
