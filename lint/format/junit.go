package format

import (
	"io"
	"strconv"
)

// JUnit writes JUnit XML for CI test reports (GitLab artifacts:reports:junit,
// Jenkins): one <testsuite> per file with findings, named after its path
// (engine order), and one failed <testcase> per finding:
//
//	<testcase name="DF004 mutable-base-tag at 3:6" classname="deploy/Dockerfile" file="deploy/Dockerfile" line="3">
//	  <failure message="base image ..." type="warning">deploy/Dockerfile:3:6: warning DF004 mutable-base-tag: ...</failure>
//	</testcase>
//
// Grouping by file (rather than by rule) matches how people fix findings
// and what test-report UIs show (suite = file, case = problem). Findings of
// every severity are failures; the failure type is the severity. Files
// without findings are not listed (the engine does not pass their names);
// when there are no findings at all, one suite "dockguard" with one passing
// test case is written, because some consumers treat an empty report as an
// error. Text goes through xmlText as in Checkstyle.
type JUnit struct{}

type junitSuites struct {
	XMLName  struct{}     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// Format implements Formatter.
func (*JUnit) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	tool := r.toolName()
	out := junitSuites{Name: tool, Tests: len(r.Findings), Failures: len(r.Findings)}
	byPath := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		path := xmlText(f.Path)
		si, ok := byPath[f.Path]
		if !ok {
			si = len(out.Suites)
			byPath[f.Path] = si
			out.Suites = append(out.Suites, junitSuite{Name: path})
		}
		s := spanOf(f.Range)
		pos := strconv.Itoa(s.Line)
		if s.ColKnown {
			pos += ":" + strconv.Itoa(s.Col)
		}
		id := xmlText(f.RuleID)
		if f.RuleName != "" {
			id += " " + xmlText(f.RuleName)
		}
		sev := severity(f, rules).String()
		msg := xmlText(f.Message)
		suite := &out.Suites[si]
		suite.Tests++
		suite.Failures++
		suite.Cases = append(suite.Cases, junitCase{
			Name:      id + " at " + pos,
			ClassName: path,
			File:      path,
			Line:      s.Line,
			Failure: &junitFailure{
				Message: msg,
				Type:    sev,
				Body:    path + ":" + pos + ": " + sev + " " + id + ": " + msg + "\n" + docURL(f.RuleID, rules) + "\n",
			},
		})
	}
	if len(out.Suites) == 0 {
		out.Tests = 1
		out.Suites = []junitSuite{{Name: tool, Tests: 1, Cases: []junitCase{{
			Name: summaryLine(counts{}, 0, r.FilesLinted), ClassName: tool,
		}}}}
	}
	return writeXML(w, out)
}
