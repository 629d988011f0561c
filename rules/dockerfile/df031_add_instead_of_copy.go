package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// AddInsteadOfCopy flags ADD of local files and directories that are not
// archives: COPY does the same without ADD's unpacking and downloading.
var AddInsteadOfCopy = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF031",
		Name:       "add-instead-of-copy",
		Severity:   rule.Warning,
		Summary:    "use COPY, not ADD, for local files and directories",
		Tags:       []string{"security", "supply-chain", "best-practice"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3020"}, rule.Trivy: {"DS-0005"}, rule.Checkov: {"CKV_DOCKER_4"}, rule.KICS: {"Add Instead of Copy"}, rule.Semgrep: {"prefer-copy-over-add"}, rule.CIS: {"4.9"}},
		Doc: rule.Doc{
			Why: "`ADD` does more than copy: it unpacks local tar archives and fetches URLs. Used for " +
				"plain files it hides that power where a reviewer does not look, and a file that later " +
				"becomes an archive is silently unpacked. `COPY` says what happens. The rule reports `ADD` " +
				"whose sources are all local (no URL, no git repository) and none of which has an archive " +
				"name (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.zst`, ...), and `ADD` with no `--checksum`, " +
				"`--keep-git-dir` or `--unpack` (options only ADD has). A source that is a variable without " +
				"a value is judged by the destination: a file name with a non-archive extension " +
				"(`ADD ${JAR_FILE} app.jar`) says the source is a file. The fix replaces the keyword: " +
				"every other option (`--chown`, `--chmod`, `--link`, `--exclude`) means the same for " +
				"COPY. ADD recognises archives by their content, not their name, so the fix is only " +
				"offered when every source is a directory or a file with an extension; a file without " +
				"one (`ADD rootfs /`) might be an archive ADD unpacks.",
			Bad:  "FROM alpine:3.20\nADD app.sh /usr/local/bin/app.sh\n",
			Good: "FROM alpine:3.20\nCOPY app.sh /usr/local/bin/app.sh\n",
			Fix:  "Replace `ADD` by `COPY` (`dockguard lint --fix` does it). To unpack an archive, keep `ADD` with the archive's name.",
		},
	},
	Dockerfile: checkAddInsteadOfCopy,
}

func checkAddInsteadOfCopy(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "ADD" || in.Flag("checksum") != nil || in.Flag("keep-git-dir") != nil || in.Flag("unpack") != nil {
				continue
			}
			srcs, dest, ok := in.CopySources()
			if !ok {
				continue
			}
			safe, flag, unknown := true, true, false
			for _, tok := range srcs {
				w, ok := expandWord(in, tok.Value)
				if !ok {
					// A variable without a value: judged by the destination, a
					// file name that is not an archive's (ADD ${JAR} app.jar).
					if fileDest(in, dest) {
						safe, unknown = false, true
						continue
					}
					flag = false
					break
				}
				if classifySource(w) != srcLocal && classifySource(w) != srcHeredoc {
					flag = false
					break
				}
				if classifySource(w) == srcHeredoc {
					continue
				}
				if isArchiveName(w) {
					flag = false
					break
				}
				if !dirLike(w) && path.Ext(path.Base(w)) == "" {
					safe = false
				}
			}
			if !flag {
				continue
			}
			d := rule.Diagnostic{Range: in.KeywordRange, Subject: st.DisplayName(),
				Message: "ADD copies local files that are not archives; use COPY"}
			if safe {
				kw := "COPY"
				src := f.Source
				if written := string(src.Content[src.Offset(in.KeywordRange.Start):src.Offset(in.KeywordRange.End)]); written == strings.ToLower(written) {
					kw = "copy"
				}
				d.Fix = &rule.Fix{Description: "replace ADD by COPY", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: in.KeywordRange, NewText: kw}}}
			} else if !unknown {
				d.Message += " (if a source without an extension is an archive to unpack, keep ADD and suppress this)"
			}
			p.Report(d)
		}
	}
}

// dirLike reports a source that names a directory or many files: "." or
// "..", a trailing "/", or a glob.
func dirLike(w string) bool {
	c := path.Clean(w)
	return strings.HasSuffix(w, "/") || c == "." || c == ".." || c == "/" || hasWildcard(path.Base(w))
}

// fileDest reports a destination that names one file with an extension
// that is not an archive's (app.jar, /etc/app.conf): the author expects a
// file, not an unpacked archive.
func fileDest(in *dockerfile.Instruction, dest dockerfile.Token) bool {
	w, ok := expandWord(in, dest.Value)
	if !ok || strings.HasSuffix(w, "/") || dirLike(w) || isArchiveName(w) {
		return false
	}
	return path.Ext(path.Base(w)) != ""
}
