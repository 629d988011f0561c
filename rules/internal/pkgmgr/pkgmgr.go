// Package pkgmgr recognises package-manager commands in RUN scripts:
// which manager, which subcommand, and which words are packages (not
// options or option values), so that the pinning, cache, -y and
// --no-install-recommends rules read commands the same way.
package pkgmgr

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// Manager is a package manager.
type Manager string

// The package managers dockguard reads.
const (
	AptGet   Manager = "apt-get"
	Apt      Manager = "apt"
	Apk      Manager = "apk"
	Yum      Manager = "yum"
	Dnf      Manager = "dnf"
	Microdnf Manager = "microdnf"
	Zypper   Manager = "zypper"
	Pip      Manager = "pip"
	Npm      Manager = "npm"
	Yarn     Manager = "yarn"
	Pnpm     Manager = "pnpm"
	Gem      Manager = "gem"
	Go       Manager = "go"
	Cargo    Manager = "cargo"
)

// System reports whether the manager installs OS packages.
func (m Manager) System() bool {
	switch m {
	case AptGet, Apt, Apk, Yum, Dnf, Microdnf, Zypper:
		return true
	}
	return false
}

// Command is a package-manager command.
type Command struct {
	Manager Manager
	*dockerfile.Command
	// Sub is the subcommand word ("install", "add", "update"...); its
	// Value is "" when there is none.
	Sub dockerfile.Word
	// Args are the words after the subcommand (options included).
	Args []dockerfile.Word
	// Packages are the words of Args that name packages: not options, not
	// values of options, not requirement files.
	Packages []dockerfile.Word
}

// Install reports whether the command installs packages.
func (c *Command) Install() bool {
	switch c.Sub.Value {
	case "install", "add", "in", "i", "reinstall", "groupinstall", "localinstall":
		return c.Manager != Cargo || c.Sub.Value == "install"
	}
	return false
}

// valued are the options that take a value as the next word, per manager.
var valued = map[Manager][]string{
	AptGet:   {"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release", "--default-release", "--host-architecture"},
	Apk:      {"-X", "-t", "-p", "--repository", "--virtual", "--arch", "--root", "--cache-dir", "--repositories-file", "--keys-dir"},
	Yum:      {"-x", "-c", "--exclude", "--enablerepo", "--disablerepo", "--setopt", "--installroot", "--releasever", "--config", "--repo", "--repofrom", "--forcearch"},
	Zypper:   {"-r", "-t", "--repo", "--type", "--from", "--root", "--installroot"},
	Pip:      {"-r", "-c", "-e", "-i", "-t", "-f", "--requirement", "--constraint", "--editable", "--index-url", "--extra-index-url", "--trusted-host", "--target", "--prefix", "--root", "--find-links", "--platform", "--python-version", "--implementation", "--abi", "--progress-bar", "--cache-dir", "--src", "--upgrade-strategy", "--no-binary", "--only-binary", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert", "--config-settings", "--global-option", "--install-option", "--report", "--python"},
	Npm:      {"-w", "--prefix", "--registry", "--cache", "--workspace", "--omit", "--include", "--tag", "--loglevel", "--userconfig", "--location"},
	Gem:      {"-v", "-i", "-n", "-s", "--version", "--install-dir", "--bindir", "--source", "--platform", "--build-root"},
	Go:       {"-C", "-o", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile", "-buildmode", "-compiler", "-pkgdir", "-toolexec", "-overlay", "-pgo", "-asmflags"},
	Cargo:    {"--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path", "--root", "--index", "--registry", "--features", "-F", "-j", "--jobs", "--target", "--target-dir", "--profile", "--bin", "--example"},
	Microdnf: {"--enablerepo", "--disablerepo", "--setopt", "--installroot", "--releasever", "--config"},
}

func init() {
	valued[Apt] = valued[AptGet]
	valued[Dnf] = valued[Yum]
	valued[Yarn] = valued[Npm]
	valued[Pnpm] = valued[Npm]
}

// Parse reads c as a package-manager command; ok is false for other
// commands (and for `pip` run as a module: see below, `python -m pip` is
// read as pip).
func Parse(c *dockerfile.Command) (Command, bool) {
	m, args, ok := manager(c)
	if !ok {
		return Command{}, false
	}
	pc := Command{Manager: m, Command: c}
	vals := valued[m]
	takesValue := func(w string) bool {
		for _, v := range vals {
			if w == v {
				return true
			}
		}
		return false
	}
	// Options before the subcommand (apt-get -qq install, yum -y install).
	i := 0
	for i < len(args) && strings.HasPrefix(args[i].Value, "-") {
		if takesValue(args[i].Value) {
			i++
		}
		i++
	}
	if i >= len(args) {
		pc.Args = args[min(i, len(args)):]
		return pc, true
	}
	pc.Sub = args[i]
	pc.Args = args[i+1:]
	if m == Yarn && pc.Sub.Value == "global" && len(pc.Args) > 0 {
		pc.Sub = pc.Args[0]
		pc.Args = pc.Args[1:]
	}
	for j := 0; j < len(pc.Args); j++ {
		v := pc.Args[j].Value
		switch {
		case v == "--":
			continue
		case strings.HasPrefix(v, "-"):
			if !strings.Contains(v, "=") && takesValue(v) {
				j++
			}
		case v == "" || strings.HasPrefix(v, ".") || strings.HasPrefix(v, "/") && m != Go:
			// local paths (pip install ., a .deb file) are not packages to pin
		default:
			pc.Packages = append(pc.Packages, pc.Args[j])
		}
	}
	return pc, true
}

// manager identifies the manager of c and returns the words after its
// name (after `-m pip` for python).
func manager(c *dockerfile.Command) (Manager, []dockerfile.Word, bool) {
	b := c.Base()
	switch {
	case b == "apt-get", b == "apt", b == "apk", b == "yum", b == "dnf", b == "microdnf", b == "zypper",
		b == "npm", b == "yarn", b == "pnpm", b == "gem", b == "go", b == "cargo":
		return Manager(b), c.Args, true
	case b == "pip" || b == "pip3" || strings.HasPrefix(b, "pip3."):
		return Pip, c.Args, true
	case b == "python" || b == "python3" || strings.HasPrefix(b, "python3."):
		for i := 0; i+1 < len(c.Args); i++ {
			if c.Args[i].Value == "-m" && (c.Args[i+1].Value == "pip" || c.Args[i+1].Value == "pip3") {
				return Pip, c.Args[i+2:], true
			}
			if !strings.HasPrefix(c.Args[i].Value, "-") {
				break
			}
		}
	case b == "dnf5" || b == "tdnf":
		return Dnf, c.Args, true
	}
	return "", nil, false
}

// Commands returns the package-manager commands of a RUN script, in order.
// They are read once per script and shared: callers must not change the
// slice.
func Commands(sc *dockerfile.Script) []Command {
	if sc == nil {
		return nil
	}
	return sc.Memo(commandsKey{}, func() any {
		var out []Command
		for _, c := range sc.Commands {
			if pc, ok := Parse(c); ok {
				out = append(out, pc)
			}
		}
		return out
	}).([]Command)
}

type commandsKey struct{}
