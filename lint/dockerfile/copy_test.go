package dockerfile

import "testing"

func TestCopyPaths(t *testing.T) {
	f := mustParse(t, "FROM a\nCOPY --chown=1 a \\\n  b /d/\nADD [\"x y\", \"/z\"]\nCOPY <<EOF /f\nhi\nEOF\n", ParseOptions{})
	var got [][]string
	for _, in := range f.Instructions[1:] {
		var ws []string
		for _, p := range in.Paths {
			ws = append(ws, p.Value+"@"+p.Range.Start.String())
		}
		got = append(got, ws)
	}
	want := [][]string{{"a@2:16", "b@3:3", "/d/@3:5"}, {"x y@4:6", "/z@4:13"}, {"<<EOF@5:6", "/f@5:12"}}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("got %v, want %v", got, want)
			}
		}
	}
}
