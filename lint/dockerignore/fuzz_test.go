package dockerignore

import "testing"

// FuzzParse reads arbitrary ignore files and asks them about arbitrary
// paths: nothing may panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"node_modules\n.git\n", "*\n!src\n", "**/*.log\n/secrets/\n", "# c\n\xEF\xBB\xBF!a\n", "[a-\n", "a\\\n"} {
		f.Add([]byte(s), "src/a.go")
	}
	f.Fuzz(func(t *testing.T, data []byte, p string) {
		file, err := Parse(".dockerignore", data)
		if err != nil {
			return
		}
		_ = file.Excludes(p)
		_ = file.Match(p)
		_ = file.RootIgnored()
		_ = file.HasExclusions()
		for _, pt := range file.Patterns {
			_ = file.LineRange(pt.Line)
		}
	})
}
