package format

import (
	"encoding/xml"
	"testing"
)

func TestJUnitContent(t *testing.T) {
	out := render(t, "junit", Options{}, fixture())
	assertWellFormedXML(t, out)
	var got junitSuites
	if err := xml.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "dockguard" || got.Tests != 6 || got.Failures != 6 || len(got.Suites) != 5 {
		t.Fatalf("testsuites = %+v", got)
	}
	s := got.Suites[1]
	if s.Name != "deploy/Dockerfile" || s.Tests != 2 || s.Failures != 2 || len(s.Cases) != 2 {
		t.Fatalf("suite = %+v", s)
	}
	c := s.Cases[0]
	if c.Name != "DF004 mutable-base-tag at 3:6" || c.ClassName != "deploy/Dockerfile" || c.File != "deploy/Dockerfile" || c.Line != 3 ||
		c.Failure == nil || c.Failure.Type != "warning" || c.Failure.Message != `base image "alpine" has no tag or digest` ||
		c.Failure.Body != "deploy/Dockerfile:3:6: warning DF004 mutable-base-tag: base image \"alpine\" has no tag or digest\nhttps://github.com/dockguard/dockguard/blob/main/docs/rules/DF004.md\n" {
		t.Errorf("case = %+v %+v", c, c.Failure)
	}
	if c := got.Suites[3].Cases[0]; c.Failure.Message != xmlText(hostileMsg) || c.ClassName != xmlText(hostilePath) || c.Name != "DC003 privileged at 2" {
		t.Errorf("hostile case = %+v", c)
	}

	var empty junitSuites
	if err := xml.Unmarshal(render(t, "junit", Options{}, emptyReport()), &empty); err != nil || empty.Tests != 1 || empty.Failures != 0 ||
		len(empty.Suites) != 1 || len(empty.Suites[0].Cases) != 1 || empty.Suites[0].Cases[0].Failure != nil {
		t.Errorf("empty: %v %+v", err, empty)
	}
}
