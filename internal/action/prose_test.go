package action

import (
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/gitdiff"
)

// TestSummaryWarningHint: the changed-lines filter's warning reaches the
// job summary whole (it was cut at 300 characters, mid-hint) with its
// `quoted` commands as code spans (they were escaped to literal backticks).
func TestSummaryWarningHint(t *testing.T) {
	he := &gitdiff.HistoryError{
		Msg: "cannot find the merge base of the pull request's base commit 0123456 and HEAD 89abcde in the local history (shallow clone?)",
		Hint: "give actions/checkout `fetch-depth: 0` (full history), or fetch the base commit and enough history to reach the merge base before this step " +
			"(`git fetch --no-tags origin 0123456789abcdef0123456789abcdef01234567` in a clone that is not shallow); " +
			"with actions/checkout's default merge-commit checkout `fetch-depth: 2` is enough; or set filter-mode: nofilter",
	}
	problem := "changed-lines filter (filter-mode added) not applied: " + he.Error() + "; reporting every finding"
	md := summaryMarkdown(summaryInput{Warning: problem})
	var quote string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "> ") && !strings.Contains(l, "[!WARNING]") {
			quote = l
		}
	}
	for _, want := range []string{"`fetch-depth: 0`", "`git fetch --no-tags origin 0123456789abcdef0123456789abcdef01234567`", "`fetch-depth: 2`", "nofilter; reporting every finding"} {
		if !strings.Contains(quote, want) {
			t.Errorf("warning lacks %q:\n%s", want, quote)
		}
	}
	if strings.Contains(quote, "\\`") || strings.Contains(quote, "…") {
		t.Errorf("warning has literal backticks or is cut:\n%s", quote)
	}
}

func TestMDProse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"run `git fetch` first", "run `git fetch` first"},
		{"a <b> @x `<b> @x` c", "a &lt;b&gt; &#64;x `<b> @x` c"},
		{"one ` unpaired", "one \\` unpaired"},
		{"`a` and ` b", "`a` and \\` b"},
		{"empty `` span", "empty \\`\\` span"},
		{"line\nbreak `x\ny`", "line break `x y`"},
		{"[link](http://x)", "\\[link\\]\\(http\\://x\\)"},
	} {
		if got := mdProse(tc.in); got != tc.want {
			t.Errorf("mdProse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("clause with `code`; ", 200)
	got := mdProse(long)
	if !strings.HasSuffix(got, "`code` …") || strings.Count(got, "`")%2 != 0 {
		t.Errorf("long text cut badly: ...%s", got[len(got)-60:])
	}
}
