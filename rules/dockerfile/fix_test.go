package dockerfile

import (
	"sort"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// applyFixes runs r over content and applies every fix it offers.
func applyFixes(t *testing.T, r *rule.Rule, content string) (string, []rule.Finding) {
	t.Helper()
	f, err := dockerfile.Parse("Dockerfile", []byte(content), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var found []rule.Finding
	r.Dockerfile(rule.NewPass(r, "Dockerfile", nil, func(x rule.Finding) { found = append(found, x) }), f)
	type edit struct {
		s, e int
		text string
	}
	var edits []edit
	for _, x := range found {
		if x.Fix == nil {
			continue
		}
		for _, ed := range x.Fix.Edits {
			edits = append(edits, edit{f.Source.Offset(ed.Range.Start), f.Source.Offset(ed.Range.End), ed.NewText})
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].s > edits[j].s })
	out := content
	for _, ed := range edits {
		out = out[:ed.s] + ed.text + out[ed.e:]
	}
	return out, found
}

func TestFixes(t *testing.T) {
	tests := []struct {
		rule      *rule.Rule
		in, want  string
		wantClass rule.FixClass
	}{
		{AddInsteadOfCopy, "FROM a\nADD --chown=1 x.sh /x.sh\n", "FROM a\nCOPY --chown=1 x.sh /x.sh\n", rule.FixSafe},
		{AddInsteadOfCopy, "FROM a\n  add \\\n  src/ /app\n", "FROM a\n  copy \\\n  src/ /app\n", rule.FixSafe},
		{AddInsteadOfCopy, "FROM a\nADD rootfs /\n", "FROM a\nADD rootfs /\n", rule.FixSafe},
		{CopyDestSlash, "FROM a\nCOPY a b /app\n", "FROM a\nCOPY a b /app/\n", rule.FixHardening},
		{CopyDestSlash, "FROM a\nCOPY [\"a\", \"b\", \"/app\"]\n", "FROM a\nCOPY [\"a\", \"b\", \"/app/\"]\n", rule.FixHardening},
		{CopyDestSlash, "FROM a\nCOPY a \\\n  b \\\n  /app\n", "FROM a\nCOPY a \\\n  b \\\n  /app/\n", rule.FixHardening},
		{CopyFromIndex, "FROM a AS Build\nFROM b\nCOPY --from=0 /x /x\nRUN --mount=from=0,target=/t true\n", "FROM a AS Build\nFROM b\nCOPY --from=build /x /x\nRUN --mount=from=build,target=/t true\n", rule.FixSafe},
		{CopyFromIndex, "FROM a\nFROM b\nCOPY --from=0 /x /x\n", "FROM a\nFROM b\nCOPY --from=0 /x /x\n", rule.FixSafe},
	}
	for _, tc := range tests {
		got, found := applyFixes(t, tc.rule, tc.in)
		if got != tc.want {
			t.Errorf("%s fix of %q:\ngot  %q\nwant %q", tc.rule.ID, tc.in, got, tc.want)
		}
		for _, x := range found {
			if x.Fix != nil && x.Fix.Class != tc.wantClass {
				t.Errorf("%s: fix class %v, want %v", tc.rule.ID, x.Fix.Class, tc.wantClass)
			}
		}
	}
}
