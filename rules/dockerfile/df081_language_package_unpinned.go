package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// LanguagePackageUnpinned flags language packages (pip, npm, gem, go
// install) installed without a version.
var LanguagePackageUnpinned = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF081",
		Name:     "language-package-unpinned",
		Severity: rule.Warning,
		Summary:  "pin language packages to a version (pip, npm, yarn, gem, go install)",
		Tags:     []string{"hygiene", "supply-chain", "packages", "reproducibility"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3013", "DL3016", "DL3028", "DL3062"},
			rule.KICS:     {"Unpinned Package Version in Pip Install", "NPM Install Command Without Pinned Version", "Gem Install Without Version"},
		},
		Doc: rule.Doc{
			Why: "`pip install flask` or `npm install -g pm2` installs the newest release published on the day of " +
				"the build. Registries are open to anyone: a compromised maintainer account or a typo-squatted " +
				"release reaches the image at the next build, and two builds of one Dockerfile ship different " +
				"code. The rule reports each package word of `pip install`, `npm install`/`npm i`/`npm add`, " +
				"`yarn add`, `pnpm add`, `gem install` and `go install` that names no version, or a moving one " +
				"(`@latest`, `@next`, a branch). It does not report `pip install -r requirements.txt`, `-c " +
				"constraints.txt`, `--require-hashes` (the files pin) or `--no-index` (local wheels), `pip install .` and other local paths, " +
				"wheels and archives, `npm ci` and a bare `npm install` (the lockfile pins), `gem install -v`, " +
				"and `go install pkg` without `@` (the version comes from the current module's go.mod). A " +
				"version through a variable (`flask==${FLASK_VERSION}`) is a pin.",
			Bad:  "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
			Good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n",
			Fix: "Write the version: `flask==3.0.0`, `pm2@5.3.0`, `gem install bundler -v 2.5.3`, " +
				"`go install golang.org/x/tools/cmd/goimports@v0.20.0`; for many packages, a requirements or " +
				"lock file with hashes. To accept a floating version, `# dockguard ignore=DF081` (or `# hadolint " +
				"ignore=DL3013`) above the RUN.",
		},
	},
	Dockerfile: func(p *rule.Pass, f *dockerfile.File) { checkPackagePins(p, f, false) },
}
