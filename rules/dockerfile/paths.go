package dockerfile

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// srcKind classifies a COPY or ADD source word.
type srcKind int

const (
	srcLocal   srcKind = iota // a path in the build context (or in --from)
	srcHTTP                   // an http(s) URL that is not a git repository
	srcGit                    // a git repository (BuildKit's dfgitutil.ParseGitRef)
	srcHeredoc                // <<EOF
)

var scpGitRE = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]`)

// classifySource says what a source word (expanded) names, as BuildKit's
// ADD decides: a git URL is ssh://, git://, git@host:path, or an http(s)
// URL whose path ends in .git; other http(s) URLs are downloads.
func classifySource(w string) srcKind {
	if dockerfile.IsHeredocWord(w) {
		return srcHeredoc
	}
	lw := strings.ToLower(w)
	switch {
	case strings.HasPrefix(lw, "ssh://"), strings.HasPrefix(lw, "git://"):
		return srcGit
	case strings.HasPrefix(lw, "http://"), strings.HasPrefix(lw, "https://"):
		if u, err := url.Parse(w); err == nil && strings.HasSuffix(u.Path, ".git") {
			return srcGit
		}
		return srcHTTP
	case scpGitRE.MatchString(w):
		return srcGit
	}
	return srcLocal
}

// redactURL drops credentials, query and fragment from a URL for messages.
func redactURL(w string) string {
	u, err := url.Parse(w)
	if err != nil || u.Host == "" {
		if i := strings.IndexAny(w, "?#"); i >= 0 {
			w = w[:i]
		}
		if at := strings.LastIndexByte(w, '@'); at >= 0 {
			if p := strings.Index(w, "://"); p >= 0 && p < at {
				return w[:p+3] + w[at+1:]
			}
		}
		return w
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// archiveExts are the names ADD unpacks from the build context (tar,
// optionally compressed with gzip, bzip2, xz or zstd).
var archiveExts = []string{".tar", ".tgz", ".taz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".z"}

// isArchiveName reports whether a local source looks like an archive ADD unpacks.
func isArchiveName(p string) bool {
	l := strings.ToLower(strings.TrimRight(p, "/"))
	for _, e := range archiveExts {
		if strings.HasSuffix(l, e) {
			return true
		}
	}
	return false
}

// expandWord expands a path word in its instruction's scope; ok is false
// when it uses a variable that has no value or cannot be expanded.
func expandWord(in *dockerfile.Instruction, w string) (string, bool) {
	if !strings.ContainsAny(w, "$\"'\\`") {
		return w, true
	}
	e := in.Expand(w)
	if !e.Resolved() {
		return "", false
	}
	return e.Value, true
}

// contextSource is a COPY or ADD source read from the build context.
type contextSource struct {
	Token dockerfile.Token // as written
	Value string           // expanded
}

// contextSources returns the sources of a COPY or ADD (COPY only when
// keywords says so) that come from the build context: not --from, not
// URLs or heredocs, and expanded through ARG and ENV (a source that uses
// a variable with no value is left out).
func contextSources(in *dockerfile.Instruction, keywords ...string) []contextSource {
	if !slices.Contains(keywords, in.Keyword) || in.Flag("from") != nil {
		return nil
	}
	srcs, _, ok := in.CopySources()
	if !ok {
		return nil
	}
	var out []contextSource
	for _, tok := range srcs {
		if w, ok := expandWord(in, tok.Value); ok && classifySource(w) == srcLocal {
			out = append(out, contextSource{tok, w})
		}
	}
	return out
}

// cleanSource is a context source as BuildKit matches it: slash-separated,
// cleaned, relative to the context root.
func cleanSource(p string) string {
	c := path.Clean(strings.ReplaceAll(p, `\`, "/"))
	if c != "/" {
		c = strings.TrimPrefix(c, "/")
	}
	return c
}

// finalImageStages are the stages whose files end up in the image that
// `docker build` produces (the final stage and the stages it is built on).
func finalImageStages(f *dockerfile.File) map[*dockerfile.Stage]bool {
	m := map[*dockerfile.Stage]bool{}
	if st := f.Final(); st != nil {
		for _, s := range st.Chain() {
			m[s] = true
		}
	}
	return m
}

// hasWildcard reports a glob character in a path.
func hasWildcard(p string) bool { return strings.ContainsAny(p, "*?[") }
