package e2e

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReviewdog runs the path the README's reviewdog workflow takes:
// reviewdog v0.21.0, built from its own tools module (tools/reviewdog, so
// dockguard's go.mod does not carry it), reads `dockguard lint --format
// rdjson` from a pull request's change and reports, with the local
// reporter, the findings on the lines the change added, with the
// suggested changes (DC057 and DC058 carry fixes).
func TestReviewdog(t *testing.T) {
	slowTest(t, "builds reviewdog from tools/reviewdog")
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	reviewdog := filepath.Join(t.TempDir(), "reviewdog")
	build := exec.Command("go", "build", "-o", reviewdog, "github.com/reviewdog/reviewdog/cmd/reviewdog")
	build.Dir = filepath.Join(moduleRoot, "tools", "reviewdog")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building reviewdog from tools/reviewdog: %v\n%s", err, out)
	}

	repo := t.TempDir()
	git(t, repo, "init", "-q", "-b", "main")
	writeFile(t, repo, "deploy/compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "base")
	// The change: a port written unquoted (DC057) and a quoted volume (DC058).
	writeFile(t, repo, "deploy/compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 8080:80\n    volumes:\n      - \"./data:/data\"\n")

	code, rdjson, errOut := cliRun(t, repo, "", nil, "lint", "--ruleset", "all", "--format", "rdjson", "--failure-threshold", "none", ".")
	if code != 0 {
		t.Fatalf("dockguard: exit %d\n%s", code, errOut)
	}
	cmd := exec.Command(reviewdog, "-f=rdjson", "-name=dockguard", "-reporter=local", "-diff=git diff", "-filter-mode=added")
	cmd.Dir = repo
	cmd.Env = gitEnv(repo)
	cmd.Stdin = strings.NewReader(rdjson)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("reviewdog: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	t.Logf("reviewdog:\n%s", stdout.String())
	// The local reporter prints protobuf text, whose spacing is not stable
	// (prototext varies it on purpose): compare with single spaces.
	out := strings.Join(strings.Fields(stdout.String()), " ")
	for _, want := range []string{
		// file, line, message and the suggested change of each fix
		`path:"deploy/compose.yaml"`,
		`range:{start:{line:5 column:9}`,
		`message:"service \"web\": quote the ports entry 8080:80 (\"8080:80\")"`,
		`suggestions:{range:{start:{line:5 column:9} end:{line:5 column:16}} text:"\"8080:80\""}`,
		`range:{start:{line:7 column:9}`,
		`message:"service \"web\": write the volume ./data:/data without quotes"`,
		`text:"./data:/data"`,
		`code:{value:"DC057"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("reviewdog's output lacks %s", want)
		}
	}
	// The filter: findings on lines the change did not add are not posted.
	if strings.Contains(out, "start:{line:1 ") || strings.Contains(out, "DC051") || strings.Count(out, "message:") != 3 {
		t.Errorf("a finding on an unchanged line was reported:\n%s", out)
	}
}
