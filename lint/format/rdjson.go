package format

import (
	"io"

	"github.com/dockguard/dockguard/lint/finding"
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
	Message          string         `json:"message"`
	Location         rdLocation     `json:"location"`
	Severity         string         `json:"severity"`
	Code             rdCode         `json:"code"`
	Suggestions      []rdSuggestion `json:"suggestions,omitempty"`
	RelatedLocations []rdRelated    `json:"related_locations,omitempty"`
}

// rdSuggestion is a replacement of a range of the diagnostic's own file
// (reviewdog applies suggestions to that file only).
type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}

type rdRelated struct {
	Message  string     `json:"message,omitempty"`
	Location rdLocation `json:"location"`
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

func rdSeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "ERROR"
	case finding.Warning:
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
	fileOf := func(path string) *source.File {
		if r.Sources == nil {
			return nil
		}
		file, ok := files[path]
		if !ok {
			file = r.Sources(path)
			files[path] = file
		}
		return file
	}
	return writeJSONStream(w, out, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		d := rdDiagnostic{
			Message:  f.Message,
			Location: rdLocation{Path: f.Path, Range: rdRangeOf(fileOf(f.Path), f.Range)},
			Severity: rdSeverity(severity(f, rules)),
			Code:     rdCode{Value: f.RuleID, URL: docURL(f.RuleID, rules)},
		}
		for _, rel := range f.Related {
			d.RelatedLocations = append(d.RelatedLocations, rdRelated{
				Message:  rel.Message,
				Location: rdLocation{Path: rel.Path, Range: rdRangeOf(fileOf(rel.Path), rel.Range)},
			})
		}
		if f.Fix != nil {
			for _, e := range f.Fix.Edits {
				if e.Path == "" || e.Path == f.Path {
					d.Suggestions = append(d.Suggestions, rdSuggestion{Range: rdRangeOf(fileOf(f.Path), e.Range), Text: e.NewText})
				}
			}
		}
		return d
	})
}

// rdRangeOf converts a range to reviewdog's, in byte columns when the
// file is known.
func rdRangeOf(file *source.File, r source.Range) rdRange {
	s := spanOf(r)
	rg := rdRange{Start: rdPos{Line: s.Line}, End: rdPos{Line: s.EndLine}}
	if s.ColKnown {
		rg.Start.Column = byteColumn(file, s.Line, s.Col)
		rg.End.Column = byteColumn(file, s.EndLine, s.EndCol)
	}
	return rg
}

// byteColumn converts a rune column to a 1-based UTF-8 byte column using
// the file's content, or returns col when the file is unknown.
func byteColumn(f *source.File, line, col int) int {
	if f == nil {
		return col
	}
	return f.Offset(source.Pos{Line: line, Col: col}) - f.Offset(source.Pos{Line: line, Col: 1}) + 1
}
