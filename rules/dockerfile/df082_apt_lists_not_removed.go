package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/layers"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// AptListsNotRemoved flags RUNs that download apt's package lists and
// leave them in the layer.
var AptListsNotRemoved = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF082",
		Name:     "apt-lists-not-removed",
		Severity: rule.Info,
		Summary:  "remove /var/lib/apt/lists/* in the RUN that runs apt-get update",
		Tags:     []string{"hygiene", "packages", "image-size"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3009"},
			rule.KICS:     {"Apt Get Install Lists Were Not Deleted"},
			rule.Semgrep:  {"remove-package-lists", "remove-package-cache"},
		},
		Doc: rule.Doc{
			Why: "`apt-get update` downloads the package lists of every configured repository into " +
				"`/var/lib/apt/lists` (tens of megabytes for Debian or Ubuntu). Unless the same RUN removes them, " +
				"they stay in that layer of the image: removing them in a later RUN hides the files but does not " +
				"make the image smaller. The lists also go stale: nothing in the image should install from them " +
				"later. The rule reports `apt-get update` (and `apt update`) in a RUN that does not remove " +
				"`/var/lib/apt/lists` (`rm -rf /var/lib/apt/lists/*`, or `apt-get distclean`) and does not mount " +
				"a cache or tmpfs there (`RUN --mount=type=cache,target=/var/lib/apt/lists`). Stages that only " +
				"serve as a source of `COPY --from` are not reported: their layers are not shipped (hadolint " +
				"reports every stage).",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
			Fix: "End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache on `/var/lib/apt/lists` " +
				"(and `/var/cache/apt`) with `RUN --mount=type=cache`.",
		},
	},
	Dockerfile: checkAptLists,
}

func checkAptLists(p *rule.Pass, f *dockerfile.File) {
	images := layers.ImageStages(f)
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || !images[in.Stage] || layers.Mounted(in, "/var/lib/apt/lists") {
			continue
		}
		var update *pkgmgr.Command
		cleaned := removesPath(sc, "/var/lib/apt/lists")
		cmds := pkgmgr.Commands(sc)
		for i, c := range cmds {
			if c.Manager != pkgmgr.AptGet && c.Manager != pkgmgr.Apt {
				continue
			}
			switch c.Sub.Value {
			case "update":
				// an update that installs nothing is DF073's: merge it with the install
				if update == nil && !updateWithoutInstall(cmds, i) {
					update = &c
				}
			case "distclean", "dist-clean":
				cleaned = true
			}
		}
		if update == nil || cleaned {
			continue
		}
		d := rule.Diagnostic{Range: update.Sub.Range, Subject: in.Stage.DisplayName(),
			Message: "end this RUN with `&& rm -rf /var/lib/apt/lists/*`: the package lists of `" + update.Verb() + "` stay in the layer"}
		if later := laterRemoval(in, "/var/lib/apt/lists"); later != nil {
			d.Message += " (the rm of the RUN on line " + strconv.Itoa(later.StartLine) + " does not shrink it)"
			d.Related = []rule.Related{{Range: later.KeywordRange, Message: "removes the lists in a later layer"}}
		}
		p.Report(d)
	}
}

// laterRemoval returns the first later RUN of the stage that removes dir.
func laterRemoval(in *dockerfile.Instruction, dir string) *dockerfile.Instruction {
	after := false
	for _, x := range in.Stage.Instructions {
		if x == in {
			after = true
			continue
		}
		if sc := x.Script(); after && sc != nil && removesPath(sc, dir) {
			return x
		}
	}
	return nil
}

// removesPath reports whether the script deletes dir or a directory above
// it, or the files in it (`rm -rf /var/lib/apt/lists/*`, `find dir -delete`).
func removesPath(sc *dockerfile.Script, dirs ...string) bool {
	for _, c := range sc.Commands {
		if !c.Is("rm", "find") {
			continue
		}
		if c.Is("find") && !c.HasOption("-delete") && !hasArg(c, "rm") {
			continue
		}
		for _, a := range c.Positionals() {
			v := strings.TrimSuffix(strings.TrimSuffix(a.Value, "*"), "/")
			if v == "" {
				continue
			}
			v = path.Clean(v)
			for _, d := range dirs {
				if v == d || strings.HasPrefix(d, v+"/") || strings.HasPrefix(v, d+"/") && strings.HasSuffix(a.Value, "*") {
					return true
				}
			}
		}
	}
	return false
}
