package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// OSPackageUnpinned flags OS packages installed without a version.
var OSPackageUnpinned = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF080",
		Name:     "os-package-unpinned",
		Severity: rule.Info,
		Summary:  "pin OS packages to a version (apt-get, apk, yum/dnf, zypper)",
		Tags:     []string{"hygiene", "supply-chain", "packages", "reproducibility"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3008", "DL3018", "DL3033", "DL3037", "DL3041"},
			rule.KICS: {"Apt Get Install Pin Version Not Defined", "Unpinned Package Version in Apk Add", "Yum install Without Version",
				"Missing Version Specification In dnf install", "Zypper Install Without Version"},
		},
		Doc: rule.Doc{
			Why: "An unpinned `apt-get install curl` installs whatever version the mirror has on the day of the " +
				"build: two builds of the same Dockerfile differ, a rebuild can pull in a regression, and a review " +
				"of the image cannot say which version it ships. The rule reports each package word of `apt-get " +
				"install`, `apk add`, `yum`/`dnf`/`microdnf install` (and `dnf module install` without a " +
				"`:stream`) and `zypper install` that has no version (`curl=7.88.1-10+deb12u5`, `curl~=8.5`, " +
				"`httpd-2.4.57`, `curl=8.0.1`). A version given through a variable (`curl=${CURL_VERSION}`) is a " +
				"pin even when the ARG has no default; a word that is only a variable (`$PACKAGES`) is not judged; " +
				"local files (`./x.deb`, `*.rpm`), URLs and groups (`@development`) have nothing to pin. Unlike " +
				"hadolint's DL3008/DL3018, the rule does not report build dependencies that the same RUN removes " +
				"again (`apk add --virtual .build-deps ... && apk del .build-deps`, `apt-get purge $fetchDeps`, " +
				"`dnf remove`, and the official images' `apt-mark auto '.*'` followed by `apt-get purge " +
				"--auto-remove`): they never reach the image, their version shows in no scan of it, and nobody " +
				"pins the compilers of a throw-away build step (pin the base image by digest to fix them too). Pinned " +
				"OS versions have a cost: distributions drop old versions from their mirrors, so a pin breaks the " +
				"build when the version is superseded, and somebody must bump pins to get security fixes. That is " +
				"why the rule is in the strict set and at info: pin where reproducibility matters more than " +
				"automatic updates, or pin the base image by digest instead (DF005), which fixes the package " +
				"index too.",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
			Good: "FROM debian:12\nARG CURL_VERSION=7.88.1-10+deb12u5\nRUN apt-get update && apt-get install -y --no-install-recommends curl=${CURL_VERSION} && rm -rf /var/lib/apt/lists/*\n",
			Fix: "Write the version after the package name as the manager expects it (`apt-cache policy <pkg>`, " +
				"`apk policy <pkg>`, `dnf list <pkg>` show the candidates), ideally through an ARG so that a bump " +
				"is one line. To accept floating versions in a file, `# dockguard ignore=DF080` (or `# hadolint " +
				"ignore=DL3008`) above the RUN, or turn the rule off in `.dockguard.yaml`.",
		},
	},
	Dockerfile: func(p *rule.Pass, f *dockerfile.File) { checkPackagePins(p, f, true) },
}

// checkPackagePins reports the unpinned package words of install commands,
// of the OS managers (system) or of the language ones.
func checkPackagePins(p *rule.Pass, f *dockerfile.File, system bool) {
	for _, in := range f.Instructions {
		cmds := pkgmgr.Commands(in.Script())
		transient := pkgmgr.Transient(cmds)
		for i, c := range cmds {
			if c.Manager.System() != system || c.PinnedByCommand() {
				continue
			}
			for _, pk := range c.InstallPackages() {
				if c.Pin(pk) != pkgmgr.Unpinned {
					continue
				}
				name := c.PackageName(pk)
				if transient(i, name) {
					continue // a build dependency removed again in the same RUN
				}
				what := "no version"
				if name != pk.Value {
					what = "a moving version"
				}
				if pk.Via != "" {
					what += ", from " + pk.Via
				}
				p.Report(rule.Diagnostic{Range: pk.Word.Range, Subject: in.Stage.DisplayName(),
					Message: "pin `" + name + "` in `" + c.Verb() + "` (" + what + "): write " + c.PinAdvice(name)})
			}
		}
	}
}
