package format

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"

	"github.com/dockguard/dockguard/lint/finding"
)

// GitLab writes a GitLab Code Quality report (artifacts:reports:codequality,
// a subset of the Code Climate issue format): a JSON array, [] when empty,
// of
//
//	{"type": "issue", "check_name": "DF004", "description": "message (DF004 mutable-base-tag)",
//	 "categories": ["Security"], "severity": "major", "fingerprint": "<32 hex>",
//	 "location": {"path": "deploy/Dockerfile", "lines": {"begin": 3, "end": 3}}}
//
// Severity: error -> critical, warning -> major, info -> info (blocker and
// minor are not used). location.path is relative to Report.Root.
//
// fingerprint must be unique per issue (GitLab merges equal ones) and stable
// across runs (GitLab compares base and head reports by it): it hashes the
// rule ID, the root-relative path and Finding.Fingerprint (which has no line
// number in it), plus an occurrence counter when the same triple repeats in
// one report. When the engine gave no fingerprint, the line, column and
// message stand in for it (stable only while the line does not move).
type GitLab struct{}

type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Categories  []string       `json:"categories"`
	Severity    string         `json:"severity"`
	Fingerprint string         `json:"fingerprint"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

func gitlabSeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "critical"
	case finding.Warning:
		return "major"
	}
	return "info"
}

var gitlabCategories = []string{"Security"}

// Format implements Formatter.
func (*GitLab) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	paths := newRootPaths(r)
	seen := map[string]int{}
	// item is called in order, so the occurrence counter stays stable.
	return writeJSONStream(w, streamedArray, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		path := paths.display(f.Path)
		s := spanOf(f.Range)
		basis := f.Fingerprint
		if basis == "" {
			basis = strconv.Itoa(s.Line) + ":" + strconv.Itoa(s.Col) + ":" + f.Message
		}
		key := f.RuleID + "\x00" + path + "\x00" + basis
		n := seen[key]
		seen[key] = n + 1
		if n > 0 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		desc := f.Message
		if id := trimJoin(f.RuleID, f.RuleName); id != "" {
			desc += " (" + id + ")"
		}
		return gitlabIssue{
			Type:        "issue",
			CheckName:   f.RuleID,
			Description: desc,
			Categories:  gitlabCategories,
			Severity:    gitlabSeverity(severity(f, rules)),
			Fingerprint: hex.EncodeToString(sum[:16]),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: s.Line, End: s.LastLine}},
		}
	})
}

func trimJoin(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}
