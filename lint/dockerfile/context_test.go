package dockerfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadContext(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	df := filepath.Join(dir, "Dockerfile")
	write("Dockerfile", "FROM alpine\n")
	c := LoadContext(df, 1<<20)
	if c.Dir != dir || c.Ignore != nil || c.IgnoreErr != nil || c.HasGit {
		t.Fatalf("no ignore file: %+v", c)
	}
	write(".dockerignore", "node_modules\n")
	if c = LoadContext(df, 1<<20); c.Ignore == nil || !c.Ignore.Excludes("node_modules") {
		t.Fatalf(".dockerignore not read: %+v", c)
	}
	write("Dockerfile.dockerignore", "dist\n") // BuildKit prefers <Dockerfile>.dockerignore
	if c = LoadContext(df, 1<<20); c.Ignore == nil || c.Ignore.Excludes("node_modules") || !c.Ignore.Excludes("dist") || c.Ignore.Path != df+".dockerignore" {
		t.Fatalf("Dockerfile.dockerignore not preferred: %+v", c)
	}
	write("Dockerfile.dockerignore", "!\n")
	if c = LoadContext(df, 1<<20); c.Ignore != nil || c.IgnoreErr == nil {
		t.Fatalf("bad pattern: %+v", c)
	}
	write("Dockerfile.dockerignore", "dist\nbuild\n")
	if c = LoadContext(df, 4); c.Ignore != nil || c.IgnoreErr == nil {
		t.Fatalf("over the size limit: %+v", c)
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if c = LoadContext(df, 1<<20); !c.HasGit {
		t.Fatal(".git not seen")
	}
	f := mustParse(t, "FROM alpine\n", ParseOptions{Context: c})
	if f.Context != c {
		t.Fatal("Parse drops the context")
	}
}
