package dockerfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

// TestOfficialImagesVerifyDownloads runs the download rules over the
// Docker official images of the shared corpus (docker-library/*,
// nginx/docker-nginx, nodejs/docker-node): they check every download
// against a pinned checksum or a signature, so DF011 must find nothing
// there, and none of them pipes a download into a shell (DF010).
func TestOfficialImagesVerifyDownloads(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not present: %v", err)
	}
	files := 0
	for _, src := range []string{"docker-library__", "nginx__docker-nginx", "nodejs__docker-node"} {
		dirs, _ := filepath.Glob(filepath.Join(corpus, src+"*"))
		for _, dir := range dirs {
			err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !linttest.IsDockerfileName(d.Name()) {
					return err
				}
				content, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				f, err := dockerfile.Parse(p, content, dockerfile.ParseOptions{})
				if err != nil {
					return nil // DF000's business
				}
				files++
				for _, r := range []*rule.Rule{UnverifiedDownload, PipeToShell} {
					r.Dockerfile(rule.NewPass(r, p, nil, func(x rule.Finding) {
						t.Errorf("%s:%d:%d: %s %s", strings.TrimPrefix(p, corpus), x.Range.Start.Line, x.Range.Start.Col, x.RuleID, x.Message)
					}), f)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if files < 100 {
		t.Errorf("read %d official-image Dockerfiles, want the corpus's 200", files)
	}
	t.Logf("%d official-image Dockerfiles", files)
}
