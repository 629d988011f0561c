// Package hostile runs the built dockguard binary over hostile, broken and
// huge input (issue 5). Every case builds a tree in t.TempDir() (big inputs
// are generated, never committed; small fixed ones live in
// testdata/hostile), puts a known-bad sibling Dockerfile beside the hostile
// files, runs the binary as a subprocess and checks that:
//
//   - the exit code is one of the documented ones (0 clean, 1 findings,
//     2 usage) and never 3 (internal failure) or a signal;
//   - the run ends within a hang guard (hangGuard) and its peak RSS stays
//     under maxRSS (generous bounds: this is not a speed test, see bench/);
//   - the hostile file is named by a finding or an error;
//   - the sibling is still linted (its DF004 finding is present);
//   - nothing of the process environment (a planted canary) and nothing
//     read from outside the tree appears in any output;
//   - no panic or stack trace reaches standard error.
package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

const (
	hangGuard = 60 * time.Second
	maxRSS    = 400 << 20 // bytes

	// canaryVar is planted in every subprocess environment; its value
	// must never appear in any output.
	canaryVar = "DOCKGUARD_SECRET_CANARY"
	canary    = "c4n4ry-5ecret-do-not-print-91d7"
	// outsideMarker is written into files outside the linted tree; it
	// would show up in findings (as an image name) if they were read.
	outsideMarker = "outside-marker-img"

	// sibling is the known-bad Dockerfile put in every tree.
	sibling      = "sibling/Dockerfile"
	siblingText  = "FROM alpine\nUSER app\n"
	siblingRule  = "DF004"
	fixturesRoot = "../testdata/hostile"
)

var bin string

// slowTest skips t unless DOCKGUARD_SLOW_TESTS=1 (scripts/test, hence CI,
// sets it); -short skips it too. The slow cases generate huge inputs (tens
// of MiB, 50,000 files); TestFileSizeLimit and the other cases keep the
// quick loop hostile.
func slowTest(t *testing.T, what string) {
	t.Helper()
	if testing.Short() || os.Getenv("DOCKGUARD_SLOW_TESTS") != "1" {
		t.Skipf("slow (%s): runs with DOCKGUARD_SLOW_TESTS=1 (scripts/test sets it), never with -short", what)
	}
}

// The test binary doubles as a launcher (launcherVar set): it runs the
// command in os.Args[1:] and writes the child's peak RSS to the file named
// by rusageVar. Go starts children with vfork, and Linux carries the
// parent's peak RSS into the child's rusage at exec; a test process holding
// 20 MiB strings would swamp the measure. The launcher is small.
const (
	launcherVar = "DOCKGUARD_HOSTILE_LAUNCHER"
	rusageVar   = "DOCKGUARD_HOSTILE_RUSAGE"
)

func launch() int {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, launcherVar+"=") && !strings.HasPrefix(kv, rusageVar+"=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintln(os.Stderr, "launcher:", err)
		return 125
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		os.WriteFile(os.Getenv(rusageVar), []byte(fmt.Sprint(ru.Maxrss*1024)), 0o644)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

func TestMain(m *testing.M) {
	if os.Getenv(launcherVar) == "1" {
		os.Exit(launch())
	}
	dir, err := os.MkdirTemp("", "dockguard-hostile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	bin = filepath.Join(dir, "dockguard")
	build := exec.Command("go", "build", "-o", bin, "github.com/dockguard/dockguard/cmd/dockguard")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dockguard:", err)
		os.RemoveAll(dir)
		os.Exit(3)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
	wall           time.Duration
	maxRSS         int64 // bytes
}

func (r result) output() string { return r.stdout + "\n" + r.stderr }

type runOpts struct {
	dir   string   // working directory
	env   []string // added to the minimal environment
	stdin io.Reader
}

// run runs the binary with a minimal environment plus the canary.
func run(t *testing.T, o runOpts, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rusage := filepath.Join(t.TempDir(), "rusage")
	cmd := exec.CommandContext(ctx, self, append([]string{bin}, args...)...)
	cmd.Dir = o.dir
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + o.dir, "LANG=C.UTF-8",
		canaryVar + "=" + canary, launcherVar + "=1", rusageVar + "=" + rusage,
	}, o.env...)
	cmd.Stdin = o.stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	r := result{wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String(), code: -1}
	if ctx.Err() != nil {
		t.Fatalf("dockguard %q did not finish within %v (hang guard)", args, hangGuard)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running dockguard: %v", err)
	}
	if ps := cmd.ProcessState; ps != nil {
		r.code = ps.ExitCode()
	}
	if b, err := os.ReadFile(rusage); err == nil {
		fmt.Sscan(string(b), &r.maxRSS)
	} else {
		t.Errorf("no rusage from the launcher: %v", err)
	}
	t.Logf("dockguard %s: exit %d in %v, peak RSS %.1f MiB", strings.Join(quoteAll(args), " "), r.code, r.wall.Round(time.Millisecond), float64(r.maxRSS)/(1<<20))
	return r
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprintf("%q", a)
	}
	return out
}

// check applies the checks every run must pass.
func check(t *testing.T, r result, codes ...int) {
	t.Helper()
	ok := false
	for _, c := range codes {
		ok = ok || r.code == c
	}
	if !ok {
		t.Errorf("exit code %d, want one of %v\nstdout:\n%s\nstderr:\n%s", r.code, codes, clip(r.stdout), clip(r.stderr))
	}
	if r.maxRSS > maxRSS {
		t.Errorf("peak RSS %d MiB is over %d MiB", r.maxRSS>>20, maxRSS>>20)
	}
	out := r.output()
	if strings.Contains(out, canary) {
		t.Errorf("the value of %s appears in the output", canaryVar)
	}
	if strings.Contains(out, outsideMarker) {
		t.Errorf("content of a file outside the tree appears in the output")
	}
	for _, bad := range []string{"panic:", "goroutine ", "internal error"} {
		if strings.Contains(out, bad) {
			t.Errorf("output has %q:\n%s", bad, clip(out))
		}
	}
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}

// finding is the part of a JSON report finding the tests look at.
type finding struct {
	RuleID  string `json:"rule_id"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	Subject string `json:"subject"`
}

type report struct {
	FilesLinted int       `json:"files_linted"`
	Findings    []finding `json:"findings"`
}

func parseJSON(t *testing.T, r result) report {
	t.Helper()
	var rep report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("JSON report does not decode: %v\n%s\nstderr:\n%s", err, clip(r.stdout), clip(r.stderr))
	}
	return rep
}

// want asserts a finding on path (slash path relative to the working
// directory) with the rule ID and a message matching re.
func want(t *testing.T, rep report, path, id, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	for _, f := range rep.Findings {
		if filepath.ToSlash(f.Path) == path && (id == "" || f.RuleID == id) && rx.MatchString(f.Message) {
			return
		}
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s", f.Path, f.Line, f.RuleID, f.Message))
	}
	t.Errorf("no %s finding on %s matching /%s/; got:\n%s", id, path, re, clip(strings.Join(got, "\n")))
}

// tree makes a temporary tree holding the known-bad sibling and files.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files[sibling] = siblingText
	for name, content := range files {
		write(t, filepath.Join(dir, name), content)
	}
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lintJSON lints dir (as the working directory) with --format json and the
// common checks, and asserts the sibling's finding.
func lintJSON(t *testing.T, dir string, args ...string) (report, result) {
	t.Helper()
	r := run(t, runOpts{dir: dir}, append([]string{"lint", "--format", "json"}, args...)...)
	check(t, r, 0, 1)
	rep := parseJSON(t, r)
	want(t, rep, sibling, siblingRule, ".")
	return rep, r
}

// --- fixed inputs (testdata/hostile) --------------------------------------

// TestFixtures lints every committed hostile fixture, each in a tree of
// its own with the sibling: the fixture must be named by a finding (or be
// clean when its name says so) and nothing may break.
func TestFixtures(t *testing.T) {
	entries, err := os.ReadDir(fixturesRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(fixturesRoot, e.Name())
			files := map[string]string{}
			err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(fixturesRoot, p)
				if d.Name() == "expect.txt" {
					return nil
				}
				files[rel] = string(b)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			dir := tree(t, files)
			rep, _ := lintJSON(t, dir)
			// expect.txt: one "path RULE regexp" per line.
			exp, err := os.ReadFile(filepath.Join(src, "expect.txt"))
			if err != nil {
				t.Fatalf("%s/expect.txt: %v", src, err)
			}
			for _, line := range strings.Split(strings.TrimSpace(string(exp)), "\n") {
				if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				parts := strings.SplitN(line, " ", 3)
				if len(parts) < 2 {
					t.Fatalf("bad expect line %q", line)
				}
				re := "."
				if len(parts) == 3 {
					re = parts[2]
				}
				if parts[1] == "none" {
					for _, f := range rep.Findings {
						if f.Path == parts[0] && (f.RuleID == "DF000" || f.RuleID == "DC000") {
							t.Errorf("unexpected load error on %s: %s", f.Path, f.Message)
						}
					}
					continue
				}
				want(t, rep, parts[0], parts[1], re)
			}
		})
	}
}

// --- generated inputs --------------------------------------------------------

// TestFileSizeLimit: a file over --max-file-size is a finding naming the
// flag, not read, from a walk and from standard input; a bad size is a
// usage error. (TestHugeDockerfileOverLimit does it at the default limit.)
func TestFileSizeLimit(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("FROM alpine:3.20\nEXPOSE 8080\n") // EXPOSE: a service, so DF002 shows the file was linted
	for b.Len() < 64<<10 {
		b.WriteString("RUN echo " + strings.Repeat("x", 100) + "\n")
	}
	dir := tree(t, map[string]string{"big/Dockerfile": b.String(), "big/compose.yaml": "services:\n  a:\n    image: x\n" + "# " + strings.Repeat("y", 64<<10) + "\n"})
	rep, _ := lintJSON(t, dir, "--max-file-size", "16KiB")
	want(t, rep, "big/Dockerfile", "DF000", `limit.*--max-file-size`)
	want(t, rep, "big/compose.yaml", "DC000", `limit.*--max-file-size`)

	rep, _ = lintJSON(t, dir, "--max-file-size", "1MiB")
	for _, f := range rep.Findings {
		if f.RuleID == "DF000" || f.RuleID == "DC000" {
			t.Errorf("with --max-file-size 1MiB: %s: %s", f.Path, f.Message)
		}
	}
	want(t, rep, "big/Dockerfile", "DF002", ".")

	r := run(t, runOpts{dir: dir, stdin: strings.NewReader(b.String())}, "lint", "--format", "json", "--max-file-size", "16K", "-")
	check(t, r, 1)
	want(t, parseJSON(t, r), "-", "DF000", `limit.*--max-file-size`)

	// A bad value is a usage error.
	r = run(t, runOpts{dir: dir}, "lint", "--max-file-size", "lots", ".")
	check(t, r, 2)
	if !strings.Contains(r.stderr, "max-file-size") {
		t.Errorf("usage error does not name the flag: %s", r.stderr)
	}
}

func TestHugeDockerfileOverLimit(t *testing.T) {
	slowTest(t, "20 MiB inputs")
	t.Parallel()
	var b strings.Builder
	b.WriteString("FROM alpine:3.20\nEXPOSE 8080\n")
	line := "RUN echo " + strings.Repeat("x", 100) + "\n"
	for b.Len() < 20<<20 {
		b.WriteString(line)
	}
	dir := tree(t, map[string]string{"big/Dockerfile": b.String(), "big/compose.yaml": "services:\n  a:\n    image: x\n" + "# " + strings.Repeat("y", 20<<20) + "\n"})
	rep, _ := lintJSON(t, dir)
	want(t, rep, "big/Dockerfile", "DF000", `limit.*--max-file-size`)
	want(t, rep, "big/compose.yaml", "DC000", `limit.*--max-file-size`)

	// Raising the limit lints a file over the default, within the memory
	// bound. (The Dockerfile front end holds about 25 bytes per input byte:
	// a 20 MiB file let in needs some 540 MiB, hence the smaller file here.)
	mid := tree(t, map[string]string{"mid/Dockerfile": b.String()[:12<<20]})
	rep, _ = lintJSON(t, mid)
	want(t, rep, "mid/Dockerfile", "DF000", `limit.*--max-file-size`)
	rep, _ = lintJSON(t, mid, "--max-file-size", "16MiB")
	for _, f := range rep.Findings {
		if f.Path == "mid/Dockerfile" && f.RuleID == "DF000" {
			t.Errorf("with --max-file-size 16MiB: %s", f.Message)
		}
	}
	want(t, rep, "mid/Dockerfile", "DF002", ".")

	// From standard input too.
	r := run(t, runOpts{dir: dir, stdin: strings.NewReader(b.String())}, "lint", "--format", "json", "-")
	check(t, r, 1)
	want(t, parseJSON(t, r), "-", "DF000", `limit.*--max-file-size`)
}

func TestManyLines(t *testing.T) {
	slowTest(t, "100,000 lines")
	t.Parallel()
	var lines, cont strings.Builder
	lines.WriteString("FROM alpine:3.20\nEXPOSE 8080\n")
	for i := 1; i < 100_000; i++ {
		fmt.Fprintf(&lines, "RUN echo %d\n", i)
	}
	cont.WriteString("FROM alpine:3.20\nRUN true \\\n")
	for i := 0; i < 10_000; i++ {
		fmt.Fprintf(&cont, "  && echo %d \\\n", i)
	}
	cont.WriteString("  && true\nEXPOSE 22\n")
	dir := tree(t, map[string]string{"lines/Dockerfile": lines.String(), "cont/Dockerfile": cont.String()})
	rep, _ := lintJSON(t, dir)
	want(t, rep, "lines/Dockerfile", "DF002", ".")
	want(t, rep, "cont/Dockerfile", "DF006", ".") // the EXPOSE after the continuation
}

func TestComposeManyServices(t *testing.T) {
	slowTest(t, "5,000 services")
	t.Parallel()
	var b strings.Builder
	b.WriteString("services:\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "  svc%d:\n    image: nginx:1.27\n    read_only: true\n", i)
	}
	b.WriteString("  last:\n    image: nginx:1.27\n    privileged: true\n")
	dir := tree(t, map[string]string{"many/compose.yaml": b.String()})
	rep, _ := lintJSON(t, dir)
	want(t, rep, "many/compose.yaml", "DC003", ".")
}

func TestYAMLBombsAndNesting(t *testing.T) {
	t.Parallel()
	bomb := "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, c := range "bcdefghi" {
		bomb += fmt.Sprintf("x-%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	bomb += "services:\n  a:\n    image: nginx:1.27\n    labels: *i\n"
	deepFlow := "services:\n  a:\n    image: nginx:1.27\n    x-deep: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n"
	var deepBlock strings.Builder
	deepBlock.WriteString("services:\n  a:\n    image: nginx:1.27\nx-deep:\n")
	for i := 0; i < 10_000; i++ {
		fmt.Fprintf(&deepBlock, "%s k:\n", strings.Repeat(" ", i))
	}
	dir := tree(t, map[string]string{
		"bomb/compose.yaml":      bomb,
		"deepflow/compose.yaml":  deepFlow,
		"deepblock/compose.yaml": deepBlock.String(),
		"selfref/compose.yaml":   "services:\n  a: &a\n    image: nginx:1.27\n    x: *a\n",
	})
	rep, _ := lintJSON(t, dir)
	want(t, rep, "bomb/compose.yaml", "DC000", `nodes|alias`)
	want(t, rep, "deepflow/compose.yaml", "DC000", `nest|deep|depth`)
	want(t, rep, "deepblock/compose.yaml", "DC000", `nest|deep|depth`)
	want(t, rep, "selfref/compose.yaml", "DC000", `alias|itself|recurs`)

	// The limits are flags: a tighter node limit catches a smaller file.
	small := tree(t, map[string]string{"s/compose.yaml": "services:\n  a:\n    image: nginx:1.27\n    labels: {a: {b: {c: {d: {e: {f: g}}}}}}\n"})
	rep, _ = lintJSON(t, small, "--max-yaml-depth", "4")
	want(t, rep, "s/compose.yaml", "DC000", `--max-yaml-depth`)
	rep, _ = lintJSON(t, small, "--max-yaml-nodes", "5")
	want(t, rep, "s/compose.yaml", "DC000", `--max-yaml-nodes`)

	// The same bombs in the configuration file: a usage error naming it.
	for name, content := range map[string]string{"bomb": strings.ReplaceAll(bomb, "services:\n  a:\n    image: nginx:1.27\n    labels: *i\n", "exclude: *i\n"), "deep": "exclude: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n"} {
		cdir := tree(t, map[string]string{".dockguard.yaml": content})
		r := run(t, runOpts{dir: cdir}, "lint", "--format", "json")
		check(t, r, 2)
		if !strings.Contains(r.stderr, ".dockguard.yaml") {
			t.Errorf("config %s: error does not name the file: %s", name, clip(r.stderr))
		}
	}
}

func TestUnreadable(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{})
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo", "Dockerfile"), 0o644); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, "fifo"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(filepath.Join(dir, "fifo", "Dockerfile"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo", "compose.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling.Dockerfile")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "closed"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "closed", "Dockerfile"), "FROM alpine:3.20\n")
	if err := os.Chmod(filepath.Join(dir, "closed"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "closed"), 0o755) })

	// A walk: the FIFOs must not be opened (that would block), but they
	// are reported.
	rep, _ := lintJSON(t, dir)
	want(t, rep, "fifo/Dockerfile", "DF000", `not a regular file \(a named pipe\)`)
	want(t, rep, "fifo/compose.yaml", "DC000", `not a regular file \(a named pipe\)`)
	if os.Geteuid() == 0 {
		t.Log("running as root: a mode-000 directory is readable; its check is skipped")
	} else {
		want(t, rep, "closed", "", `permission denied`)
	}

	// Named explicitly: a finding naming the file, no hang.
	r := run(t, runOpts{dir: dir}, "lint", "--format", "json", "fifo/Dockerfile", "fifo/compose.yaml", "dangling.Dockerfile", "sibling")
	check(t, r, 1)
	rep = parseJSON(t, r)
	want(t, rep, "fifo/Dockerfile", "DF000", `not a regular file`)
	want(t, rep, "fifo/compose.yaml", "DC000", `not a regular file`)
	want(t, rep, "dangling.Dockerfile", "", `no such file|broken`)
	want(t, rep, sibling, siblingRule, ".")
}

func TestSymlinks(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	write(t, filepath.Join(outside, "Dockerfile"), "FROM "+outsideMarker+"\n")
	write(t, filepath.Join(outside, "compose.yaml"), "services:\n  x:\n    image: "+outsideMarker+"\n")
	dir := tree(t, map[string]string{})
	links := map[string]string{
		"loop/a.Dockerfile":     "b.Dockerfile",
		"loop/b.Dockerfile":     "a.Dockerfile",
		"loop/self":             ".",
		"loop/up":               "..",
		"out/Dockerfile":        filepath.Join(outside, "Dockerfile"),
		"out/compose.yaml":      filepath.Join(outside, "compose.yaml"),
		"out/dir":               outside,
		"out/passwd.Dockerfile": "/etc/passwd",
	}
	for name, target := range links {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	rep, _ := lintJSON(t, dir)
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Path, "out/") && f.RuleID != "DF000" && f.RuleID != "DC000" {
			t.Errorf("a symlink out of the tree was followed: %+v", f)
		}
	}
	// The root itself reached through a symlink is fine.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	r := run(t, runOpts{dir: link}, "lint", "--format", "json", ".")
	check(t, r, 1)
	want(t, parseJSON(t, r), sibling, siblingRule, ".")
}

func TestHugeTree(t *testing.T) {
	slowTest(t, "50,000 files")
	t.Parallel()
	dir := tree(t, map[string]string{})
	for d := 0; d < 500; d++ {
		sub := filepath.Join(dir, "src", fmt.Sprintf("pkg%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for f := 0; f < 100; f++ {
			if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("file%03d.go", f)), []byte("package x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	deep := filepath.Join(dir, "src", "pkg250")
	for i := 0; i < 40; i++ {
		deep = filepath.Join(deep, fmt.Sprintf("d%d", i))
	}
	write(t, filepath.Join(deep, "Dockerfile"), "FROM alpine\n")
	write(t, filepath.Join(deep, "compose.yaml"), "services:\n  a:\n    image: nginx:1.27\n    privileged: true\n")
	write(t, filepath.Join(dir, "src", "pkg499", "Containerfile"), "FROM alpine\n")
	rep, r := lintJSON(t, dir)
	rel, _ := filepath.Rel(dir, deep)
	want(t, rep, filepath.ToSlash(filepath.Join(rel, "Dockerfile")), "DF004", ".")
	want(t, rep, filepath.ToSlash(filepath.Join(rel, "compose.yaml")), "DC003", ".")
	want(t, rep, "src/pkg499/Containerfile", "DF004", ".")
	if rep.FilesLinted != 4 {
		t.Errorf("files_linted = %d, want 4", rep.FilesLinted)
	}
	t.Logf("50,000-file tree: %v", r.wall)
}

func TestComposeReferencesOutside(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	write(t, filepath.Join(outside, "base.yaml"), "services:\n  base:\n    image: "+outsideMarker+"\n")
	write(t, filepath.Join(outside, "inc.yaml"), "services:\n  inc:\n    image: "+outsideMarker+"\n")
	write(t, filepath.Join(outside, "out.env"), "TAG="+outsideMarker+"\n")
	dir := tree(t, map[string]string{
		"envfile/compose.yaml":     "services:\n  a:\n    image: nginx:1.27\n    env_file:\n      - /proc/self/environ\n      - " + filepath.Join(outside, "out.env") + "\n",
		"extends/compose.yaml":     "services:\n  a:\n    extends:\n      file: " + filepath.Join(outside, "base.yaml") + "\n      service: base\n  b:\n    extends:\n      file: /proc/self/environ\n      service: x\n",
		"include/compose.yaml":     "include:\n  - " + filepath.Join(outside, "inc.yaml") + "\nservices:\n  a:\n    image: nginx:1.27\n",
		"includeenv/compose.yaml":  "include:\n  - path: ./sub.yaml\n    env_file: /proc/self/environ\nservices:\n  a:\n    image: nginx:1.27\n",
		"includeenv/sub.yaml":      "services:\n  s:\n    image: nginx:1.27\n",
		"includeproc/compose.yaml": "include:\n  - /proc/self/environ\nservices:\n  a:\n    image: nginx:1.27\n",
		"dotenv/compose.yaml":      "services:\n  a:\n    image: nginx:${TAG:-1.27}\n",
		"relative/compose.yaml":    "services:\n  a:\n    image: nginx:1.27\n    env_file: ../../../../../../../../proc/self/environ\n",
	})
	// .env as a symlink to the environment of the process.
	if err := os.Symlink("/proc/self/environ", filepath.Join(dir, "dotenv", ".env")); err != nil {
		t.Fatal(err)
	}
	rep, _ := lintJSON(t, dir)
	want(t, rep, "envfile/compose.yaml", "DC000", `/proc/self/environ.*outside`)
	want(t, rep, "envfile/compose.yaml", "DC000", `out\.env.*outside`)
	want(t, rep, "extends/compose.yaml", "DC000", `base\.yaml.*outside`)
	want(t, rep, "extends/compose.yaml", "DC000", `/proc/self/environ.*outside`)
	want(t, rep, "include/compose.yaml", "DC000", `inc\.yaml.*outside`)
	want(t, rep, "includeenv/compose.yaml", "DC000", `/proc/self/environ.*outside`)
	want(t, rep, "includeproc/compose.yaml", "DC000", `/proc/self/environ.*outside`)
	want(t, rep, "dotenv/compose.yaml", "DC000", `\.env.*outside|environ.*outside`)
	want(t, rep, "relative/compose.yaml", "DC000", `/proc/self/environ.*outside`)

	// Named explicitly with --env-file pointing at the environment.
	r := run(t, runOpts{dir: dir}, "lint", "--format", "json", "--env-file", "/proc/self/environ", "relative/compose.yaml", "sibling")
	check(t, r, 1, 2)
	if !strings.Contains(r.output(), "environ") {
		t.Errorf("--env-file /proc/self/environ is not reported:\n%s", clip(r.output()))
	}
}

// injection is a name and text built to break out of every output format.
const injection = "x\n::error title=pwned::injected%0A::set-output name=a::b\r\n\x1b]0;pwned\x07\x1b[31m<script>alert(1)</script>|pwn|]]><!--&amp;\"'`$(id)${{ secrets.X }}"

func TestInterpolationAndInjection(t *testing.T) {
	t.Parallel()
	injDir := "inj" + strings.NewReplacer("/", "_", "\x00", "").Replace(injection)
	dir := tree(t, map[string]string{
		"interp/compose.yaml": "services:\n  a:\n    image: \"nginx:${" + canaryVar + "}\"\n    privileged: ${" + canaryVar + ":-true}\n    environment:\n      - X=${" + canaryVar + "}\n    command: [\"$" + canaryVar + "\"]\n",
		"interp/Dockerfile":   "FROM alpine:${" + canaryVar + "}\nARG " + canaryVar + "\nFROM nginx:$" + canaryVar + "\nENV X=$" + canaryVar + "\n",
		injDir + "/Dockerfile": "\x1b]0;pwned\x07::error::pwned\nFROM alpine\n" +
			"RUN echo '" + strings.ReplaceAll(injection, "\n", " ") + "'\n" +
			"FROM " + strings.ReplaceAll(strings.ReplaceAll(injection, "\n", ""), "\r", "") + "\n",
		injDir + "/compose.yaml": "services:\n  " + jsonQuote(injection) + ":\n    image: " + jsonQuote("evil:"+injection) + "\n    privileged: true\n",
	})
	for _, format := range []string{"text", "json", "sarif", "junit", "checkstyle", "github", "gitlab", "rdjson"} {
		t.Run(format, func(t *testing.T) {
			r := run(t, runOpts{dir: dir}, "lint", "--format", format, ".")
			check(t, r, 1)
			if !strings.Contains(r.stdout, "DF004") && !strings.Contains(r.stdout, "mutable-base-tag") {
				t.Errorf("%s: the sibling's finding is missing", format)
			}
			checkInjection(t, format, r.stdout)
		})
	}
	// --use-env is the opt-in: then interpolation reads the canary, and
	// still the value must not be echoed in messages.
	envDir := tree(t, map[string]string{"interp/compose.yaml": "services:\n  a:\n    image: nginx:1.27\n    privileged: ${" + canaryVar + ":-true}\n    read_only: ${" + canaryVar + "}\n"})
	r := run(t, runOpts{dir: envDir}, "lint", "--format", "json", "--use-env")
	check(t, r, 1)
	want(t, parseJSON(t, r), "interp/compose.yaml", "DC000", `invalid boolean`)

	// Action mode: annotations on stdout, the job summary and step outputs.
	summary := filepath.Join(t.TempDir(), "summary.md")
	outputs := filepath.Join(t.TempDir(), "output.txt")
	sarif := filepath.Join(t.TempDir(), "out.sarif")
	r = run(t, runOpts{dir: dir, env: []string{
		"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE=" + dir, "GITHUB_STEP_SUMMARY=" + summary,
		"GITHUB_OUTPUT=" + outputs, "INPUT_PATH=.", "INPUT_FILTER-MODE=nofilter", "INPUT_FILTER_MODE=nofilter",
		"INPUT_SARIF-FILE=" + sarif, "INPUT_SARIF_FILE=" + sarif, "INPUT_FORMAT=text",
	}}, "action")
	check(t, r, 0, 1)
	checkInjection(t, "action-stdout", r.stdout)
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatalf("no job summary: %v", err)
	}
	checkInjection(t, "summary", string(md))
	if strings.Contains(r.stdout+string(md), canary) {
		t.Error("canary in action output")
	}
	out, err := os.ReadFile(outputs)
	if err != nil {
		t.Fatalf("no step outputs: %v", err)
	}
	checkOutputs(t, string(out))
	if b, err := os.ReadFile(sarif); err == nil {
		checkInjection(t, "sarif", string(b))
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// annotationRE is what a workflow command line we write may look like.
var annotationRE = regexp.MustCompile(`^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::[^\r]*$|^::group::dockguard[^\r]*$|^::endgroup::$`)

// checkInjection asserts that the hostile names and text stay data.
func checkInjection(t *testing.T, format, out string) {
	t.Helper()
	if !utf8.ValidString(out) && format != "text" {
		t.Errorf("%s: output is not valid UTF-8", format)
	}
	for i, c := range []byte(out) {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			t.Errorf("%s: raw control byte %#x at %d: %q", format, c, i, around(out, i))
			break
		}
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(trimmed, "::") || strings.HasPrefix(line, "##[") {
			if format == "github" || format == "action-stdout" {
				if !annotationRE.MatchString(line) || strings.HasPrefix(line, "::error title=pwned") {
					t.Errorf("%s: workflow command injected: %q", format, line)
				}
				continue
			}
			t.Errorf("%s: a line starts a workflow command: %q", format, line)
		}
		if strings.Contains(line, "::set-output") && (format == "github" || format == "action-stdout") && strings.HasPrefix(line, "::set-output") {
			t.Errorf("%s: set-output injected: %q", format, line)
		}
	}
	switch format {
	case "json", "sarif", "gitlab", "rdjson":
		if !json.Valid([]byte(out)) {
			t.Errorf("%s: invalid JSON", format)
		}
	case "junit", "checkstyle":
		dec := xml.NewDecoder(strings.NewReader(out))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: invalid XML: %v", format, err)
				break
			}
		}
	case "summary":
		for _, bad := range []string{"<script", "</script", "<!--"} {
			if strings.Contains(strings.ToLower(out), bad) {
				t.Errorf("summary: raw markup %q: %q", bad, around(out, strings.Index(strings.ToLower(out), bad)))
			}
		}
	}
	if strings.Contains(out, "<script>") && format != "text" && format != "github" && format != "action-stdout" {
		// JSON escapes < as \u003c or keeps it; XML and markdown must escape it.
		if format == "junit" || format == "checkstyle" {
			t.Errorf("%s: unescaped markup", format)
		}
	}
}

func around(s string, i int) string {
	lo, hi := max(0, i-40), min(len(s), i+40)
	return s[lo:hi]
}

// checkOutputs parses a GITHUB_OUTPUT file: only our keys may be set.
func checkOutputs(t *testing.T, s string) {
	t.Helper()
	known := map[string]bool{"findings": true, "errors": true, "warnings": true, "sarif-file": true, "checkout-path": true, "notes": true, "infos": true, "exit-code": true}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if k, delim, ok := strings.Cut(line, "<<"); ok {
			if !known[k] {
				t.Errorf("GITHUB_OUTPUT sets unexpected %q", k)
			}
			for i++; i < len(lines) && lines[i] != delim; i++ {
			}
			continue
		}
		k, _, ok := strings.Cut(line, "=")
		if !ok || !known[k] {
			t.Errorf("GITHUB_OUTPUT has unexpected line %q", line)
		}
	}
}

// TestFormatsOnStdin lints hostile bytes from standard input in every
// format: "-" is named in the finding.
func TestStdin(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{})
	for _, in := range []string{"", "\ufeff", "\x00\x00\x00", "FROM \xff\xfe\n", "# only\n# comments\n"} {
		r := run(t, runOpts{dir: dir, stdin: strings.NewReader(in)}, "lint", "--format", "json", "-")
		check(t, r, 0, 1)
		parseJSON(t, r)
	}
}

func init() {
	if runtime.GOOS != "linux" {
		// Maxrss units and FIFOs: the suite is written for Linux (CI).
		fmt.Fprintln(os.Stderr, "hostile: written for Linux; results elsewhere may differ")
	}
}
