package action

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// checkMarkdown checks a summary's structure: fences open and close in
// pairs and nothing inside one can close it early; outside fences, table
// rows have exactly their cells, no line holds HTML or a live mention, and
// headings are ours.
func checkMarkdown(t *testing.T, md string) (fences int) {
	t.Helper()
	if len(md) > maxSummaryBytes {
		t.Errorf("summary is %d bytes, cap %d", len(md), maxSummaryBytes)
	}
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if line == fence {
				fence = ""
				continue
			}
			if len(line)-len(trimmed) <= 3 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
				t.Errorf("line %q inside a %s fence could close it", line, fence)
			}
			if line != "" && !strings.HasPrefix(line, "-") && !strings.HasPrefix(line, "+") && !strings.HasPrefix(line, "# … ") {
				t.Errorf("diff line without -/+: %q", line)
			}
			if strings.ContainsAny(line, "\r\x1b\x00\u202e") {
				t.Errorf("control character in a diff line: %q", line)
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			fence = strings.TrimSuffix(trimmed, "diff")
			if strings.Trim(fence, "`") != "" || trimmed != fence+"diff" {
				t.Errorf("unexpected fence line %q", line)
			}
			fences++
			continue
		}
		if strings.ContainsAny(line, "<\r\x1b\u202e") || strings.Contains(line, "@someone") {
			t.Errorf("markup or control character outside code: %q", line)
		}
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "## dockguard") && !strings.HasPrefix(line, "### ") {
			t.Errorf("heading %q", line)
		}
		if strings.HasPrefix(line, "| ") {
			cells := 0
			for i := 0; i < len(line); i++ {
				if line[i] == '\\' {
					i++
				} else if line[i] == '|' {
					cells++
				}
			}
			if cells != 5 && cells != 4 {
				t.Errorf("row with %d separators: %q", cells, line)
			}
		}
	}
	if fence != "" {
		t.Errorf("unclosed fence %s", fence)
	}
	return fences
}

func summaryRules() map[string]*finding.Meta {
	return map[string]*finding.Meta{
		"DC050": {ID: "DC050", Name: "version-obsolete", Severity: finding.Info},
		"DF002": {ID: "DF002", Name: "second-rule", Severity: finding.Warning},
	}
}

func TestSummaryGroupsByFileWithFixes(t *testing.T) {
	hostileLine := "  image: \"x``` ```` `<script>alert(1)</script>` @someone \x1b[31m \u202e\"\r"
	compose := "version: \"3\"\nservices:\n  app:\n" + hostileLine + "\n    ports: [8080:80]\n"
	files := map[string]*source.File{"app/compose.yaml": source.NewFile("app/compose.yaml", []byte(compose))}
	fs := []finding.Finding{
		{RuleID: "DF002", Severity: finding.Warning, Path: "Dockerfile", Message: "m1",
			Range: source.Range{Start: source.Pos{Line: 2, Col: 1}}},
		{RuleID: "DC050", Severity: finding.Info, Path: "app/compose.yaml", Message: "drop version",
			Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 8}},
			Fix: &finding.Fix{Description: "delete the version: line <b>", Edits: []finding.Edit{
				{Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 2, Col: 1}}}}}},
		// A fix on the hostile line: replace "x" (column 11) with "y".
		{RuleID: "DC050", Severity: finding.Info, Path: "app/compose.yaml", Message: "edit",
			Range: source.Range{Start: source.Pos{Line: 4, Col: 10}},
			Fix: &finding.Fix{Description: "edit", Edits: []finding.Edit{
				{Range: source.Range{Start: source.Pos{Line: 4, Col: 11}, End: source.Pos{Line: 4, Col: 12}}, NewText: "y"}}}},
		// A file that cannot be read: the row stays, no diff.
		{RuleID: "DC050", Severity: finding.Info, Path: "gone.yaml", Message: "x",
			Range: source.Range{Start: source.Pos{Line: 1, Col: 1}},
			Fix:   &finding.Fix{Edits: []finding.Edit{{Range: source.Range{Start: source.Pos{Line: 1, Col: 1}}, NewText: "z"}}}},
		{RuleID: "DF002", Severity: finding.Warning, Path: "Dockerfile", Message: "m2",
			Range: source.Range{Start: source.Pos{Line: 5, Col: 1}}},
	}
	md := summaryMarkdown(summaryInput{Findings: fs, Rules: summaryRules(), Total: len(fs),
		Source: func(p string) *source.File { return files[p] }})
	if n := checkMarkdown(t, md); n != 2 {
		t.Errorf("%d diff blocks, want 2:\n%s", n, md)
	}
	// One section per file, in the order of first appearance, the
	// Dockerfile's two findings together.
	var heads []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "### ") {
			heads = append(heads, l)
		}
	}
	want := []string{"### Dockerfile (2 findings)", "### app/compose\\.yaml (2 findings)", "### gone\\.yaml (1 finding)"}
	if strings.Join(heads, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings %q, want %q", heads, want)
	}
	for _, s := range []string{
		"| warning | 2 | [DF002](https://github.com/dockguard/dockguard/blob/main/docs/rules/DF002.md) second\\-rule | m1 |",
		"| warning | 5 | [DF002](",
		"**Suggested change** for [DC050](https://github.com/dockguard/dockguard/blob/main/docs/rules/DC050.md) version\\-obsolete on line 1: delete the version\\: line &lt;b&gt;\n\n```diff\n-version: \"3\"\n```\n",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("summary lacks %q:\n%s", s, md)
		}
	}
	// The hostile line: a fence longer than its longest backtick run (4),
	// the line shown before and after, escaped control characters, no CR.
	if !strings.Contains(md, "`````diff\n-  image: \"x``` ```` `<script>") || !strings.Contains(md, "\n+  image: \"y``` ````") ||
		!strings.Contains(md, `\x1b[31m \u202e"`+"\n") {
		t.Errorf("hostile fix rendered as:\n%s", md)
	}
}

func TestSummaryCaps(t *testing.T) {
	content := strings.Repeat("version: \"3\" "+strings.Repeat("`", 10)+strings.Repeat("x", 500)+"\n", 3000)
	var fs []finding.Finding
	files := map[string]*source.File{}
	for i := 0; i < 3000; i++ {
		p := fmt.Sprintf("dir%d/compose.yaml", i%7)
		if files[p] == nil {
			files[p] = source.NewFile(p, []byte(content))
		}
		fs = append(fs, finding.Finding{RuleID: "DC050", Severity: finding.Info, Path: p, Message: strings.Repeat("m", 40),
			Range: source.Range{Start: source.Pos{Line: i + 1, Col: 1}},
			Fix:   &finding.Fix{Edits: []finding.Edit{{Range: source.Range{Start: source.Pos{Line: i + 1, Col: 1}, End: source.Pos{Line: i + 2, Col: 1}}}}}})
	}
	md := summaryMarkdown(summaryInput{Findings: fs, Rules: summaryRules(), Total: len(fs), SARIF: "x.sarif",
		Source: func(p string) *source.File { return files[p] }})
	if n := checkMarkdown(t, md); n == 0 || n > maxFixes {
		t.Errorf("%d diff blocks, want 1 to %d", n, maxFixes)
	}
	if !strings.Contains(md, "suggested changes not shown here: the SARIF file has every fix") {
		t.Errorf("no line on the suggested changes left out")
	}
	rows := strings.Count(md, "\n| info |")
	if rows == 0 || rows > maxSummaryRows {
		t.Errorf("%d rows", rows)
	}
	if !strings.Contains(md, fmt.Sprintf("%d findings more not shown", len(fs)-rows)) &&
		!strings.Contains(md, fmt.Sprintf("_%d findings more not shown", len(fs)-rows)) {
		t.Errorf("no line on the findings left out (%d rows shown):\n%s", rows, md[len(md)-500:])
	}
}

// TestSummaryCountsBaselined: the job summary says how many findings the
// baseline file held back, and names the file.
func TestSummaryCountsBaselined(t *testing.T) {
	md := summaryMarkdown(summaryInput{Rules: summaryRules(), Paths: func(p string) string { return p },
		Baselined: 7, Baseline: ".dockguard-baseline.json"})
	checkMarkdown(t, md)
	if !strings.Contains(md, `7 findings in the baseline (\.dockguard\-baseline\.json) are not reported`) {
		t.Errorf("summary:\n%s", md)
	}
	md = summaryMarkdown(summaryInput{Rules: summaryRules(), Paths: func(p string) string { return p }})
	if strings.Contains(md, "baseline") {
		t.Errorf("no baseline, yet the summary mentions one:\n%s", md)
	}
}
