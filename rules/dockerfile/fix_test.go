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

func TestSecurityFixes(t *testing.T) {
	tests := []struct {
		rule     *rule.Rule
		in, want string
	}{
		{VerificationDisabled,
			"FROM debian:12\nRUN curl -fsSLk https://x -o /x && curl https://y \\\n    --insecure -o /y\nRUN wget --no-check-certificate https://z && pip install --trusted-host h.example flask\n",
			"FROM debian:12\nRUN curl -fsSL https://x -o /x && curl https://y \\\n    -o /y\nRUN wget https://z && pip install flask\n"},
		{VerificationDisabled,
			"FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Peer=false install -y --allow-unauthenticated x\nRUN git -c http.sslVerify=false clone https://r\n",
			"FROM debian:12\nRUN apt-get install -y x\nRUN git clone https://r\n"},
		{VerificationDisabled, // quoted or variable words are left alone
			"FROM alpine:3.20\nRUN curl \"-k\" https://x && apk add --allow-untrusted x\n",
			"FROM alpine:3.20\nRUN curl \"-k\" https://x && apk add x\n"},
		{SudoInRun,
			"FROM ubuntu:24.04\nRUN sudo apt-get update && sudo -u app make\nUSER app\nRUN sudo make install\n",
			"FROM ubuntu:24.04\nRUN apt-get update && sudo -u app make\nUSER app\nRUN sudo make install\n"},
		{SudoInRun,
			"FROM example.com/base:1\nRUN sudo make\nFROM ubuntu:24.04\nUSER root\nRUN sudo env A=1 make\n",
			"FROM example.com/base:1\nRUN sudo make\nFROM ubuntu:24.04\nUSER root\nRUN env A=1 make\n"},
	}
	for _, tt := range tests {
		got, found := applyFixes(t, tt.rule, tt.in)
		if len(found) == 0 {
			t.Errorf("%s: no finding in %q", tt.rule.ID, tt.in)
		}
		for _, f := range found {
			if f.Fix != nil && f.Fix.Class != rule.FixHardening {
				t.Errorf("%s fix class %v, want hardening", tt.rule.ID, f.Fix.Class)
			}
		}
		if got != tt.want {
			t.Errorf("%s fix:\n%s\nwant\n%s", tt.rule.ID, got, tt.want)
		}
		if again, _ := applyFixes(t, tt.rule, got); again != got {
			t.Errorf("%s: fixing twice changes the file again", tt.rule.ID)
		}
	}
}
