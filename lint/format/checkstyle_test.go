package format

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// assertWellFormedXML parses every token of out (encoding/xml rejects
// characters XML 1.0 forbids) and checks that no raw markup from the
// hostile fixture text leaked.
func assertWellFormedXML(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasPrefix(out, []byte(xml.Header)) {
		t.Error("no XML declaration")
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
	}
	for _, bad := range []string{"\x00", "\x1b", "\r", "<script>", "]]>", "\u202e"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("raw %q in XML output", bad)
		}
	}
}

func TestCheckstyleContent(t *testing.T) {
	out := render(t, "checkstyle", Options{}, fixture())
	assertWellFormedXML(t, out)
	var got checkstyleXML
	if err := xml.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != "4.3" || len(got.Files) != 5 {
		t.Fatalf("version %q, %d files", got.Version, len(got.Files))
	}
	wantFiles := []string{"/etc/other/Dockerfile", "deploy/Dockerfile", "deploy/compose.yaml", xmlText(hostilePath), "my app/Dockerfile.ünïcødé"}
	for i, f := range got.Files {
		if f.Name != wantFiles[i] {
			t.Errorf("file %d = %q, want %q", i, f.Name, wantFiles[i])
		}
	}
	if e := got.Files[1].Errors; len(e) != 2 || e[0] != (checkstyleError{Line: 3, Column: 6, Severity: "warning", Message: `base image "alpine" has no tag or digest`, Source: "DF004"}) ||
		e[1].Severity != "info" || e[1].Line != 7 {
		t.Errorf("deploy/Dockerfile errors = %+v", e)
	}
	if e := got.Files[0].Errors[0]; e.Line != 1 || e.Column != 0 || e.Severity != "error" {
		t.Errorf("unknown position = %+v", e)
	}
	h := got.Files[3].Errors[0]
	if h.Message != xmlText(hostileMsg) || h.Column != 0 || h.Line != 2 {
		t.Errorf("hostile message = %q, want %q", h.Message, xmlText(hostileMsg))
	}
	if !strings.Contains(h.Message, `\x00nul`) || !strings.Contains(h.Message, `\x1b[31m`) || !strings.Contains(h.Message, "<script>") {
		t.Errorf("hostile message lost its visible escapes: %q", h.Message)
	}

	var empty checkstyleXML
	if err := xml.Unmarshal(render(t, "checkstyle", Options{}, emptyReport()), &empty); err != nil || len(empty.Files) != 0 {
		t.Errorf("empty: %v %+v", err, empty)
	}
}
