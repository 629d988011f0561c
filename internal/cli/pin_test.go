package cli

import (
	"strings"
	"testing"
)

func TestPinUsage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Dockerfile", "FROM scratch\n")
	for _, c := range []struct {
		args []string
		want int
		err  string
	}{
		{[]string{"pin", "-"}, ExitUsage, "standard input cannot be rewritten"},
		{[]string{"pin", "missing"}, ExitUsage, "no such file"},
		{[]string{"pin", "--nope"}, ExitUsage, ""},
		{[]string{"pin", "-h"}, ExitClean, "Usage: dockguard pin"},
		{[]string{"pin", "."}, ExitClean, "pinned 0 reference(s); 0 already pinned; 0 skipped"},
	} {
		code, _, errOut := run(t, dir, "FROM alpine:3.20\n", c.args...)
		if code != c.want || !strings.Contains(errOut, c.err) {
			t.Errorf("%v: exit %d (want %d)\n%s", c.args, code, c.want, errOut)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	var a, b []string
	for i := 1; i <= 20; i++ {
		a = append(a, "line "+itoa(i))
		b = append(b, "line "+itoa(i))
	}
	b[1], b[3], b[17] = "two", "four", "eighteen"
	a[19], b[19] = "last", "LAST" // no final newline
	got := unifiedDiff("f", []byte(strings.Join(a, "\n")), []byte(strings.Join(b, "\n")))
	want := "--- a/f\n+++ b/f\n@@ -1,7 +1,7 @@\n line 1\n-line 2\n+two\n line 3\n-line 4\n+four\n line 5\n line 6\n line 7\n" +
		"@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+eighteen\n line 19\n-last\n\\ No newline at end of file\n+LAST\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if unifiedDiff("f", []byte("x\n"), []byte("x\n")) != "" {
		t.Error("diff of equal files")
	}
}

func itoa(i int) string {
	return strings.TrimLeft(string(rune('0'+i/10))+string(rune('0'+i%10)), "0")
}
