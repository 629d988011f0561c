package dockerfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/dockerignore"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

// FuzzParse parses arbitrary input and runs every Dockerfile rule on it:
// nothing may panic, and findings must have sane ranges.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"FROM alpine\nUSER root\n",
		"# escape=`\nFROM a `\n  AS b\nEXPOSE 22 `\n 80\n",
		"ARG X\nFROM ${X:-alpine}:${T}\nENV PASSWORD=x\nRUN <<EOF\nx\nEOF\nHEALTHCHECK NONE\n",
		"\xEF\xBB\xBFFROM a\r\nUSER 0:0\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !linttest.IsDockerfileName(d.Name()) {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
		return nil
	})
	// Seeds from the registry: every rule's doc examples and fixtures.
	for _, r := range Rules() {
		f.Add([]byte(r.Doc.Bad))
		f.Add([]byte(r.Doc.Good))
		entries, _ := os.ReadDir(filepath.Join("testdata", strings.ToLower(r.ID)))
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join("testdata", strings.ToLower(r.ID), e.Name())); err == nil {
				f.Add(data)
			}
		}
	}
	// A known build context, so that the rules that read .dockerignore run.
	ign, err := dockerignore.Parse(".dockerignore", []byte("dist\n**/*.log\n*.pem\n"))
	if err != nil {
		f.Fatal(err)
	}
	ctx := &dockerfile.BuildContext{Dir: ".", Ignore: ign, HasGit: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := dockerfile.Parse("Dockerfile", data, dockerfile.ParseOptions{BuildArgs: map[string]string{"TAG": "1"}, Context: ctx})
		if err != nil {
			pe, ok := err.(*dockerfile.ParseError)
			if !ok || pe.Range.Start.Line < 1 {
				t.Fatalf("bad parse error %#v", err)
			}
			return
		}
		n := file.Source.NumLines()
		for _, r := range Rules() {
			if r.Dockerfile == nil {
				continue
			}
			r.Dockerfile(rule.NewPass(r, "Dockerfile", nil, func(x rule.Finding) {
				s, e := x.Range.Start, x.Range.End
				if s.Line < 1 || s.Col < 1 || s.Line > n+1 || e.Before(s) {
					t.Fatalf("%s: bad range %v-%v: %s", x.RuleID, s, e, x.Message)
				}
			}), file)
		}
		for line := 1; line <= n; line++ {
			if got := file.InstructionStart(line); got > line || got < 1 {
				t.Fatalf("InstructionStart(%d) = %d", line, got)
			}
		}
	})
}
