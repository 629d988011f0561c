package gittrack

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestTracked(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	Reset()
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	for _, name := range []string{".env", "tracked.env", "untracked.env", "ignored.env", "sub/deep.env"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("A=b\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("ignored.env\n"), 0o644)
	git(t, dir, "add", ".env", "tracked.env", "sub/deep.env", ".gitignore")
	for _, c := range []struct {
		name           string
		tracked, known bool
	}{
		{".env", true, true},
		{"tracked.env", true, true},
		{"untracked.env", false, true},
		{"ignored.env", false, true},
		{"sub/deep.env", true, true},
		{"missing.env", false, true},
	} {
		tracked, known := Tracked(filepath.Join(dir, c.name))
		if tracked != c.tracked || known != c.known {
			t.Errorf("Tracked(%s) = %v, %v; want %v, %v", c.name, tracked, known, c.tracked, c.known)
		}
	}
	// Outside any work tree, git cannot tell.
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "x.env"), []byte("A=b\n"), 0o644)
	if tracked, known := Tracked(filepath.Join(outside, "x.env")); tracked || known {
		t.Errorf("outside a repository: %v, %v; want false, false", tracked, known)
	}
}

func TestNoGit(t *testing.T) {
	Reset()
	t.Setenv("PATH", t.TempDir())
	if tracked, known := Tracked("/etc/hostname"); tracked || known {
		t.Errorf("without git: %v, %v; want false, false", tracked, known)
	}
	Reset()
}
