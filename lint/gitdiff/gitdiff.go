// Package gitdiff finds what a change touched, from the local git history
// only (no API, no token), and filters findings down to it.
//
// The new side of every diff is the work tree, because that is what the
// linter reads: SinceMergeBase(REF) diffs the merge base of REF and HEAD
// against the work tree (tracked files; untracked, not ignored files count
// as entirely added), which is what `dockguard lint --diff-base REF` uses.
// In a pull_request workflow, ForPullRequest reads the event payload
// (GITHUB_EVENT_PATH) for the base and head commits: when the checkout is
// GitHub's test merge commit (actions/checkout's default) its first parent
// is the base, which needs `fetch-depth: 2`; when the checkout is the PR
// head, the merge base with the base commit is used, which needs the
// history down to it (`fetch-depth: 0`). Missing history gives a
// *HistoryError whose message says what to change.
//
// Paths with spaces, non-ASCII or control characters are handled: git runs
// with core.quotePath=false, file lists are read with -z and quoted patch
// names are unquoted. Renames are followed (--find-renames): a renamed
// file's findings are matched against its new path and its hunks.
//
// Filter modes, after reviewdog's: added keeps findings with at least one
// line that the change added or edited; diff_context keeps findings with
// at least one line inside a hunk of `git diff --unified=3`; file keeps
// findings in files the change touched; nofilter keeps everything. A
// finding without a line (a whole-file finding) is kept by added and
// diff_context when its file has added lines. A finding is also kept when
// one of its related locations (finding.Related) passes the same test: a
// change that adds a datastore service makes an unchanged published port
// a segmentation problem, and that finding belongs to the change. Findings in files outside
// the repository are dropped by every mode but nofilter.
package gitdiff

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// Mode selects which findings a filter keeps.
type Mode string

const (
	ModeAdded       Mode = "added"        // findings on added or edited lines
	ModeDiffContext Mode = "diff_context" // findings inside diff hunks (3 lines of context)
	ModeFile        Mode = "file"         // findings in touched files
	ModeNoFilter    Mode = "nofilter"     // every finding
)

// Modes lists the filter modes.
var Modes = []Mode{ModeAdded, ModeDiffContext, ModeFile, ModeNoFilter}

// ParseMode reads a mode name; "" is added. Hyphens may stand for
// underscores and case does not matter.
func ParseMode(s string) (Mode, error) {
	norm := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	switch norm {
	case "":
		return ModeAdded, nil
	case "added", "diff_context", "file", "nofilter":
		return Mode(norm), nil
	case "no_filter", "none", "all":
		return ModeNoFilter, nil
	}
	return "", fmt.Errorf("unknown filter mode %q (want added, diff_context, file or nofilter)", s)
}

// Changes is what a diff touched: per file, its added lines and hunks.
type Changes struct {
	// Root is the repository's top-level directory, absolute, symlinks resolved.
	Root string
	// Base is the commit the work tree was compared with.
	Base string
	// How says how Base was chosen, for logs.
	How     string
	files   map[string]*FileChange
	named   []string // every path of the name-status list (deleted files too)
	tracked []string // git ls-files
}

// Files returns the touched files, sorted by path.
func (c *Changes) Files() []*FileChange {
	var out []*FileChange
	for _, k := range sortedKeys(c.files) {
		out = append(out, c.files[k])
	}
	return out
}

// Filter returns the findings that mode keeps, in their order. Relative
// finding paths are resolved against workDir.
func (c *Changes) Filter(findings []finding.Finding, mode Mode, workDir string) []finding.Finding {
	if c == nil || mode == ModeNoFilter {
		return findings
	}
	var kept []finding.Finding
	res := newResolver(c.Root, workDir)
	for _, f := range findings {
		if c.keep(res, f, mode) {
			kept = append(kept, f)
		}
	}
	return kept
}

// keep reports whether mode keeps f: its own location, else one of its
// related locations, is in the change.
func (c *Changes) keep(res *resolver, f finding.Finding, mode Mode) bool {
	if mode == ModeNoFilter {
		return true
	}
	if c.touches(res.rel(f.Path), f.Range, mode) {
		return true
	}
	for _, r := range f.Related {
		p := r.Path
		if p == "" {
			p = f.Path
		}
		if c.touches(res.rel(p), r.Range, mode) {
			return true
		}
	}
	return false
}

// touches reports whether the range rng of the repository-relative file
// rel is in the change as mode sees it.
func (c *Changes) touches(rel string, rng source.Range, mode Mode) bool {
	fc := c.files[rel]
	if rel == "" || fc == nil {
		return false
	}
	if mode == ModeFile || fc.Whole() {
		return true
	}
	spans := fc.Added
	if mode == ModeDiffContext {
		spans = fc.Hunks
	}
	if !rng.Start.IsValid() {
		return len(fc.Added) > 0
	}
	from, to := rng.Start.Line, rng.Start.Line
	if rng.End.IsValid() && rng.End.Line > to {
		to = rng.End.Line
	}
	for _, s := range spans {
		if s.From <= to && from <= s.To {
			return true
		}
	}
	return false
}

// resolver maps finding paths to repository-relative slash paths.
type resolver struct {
	root, workDir string
	dirs          map[string]string // directory -> symlink-resolved directory
}

func newResolver(root, workDir string) *resolver {
	if workDir == "" {
		workDir, _ = os.Getwd()
	}
	return &resolver{root: root, workDir: workDir, dirs: map[string]string{}}
}

// rel returns p relative to the repository root, or "" when p is outside it.
func (r *resolver) rel(p string) string {
	if p == "" || p == "-" {
		return ""
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.workDir, p)
	}
	p = filepath.Clean(p)
	dir, base := filepath.Split(p)
	real, ok := r.dirs[dir]
	if !ok {
		real = dir
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			real = d
		}
		r.dirs[dir] = real
	}
	rel, err := filepath.Rel(r.root, filepath.Join(real, base))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// HistoryError says that the local history lacks the commits a diff
// needs, typically in a shallow clone. Its message says how to fix that.
type HistoryError struct {
	Msg  string // what is missing
	Hint string // what to do
}

func (e *HistoryError) Error() string { return e.Msg + ": " + e.Hint }

// ErrNotPullRequest is returned by ForPullRequest for events that carry no
// pull request (push, schedule...).
var ErrNotPullRequest = errors.New("the event is not a pull request (no base commit in the event payload)")

// git runs git in dir and returns its standard output. Its error carries
// git's standard error.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	full := append([]string{"-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C", "GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("git is not installed or not on PATH: %w", err)
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, &gitError{args: args, msg: msg, err: err}
	}
	return out, nil
}

type gitError struct {
	args []string
	msg  string
	err  error
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

func (e *gitError) Unwrap() error { return e.err }

func revParse(ctx context.Context, dir, rev string) (string, error) {
	out, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func isShallow(ctx context.Context, dir string) bool {
	out, err := git(ctx, dir, "rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

func topLevel(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) {
			return "", fmt.Errorf("%s is not inside a git work tree: %s", dir, ge.msg)
		}
		return "", err
	}
	root := strings.TrimRight(string(out), "\n")
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return root, nil
}

// RepoRoot returns the top directory of the git work tree that holds dir,
// spelled from dir as given (symlinks in dir's path are not resolved, so
// the result stays comparable with paths built from the same spelling).
// It errs when dir is not inside a git work tree.
func RepoRoot(ctx context.Context, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	out, err := git(ctx, abs, "rev-parse", "--show-cdup")
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) {
			return "", fmt.Errorf("%s is not inside a git work tree: %s", dir, ge.msg)
		}
		return "", err
	}
	return filepath.Clean(filepath.Join(abs, strings.TrimRight(string(out), "\n"))), nil
}

// SinceMergeBase compares the merge base of ref and HEAD with the work
// tree of the repository holding dir.
func SinceMergeBase(ctx context.Context, dir, ref string) (*Changes, error) {
	root, err := topLevel(ctx, dir)
	if err != nil {
		return nil, err
	}
	refSHA, err := revParse(ctx, root, ref)
	if err != nil {
		if isShallow(ctx, root) {
			return nil, &HistoryError{
				Msg:  fmt.Sprintf("%q is not a commit in this shallow clone", ref),
				Hint: "fetch it first (git fetch origin <branch or sha>), or clone with full history (actions/checkout: fetch-depth: 0)",
			}
		}
		return nil, fmt.Errorf("%q is not a commit here (fetch it first, e.g. git fetch origin %s)", ref, ref)
	}
	head, err := revParse(ctx, root, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("the repository has no HEAD commit yet")
	}
	out, err := git(ctx, root, "merge-base", refSHA, head)
	if err != nil {
		if isShallow(ctx, root) {
			return nil, &HistoryError{
				Msg:  fmt.Sprintf("no merge base of %s and HEAD in this shallow clone", ref),
				Hint: "fetch more history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)",
			}
		}
		return nil, fmt.Errorf("%s and HEAD have no common history", ref)
	}
	base := strings.TrimSpace(string(out))
	return diffWorkTree(ctx, root, base, fmt.Sprintf("merge base of %s and HEAD (%s)", ref, short(base)))
}

// PullRequest holds the commits named by a pull_request (or merge_group)
// event payload.
type PullRequest struct {
	Number   int
	BaseSHA  string
	HeadSHA  string
	BaseRef  string
	HeadRepo string
}

// ReadEvent reads the event payload at path (GITHUB_EVENT_PATH). It
// returns ErrNotPullRequest when the payload names no base commit.
func ReadEvent(path string) (*PullRequest, error) {
	if path == "" {
		return nil, ErrNotPullRequest
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the event payload: %w", err)
	}
	var ev struct {
		PullRequest *struct {
			Number int `json:"number"`
			Base   struct {
				SHA string `json:"sha"`
				Ref string `json:"ref"`
			} `json:"base"`
			Head struct {
				SHA  string `json:"sha"`
				Repo struct {
					FullName string `json:"full_name"`
				} `json:"repo"`
			} `json:"head"`
		} `json:"pull_request"`
		MergeGroup *struct {
			BaseSHA string `json:"base_sha"`
			HeadSHA string `json:"head_sha"`
			BaseRef string `json:"base_ref"`
		} `json:"merge_group"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("reading the event payload: %w", err)
	}
	var pr PullRequest
	switch {
	case ev.PullRequest != nil:
		pr = PullRequest{Number: ev.PullRequest.Number, BaseSHA: ev.PullRequest.Base.SHA, HeadSHA: ev.PullRequest.Head.SHA,
			BaseRef: ev.PullRequest.Base.Ref, HeadRepo: ev.PullRequest.Head.Repo.FullName}
	case ev.MergeGroup != nil:
		pr = PullRequest{BaseSHA: ev.MergeGroup.BaseSHA, HeadSHA: ev.MergeGroup.HeadSHA, BaseRef: ev.MergeGroup.BaseRef}
	default:
		return nil, ErrNotPullRequest
	}
	if !isSHA(pr.BaseSHA) || (pr.HeadSHA != "" && !isSHA(pr.HeadSHA)) {
		return nil, fmt.Errorf("the event payload has no valid base/head commit (base %q, head %q)", pr.BaseSHA, pr.HeadSHA)
	}
	return &pr, nil
}

func isSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// ForPullRequest compares the pull request's base with the work tree of
// the repository holding dir:
//
//   - when HEAD is GitHub's test merge commit (parents: base tip, PR head),
//     its first parent is the base: needs `fetch-depth: 2`;
//   - otherwise the merge base of the base commit and HEAD is: needs the
//     history down to it (`fetch-depth: 0`).
func ForPullRequest(ctx context.Context, dir string, pr *PullRequest) (*Changes, error) {
	root, err := topLevel(ctx, dir)
	if err != nil {
		return nil, err
	}
	head, err := revParse(ctx, root, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("the repository has no HEAD commit")
	}
	// The test merge commit: read its parents from the commit object itself,
	// which a shallow clone keeps even when it cuts the parents off.
	if parents := commitParents(ctx, root, head); len(parents) == 2 && (pr.HeadSHA == "" || parents[1] == pr.HeadSHA) && parents[1] != head {
		if hasTree(ctx, root, parents[0]) {
			return diffWorkTree(ctx, root, parents[0], fmt.Sprintf("first parent of the merge commit HEAD (%s)", short(parents[0])))
		}
		return nil, &HistoryError{
			Msg: fmt.Sprintf("HEAD is the pull request's merge commit, but its first parent %s (the base) is not in this shallow clone", short(parents[0])),
			Hint: "give actions/checkout `fetch-depth: 2` (or 0) so that the base commit is fetched too; " +
				"or run `git fetch --no-tags --depth=1 origin " + parents[0] + "` before this step; " +
				"or set filter-mode: nofilter",
		}
	}
	if hasTree(ctx, root, pr.BaseSHA) {
		if out, err := git(ctx, root, "merge-base", pr.BaseSHA, head); err == nil {
			base := strings.TrimSpace(string(out))
			return diffWorkTree(ctx, root, base, fmt.Sprintf("merge base of the pull request's base %s and HEAD (%s)", short(pr.BaseSHA), short(base)))
		}
	}
	return nil, &HistoryError{
		Msg: fmt.Sprintf("cannot find the merge base of the pull request's base commit %s and HEAD %s in the local history (shallow clone?)", short(pr.BaseSHA), short(head)),
		Hint: "give actions/checkout `fetch-depth: 0` (full history), or fetch the base commit and enough history to reach the merge base before this step " +
			"(`git fetch --no-tags origin " + pr.BaseSHA + "` in a clone that is not shallow); " +
			"with actions/checkout's default merge-commit checkout `fetch-depth: 2` is enough; or set filter-mode: nofilter",
	}
}

// commitParents reads the parent lines of a commit object (not the
// shallow-grafted view).
func commitParents(ctx context.Context, root, sha string) []string {
	out, err := git(ctx, root, "cat-file", "commit", sha)
	if err != nil {
		return nil
	}
	var parents []string
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" {
			break // end of headers
		}
		if p, ok := strings.CutPrefix(line, "parent "); ok {
			parents = append(parents, p)
		}
	}
	return parents
}

// hasTree reports whether the commit and its tree are present locally.
func hasTree(ctx context.Context, root, sha string) bool {
	if !isSHA(sha) {
		return false
	}
	_, err := git(ctx, root, "cat-file", "-e", sha+"^{tree}")
	return err == nil
}

// diffWorkTree compares base with the work tree. Its git commands read
// the work tree independently (GIT_OPTIONAL_LOCKS=0: none writes the
// index), so they run side by side.
func diffWorkTree(ctx context.Context, root, base, how string) (*Changes, error) {
	common := []string{"--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--find-renames", "--ignore-submodules=all"}
	cmds := [][]string{
		append(append([]string{"diff", "-z", "--name-status"}, common...), base, "--"),
		append(append([]string{"diff", "--unified=3", "--src-prefix=a/", "--dst-prefix=b/"}, common...), base, "--"),
		{"ls-files", "-z", "--others", "--exclude-standard"},
		{"ls-files", "-z", "--full-name"},
	}
	outs := make([][]byte, len(cmds))
	errs := make([]error, len(cmds))
	var wg sync.WaitGroup
	for i, args := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = git(ctx, root, args...)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	ns, patch, un := outs[0], outs[1], outs[2]
	touched, err := parseNameStatus(ns)
	if err != nil {
		return nil, err
	}
	hunks, err := parsePatch(patch)
	if err != nil {
		return nil, fmt.Errorf("reading git diff: %w", err)
	}
	return &Changes{Root: root, Base: base, How: how, files: merge(touched, hunks, nulList(un)),
		named: allNames(ns), tracked: nulList(outs[3])}, nil
}

// nulList splits a -z file list.
func nulList(out []byte) []string {
	var list []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" {
			list = append(list, p)
		}
	}
	return list
}

// Tracked lists the files git tracks in the repository (`git ls-files`,
// read with the diff), relative to Root with forward slashes.
func (c *Changes) Tracked() []string { return c.tracked }

// allNames lists every path of a `git diff -z --name-status` output:
// deleted files and both names of a rename or copy included.
func allNames(ns []byte) []string {
	var out []string
	fields := strings.Split(string(ns), "\x00")
	for i := 0; i < len(fields); {
		st := fields[i]
		i++
		if st == "" {
			continue
		}
		n := 1
		if st[0] == 'R' || st[0] == 'C' {
			n = 2
		}
		for j := 0; j < n && i < len(fields); j++ {
			out = append(out, fields[i])
			i++
		}
	}
	return out
}

// Touched lists every path the change touched, relative to Root with
// forward slashes: added, modified, deleted, both names of a rename, and
// untracked files. Sorted.
func (c *Changes) Touched() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for p, fc := range c.files {
		add(p)
		add(fc.OldPath)
	}
	for _, p := range c.named {
		add(p)
	}
	sort.Strings(out)
	return out
}
