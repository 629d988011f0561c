package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/rules"
)

// corpus is the shared corpus of real Dockerfiles and compose files, next
// to the checkout; benchmarks that need it skip when it is absent.
const corpus = "../../shared/corpus"

func benchLint(b *testing.B, paths ...string) {
	reg, err := rules.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("%s: %v", p, err)
		}
	}
	root, _ := filepath.Abs("..")
	if len(paths) == 1 && filepath.IsAbs(paths[0]) {
		root = paths[0]
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := lint.Run(context.Background(), lint.Options{Paths: paths, Registry: reg, Root: root})
		if err != nil {
			b.Fatal(err)
		}
		if res.FilesLinted == 0 {
			b.Fatal("nothing linted")
		}
	}
}

// BenchmarkOneDockerfile lints one real multi-stage Dockerfile end to end
// (discovery, parse, every rule, suppressions).
func BenchmarkOneDockerfile(b *testing.B) {
	benchLint(b, "../testdata/examples/web/Dockerfile")
}

// BenchmarkOneComposeProject lints one compose project with a build: service.
func BenchmarkOneComposeProject(b *testing.B) {
	benchLint(b, "../testdata/examples/web/compose.yaml")
}

// BenchmarkCorpus lints the whole shared corpus (Dockerfiles and compose files).
func BenchmarkCorpus(b *testing.B) {
	abs, _ := filepath.Abs(corpus)
	benchLint(b, abs)
}
