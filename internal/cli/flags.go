package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// mapFlag collects repeatable KEY=VALUE flags.
type mapFlag map[string]string

func (m mapFlag) String() string { return "" }
func (m mapFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	m[k] = v
	return nil
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments (`dockguard lint . --format sarif`); "--" ends flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// fs.Parse stops at the first non-flag; "--" is consumed by it.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// sizeFlag is a byte count: "1048576", "512KiB", "10MiB", "1G" (K, M and
// G are binary multiples too).
type sizeFlag int64

func (s *sizeFlag) String() string {
	n := int64(*s)
	for _, u := range []string{"GiB", "MiB", "KiB"} {
		unit := map[string]int64{"GiB": 1 << 30, "MiB": 1 << 20, "KiB": 1 << 10}[u]
		if n >= unit && n%unit == 0 {
			return strconv.FormatInt(n/unit, 10) + u
		}
	}
	return strconv.FormatInt(n, 10)
}
func (s *sizeFlag) Set(v string) error {
	num := strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(strings.ToUpper(num), strings.ToUpper(u.suffix)) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("want a positive size such as 10MiB, got %q", v)
	}
	*s = sizeFlag(n * mult)
	return nil
}

// parseArgs is parseInterspersed for a command: ok is false when the
// command must stop with code (ExitClean after -h, ExitUsage on a bad flag;
// the flag package has printed why).
func parseArgs(fs *flag.FlagSet, args []string) (paths []string, code int, ok bool) {
	paths, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, ExitClean, false
	case err != nil:
		return nil, ExitUsage, false
	}
	return paths, 0, true
}

// selection holds the flags lint and ls share to say which files to look
// at beyond the paths: --exclude and -f/--file.
type selection struct {
	excludes, composeFiles listFlag
}

func (s *selection) register(fs *flag.FlagSet) {
	fs.Var(&s.excludes, "exclude", "skip paths matching `GLOB` (repeatable)")
	fs.Var(&s.composeFiles, "f", "compose `FILE` of one project, in order, as docker compose -f (repeatable)")
	fs.Var(&s.composeFiles, "file", "same as -f `FILE`")
}

// validType reports whether --type names a kind, and says why not.
func validType(stdio Stdio, t string) bool {
	switch t {
	case "", "dockerfile", "compose":
		return true
	}
	fmt.Fprintf(stdio.Err, "dockguard: --type must be dockerfile or compose, got %q\n", t)
	return false
}
