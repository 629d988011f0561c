// Package gittrack tells whether git tracks a file, by asking the git on
// PATH, offline and read-only (`git ls-files`). DC024 uses it: an env file
// full of credentials is a finding when it is committed, not when it is a
// local, ignored or untracked file.
//
// git runs once per directory that holds an asked-about file, and the
// answer is kept for the life of the process, so a rule that asks about
// many files of one project costs one git process.
package gittrack

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// Timeout bounds one git call; past it the answer is "unknown".
const Timeout = 10 * time.Second

// Tracked reports whether git tracks the file at path. known is false when
// git cannot tell: git is not installed, the file is not inside a work
// tree, or git failed (for example a repository owned by another user, or
// the timeout).
func Tracked(path string) (tracked, known bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, false
	}
	d := lookup(filepath.Dir(abs))
	if !d.known {
		return false, false
	}
	return d.files[filepath.Base(abs)], true
}

type dirState struct {
	once  sync.Once
	known bool
	files map[string]bool // names of the tracked files directly in the directory
}

var (
	mu   sync.Mutex
	dirs = map[string]*dirState{}
)

func lookup(dir string) *dirState {
	mu.Lock()
	d := dirs[dir]
	if d == nil {
		d = &dirState{}
		dirs[dir] = d
	}
	mu.Unlock()
	d.once.Do(func() { d.files, d.known = listDir(dir) })
	return d
}

// listDir lists the tracked files directly in dir (the `:(glob)*`
// pathspec does not descend into subdirectories).
func listDir(dir string) (map[string]bool, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	// core.fsmonitor=false: a repository's own config must not make us run
	// a program of its choosing.
	cmd := exec.CommandContext(ctx, "git", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false",
		"ls-files", "-z", "--cached", "--", ":(glob)*")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	files := map[string]bool{}
	for _, name := range bytes.Split(out, []byte{0}) {
		if len(name) > 0 && !bytes.ContainsRune(name, '/') {
			files[string(name)] = true
		}
	}
	return files, true
}

// Reset forgets every cached answer (for tests that change a repository).
func Reset() {
	mu.Lock()
	dirs = map[string]*dirState{}
	mu.Unlock()
}
