package dockerfile

import (
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// PipeToShell reports downloaded scripts run straight from the network.
var PipeToShell = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF010",
		Name:       "pipe-to-shell",
		Severity:   rule.Error,
		Summary:    "do not pipe a download into a shell; download, verify its checksum, then run it",
		Tags:       []string{"security", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CIS: {"4.12"}, rule.CWE: {"CWE-494"}},
		Doc: rule.Doc{
			Why: "`curl https://example.com/install.sh | sh` runs whatever the server (or anyone who controls " +
				"the domain, the CDN or the network path) returns at build time, as root, with nothing to " +
				"check it against: a changed or truncated script runs just the same, and the next build of the " +
				"same Dockerfile may install something else. The rule reports the interpreter that reads a " +
				"`curl`/`wget`/`fetch` download: through a pipe (`| sh`, `| sudo bash -s --`, `| tee x | sh`, " +
				"`| python3 -`), `sh -c \"$(curl ...)\"`, `bash <(curl ...)`, `source <(curl ...)` and " +
				"`eval \"$(curl ...)\"`, for sh, bash, zsh, dash, ash, ksh, python, perl, ruby, node and php. An " +
				"interpreter that runs its own code on the download (`| python3 -c 'import json...'`) is not reported.",
			Bad: "FROM debian:12-slim\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\n",
			Good: "FROM debian:12-slim\nARG SETUP_SHA256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" +
				"RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_22.x \\\n" +
				"    && echo \"$SETUP_SHA256  /tmp/setup.sh\" | sha256sum -c - \\\n" +
				"    && bash /tmp/setup.sh && rm /tmp/setup.sh\n",
			Fix: "Download the script to a file, check it against a checksum you pinned (`sha256sum -c`) or a " +
				"signature (`gpg --verify`), then run it; better, install the software from a package repository " +
				"whose key you import, or `COPY` the script into the build context. If the source is trusted and " +
				"pinned by other means, disable the rule on that instruction.",
		},
	},
	Dockerfile: checkPipeToShell,
}

// fetchSubst matches a download inside $(...), `...` or <(...).
var fetchSubst = regexp.MustCompile("(\\$\\(|`|<\\()\\s*(sudo\\s+(-\\S+\\s+)*)?(\\S*/)?(curl|wget|fetch)\\s")

// readsScriptFromStdin reports whether the interpreter c runs the script
// it reads on stdin: no script file or code option, or `-`/`-s`.
func readsScriptFromStdin(c *dockerfile.Command, family string) bool {
	shell := interpreters[family][0] == "-c" && family != "pwsh"
	for _, a := range c.Args {
		v := a.Value
		switch {
		case v == "-" || v == "--":
			return true
		case !strings.HasPrefix(v, "-"):
			return false // a script file, or code
		case shell && !strings.HasPrefix(v, "--"):
			if strings.ContainsRune(v[1:], 'c') {
				return false
			}
			if strings.ContainsRune(v[1:], 's') {
				return true
			}
		case !shell:
			for _, o := range interpreters[family] {
				if v == o || len(o) == 2 && strings.HasPrefix(v, o) || strings.HasPrefix(v, o+"=") {
					return false
				}
			}
		}
	}
	return true
}

// upstreamFetch returns the download command feeding c through a
// pipeline (seeing through tee, cat and decompressors), or nil.
func upstreamFetch(c *dockerfile.Command) *dockerfile.Command {
	for x := c.PipeFrom; x != nil; x = x.PipeFrom {
		if isFetcher(x) {
			return x
		}
		if !x.Is("tee", "cat", "gunzip", "gzip", "zcat", "xz", "bzip2", "base64", "sed", "tr", "dd") {
			return nil
		}
	}
	return nil
}

func checkPipeToShell(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		report := func(w dockerfile.Word, how string) {
			p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: how + ": download the script to a file, verify its checksum or signature, then run it"})
		}
		family := interpreter(c)
		if family != "" {
			if fc := upstreamFetch(c); fc != nil && readsScriptFromStdin(c, family) {
				report(c.Name, c.Base()+" runs a script piped from "+fc.Base()+" unchecked")
				return
			}
			// sh -c "$(curl ...)", bash <(curl ...), python -c "$(curl ...)"
			for _, a := range c.Args {
				if fetchSubst.MatchString(a.Raw) {
					report(a, c.Base()+" runs a downloaded script unchecked")
					return
				}
			}
		}
		if c.Is("source", ".", "eval") {
			for _, a := range c.Args {
				if fetchSubst.MatchString(a.Raw) {
					report(a, c.Base()+" runs a downloaded script unchecked")
					return
				}
			}
		}
	})
}
