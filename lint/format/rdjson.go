package format

import (
	"io"

	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// RDJSON writes reviewdog's Diagnostic Format as one JSON object
// (reviewdog -f=rdjson):
//
//	{"source": {"name": "dockguard", "url": "..."},
//	 "diagnostics": [{"message": "...", "severity": "WARNING",
//	   "location": {"path": "deploy/Dockerfile",
//	                "range": {"start": {"line": 3, "column": 6}, "end": {"line": 3, "column": 12}}},
//	   "code": {"value": "DF004", "url": "https://.../DF004.md"}}]}
//
// Paths are as the engine gave them (reviewdog resolves relative paths
// against its own working directory, normally the same). Severity is
// ERROR, WARNING or INFO. Lines are 1-based and the end is exclusive, as
// ours. reviewdog counts columns in UTF-8 bytes: when Report.Sources knows
// the file, rune columns are converted; otherwise they are written as they
// are (exact on ASCII lines). An unknown column is left out.
type RDJSON struct{}

type rdReport struct {
	Source      rdSource `json:"source"`
	Diagnostics any      `json:"diagnostics"` // []rdDiagnostic, streamed by writeJSONStream
}

type rdSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type rdDiagnostic struct {
	Message  string     `json:"message"`
	Location rdLocation `json:"location"`
	Severity string     `json:"severity"`
	Code     rdCode     `json:"code"`
}

type rdLocation struct {
	Path  string  `json:"path"`
	Range rdRange `json:"range"`
}

type rdRange struct {
	Start rdPos `json:"start"`
	End   rdPos `json:"end"`
}

type rdPos struct {
	Line   int `json:"line"`
	Column int `json:"column,omitempty"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

func rdSeverity(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "ERROR"
	case rule.Warning:
		return "WARNING"
	}
	return "INFO"
}

// Format implements Formatter.
func (*RDJSON) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	out := rdReport{
		Source:      rdSource{Name: r.toolName(), URL: r.Tool.InformationURI},
		Diagnostics: streamedArray,
	}
	files := map[string]*source.File{}
	return writeJSONStream(w, out, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		var file *source.File
		if r.Sources != nil {
			var ok bool
			if file, ok = files[f.Path]; !ok {
				file = r.Sources(f.Path)
				files[f.Path] = file
			}
		}
		s := spanOf(f.Range)
		rg := rdRange{Start: rdPos{Line: s.Line}, End: rdPos{Line: s.EndLine}}
		if s.ColKnown {
			rg.Start.Column = byteColumn(file, s.Line, s.Col)
			rg.End.Column = byteColumn(file, s.EndLine, s.EndCol)
		}
		return rdDiagnostic{
			Message:  f.Message,
			Location: rdLocation{Path: f.Path, Range: rg},
			Severity: rdSeverity(severity(f, rules)),
			Code:     rdCode{Value: f.RuleID, URL: docURL(f.RuleID, rules)},
		}
	})
}

// byteColumn converts a rune column to a 1-based UTF-8 byte column using
// the file's content, or returns col when the file is unknown.
func byteColumn(f *source.File, line, col int) int {
	if f == nil {
		return col
	}
	return f.Offset(source.Pos{Line: line, Col: col}) - f.Offset(source.Pos{Line: line, Col: 1}) + 1
}
