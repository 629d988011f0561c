package format

import "io"

// JSONVersion is the version of the json output schema. It changes only
// when a field is removed or changes meaning; new fields may be added
// within a version.
const JSONVersion = 1

// JSON writes the report as one JSON object (schema version 1, also in
// testdata/json-schema.md):
//
//	{
//	  "version": 1,                      // schema version, an integer
//	  "tool": {"name": "dockguard", "version": "1.2.0", "information_uri": "https://..."},
//	  "files_linted": 2,
//	  "findings": [                      // [] when there are none, never null
//	    {
//	      "rule_id": "DF004",            // stable rule ID
//	      "rule_name": "mutable-base-tag",
//	      "severity": "warning",         // "error" | "warning" | "info"
//	      "path": "deploy/Dockerfile",   // as the text format shows it: relative to the working directory, or absolute
//	      "line": 3, "column": 6,        // 1-based; columns count Unicode code points; 0 = unknown
//	      "end_line": 3, "end_column": 12, // exclusive end (the column after the last character); 0 = unknown
//	      "message": "base image \"alpine\" has no tag or digest",
//	      "subject": "web",              // optional: the compose service or Dockerfile stage concerned
//	      "fingerprint": "...",          // stable across runs and unrelated edits ("" if the engine gave none)
//	      "fix": {"description": "...", "class": "safe"} // optional: the finding has a fix; class "safe" (--fix applies it) or "hardening" (--fix=hardening)
//	    }
//	  ],
//	  "summary": {"errors": 0, "warnings": 1, "info": 0, "baselined": 0}  // baselined: findings the baseline file holds, not listed
//	}
//
// Findings keep the engine's order (path, line, column, rule). Strings are
// exact (JSON escapes control characters; invalid UTF-8 becomes U+FFFD).
type JSON struct{}

type jsonReport struct {
	Version     int         `json:"version"`
	Tool        jsonTool    `json:"tool"`
	FilesLinted int         `json:"files_linted"`
	Findings    any         `json:"findings"` // []jsonFinding, streamed by writeJSONStream
	Summary     jsonSummary `json:"summary"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"information_uri"`
}

type jsonFinding struct {
	RuleID      string   `json:"rule_id"`
	RuleName    string   `json:"rule_name"`
	Severity    string   `json:"severity"`
	Path        string   `json:"path"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"end_line"`
	EndColumn   int      `json:"end_column"`
	Message     string   `json:"message"`
	Subject     string   `json:"subject,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	Fix         *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Description string `json:"description"`
	Class       string `json:"class"`
}

type jsonSummary struct {
	Errors    int `json:"errors"`
	Warnings  int `json:"warnings"`
	Info      int `json:"info"`
	Baselined int `json:"baselined"`
}

func nonNegative(n int) int { return max(n, 0) }

// Format implements Formatter.
func (*JSON) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	c := countFindings(r, rules)
	out := jsonReport{
		Version:     JSONVersion,
		Tool:        jsonTool{Name: r.toolName(), Version: r.Tool.Version, InformationURI: r.Tool.InformationURI},
		FilesLinted: r.FilesLinted,
		Findings:    streamedArray,
		Summary:     jsonSummary{Errors: c.errors, Warnings: c.warnings, Info: c.info, Baselined: len(r.Baselined)},
	}
	return writeJSONStream(w, out, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		var fx *jsonFix
		if f.Fix != nil && len(f.Fix.Edits) > 0 {
			fx = &jsonFix{Description: f.Fix.Description, Class: f.Fix.Class.String()}
		}
		return jsonFinding{
			Fix:         fx,
			RuleID:      f.RuleID,
			RuleName:    f.RuleName,
			Severity:    severity(f, rules).String(),
			Path:        f.Path,
			Line:        nonNegative(f.Range.Start.Line),
			Column:      nonNegative(f.Range.Start.Col),
			EndLine:     nonNegative(f.Range.End.Line),
			EndColumn:   nonNegative(f.Range.End.Col),
			Message:     f.Message,
			Subject:     f.Subject,
			Fingerprint: f.Fingerprint,
		}
	})

}
