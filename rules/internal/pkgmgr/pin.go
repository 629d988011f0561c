package pkgmgr

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// PinState says whether a package word of an install command names a
// version.
type PinState int

const (
	// NotPackage: the word names a file, a URL, a directory, a group or a
	// module stream: there is nothing to pin.
	NotPackage PinState = iota
	// Unknown: the word is (in part) a variable or command substitution
	// whose value is not known, and no version operator is visible.
	Unknown
	// Unpinned: a package name without a version (or with a moving one,
	// like npm's @latest or go's @latest).
	Unpinned
	// Pinned: the word names a version (curl=7.88.1-10, flask==3.0.0,
	// pm2@5.3.0), or the command pins all its packages (gem -v, pip -c).
	Pinned
)

// PinnedByCommand reports whether the command pins every package by other
// means than the package words: pip's -r/-c/--require-hashes (versions
// come from requirement or constraint files) and --no-index, gem's
// -v/--version.
func (c *Command) PinnedByCommand() bool {
	switch c.Manager {
	case Pip:
		// --no-index installs from local wheels (--find-links) that an
		// earlier step built or downloaded: the versions are those files'.
		return c.HasOption("-r", "--requirement", "-c", "--constraint", "--require-hashes", "--no-index")
	case Gem:
		return c.HasOption("-v", "--version")
	}
	return false
}

// Package is one package of an install command: a package word, or one of
// the words a variable holding a list expands to (`$PHPIZE_DEPS`).
type Package struct {
	Word dockerfile.Word
	// Value is the package as the manager receives it.
	Value string
	// Via is the word as written when Value is one word of its expansion
	// (`$PHPIZE_DEPS`), "" otherwise.
	Via string
}

// Pin reads a package of an install command.
func (c *Command) Pin(p Package) PinState {
	v := p.Value
	if v == "" || strings.Contains(v, "://") {
		return NotPackage // a URL: a file, not a name to pin
	}
	unknown := !p.Word.Known && (strings.Contains(v, "$") || strings.Contains(v, "`"))
	state := func(pinned bool) PinState {
		switch {
		case pinned:
			return Pinned
		case unknown:
			return Unknown
		}
		return Unpinned
	}
	switch c.Manager {
	case AptGet, Apt:
		if strings.HasSuffix(v, ".deb") {
			return NotPackage
		}
		return state(strings.Contains(v, "="))
	case Apk:
		if strings.HasSuffix(v, ".apk") || strings.HasPrefix(v, ".") {
			return NotPackage
		}
		return state(strings.ContainsAny(v, "=<>~"))
	case Yum, Dnf, Microdnf:
		if strings.HasSuffix(v, ".rpm") || strings.HasPrefix(v, "@") || strings.Contains(v, "/") {
			return NotPackage // a file, a group (@development) or a provide (/usr/bin/x)
		}
		if c.moduleInstall() {
			return state(strings.Contains(v, ":"))
		}
		return state(rpmVersioned(v))
	case Zypper:
		if strings.HasSuffix(v, ".rpm") || strings.Contains(v, "/") {
			return NotPackage
		}
		return state(strings.ContainsAny(v, "=<>"))
	case Pip:
		switch {
		case strings.HasSuffix(v, ".whl") || strings.HasSuffix(v, ".tar.gz") || strings.HasSuffix(v, ".zip"),
			strings.Contains(v, "/") && !strings.Contains(v, "@"), // a directory
			strings.HasPrefix(v, "git+") || strings.HasPrefix(v, "hg+") || strings.HasPrefix(v, "svn+") || strings.HasPrefix(v, "bzr+"):
			return NotPackage
		}
		return state(strings.ContainsAny(v, "=<>!~@"))
	case Npm, Yarn, Pnpm:
		if strings.HasPrefix(v, "~") || strings.HasSuffix(v, ".tgz") || strings.HasSuffix(v, ".tar.gz") || strings.HasSuffix(v, ".tar") ||
			strings.HasPrefix(v, "file:") || strings.HasPrefix(v, "link:") || strings.HasPrefix(v, "git") && strings.Contains(v, "#") {
			return NotPackage
		}
		name := v
		if strings.HasPrefix(name, "@") { // @scope/name[@version]
			if i := strings.IndexByte(name, '/'); i > 0 {
				name = name[i+1:]
			} else {
				return state(false)
			}
		} else if strings.Contains(name, "/") && !strings.Contains(name, "@") {
			return NotPackage // user/repo on GitHub or a relative directory: not a registry name
		}
		_, ver, ok := strings.Cut(name, "@")
		return state(ok && !movingTag(ver))
	case Gem:
		if strings.HasSuffix(v, ".gem") {
			return NotPackage
		}
		_, ver, ok := strings.Cut(v, ":")
		return state(ok && ver != "")
	case Go:
		if !strings.Contains(v, ".") || strings.HasPrefix(v, ".") {
			return NotPackage // a package of the current module or the standard library
		}
		_, ver, ok := strings.Cut(v, "@")
		if !ok {
			// Without @version, go install takes the version from the
			// go.mod of the current module (outside one it is an error):
			// pinned by the module.
			return NotPackage
		}
		return state(!movingTag(ver))
	}
	return NotPackage
}

// moduleInstall reports whether the command is `dnf module install`.
func (c *Command) moduleInstall() bool { return c.Sub.Value == "module" }

// movingTag reports whether a version names a moving target rather than a
// release: npm dist-tags, go's latest and branch names.
func movingTag(v string) bool {
	switch strings.ToLower(v) {
	case "", "latest", "next", "master", "main", "head", "canary", "beta", "nightly", "upgrade", "patch":
		return true
	}
	return false
}

// rpmVersioned reports whether an rpm package word carries a version:
// name-1.2.3 or name-1.2.3-4.el9 (a part after a dash that starts with a
// digit and holds only version characters).
func rpmVersioned(v string) bool {
	parts := strings.Split(v, "-")
	if len(parts) < 2 {
		return false
	}
	digit := false
	for _, p := range parts[1:] {
		if p == "" {
			return false
		}
		for _, r := range p {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(".~^_:+", r)) {
				return false
			}
		}
		if p[0] >= '0' && p[0] <= '9' {
			digit = true
		}
	}
	return digit
}

// PackageName returns the name part of a package word: what comes before
// its version operator.
func (c *Command) PackageName(p Package) string {
	v := p.Value
	switch c.Manager {
	case Npm, Yarn, Pnpm:
		if strings.HasPrefix(v, "@") {
			if i := strings.IndexByte(v[1:], '@'); i >= 0 {
				return v[:i+1]
			}
			return v
		}
		name, _, _ := strings.Cut(v, "@")
		return name
	case Go:
		name, _, _ := strings.Cut(v, "@")
		return name
	case Gem:
		name, _, _ := strings.Cut(v, ":")
		return name
	case Pip:
		if i := strings.IndexAny(v, "=<>!~@;"); i >= 0 {
			return strings.TrimSpace(v[:i])
		}
	case AptGet, Apt, Apk, Zypper:
		if i := strings.IndexAny(v, "=<>~"); i >= 0 {
			return v[:i]
		}
	}
	return v
}

// PinAdvice says how to pin the package named name with this manager: what
// to write and where to find the version.
func (c *Command) PinAdvice(name string) string {
	switch c.Manager {
	case AptGet, Apt:
		return "`" + name + "=<version>` (`apt-cache policy " + name + "` shows the candidate)"
	case Apk:
		return "`" + name + "~=<major.minor>` or `" + name + "=<version>` (`apk policy " + name + "` shows the versions)"
	case Yum, Dnf, Microdnf:
		if c.moduleInstall() {
			return "`" + name + ":<stream>`"
		}
		return "`" + name + "-<version>` (`" + string(c.Manager) + " list " + name + "` shows the versions)"
	case Zypper:
		return "`" + name + "=<version>` (`zypper info " + name + "` shows the version)"
	case Pip:
		return "`" + name + "==<version>`, or install from a requirements file with pinned versions (`-r`) or a constraints file (`-c`)"
	case Npm, Yarn, Pnpm:
		return "`" + name + "@<version>` (`npm view " + name + " version` shows the latest)"
	case Gem:
		return "`-v <version>` (e.g. `gem install " + name + " -v 2.5.3`)"
	case Go:
		return "`" + name + "@<version>` (a tag such as `@v0.20.0`)"
	}
	return "a version"
}

// InstallPackages returns the package words of a command that installs
// named packages from a repository or registry (apt-get install, apk add,
// dnf install, dnf module install, zypper install, pip install, npm
// install/add, yarn/pnpm add, gem install, go install), or nil. Groups
// (yum groupinstall, dnf group install) and local installs are left out.
func (c *Command) InstallPackages() []Package {
	sub := c.Sub.Value
	ok := false
	words := c.Packages
	switch c.Manager {
	case AptGet, Apt, Yum, Dnf, Microdnf, Pip, Go:
		ok = sub == "install"
		if sub == "module" && (c.Manager == Dnf || c.Manager == Yum) && len(words) > 0 && words[0].Value == "install" {
			ok, words = true, words[1:]
		}
	case Apk:
		ok = sub == "add"
	case Zypper:
		ok = sub == "install" || sub == "in"
	case Npm:
		ok = sub == "install" || sub == "i" || sub == "add" || sub == "isntall"
	case Yarn:
		ok = sub == "add"
	case Pnpm:
		ok = sub == "add" || sub == "install" || sub == "i"
	case Gem:
		ok = sub == "install" || sub == "i"
	}
	if !ok {
		return nil
	}
	var out []Package
	for _, w := range words {
		fields := strings.Fields(w.Value)
		if len(fields) > 1 && strings.Contains(w.Raw, "$") && !strings.HasPrefix(w.Raw, `"`) {
			// an unquoted variable holding a list: the shell splits it
			for _, f := range fields {
				out = append(out, Package{Word: w, Value: f, Via: w.Raw})
			}
			continue
		}
		out = append(out, Package{Word: w, Value: w.Value})
	}
	return out
}

// Verb names the command in messages: "apt-get install", "dnf module
// install", "yarn add".
func (c *Command) Verb() string {
	v := string(c.Manager) + " " + c.Sub.Value
	if c.moduleInstall() {
		v += " install"
	}
	return v
}
