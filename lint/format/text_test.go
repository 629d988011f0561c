package format

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

func TestTextContent(t *testing.T) {
	out := string(render(t, "text", Options{}, fixture()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(fixture().Findings)+1 {
		t.Fatalf("got %d lines, want one per finding plus a summary:\n%s", len(lines), out)
	}
	for i, want := range []string{
		`/etc/other/Dockerfile: error DG001 syntax: unknown instruction "FORM"`,
		`deploy/Dockerfile:3:6: warning DF004 mutable-base-tag: base image "alpine" has no tag or digest`,
		`deploy/Dockerfile:7:1: info DF010 apt-no-recommends: apt-get install without --no-install-recommends`,
		`deploy/compose.yaml:5:5: error DC003 privileged: service "web" runs privileged`,
		`evil/a\n::error::b%0A\x1b[31m<script>]]>"##[x]\x00,c:d.yaml:2: error DC003 privileged: value "x"\n::error file=forged.txt::forged%0A%0D\x1b[31mred\x1b[0m <script>alert(1)</script> ]]> \x00nul ##[group]grp ::stop-commands::tok\r\n::add-mask::secret \u202egnp.exe`,
		`my app/Dockerfile.ünïcødé:1:6: warning DF004 mutable-base-tag: base image "café/ubuntu" has no tag or digest ✓`,
		`6 findings (3 errors, 2 warnings, 1 info) in 5 files`,
	} {
		if lines[i] != want {
			t.Errorf("line %d:\n got: %s\nwant: %s", i+1, lines[i], want)
		}
	}
	assertNoControls(t, out)
}

// assertNoControls fails if s has a control character other than LF, or a
// non-printable format character (bidi override, zero-width space).
func assertNoControls(t *testing.T, s string) {
	t.Helper()
	for i, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || r == '\u202e' || r == '\u200b' {
			t.Errorf("raw control character %U at byte %d: %q", r, i, s[max(0, i-20):min(len(s), i+20)])
			return
		}
	}
}

func TestTextColor(t *testing.T) {
	out := string(render(t, "text", Options{Color: true}, fixture()))
	if !strings.Contains(out, "\x1b[1;31merror\x1b[0m") || !strings.Contains(out, "\x1b[33mwarning\x1b[0m") || !strings.Contains(out, "\x1b[36minfo\x1b[0m") {
		t.Errorf("severities are not coloured:\n%q", out)
	}
	// Every ESC is one of our SGR sequences; the hostile one is escaped.
	ours := regexp.MustCompile(`\x1b\[(0|1|2|33|36|1;31)m`)
	assertNoControls(t, ours.ReplaceAllString(out, ""))
	if !strings.Contains(out, `\x1b[31mred`) {
		t.Error("the message's ANSI escape is not shown escaped")
	}
	plain := string(render(t, "text", Options{}, fixture()))
	if strings.Contains(plain, "\x1b") {
		t.Error("colour without Options.Color")
	}
	if got := ours.ReplaceAllString(out, ""); got != plain {
		t.Errorf("coloured output minus colours differs from plain output:\n%s\n---\n%s", got, plain)
	}
}

func TestTextSummary(t *testing.T) {
	for _, tc := range []struct {
		sevs  []finding.Severity
		files int
		want  string
	}{
		{nil, 0, "no findings in 0 files"},
		{nil, 1, "no findings in 1 file"},
		{[]finding.Severity{finding.Error}, 1, "1 finding (1 error, 0 warnings, 0 info) in 1 file"},
		{[]finding.Severity{finding.Warning, finding.Warning, finding.Info, finding.SeverityDefault}, 3, "4 findings (0 errors, 3 warnings, 1 info) in 3 files"},
	} {
		r := &Report{FilesLinted: tc.files}
		for _, s := range tc.sevs {
			r.Findings = append(r.Findings, finding.Finding{RuleID: "DF001", Severity: s, Path: "Dockerfile", Range: source.LineRange(1, 1), Message: "m"})
		}
		out := strings.Split(strings.TrimSuffix(string(render(t, "text", Options{}, r)), "\n"), "\n")
		if got := out[len(out)-1]; got != tc.want {
			t.Errorf("summary = %q, want %q", got, tc.want)
		}
	}
}
