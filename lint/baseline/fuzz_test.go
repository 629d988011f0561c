package baseline

import (
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
)

// FuzzParse: any bytes either parse or give an error, and a parsed file
// matches findings without panicking; entry lines stay inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version":1,"tool":"dockguard","findings":[` + "\n" + `{"rule_id":"DF001","path":"Dockerfile","fingerprint":"ab","message":"m"}` + "\n]}\n"))
	f.Add([]byte(`{"version":1,"findings":[{"fingerprint":"\""}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		bf, err := Parse(b)
		if err != nil {
			return
		}
		lines := 1
		for _, c := range b {
			if c == '\n' {
				lines++
			}
		}
		for _, e := range bf.Entries {
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("entry line %d outside %d lines", e.Line, lines)
			}
		}
		bf.Match([]finding.Finding{{RuleID: "DF001", Path: "Dockerfile", Fingerprint: "ab"}}, func(string) bool { return true })
	})
}
