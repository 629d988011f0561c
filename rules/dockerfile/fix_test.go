package dockerfile

import (
	"sort"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// applyFixes runs r over content and applies the edits of every fix.
func applyFixes(t *testing.T, r *rule.Rule, content string) (string, int) {
	t.Helper()
	f, err := dockerfile.Parse("Dockerfile", []byte(content), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type edit struct {
		s, e int
		text string
	}
	var edits []edit
	n := 0
	r.Dockerfile(rule.NewPass(r, "Dockerfile", nil, func(x rule.Finding) {
		n++
		if x.Fix == nil {
			return
		}
		if x.Fix.Class != rule.FixHardening {
			t.Errorf("%s fix class %v, want hardening", r.ID, x.Fix.Class)
		}
		for _, e := range x.Fix.Edits {
			edits = append(edits, edit{f.Source.Offset(e.Range.Start), f.Source.Offset(e.Range.End), e.NewText})
		}
	}), f)
	sort.Slice(edits, func(i, j int) bool { return edits[i].s > edits[j].s })
	out := content
	for _, e := range edits {
		out = out[:e.s] + e.text + out[e.e:]
	}
	return out, n
}

func TestFixes(t *testing.T) {
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
		got, n := applyFixes(t, tt.rule, tt.in)
		if n == 0 {
			t.Errorf("%s: no finding in %q", tt.rule.ID, tt.in)
		}
		if got != tt.want {
			t.Errorf("%s fix:\n%s\nwant\n%s", tt.rule.ID, got, tt.want)
		}
		// The fixed file has no finding left that the fix addressed.
		if again, _ := applyFixes(t, tt.rule, got); again != got {
			t.Errorf("%s: fixing twice changes the file again", tt.rule.ID)
		}
	}
}
