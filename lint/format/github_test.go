package format

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// runnerCommand is a workflow command as actions/runner parses it
// (src/Runner.Common/ActionCommand.cs, TryParseV2 and TryParse).
type runnerCommand struct {
	name  string
	props map[string]string
	data  string
}

// parseRunnerLine mirrors the runner: the "::" syntax after leading
// whitespace, else the legacy "##[" syntax anywhere in the line. Every
// command name counts as registered, which is stricter than the runner.
func parseRunnerLine(line string) (runnerCommand, bool) {
	msg := strings.TrimLeft(line, " \t\v\f\u00a0\u2028\u2029\u3000")
	if strings.HasPrefix(msg, "::") {
		if end := strings.Index(msg[2:], "::"); end >= 0 {
			info := msg[2 : end+2]
			name, props, _ := strings.Cut(info, " ")
			cmd := runnerCommand{name: name, props: map[string]string{}, data: unescapeRunner(msg[end+4:], false)}
			for _, p := range strings.Split(strings.TrimSpace(props), ",") {
				if k, v, ok := strings.Cut(p, "="); ok && k != "" && v != "" {
					cmd.props[k] = unescapeRunner(v, true)
				}
			}
			return cmd, true
		}
	}
	if i := strings.Index(line, "##["); i >= 0 && strings.Contains(line[i:], "]") {
		return runnerCommand{name: "legacy"}, true
	}
	return runnerCommand{}, false
}

func unescapeRunner(s string, property bool) string {
	s = strings.NewReplacer("%0D", "\r", "%0A", "\n").Replace(s)
	if property {
		s = strings.NewReplacer("%3A", ":", "%2C", ",").Replace(s)
	}
	return strings.ReplaceAll(s, "%25", "%")
}

// expectedData is what an annotation should show for untrusted text.
func expectedData(s string) string {
	return strings.ReplaceAll(escapeControls(s, true), "##[", "#\u200b#[")
}

// checkGitHubOutput asserts that every line of out is either one of our
// annotations, for the findings in want order, or a plain line that the
// runner does not take as a command.
func checkGitHubOutput(t *testing.T, out string, r *Report, want []finding.Finding) (plain []string) {
	t.Helper()
	if strings.ContainsRune(out, '\r') || !strings.HasSuffix(out, "\n") {
		t.Fatalf("output has a CR or no final newline: %q", out)
	}
	paths := newRootPaths(r)
	n := 0
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.Contains(line, "##[") {
			t.Errorf("line contains ##[: %q", line)
		}
		cmd, ok := parseRunnerLine(line)
		if !ok {
			plain = append(plain, line)
			continue
		}
		if n >= len(want) {
			t.Errorf("unexpected command %+v from line %q", cmd, line)
			continue
		}
		f := want[n]
		n++
		if cmd.name != githubCommand(f.Severity) || !strings.HasPrefix(line, "::"+cmd.name+" file=") {
			t.Errorf("command %q, want %s: %q", cmd.name, githubCommand(f.Severity), line)
		}
		for k, v := range cmd.props {
			switch k {
			case "file":
				if w := expectedData(paths.display(f.Path)); v != w {
					t.Errorf("file = %q, want %q", v, w)
				}
			case "title":
				if w := f.RuleID + " " + f.RuleName; v != w {
					t.Errorf("title = %q, want %q", v, w)
				}
			case "line", "endLine", "col", "endColumn":
			default:
				t.Errorf("foreign property %q=%q in %q", k, v, line)
			}
		}
		if w := expectedData(f.Message); cmd.data != w {
			t.Errorf("data = %q, want %q", cmd.data, w)
		}
	}
	if n != len(want) {
		t.Errorf("%d annotations, want %d:\n%s", n, len(want), out)
	}
	return plain
}

func TestGitHubAnnotations(t *testing.T) {
	r := fixture()
	out := string(render(t, "github", Options{}, r))
	fx := r.Findings
	// errors, then warnings, then notices; engine order within a level
	want := []finding.Finding{fx[0], fx[3], fx[4], fx[1], fx[5], fx[2]}
	if plain := checkGitHubOutput(t, out, r, want); len(plain) != 0 {
		t.Errorf("plain lines without a cap: %q", plain)
	}
	lines := strings.Split(out, "\n")
	for i, w := range []string{
		`::error file=/etc/other/Dockerfile,title=DG001 syntax::unknown instruction "FORM"`,
		`::error file=deploy/compose.yaml,line=5,endLine=5,col=5,endColumn=21,title=DC003 privileged::service "web" runs privileged`,
		`::error file=evil/a%0A%3A%3Aerror%3A%3Ab%250A\x1b[31m<script>]]>"#` + "\u200b" + `#[x]\x00%2Cc%3Ad.yaml,line=2,endLine=2,title=DC003 privileged::value "x"%0A::error file=forged.txt::forged%250A%250D\x1b[31mred\x1b[0m <script>alert(1)</script> ]]> \x00nul #` + "\u200b" + `#[group]grp ::stop-commands::tok%0D%0A::add-mask::secret \u202egnp.exe`,
		`::warning file=deploy/Dockerfile,line=3,endLine=3,col=6,endColumn=12,title=DF004 mutable-base-tag::base image "alpine" has no tag or digest`,
		`::warning file=my app/Dockerfile.ünïcødé,line=1,endLine=1,col=6,endColumn=14,title=DF004 mutable-base-tag::base image "café/ubuntu" has no tag or digest ✓`,
		`::notice file=deploy/Dockerfile,line=7,endLine=8,title=DF010 apt-no-recommends::apt-get install without --no-install-recommends`,
	} {
		if lines[i] != w {
			t.Errorf("line %d:\n got: %s\nwant: %s", i+1, lines[i], w)
		}
	}
}

func TestGitHubInjection(t *testing.T) {
	r := &Report{Root: "/repo", WorkDir: "/repo"}
	for i, s := range []string{
		hostileMsg, hostilePath,
		"::stop-commands::x", "  ::warning::indented", "\n  ::notice::after newline", "\r::error::after CR",
		"%0A::error::encoded", "%250A", "##[error]legacy", "###[x]", "#\u200b#[pre-broken]", "a,b:c=d::e",
		"::add-mask::x\n##[set-output name=x]y", "\u2028::error::LS", "\u0085::error::NEL", "x\x00\x1b]8;;http://e\x07",
	} {
		sev := finding.Severity(1 + i%3)
		r.Findings = append(r.Findings,
			finding.Finding{RuleID: "DF001", RuleName: "n", Severity: sev, Path: "Dockerfile" + s, Message: s, Range: source.LineRange(1, 1)},
			finding.Finding{RuleID: "DF002", RuleName: "n", Severity: sev, Path: s, Message: "m" + s, Range: source.Range{Start: source.Pos{Line: 2, Col: 3}, End: source.Pos{Line: 2, Col: 9}}},
		)
	}
	for _, limit := range []int{0, 3} {
		out := string(render(t, "github", Options{MaxAnnotationsPerLevel: limit}, r))
		var want []finding.Finding
		shown := map[finding.Severity]int{}
		for _, sev := range []finding.Severity{finding.Error, finding.Warning, finding.Info} {
			for _, f := range r.Findings {
				if f.Severity == sev && (limit == 0 || shown[sev] < limit) {
					shown[sev]++
					want = append(want, f)
				}
			}
		}
		plain := checkGitHubOutput(t, out, r, want)
		if limit == 0 && len(plain) != 0 || limit > 0 && len(plain) != 1 {
			t.Errorf("limit %d: plain lines %q", limit, plain)
		}
	}
}

func TestGitHubCap(t *testing.T) {
	r := fixture()
	out := string(render(t, "github", Options{MaxAnnotationsPerLevel: 1}, r))
	fx := r.Findings
	plain := checkGitHubOutput(t, out, r, []finding.Finding{fx[0], fx[1], fx[2]})
	want := "dockguard: 2 more errors and 1 more warning were not annotated (limit 1 per level; GitHub shows 10 per level per step); the SARIF upload (code scanning) and --format text list every finding"
	if len(plain) != 1 || plain[0] != want {
		t.Errorf("plain lines = %q, want %q", plain, want)
	}
	if got := omittedLine("dockguard", 10, map[finding.Severity]int{finding.Info: 1}); !strings.HasPrefix(got, "dockguard: 1 more notice was not annotated (limit 10") {
		t.Errorf("omittedLine = %q", got)
	}
	if got := string(render(t, "github", Options{MaxAnnotationsPerLevel: 10}, emptyReport())); got != "" {
		t.Errorf("empty report wrote %q", got)
	}
}
