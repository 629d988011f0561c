package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint"
	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/rule"
)

// runLs prints what `dockguard lint` would lint with the same paths and
// flags: each Dockerfile, each compose project with its files in load
// order and why they were grouped so, and the paths that could not be
// examined.
func runLs(args []string, stdio Stdio, reg *rule.Registry) int {
	fs := flag.NewFlagSet("dockguard ls", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	var (
		formatName = fs.String("format", "text", "output `FORMAT`: text or json")
		configPath = fs.String("config", "", "configuration `FILE` whose exclude list applies (default: .dockguard.yaml in the root)")
		forceType  = fs.String("type", "", "treat files named on the command line as `KIND`: dockerfile or compose")
		root       = fs.String("root", "", "`DIR` where the configuration is looked for (default: the working directory)")
		maxSize    = sizeFlag(lint.DefaultMaxFileSize)
		sel        selection
	)
	fs.Var(&maxSize, "max-file-size", "limit on the `SIZE` of a compose variant read to group it (a larger one is listed alone)")
	sel.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stdio.Err, "Usage: dockguard ls [flags] [PATH...]\n\nLists what `dockguard lint` would lint with the same paths and flags: each\nDockerfile, and each compose project with its files in the order docker compose\nloads them and why they were grouped so.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	paths, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if *formatName != "text" && *formatName != "json" {
		fmt.Fprintf(stdio.Err, "dockguard ls: --format must be text or json\n")
		return ExitUsage
	}
	if !validType(stdio, *forceType) {
		return ExitUsage
	}
	plan, err := lint.Discover(lint.Options{
		Paths: paths, Stdin: stdio.In, ForceType: *forceType, ComposeFiles: sel.composeFiles, Exclude: sel.excludes,
		Registry: reg, ConfigPath: *configPath, Root: *root, MaxFileSize: int64(maxSize),
	})
	if err != nil {
		return runError(stdio, err)
	}

	type jsonTarget struct {
		Kind        string   `json:"kind"`
		Files       []string `json:"files"`
		Grouping    string   `json:"grouping,omitempty"`
		Description string   `json:"description,omitempty"`
		Explicit    bool     `json:"explicit"`
	}
	type jsonProblem struct {
		Path    string `json:"path"`
		Message string `json:"message"`
	}
	type summary struct {
		Dockerfiles     int `json:"dockerfiles"`
		ComposeProjects int `json:"compose_projects"`
		ComposeFiles    int `json:"compose_files"`
		Problems        int `json:"problems"`
	}
	doc := struct {
		Targets  []jsonTarget  `json:"targets"`
		Problems []jsonProblem `json:"problems"`
		// Skipped: files named on the command line that lint would not lint.
		Skipped []jsonProblem `json:"skipped,omitempty"`
		Summary summary       `json:"summary"`
	}{Targets: []jsonTarget{}, Problems: []jsonProblem{}}
	composeFiles := map[string]bool{}
	for _, t := range plan.Targets {
		jt := jsonTarget{Kind: t.Kind.String(), Explicit: t.Explicit, Grouping: string(t.Grouping), Description: t.Grouping.Describe()}
		for _, f := range t.Files {
			jt.Files = append(jt.Files, plan.Display(f))
		}
		if t.Kind == discover.Compose {
			doc.Summary.ComposeProjects++
			for _, f := range jt.Files {
				composeFiles[f] = true
			}
		} else {
			doc.Summary.Dockerfiles++
		}
		doc.Targets = append(doc.Targets, jt)
	}
	for _, p := range plan.Problems {
		if p.Note {
			doc.Skipped = append(doc.Skipped, jsonProblem{Path: plan.Display(p.Path), Message: p.Message})
			continue
		}
		doc.Problems = append(doc.Problems, jsonProblem{Path: plan.Display(p.Path), Message: p.Message})
	}
	doc.Summary.ComposeFiles = len(composeFiles)
	doc.Summary.Problems = len(doc.Problems)
	if *formatName == "json" {
		return writeJSON(stdio, doc)
	}

	for _, t := range doc.Targets {
		line := fmt.Sprintf("%-10s  %s", t.Kind, strings.Join(t.Files, " + "))
		if t.Description != "" {
			line += "  (" + t.Description + ")"
		}
		fmt.Fprintln(stdio.Out, line)
	}
	for _, p := range doc.Problems {
		fmt.Fprintf(stdio.Out, "%-10s  %s: %s\n", "problem", p.Path, p.Message)
	}
	for _, p := range doc.Skipped {
		fmt.Fprintf(stdio.Out, "%-10s  %s: %s\n", "skipped", p.Path, p.Message)
	}
	s := doc.Summary
	fmt.Fprintf(stdio.Out, "%s, %s over %s", plural(s.Dockerfiles, "Dockerfile"), plural(s.ComposeProjects, "compose project"), plural(s.ComposeFiles, "compose file"))
	if s.Problems > 0 {
		fmt.Fprintf(stdio.Out, ", %s", plural(s.Problems, "problem"))
	}
	fmt.Fprintln(stdio.Out)
	return ExitClean
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
