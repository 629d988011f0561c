package dockerfile

import (
	"errors"
	"testing"
)

func TestImageRefs(t *testing.T) {
	src := "ARG TOOLS=quay.io/org/tools:1\n" +
		"FROM golang:1.22 AS Build\n" +
		"COPY --from=build /a /a\n" +
		"FROM alpine:3.20\n" +
		"COPY --from=0 /a /a\n" +
		"COPY --link --from=BUILD /a /a\n" +
		"COPY --from=golang:1.22 /usr/local/go /usr/local/go\n" +
		"COPY \\\n" +
		"  --from=\"ghcr.io/org/x:2\" /x /x\n" +
		"COPY --from=${TOOLS} /t /t\n" +
		"COPY --from=scratch /s /s\n" +
		"COPY --from=7 /s /s\n" +
		"RUN --mount=type=cache,target=/c true\n" +
		"RUN --mount=type=cache,from=node:22,target=/c \\\n" +
		"    --mount=\"type=bind,FROM=build,target=/b\" true\n" +
		"ONBUILD COPY --from=busybox /x /x\n" +
		"ADD a /a\n"
	f := mustParse(t, src, ParseOptions{})
	refs := f.ImageRefs()
	type want struct {
		use     ImageUse
		tok     string
		name    string
		line    int
		col     int
		stage   int // index of the referenced stage, -1 for none
		stRef   bool
		image   bool
		scratch bool
	}
	wants := []want{
		{UseFrom, "golang:1.22", "golang:1.22", 2, 6, -1, false, true, false},
		{UseCopyFrom, "build", "build", 3, 13, 0, true, false, false},
		{UseFrom, "alpine:3.20", "alpine:3.20", 4, 6, -1, false, true, false},
		{UseCopyFrom, "0", "0", 5, 13, 0, true, false, false},
		{UseCopyFrom, "BUILD", "BUILD", 6, 20, 0, true, false, false},
		{UseCopyFrom, "golang:1.22", "golang:1.22", 7, 13, -1, false, true, false},
		{UseCopyFrom, `"ghcr.io/org/x:2"`, "ghcr.io/org/x:2", 9, 10, -1, false, true, false},
		{UseCopyFrom, "${TOOLS}", "${TOOLS}", 10, 13, -1, false, false, false},
		{UseCopyFrom, "scratch", "scratch", 11, 13, -1, false, false, true},
		{UseCopyFrom, "7", "7", 12, 13, -1, true, false, false},
		{UseMountFrom, "node:22", "node:22", 14, 29, -1, false, true, false},
		{UseMountFrom, "build", "build", 15, 29, 0, true, false, false},
	}
	if len(refs) != len(wants) {
		for _, r := range refs {
			t.Logf("%v %q %v", r.Use, r.Token.Value, r.Token.Range)
		}
		t.Fatalf("got %d refs, want %d", len(refs), len(wants))
	}
	for i, w := range wants {
		r := refs[i]
		st := -1
		if r.Stage != nil {
			st = r.Stage.Index
		}
		if r.Use != w.use || r.Token.Value != w.tok || r.Name != w.name || r.Token.Range.Start.Line != w.line ||
			r.Token.Range.Start.Col != w.col || st != w.stage || r.StageRef != w.stRef || r.IsImage() != w.image || r.Scratch != w.scratch {
			t.Errorf("ref %d = %v %q %q %v stage=%d stageRef=%v image=%v scratch=%v, want %+v",
				i, r.Use, r.Token.Value, r.Name, r.Token.Range, st, r.StageRef, r.IsImage(), r.Scratch, w)
		}
		if r.In == nil || r.In.Stage == nil {
			t.Errorf("ref %d has no instruction or stage", i)
		}
	}
	if !errors.Is(refs[7].RefErr, ErrFromVariable) {
		t.Errorf("COPY --from=${TOOLS}: RefErr = %v, want ErrFromVariable", refs[7].RefErr)
	}
	if got := refs[6].Token.Range; got != rng(9, 10, 9, 27) {
		t.Errorf("quoted --from range = %v", got)
	}
	if got := refs[6].Ref.Familiar(); got != "ghcr.io/org/x:2" {
		t.Errorf("quoted --from ref = %q", got)
	}
	if UseFrom.String() != "FROM" || UseCopyFrom.String() != "COPY --from" || UseMountFrom.String() != "RUN --mount" {
		t.Errorf("ImageUse strings: %v %v %v", UseFrom, UseCopyFrom, UseMountFrom)
	}
}

func TestSyntaxImageRef(t *testing.T) {
	f := mustParse(t, "# syntax = docker/dockerfile:1.7\n# escape=`\nFROM alpine:3.20\n", ParseOptions{})
	refs := f.ImageRefs()
	if len(refs) != 2 {
		t.Fatalf("got %d refs, want 2", len(refs))
	}
	r := refs[0]
	if r.Use != UseSyntax || r.In != nil || r.InStage() != nil || r.Directive == nil || !r.IsImage() ||
		r.Ref.Familiar() != "docker/dockerfile:1.7" || r.Token.Range != rng(1, 12, 1, 33) || UseSyntax.String() != "# syntax" {
		t.Errorf("syntax ref = %+v range %v", r, r.Token.Range)
	}
	if refs[1].InStage() != f.Stages[0] {
		t.Error("InStage of FROM")
	}
	if f := mustParse(t, "FROM alpine\n# syntax=docker/dockerfile:1\n", ParseOptions{}); len(f.ImageRefs()) != 1 {
		t.Error("a syntax comment after FROM is not a directive")
	}
}
