package imageref

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary strings to the reference parser and to the
// trust policy: no panic, and a parsed reference must print back to
// something that parses to the same reference.
func FuzzParse(f *testing.F) {
	// Seeds: every FROM and image: line of the shared corpus.
	filepath.WalkDir("../../../shared/corpus", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fh, err := os.Open(p)
		if err != nil {
			return nil
		}
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			for _, pre := range []string{"FROM ", "image:"} {
				if rest, ok := strings.CutPrefix(line, pre); ok {
					if fs := strings.Fields(rest); len(fs) > 0 {
						f.Add(strings.Trim(fs[0], `"'`), "")
					}
				}
			}
		}
		return nil
	})
	for _, s := range []string{
		"alpine", "alpine:3.20", "ghcr.io/org/app@sha256:" + strings.Repeat("a", 64),
		"localhost:5000/app:1", "UPPER/case", strings.Repeat("a", 64), "a:b:c", "@", ":", "/",
		"docker.io/library/alpine:latest@sha256:" + strings.Repeat("0", 64), "[::1]:5000/x",
	} {
		f.Add(s, "*.corp.example")
	}
	f.Add("ghcr.io/myorg/app", "ghcr.io/myorg/")
	f.Fuzz(func(t *testing.T, s, pattern string) {
		r, err := Parse(s)
		if p, perr := NewPolicy([]string{pattern}, true); perr == nil {
			p.Trusted(r)
			_ = p.Describe()
		}
		if err != nil {
			return
		}
		_ = r.Familiar()
		_ = r.IsOfficial()
		_ = r.Unpinned()
		if r.Floating() && (r.Unpinned() || r.TagOnly()) {
			t.Fatalf("%q: floating, unpinned and tag-only overlap", s)
		}
		_ = VersionedTag(r.Tag)
		back, err := Parse(r.String())
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, r.String(), err)
		}
		if back.Name() != r.Name() || back.Tag != r.Tag || back.Digest != r.Digest {
			t.Fatalf("round trip of %q: %+v != %+v", s, back, r)
		}
	})
}
