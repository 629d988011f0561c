package format

import (
	"bufio"
	"encoding/xml"
	"io"
)

// Checkstyle writes Checkstyle XML (version 4.3), as hadolint does and as
// reviewdog (-f=checkstyle) and Jenkins read it: one <file> per path with
// findings, in the engine's order, one <error> per finding with line,
// column (left out when unknown), severity (error, warning, info), message
// and source (the rule ID). Paths are as the engine gave them.
//
// Text from linted files goes through xmlText: characters XML 1.0 forbids
// (NUL, ESC and the other C0 controls) become visible escapes such as \x00;
// encoding/xml escapes markup.
type Checkstyle struct{}

type checkstyleXML struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Format implements Formatter.
func (*Checkstyle) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	out := checkstyleXML{Version: "4.3", Files: []checkstyleFile{}}
	byPath := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		fi, ok := byPath[f.Path]
		if !ok {
			fi = len(out.Files)
			byPath[f.Path] = fi
			out.Files = append(out.Files, checkstyleFile{Name: xmlText(f.Path)})
		}
		s := spanOf(f.Range)
		e := checkstyleError{
			Line:     s.Line,
			Severity: severity(f, rules).String(),
			Message:  xmlText(f.Message),
			Source:   xmlText(f.RuleID),
		}
		if s.ColKnown {
			e.Column = s.Col
		}
		out.Files[fi].Errors = append(out.Files[fi].Errors, e)
	}
	return writeXML(w, out)
}

// writeXML writes the XML declaration, v indented, and a final newline.
func writeXML(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}
