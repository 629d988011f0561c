package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/pin"
	"github.com/dockguard/dockguard/lint/rule"
)

// pinFile is one file pin reads.
type pinFile struct {
	path    string
	display string
	kind    pin.Kind
	content []byte
	refs    []*pin.Ref
}

// runPin is `dockguard pin`: rewrite image references to tag@digest.
func runPin(ctx context.Context, args []string, stdio Stdio, reg *rule.Registry) int {
	fs := flag.NewFlagSet("dockguard pin", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	var (
		dryRun = fs.Bool("dry-run", false, "print what would change; write nothing")
		diff   = fs.Bool("diff", false, "print the changes as a unified diff; write nothing")
		update = fs.Bool("update", false, "also re-pin references that already have a digest, to the digest their tag has now")
		root   = fs.String("root", "", "`DIR` bounding what is read (default: the working directory)")
		sel    selection
	)
	sel.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stdio.Err, "Usage: dockguard pin [flags] [PATH...]\n\n"+
			"Rewrites the images of Dockerfiles (FROM, COPY --from, RUN --mount from=) and compose files\n"+
			"(image:) to tag@sha256:digest in place, with the digest docker pull resolves (for a\n"+
			"multi-platform image, its index, so every platform keeps working). Only the bytes of each\n"+
			"reference change. References that use variables are reported and left alone.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	paths, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	for _, p := range append(append([]string{}, paths...), sel.composeFiles...) {
		if p == "-" {
			fmt.Fprintln(stdio.Err, "dockguard pin: standard input cannot be rewritten in place; name the file")
			return ExitUsage
		}
	}
	plan, err := lint.Discover(lint.Options{
		Paths: paths, Registry: reg, Root: *root, Exclude: sel.excludes, ComposeFiles: sel.composeFiles,
	})
	if err != nil {
		return runError(stdio, err)
	}
	failed := false
	for _, p := range plan.Problems {
		fmt.Fprintf(stdio.Err, "dockguard pin: %s: %s\n", plan.Display(p.Path), p.Message)
		failed = failed || !p.Note
	}
	var files []*pinFile
	seen := map[string]bool{}
	for _, t := range plan.Targets {
		kind := pin.Dockerfile
		if t.Kind == discover.Compose {
			kind = pin.Compose
		}
		for _, p := range t.Files {
			if seen[p] {
				continue
			}
			seen[p] = true
			f := &pinFile{path: p, display: plan.Display(p), kind: kind}
			if st, err := os.Stat(p); err == nil && st.Size() > lint.DefaultMaxFileSize {
				fmt.Fprintf(stdio.Err, "dockguard pin: %s: not changed: over the %d-byte limit\n", f.display, lint.DefaultMaxFileSize)
				failed = true
				continue
			}
			if f.content, err = os.ReadFile(p); err != nil {
				fmt.Fprintf(stdio.Err, "dockguard pin: %s: %v\n", f.display, err)
				failed = true
				continue
			}
			if f.refs, err = pin.Find(kind, p, f.content, pin.Options{Update: *update}); err != nil {
				fmt.Fprintf(stdio.Err, "dockguard pin: %s: not changed: %v\n", f.display, firstLine(err.Error()))
				failed = true
				continue
			}
			files = append(files, f)
		}
	}
	var lookups []string
	for _, f := range files {
		for _, r := range f.refs {
			if r.Lookup != "" {
				lookups = append(lookups, r.Lookup)
			}
		}
	}
	res := imageresolve.Results{}
	if len(lookups) > 0 {
		// Tags are always asked of the registry (a pin must be today's
		// digest), with HEAD requests, which Docker Hub does not count as pulls.
		resolver, err := imageresolve.New(imageresolve.Options{DigestOnly: true, UserAgent: "dockguard/" + version()})
		if err != nil {
			fmt.Fprintf(stdio.Err, "dockguard pin: %v\n", err)
			return ExitInternal
		}
		var warns []imageresolve.Warning
		res, warns = resolver.Resolve(ctx, lookups)
		if ctx.Err() != nil {
			return ExitInternal
		}
		for _, w := range warns {
			if res.Lookup(w.Ref) == nil { // a configuration that could not be read does not matter here
				fmt.Fprintf(stdio.Err, "dockguard pin: not pinned: %s\n", w.Error())
				failed = true
			}
		}
	}

	write := !*dryRun && !*diff
	pinned, current, skipped := 0, 0, 0
	for _, f := range files {
		out, changes := pin.Apply(f.content, f.refs, res)
		for _, r := range f.refs {
			switch {
			case r.Skip != "" && r.Pinned && !*update:
				current++
			case r.Skip != "":
				skipped++
				fmt.Fprintf(stdio.Err, "%s:%s: skipped %s: %s\n", f.display, r.Range.Start, r.Written, r.Skip)
			}
		}
		for _, c := range changes {
			if c.UpToDate {
				current++
				continue
			}
			pinned++
			if !*diff {
				fmt.Fprintf(stdio.Out, "%s:%s: %s\n", f.display, c.Ref.Range.Start, c)
			}
		}
		if string(out) == string(f.content) {
			continue
		}
		if *diff {
			fmt.Fprint(stdio.Out, unifiedDiff(f.display, f.content, out))
		}
		if write {
			if err := writeInPlace(f.path, out); err != nil {
				fmt.Fprintf(stdio.Err, "dockguard pin: %s: %v\n", f.display, err)
				failed = true
			}
		}
	}
	verb := "pinned"
	if !write {
		verb = "would pin"
	}
	fmt.Fprintf(stdio.Err, "dockguard pin: %s %d reference(s); %d already pinned; %d skipped\n", verb, pinned, current, skipped)
	if failed {
		return ExitFindings
	}
	return ExitClean
}

// writeInPlace replaces a file's content, keeping its mode.
func writeInPlace(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, st.Mode().Perm())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
