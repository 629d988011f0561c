package gitdiff

import (
	"reflect"
	"testing"
)

func TestParsePatch(t *testing.T) {
	patch := "diff --git a/Dockerfile b/Dockerfile\n" +
		"index 1111111..2222222 100644\n" +
		"--- a/Dockerfile\n" +
		"+++ b/Dockerfile\n" +
		"@@ -1,4 +1,5 @@\n" +
		" FROM alpine:3.20\n" +
		"-RUN apk add curl\n" +
		"+RUN apk add --no-cache curl\n" +
		"+--- a/looks-like-a-header\n" +
		" USER app\n" +
		"\n" + // context line whose space was stripped
		"@@ -10,0 +12,2 @@ CMD\n" +
		"+++ b/not-a-header\n" +
		"+@@ -1 +1 @@\n" +
		"diff --git a/old name b/new name\n" +
		"similarity index 90%\n" +
		"rename from old name\n" +
		"rename to new name\n" +
		"--- a/old name\t\n" +
		"+++ b/new name\t\n" +
		"@@ -3 +3 @@\n" +
		"-a\n" +
		"+b\n" +
		"\\ No newline at end of file\n" +
		"diff --git a/gone b/gone\n" +
		"deleted file mode 100644\n" +
		"--- a/gone\n" +
		"+++ /dev/null\n" +
		"@@ -1,2 +0,0 @@\n" +
		"-x\n" +
		"-y\n" +
		"diff --git \"a/d\\303\\251j\\303\\240\\n\\\"q\\\"\" \"b/d\\303\\251j\\303\\240\\n\\\"q\\\"\"\n" +
		"new file mode 100644\n" +
		"--- /dev/null\n" +
		"+++ \"b/d\\303\\251j\\303\\240\\n\\\"q\\\"\"\n" +
		"@@ -0,0 +1 @@\n" +
		"+FROM scratch\n"
	got, err := parsePatch([]byte(patch))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*FileChange{
		"Dockerfile": {Path: "Dockerfile", Status: 'M',
			Added: []Span{{2, 3}, {12, 13}}, Hunks: []Span{{1, 5}, {12, 13}}},
		"new name":    {Path: "new name", Status: 'M', Added: []Span{{3, 3}}, Hunks: []Span{{3, 3}}},
		"déjà\n\"q\"": {Path: "déjà\n\"q\"", Status: 'M', Added: []Span{{1, 1}}, Hunks: []Span{{1, 1}}},
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range got {
			t.Logf("got %q: %+v", k, *v)
		}
		t.Fatal("parsePatch result differs")
	}
}

func TestParsePatchErrors(t *testing.T) {
	for _, p := range []string{
		"+++ b/x\n@@ -1 +1 @@\n-a\n",               // truncated hunk
		"+++ b/x\n@@ -1 +1 @@\n?a\n+b\n",           // bad body line
		"+++ b/x\n@@ -1,x +1 @@\n",                 // bad header
		"+++ \"b/unterminated\n",                   // bad quoting
		"+++ x/no-prefix\n",                        // no b/ prefix
		"+++ b/x\n@@ -1 +1,1 @@\n+a\n+b\n-c\n-d\n", // longer than the header
	} {
		if _, err := parsePatch([]byte(p)); err == nil {
			t.Errorf("parsePatch(%q): no error", p)
		}
	}
}

func TestParseNameStatus(t *testing.T) {
	out := "M\x00a b/Dockerfile\x00R087\x00old\x00new\x00D\x00gone\x00A\x00x\ny\x00"
	got, err := parseNameStatus([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []*FileChange{
		{Path: "a b/Dockerfile", Status: 'M'},
		{Path: "new", OldPath: "old", Status: 'R'},
		{Path: "x\ny", Status: 'A'},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	if _, err := parseNameStatus([]byte("R100\x00only-one\x00")); err == nil {
		t.Error("truncated rename: no error")
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{
		"": ModeAdded, "added": ModeAdded, "diff_context": ModeDiffContext, "Diff-Context": ModeDiffContext,
		"file": ModeFile, "nofilter": ModeNoFilter, "no_filter": ModeNoFilter,
	} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("lines"); err == nil {
		t.Error(`ParseMode("lines"): no error`)
	}
}

func FuzzParsePatch(f *testing.F) {
	f.Add([]byte("+++ b/x\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"))
	f.Add([]byte("+++ \"b/\\303\\251\"\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n"))
	f.Add([]byte("diff --git a/a b/a\n--- a/a\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := parsePatch(data)
		if err != nil {
			return
		}
		for _, fc := range files {
			for _, spans := range [][]Span{fc.Added, fc.Hunks} {
				for i, s := range spans {
					if s.From > s.To || i > 0 && s.From <= spans[i-1].To {
						t.Fatalf("bad spans %+v", spans)
					}
				}
			}
		}
	})
}
