package lint

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dockguard/dockguard/lint/config"
	"github.com/dockguard/dockguard/lint/discover"
)

// Plan is what a run lints: the Dockerfiles and compose projects found,
// and the paths that could not be examined (each a DF000/DC000 finding in
// a run).
type Plan struct {
	Targets  []discover.Target
	Problems []discover.Problem
	Root     string         // absolute
	WorkDir  string         // absolute
	Config   *config.Config // effective
	// Stdin is what was read of standard input (at most one byte over
	// the file size limit) when "-" is linted; nil otherwise.
	Stdin []byte
	// Everything says why a run given a Change (Options.Change) lints
	// everything ("" when it is narrowed, or given none).
	Everything string
}

// Display shows a path of the plan as a run's findings show it: relative
// to the working directory when inside it.
func (p *Plan) Display(path string) string { return displayPath(p.WorkDir, path) }

// Discover resolves the root and the configuration and finds what Run
// would lint with the same options, reading no file but the
// configuration, the compose variants it must group and standard input
// when "-" is named (see package lint/discover). The error is a *UsageError for what the user asked
// wrong.
func Discover(opts Options) (*Plan, error) {
	if opts.Registry == nil {
		return nil, errors.New("lint: no rule registry")
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root := wd
	if opts.Root != "" {
		if root, err = filepath.Abs(opts.Root); err != nil {
			return nil, &UsageError{err}
		}
		if st, err := os.Stat(root); err != nil || !st.IsDir() {
			return nil, &UsageError{fmt.Errorf("--root %s is not a directory", opts.Root)}
		}
	}
	cfg, err := loadConfig(opts, root)
	if err != nil {
		return nil, &UsageError{err}
	}
	paths := opts.Paths
	if len(paths) == 0 && len(opts.ComposeFiles) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		if _, err := os.Lstat(p); err != nil {
			return nil, &UsageError{fmt.Errorf("%s: no such file or directory", p)}
		}
	}
	maxSize := opts.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	// Standard input is read once: to tell its kind, then to lint it.
	var stdin []byte
	if containsDash(paths) || containsDash(opts.ComposeFiles) {
		stdin = []byte{}
		if opts.Stdin != nil {
			if stdin, err = io.ReadAll(io.LimitReader(opts.Stdin, maxSize+1)); err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
		}
	}
	within, everything := narrow(opts)
	targets, problems, err := discover.Discover(paths, discover.Options{
		Exclude:      append(append([]string{}, cfg.Exclude...), opts.Exclude...),
		ForceType:    opts.ForceType,
		ComposeFiles: opts.ComposeFiles,
		MaxFileSize:  maxSize,
		Stdin:        stdin,
		Within:       within,
	})
	if err != nil {
		return nil, &UsageError{err}
	}
	return &Plan{Targets: targets, Problems: problems, Root: root, WorkDir: wd, Config: cfg, Stdin: stdin, Everything: everything}, nil
}

func containsDash(list []string) bool {
	for _, p := range list {
		if p == "-" {
			return true
		}
	}
	return false
}
