package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// CdInsteadOfWorkdir flags `cd` that changes the directory for the rest of
// a RUN where WORKDIR would say it once.
var CdInsteadOfWorkdir = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF075",
		Name:       "cd-instead-of-workdir",
		Severity:   rule.Info,
		Summary:    "use WORKDIR to change the directory instead of cd in RUN",
		Tags:       []string{"hygiene", "maintainability"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3003"}, rule.Trivy: {"DS-0013"}, rule.KICS: {"RUN Instruction Using 'cd' Instead of WORKDIR"}, rule.Semgrep: {"use-workdir"}},
		Doc: rule.Doc{
			Why: "A `cd` in a RUN lasts until the end of that RUN; the next instruction is back in the " +
				"WORKDIR. Builds that `cd` around are harder to read, and a later edit that splits the RUN " +
				"runs commands in the wrong directory. `WORKDIR` sets the directory for every following " +
				"instruction and creates it when missing. The rule reports `cd` at the top level of a RUN " +
				"(like hadolint's DL3003); a `cd` inside a subshell `( cd dir && make )` is scoped on purpose " +
				"and is not reported. Nor is a `cd` into a directory that the same RUN removes again " +
				"(`cd /usr/src/python && make install && cd / && rm -rf /usr/src/python`, the official images' " +
				"build steps, or `cd /usr/src/php/ext/x ... docker-php-source delete` in php images: a WORKDIR " +
				"would leave that directory in the image), or into a directory known only " +
				"when the RUN runs (`cd \"$(mktemp -d)\"`, `cd \"$tmp\"`: WORKDIR cannot name it); hadolint " +
				"reports both. Most real Dockerfiles use `cd` for a build step in a temporary " +
				"directory, which is why the rule is in the strict set.",
			Bad:  "FROM golang:1.23\nRUN cd /src && go build -o /app .\n",
			Good: "FROM golang:1.23\nWORKDIR /src\nRUN go build -o /app .\n",
			Fix:  "Put `WORKDIR <dir>` before the RUN and drop the `cd`.",
		},
	},
	Dockerfile: checkCdInsteadOfWorkdir,
}

func checkCdInsteadOfWorkdir(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		for _, c := range sc.Commands {
			if !c.Is("cd") || c.Depth != 0 || c.Subshell || len(c.Args) == 0 || c.Args[0].Value == "-" {
				continue
			}
			// The first cd decides: into a temporary directory, the cds
			// after it (`cd ..`, `cd /`) move around or back out of it.
			if c.Args[0].Known && !removedLater(c, c.Args[0].Value) {
				p.Report(rule.Diagnostic{Range: c.Name.Range, Subject: in.Stage.DisplayName(),
					Message: "use WORKDIR " + c.Args[0].Value + " instead of cd: the directory change lasts only until the end of this RUN"})
			}
			break // one per RUN
		}
	}
}

// removedLater reports whether a command after c in its script removes dir
// (`rm -rf dir` or a directory above it): a temporary build directory,
// which a WORKDIR would leave in the image.
func removedLater(c *dockerfile.Command, dir string) bool {
	dir = path.Clean(dir)
	for _, r := range c.Script.Commands[c.Index+1:] {
		if r.Is("docker-php-source") && len(r.Args) > 0 && r.Args[0].Value == "delete" {
			// the php images' helper: `docker-php-source delete` removes /usr/src/php
			if dir == "/usr/src/php" || strings.HasPrefix(dir, "/usr/src/php/") {
				return true
			}
			continue
		}
		if !r.Is("rm") {
			continue
		}
		for _, a := range r.Positionals() {
			v := path.Clean(a.Value)
			if v == dir || strings.HasPrefix(dir, strings.TrimSuffix(v, "/")+"/") && v != "/" && v != "." {
				return true
			}
		}
	}
	return false
}
