package dockerfile

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// AddRemoteUnverified flags ADD of a URL without --checksum and ADD of a
// git repository without a commit pin.
var AddRemoteUnverified = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF030",
		Name:       "add-remote-unverified",
		Severity:   rule.Warning,
		Summary:    "give ADD <url> a --checksum and ADD <git url> a commit",
		Tags:       []string{"security", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.KICS: {"Curl or Wget Instead of Add"}, rule.CIS: {"4.12"}, rule.CWE: {"CWE-494"}},
		Doc: rule.Doc{
			Why: "`ADD https://...` puts whatever the server returns today into the image: a compromised " +
				"or moved download, or a man in the middle on `http://`, changes the image silently. " +
				"`ADD --checksum=sha256:<digest>` (Dockerfile syntax 1.6+) makes the build fail " +
				"when the file changes. `ADD <git url>` clones whatever the branch or tag points to; a " +
				"full commit hash in the fragment (`repo.git#<commit>`), in `?checksum=`/`?commit=`, or in " +
				"`--checksum` pins it. The rule reports each such source of `ADD` (after `ARG`/`ENV` " +
				"expansion), unless a later `RUN` of the stage checks the downloaded file with " +
				"`sha256sum`/`sha512sum`/`shasum`/`gpg --verify`/`cosign verify`. URLs are shown " +
				"without credentials, query or fragment.",
			Bad:  "FROM alpine:3.20\nADD https://example.com/tool-1.2.tar.gz /opt/\n",
			Good: "# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/\n",
			Fix: "Compute the digest once (`curl -sL <url> | sha256sum`) and add `--checksum=sha256:<digest>`; " +
				"for git, use the commit hash (`ADD https://github.com/org/repo.git#<40-hex commit> /src`). " +
				"Renovate can keep both up to date.",
		},
	},
	Dockerfile: checkAddRemoteUnverified,
}

var commitRE = regexp.MustCompile(`^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$`)

func checkAddRemoteUnverified(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for i, in := range st.Instructions {
			if in.Keyword != "ADD" || in.Flag("checksum") != nil {
				continue
			}
			srcs, dest, ok := in.CopySources()
			if !ok {
				continue
			}
			for _, tok := range srcs {
				w, ok := expandWord(in, tok.Value)
				if !ok {
					continue
				}
				switch classifySource(w) {
				case srcHTTP:
					if verifiedLater(st.Instructions[i+1:], w, dest.Value) {
						continue
					}
					p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(),
						Message: "ADD downloads " + redactURL(w) + " without --checksum; add --checksum=sha256:<digest> so a changed file fails the build"})
				case srcGit:
					if gitPinned(w) {
						continue
					}
					p.Report(rule.Diagnostic{Range: tok.Range, Subject: st.DisplayName(),
						Message: "ADD clones " + redactURL(w) + " at a branch or tag that can move; pin a commit (#<commit hash> or --checksum=<commit hash>)"})
				}
			}
		}
	}
}

// gitPinned reports a git source pinned to a full commit hash.
func gitPinned(w string) bool {
	frag := ""
	if i := strings.IndexByte(w, '#'); i >= 0 {
		frag = w[i+1:]
		w = w[:i]
	}
	if ref, _, _ := strings.Cut(frag, ":"); commitRE.MatchString(ref) {
		return true
	}
	if i := strings.IndexByte(w, '?'); i >= 0 {
		q, err := url.ParseQuery(w[i+1:])
		if err == nil {
			for _, k := range []string{"checksum", "commit", "ref"} {
				if commitRE.MatchString(q.Get(k)) {
					return true
				}
			}
		}
	}
	return false
}

var verifyRE = regexp.MustCompile(`\b(?:sha(?:1|224|256|384|512)sum|shasum|md5sum|b2sum)\b[^;&|]*(?:-c|--check)|\bgpg2?\b[^;&|]*--verify|\bcosign\s+verify|\bminisign\b[^;&|]*-V`)

// verifiedLater reports whether a RUN after the ADD verifies the
// downloaded file (its name appears in a checksum or signature check).
func verifiedLater(after []*dockerfile.Instruction, u, dest string) bool {
	name := u
	if pu, err := url.Parse(u); err == nil {
		name = pu.Path
	}
	base := func(s string) string {
		if i := strings.LastIndexByte(s, '/'); i >= 0 {
			return s[i+1:]
		}
		return s
	}
	names := []string{base(name)}
	if d := base(strings.Trim(dest, `"'`)); d != "" && d != "." {
		names = append(names, d)
	}
	for _, in := range after {
		if in.Keyword != "RUN" || len(in.Args) == 0 {
			continue
		}
		body := in.Args[0].Value
		for _, h := range in.Heredocs {
			body += "\n" + h.Content
		}
		if !verifyRE.MatchString(body) {
			continue
		}
		for _, n := range names {
			if n == "" || containsName(body, n) {
				return true
			}
		}
	}
	return false
}
