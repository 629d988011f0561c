package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/source"
)

func TestBuildKitWarnings(t *testing.T) {
	src := "# a comment\nFROM alpine AS Base\nfrom alpine AS b\nMAINTAINER me\n# check=skip=MaintainerDeprecated\nMAINTAINER you\nRUN a \\\n\n  b\n"
	f, err := Parse("Dockerfile", []byte(src), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		rule string
		line int
	}
	want := []got{
		{"StageNameCasing", 2}, {"InvalidDefinitionDescription", 2}, {"FromAsCasing", 3},
		{"MaintainerDeprecated", 4}, {"NoEmptyContinuation", 7},
	}
	if len(f.BuildKitWarnings) != len(want) {
		t.Fatalf("got %d warnings %+v, want %v", len(f.BuildKitWarnings), f.BuildKitWarnings, want)
	}
	for i, w := range f.BuildKitWarnings {
		if w.Rule != want[i].rule || w.Instruction == nil || w.Instruction.StartLine != want[i].line || w.Message == "" {
			t.Errorf("warning %d: %s at %v (%q), want %v", i, w.Rule, w.Instruction, w.Message, want[i])
		}
	}
}

func TestSubRangeAndTokenAt(t *testing.T) {
	src := "FROM alpine\nCOPY --chown=${U}:${G} \\\n  # comment\n  a${X} /b/\n"
	f, err := Parse("Dockerfile", []byte(src), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	in := f.Stages[0].Instructions[0]
	tok := in.Args[0] // "a${X} /b/" after the joined continuation
	if r := in.SubRange(tok, 1, 5); r != (source.Range{Start: source.Pos{Line: 4, Col: 4}, End: source.Pos{Line: 4, Col: 8}}) {
		t.Errorf("SubRange = %v", r)
	}
	fl, ok := in.TokenAt(in.Flags[0].Range)
	if !ok || fl.Value != "--chown=${U}:${G}" {
		t.Fatalf("TokenAt = %q, %v", fl.Value, ok)
	}
	if r := in.SubRange(fl, 13, 17); r != (source.Range{Start: source.Pos{Line: 2, Col: 19}, End: source.Pos{Line: 2, Col: 23}}) {
		t.Errorf("SubRange in flag = %v", r)
	}
	// out of bounds: the whole token
	if r := in.SubRange(tok, 3, 99); r != tok.Range {
		t.Errorf("SubRange out of bounds = %v, want %v", r, tok.Range)
	}
}
