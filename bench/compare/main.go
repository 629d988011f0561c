// Command compare times dockguard against its peers (issue 5): the whole
// shared corpus, a generated tree 20 times its size, the Dockerfiles alone,
// and one invocation per file as pre-commit and editors run it. Peers are
// used where installed (see ../shared/peers/README.md): trivy config,
// dclint and dockerfilelint. It prints wall time, CPU time (user+system),
// peak RSS and files/s per run (medians of -runs), then the ratios.
//
//	go run ./bench/compare [-corpus ../shared/corpus] [-runs 3] [-single 20]
//
// It is a benchmark, not a test: run it on a quiet machine
// (see /proc/loadavg) and quote its output.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/dockguard/dockguard/lint/discover"
)

type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
	code      int
	crashed   bool
}

type row struct {
	tool, input string
	files       int
	s           sample
	note        string
}

var (
	corpus    = flag.String("corpus", "../shared/corpus", "corpus directory")
	peersDir  = flag.String("peers", "", "peer tools directory (default $PEERS_DIR or ~/.cache/dockguard-peers)")
	runs      = flag.Int("runs", 3, "runs per dockguard measurement (median)")
	peerRuns  = flag.Int("peer-runs", 1, "runs per peer measurement (median)")
	scale     = flag.Int("scale", 20, "size of the generated tree, in copies of the corpus")
	single    = flag.Int("single", 20, "files sampled for the one-invocation-per-file timing (0 = all)")
	peersBig  = flag.Bool("peers-big", false, "also run the peers over the generated tree (slow)")
	keepTrees = flag.Bool("keep", false, "keep the generated tree")
	before    = flag.String("before", "", "a dockguard `BINARY` built before a change, timed against this one (corpus, compose-file sample), alternating runs")
)

func main() {
	flag.Parse()
	if *peersDir == "" {
		*peersDir = os.Getenv("PEERS_DIR")
		if *peersDir == "" {
			home, _ := os.UserHomeDir()
			*peersDir = filepath.Join(home, ".cache", "dockguard-peers")
		}
	}
	abs, err := filepath.Abs(*corpus)
	check(err)
	*corpus = abs
	tmp, err := os.MkdirTemp("", "dockguard-bench-")
	check(err)
	if !*keepTrees {
		defer os.RemoveAll(tmp)
	}

	dg := filepath.Join(tmp, "dockguard")
	build := exec.Command("go", "build", "-trimpath", "-o", dg, "./cmd/dockguard")
	build.Stderr = os.Stderr
	check(build.Run())

	dockerfiles, composeFiles := classify(*corpus)
	all := len(dockerfiles) + len(composeFiles)
	big := filepath.Join(tmp, "big")
	for i := 0; i < *scale; i++ {
		check(copyTree(*corpus, filepath.Join(big, fmt.Sprintf("copy%02d", i))))
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("dockguard bench: %s, %d CPUs, GOMAXPROCS %d, load %s", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), load)
	fmt.Printf("corpus %s: %d files (%d Dockerfiles, %d compose files); generated tree: %dx = %d files\n\n",
		*corpus, all, len(dockerfiles), len(composeFiles), *scale, all**scale)

	trivy := filepath.Join(*peersDir, "bin", "trivy")
	nb := filepath.Join(*peersDir, "node", "node_modules", ".bin")
	dclint := filepath.Join(nb, "dclint")
	dfl := filepath.Join(nb, "dockerfilelint")
	trivyArgs := func(path string) []string {
		return []string{trivy, "config", "--skip-check-update", "--skip-version-check", "--disable-telemetry",
			"--cache-dir", filepath.Join(*peersDir, "cache"), "-f", "json", "-q", path}
	}
	has := func(p string) bool { _, err := os.Stat(p); return err == nil }

	var rows []row
	add := func(tool, input string, files, n int, dir string, argv ...string) row {
		r := row{tool: tool, input: input, files: files, s: median(n, dir, argv)}
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "  %-15s %-22s %s\n", tool, input, fmtSample(r.s, files))
		return r
	}
	dgArgs := func(paths ...string) []string {
		return append([]string{dg, "lint", "--format", "json", "--failure-threshold", "none"}, paths...)
	}

	// Whole corpus and the generated tree.
	dgCorpus := add("dockguard", "corpus", all, *runs, *corpus, dgArgs(".")...)
	dgBig := add("dockguard", fmt.Sprintf("corpus x%d", *scale), all**scale, *runs, big, dgArgs(".")...)
	var trivyCorpus, dclCorpus, dflAll, dgDF row
	if has(trivy) {
		trivyCorpus = add("trivy config", "corpus", len(dockerfiles), *peerRuns, *corpus, trivyArgs(".")...)
		if *peersBig {
			add("trivy config", fmt.Sprintf("corpus x%d", *scale), len(dockerfiles)**scale, *peerRuns, big, trivyArgs(".")...)
		}
	}
	if has(dclint) {
		dclCorpus = add("dclint", "corpus compose", len(composeFiles), *peerRuns, *corpus, dclint, "-r", "--color=false", "-f", "json", "-o", filepath.Join(tmp, "dclint.json"), ".")
	}
	dgCompose := add("dockguard", "corpus compose", len(composeFiles), *runs, *corpus, dgArgs(composeFiles...)...)
	dgDF = add("dockguard", "corpus Dockerfiles", len(dockerfiles), *runs, *corpus, dgArgs(dockerfiles...)...)
	if has(dfl) {
		dflAll = add("dockerfilelint", "corpus Dockerfiles", len(dockerfiles), *peerRuns, *corpus, append([]string{dfl, "-j"}, dockerfiles...)...)
	}

	// One invocation per file.
	pick := func(files []string) []string {
		if *single <= 0 || len(files) <= *single {
			return files
		}
		var out []string
		step := float64(len(files)) / float64(*single)
		for i := 0; i < *single; i++ {
			out = append(out, files[int(float64(i)*step)])
		}
		return out
	}
	perFile := func(tool string, files []string, argv func(string) []string) row {
		var walls, cpus []time.Duration
		var rss int64
		crashed := 0
		for _, f := range files {
			s := median(1, *corpus, argv(f))
			walls, cpus = append(walls, s.wall), append(cpus, s.cpu)
			rss = max(rss, s.rss)
			if s.crashed {
				crashed++
			}
		}
		r := row{tool: tool, input: fmt.Sprintf("per file (%d runs)", len(files)), files: 1,
			s: sample{wall: med(walls), cpu: med(cpus), rss: rss}}
		if crashed > 0 {
			r.note = fmt.Sprintf("%d crashed", crashed)
		}
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "  %-15s %-22s %s\n", tool, r.input, fmtSample(r.s, 1))
		return r
	}
	dfSample, dcSample := pick(dockerfiles), pick(composeFiles)
	dgOneDF := perFile("dockguard", dfSample, func(f string) []string { return dgArgs(f) })
	dgOneDC := perFile("dockguard compose", dcSample, func(f string) []string { return dgArgs(f) })
	var trivyOne, dclOne, dflOne row
	if has(trivy) {
		trivyOne = perFile("trivy config", dfSample, trivyArgs)
	}
	if has(dclint) {
		dclOne = perFile("dclint", dcSample, func(f string) []string {
			return []string{dclint, "--color=false", "-f", "json", "-o", filepath.Join(tmp, "one.json"), f}
		})
	}
	if has(dfl) {
		dflOne = perFile("dockerfilelint", dfSample, func(f string) []string { return []string{dfl, "-j", f} })
	}

	// Pull-request runs (issue 14): the generated tree as a git
	// repository, a commit changing 3 files (a Dockerfile, a compose file
	// and a Dockerfile it builds), linted with --diff-base.
	var dgDiff row
	if _, err := exec.LookPath("git"); err == nil {
		gitIn := func(args ...string) {
			cmd := exec.Command("git", append([]string{"-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false"}, args...)...)
			cmd.Dir = big
			out, err := cmd.CombinedOutput()
			if err != nil {
				check(fmt.Errorf("git %v: %v\n%s", args, err, out))
			}
		}
		gitIn("init", "-q")
		gitIn("add", "-A")
		gitIn("commit", "-qm", "base")
		changed := threeFiles(big, dockerfiles, composeFiles)
		for _, f := range changed {
			b, err := os.ReadFile(f)
			check(err)
			check(os.WriteFile(f, append(b, []byte("\n# changed by the bench\n")...), 0o644))
		}
		gitIn("commit", "-qam", "change 3 files")
		dgDiff = add("dockguard", fmt.Sprintf("x%d, 3 files changed", *scale), len(changed), *runs, big,
			append(dgArgs("."), "--diff-base", "HEAD~1")...)
	}
	// Before and after a change (-before): the same runs, alternating
	// between the two binaries so that both see the same machine load.
	var beforeCorpus, nowCorpus, beforeDC, nowDC row
	if *before != "" {
		argv := func(bin string, paths ...string) []string {
			return append([]string{bin, "lint", "--format", "json", "--failure-threshold", "none"}, paths...)
		}
		var bw, nw []time.Duration
		for i := 0; i < max(*runs, 5); i++ {
			bw = append(bw, once(*corpus, argv(*before, ".")).wall)
			nw = append(nw, once(*corpus, argv(dg, ".")).wall)
		}
		beforeCorpus = row{tool: "dockguard before", input: "corpus (alternating)", files: all, s: sample{wall: med(bw)}}
		nowCorpus = row{tool: "dockguard", input: "corpus (alternating)", files: all, s: sample{wall: med(nw)}}
		bw, nw = nil, nil
		var bc, nc []time.Duration
		for _, f := range pick(composeFiles) {
			for i := 0; i < 3; i++ {
				b, n := once(*corpus, argv(*before, f)), once(*corpus, argv(dg, f))
				bw, nw = append(bw, b.wall), append(nw, n.wall)
				bc, nc = append(bc, b.cpu), append(nc, n.cpu)
			}
		}
		beforeDC = row{tool: "dockguard before", input: "per compose file (alt.)", files: 1, s: sample{wall: med(bw), cpu: med(bc)}}
		nowDC = row{tool: "dockguard", input: "per compose file (alt.)", files: 1, s: sample{wall: med(nw), cpu: med(nc)}}
		rows = append(rows, beforeCorpus, nowCorpus, beforeDC, nowDC)
	}

	// The table.
	fmt.Printf("%-18s %-24s %7s %9s %9s %9s %10s  %s\n", "tool", "input", "files", "wall s", "cpu s", "peak MiB", "files/s", "note")
	for _, r := range rows {
		fps := float64(r.files) / r.s.wall.Seconds()
		note := r.note
		if r.s.crashed {
			note = strings.TrimSpace(note + " crashed (no report)")
		}
		fmt.Printf("%-18s %-24s %7d %9.3f %9.3f %9.1f %10.0f  %s\n", r.tool, r.input, r.files,
			r.s.wall.Seconds(), r.s.cpu.Seconds(), float64(r.s.rss)/(1<<20), fps, note)
	}

	fmt.Println("\nratios (wall time, peer / dockguard) and targets:")
	ratio := func(what string, peer, ours row, target float64) {
		if peer.tool == "" {
			fmt.Printf("  %-48s n/a (peer not installed)\n", what)
			return
		}
		x := peer.s.wall.Seconds() / ours.s.wall.Seconds()
		fmt.Printf("  %-48s %8.1fx  (target >= %gx: %s)\n", what, x, target, verdict(x >= target))
	}
	ratio("trivy config / dockguard, whole corpus", trivyCorpus, dgCorpus, 40)
	ratio("trivy config / dockguard, one Dockerfile", trivyOne, dgOneDF, 100)
	ratio("dockerfilelint / dockguard, all Dockerfiles", dflAll, dgDF, 2)
	ratio("dockerfilelint / dockguard, one Dockerfile", dflOne, dgOneDF, 1)
	ratio("dclint / dockguard, compose files", dclCorpus, dgCompose, 1)
	ratio("dclint / dockguard, one compose file", dclOne, dgOneDC, 1)
	fmt.Printf("  %-48s %8.3fs  (target < 0.25 s: %s)\n", "dockguard whole corpus, wall", dgCorpus.s.wall.Seconds(), verdict(dgCorpus.s.wall < 250*time.Millisecond))
	fmt.Printf("  %-48s %8.1fms (target < 15 ms: %s)\n", "dockguard one Dockerfile, wall (median)", ms(dgOneDF.s.wall), verdict(dgOneDF.s.wall < 15*time.Millisecond))
	fmt.Printf("  %-48s %8.1fms (target < 15 ms: %s)\n", "dockguard one compose file, wall (median)", ms(dgOneDC.s.wall), verdict(dgOneDC.s.wall < 15*time.Millisecond))
	if dgDiff.tool != "" {
		fmt.Printf("  %-48s %8.3fs  (target < 0.4 s: %s)\n", fmt.Sprintf("dockguard --diff-base, x%d tree, 3 files changed", *scale), dgDiff.s.wall.Seconds(), verdict(dgDiff.s.wall < 400*time.Millisecond))
	}
	if beforeDC.tool != "" {
		fmt.Printf("  %-48s %8.1fms -> %.1fms (target < 18 ms: %s)\n", "one compose file, before -> now (median, alt.)", ms(beforeDC.s.wall), ms(nowDC.s.wall), verdict(nowDC.s.wall < 18*time.Millisecond))
		x := nowCorpus.s.wall.Seconds() / beforeCorpus.s.wall.Seconds()
		fmt.Printf("  %-48s %8.3fs -> %.3fs (%+.0f%%; budget +20%%: %s)\n", "whole corpus, before -> now (median, alt.)", beforeCorpus.s.wall.Seconds(), nowCorpus.s.wall.Seconds(), 100*(x-1), verdict(x <= 1.2))
	}
	fmt.Printf("  %-48s %8.1fMiB (target < 100 MiB: %s)\n", fmt.Sprintf("dockguard x%d tree, peak RSS", *scale), float64(dgBig.s.rss)/(1<<20), verdict(dgBig.s.rss < 100<<20))
	lin := (dgBig.s.cpu.Seconds() / float64(*scale)) / dgCorpus.s.cpu.Seconds()
	fmt.Printf("  %-48s %8.2f   (1.00 = linear; target <= 1.2: %s)\n", fmt.Sprintf("CPU per file, x%d tree / corpus", *scale), lin, verdict(lin <= 1.2))
}

// threeFiles picks, in the first copy of the generated tree, a compose
// file with a build, a Dockerfile beside it (or below) and another
// Dockerfile elsewhere: absolute paths.
func threeFiles(big string, dockerfiles, composeFiles []string) []string {
	first := filepath.Join(big, "copy00")
	var out []string
	for _, c := range composeFiles {
		b, err := os.ReadFile(filepath.Join(first, c))
		if err != nil || !strings.Contains(string(b), "build:") {
			continue
		}
		dir := filepath.Dir(c) + string(filepath.Separator)
		for _, d := range dockerfiles {
			if strings.HasPrefix(d, dir) {
				out = append(out, filepath.Join(first, c), filepath.Join(first, d))
				break
			}
		}
		if len(out) == 2 {
			break
		}
	}
	for _, d := range dockerfiles {
		p := filepath.Join(first, d)
		if len(out) < 3 && (len(out) < 2 || p != out[1]) {
			out = append(out, p)
		}
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

func fmtSample(s sample, files int) string {
	return fmt.Sprintf("wall %.3fs cpu %.3fs rss %.1fMiB (%.0f files/s)", s.wall.Seconds(), s.cpu.Seconds(), float64(s.rss)/(1<<20), float64(files)/s.wall.Seconds())
}

// median runs argv n times in dir and returns the run of median wall time.
func median(n int, dir string, argv []string) sample {
	var ss []sample
	for i := 0; i < max(n, 1); i++ {
		ss = append(ss, once(dir, argv))
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].wall < ss[j].wall })
	return ss[len(ss)/2]
}

func med(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// once runs argv and measures it. Output is discarded; a run that writes
// a stack trace to stderr with no report on stdout counts as crashed.
func once(dir string, argv []string) sample {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	var stderr strings.Builder
	var stdoutN countWriter
	cmd.Stdout, cmd.Stderr = &stdoutN, &stderr
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start)}
	if err != nil && cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", argv[0], err)
		os.Exit(1)
	}
	ps := cmd.ProcessState
	s.code = ps.ExitCode()
	s.cpu = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss * 1024
	}
	s.crashed = stdoutN == 0 && strings.Contains(stderr.String(), "    at ") ||
		strings.Contains(stderr.String(), "panic:")
	return s
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// classify lists the corpus files dockguard lints, by kind (relative paths).
func classify(root string) (dockerfiles, composeFiles []string) {
	targets, _, err := discover.Discover([]string{root}, discover.Options{})
	check(err)
	seen := map[string]bool{}
	for _, t := range targets {
		for _, f := range t.Files {
			rel, err := filepath.Rel(root, f)
			check(err)
			if seen[rel] {
				continue
			}
			seen[rel] = true
			if t.Kind == discover.Compose {
				composeFiles = append(composeFiles, rel)
			} else {
				dockerfiles = append(dockerfiles, rel)
			}
		}
	}
	sort.Strings(dockerfiles)
	sort.Strings(composeFiles)
	return dockerfiles, composeFiles
}

// copyTree copies the regular files of src to dst (symlinks are skipped).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
