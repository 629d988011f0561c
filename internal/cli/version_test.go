package cli

import "testing"

// TestVersionStamp: a source build stamped with the tag (v1.2.3) reports
// the version as GoReleaser's releases do (1.2.3).
func TestVersionStamp(t *testing.T) {
	old := Version
	t.Cleanup(func() { Version = old })
	for stamp, want := range map[string]string{
		"v1.2.3": "1.2.3", "1.2.3": "1.2.3", "v1.2.3-rc.1": "1.2.3-rc.1",
		"main": "main", "v": "v", "vnext": "vnext", "0123abc": "0123abc", "": "dev",
	} {
		Version = stamp
		if got := version(); got != want {
			t.Errorf("stamp %q: version() = %q, want %q", stamp, got, want)
		}
	}
}
