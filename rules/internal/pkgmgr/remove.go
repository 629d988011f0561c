package pkgmgr

import "strings"

// Transient returns a test for the packages that the commands of one RUN
// (cmds, from Commands, in the order they run) install and then remove
// again before the RUN ends, so that they never reach the image: the build
// dependencies of the official images. install is the index in cmds of the
// install command and name the package name (PackageName). Recognised:
//   - apk: `apk add --virtual .build-deps ...` then `apk del .build-deps`,
//     and `apk del <pkg>`;
//   - apt: `apt-get purge|remove <pkg>` (also `--purge`, `autoremove`
//     with names); and the apt-mark idiom, `apt-mark auto '.*'` (or
//     `apt-mark showmanual | xargs apt-mark auto`) after the install and
//     then `apt-get purge --auto-remove` or `apt-get autoremove`: every
//     package installed before the apt-mark is removed unless a later
//     `apt-mark manual` names it, or an `apt-mark showmanual` between the
//     install and the mark saved it to be marked manual again;
//   - yum/dnf/microdnf/zypper: `remove`/`erase`/`autoremove <pkg>`.
//
// A removal inside a branch (`if`, `||`) counts too: the commands of a RUN
// are read in order, not as a control-flow graph.
func Transient(cmds []Command) func(install int, name string) bool {
	type key struct {
		install int
		name    string
	}
	gone := map[key]bool{}
	for i := range cmds {
		c := &cmds[i]
		if !c.Install() || !c.Manager.System() {
			continue
		}
		pkgs := c.InstallPackages()
		remove := func(keep func(string) bool) {
			for _, p := range pkgs {
				if n := c.PackageName(p); !keep(n) {
					gone[key{i, n}] = true
				}
			}
		}
		virtual := ""
		if c.Manager == Apk {
			virtual = optionValue(c, "--virtual", "-t")
		}
		apt := c.Manager == AptGet || c.Manager == Apt
		mark, manual := -1, map[string]bool{}
		if apt {
			mark, manual = aptMarks(c)
		}
		for j := i + 1; j < len(cmds); j++ {
			r := &cmds[j]
			removed := map[string]bool{}
			for _, w := range r.Args { // not r.Packages: `.build-deps` is no local path here
				if strings.HasPrefix(w.Value, "-") {
					continue
				}
				for _, n := range strings.Fields(w.Value) {
					removed[n] = true
				}
			}
			switch {
			case c.Manager == Apk && r.Manager == Apk && r.Sub.Value == "del":
				if virtual != "" && removed[virtual] {
					remove(func(string) bool { return false })
				}
			case apt && (r.Manager == AptGet || r.Manager == Apt) &&
				(r.Sub.Value == "purge" || r.Sub.Value == "remove" || r.Sub.Value == "autoremove"):
				if mark >= 0 && r.Index > mark && (r.Sub.Value == "autoremove" || r.HasOption("--auto-remove", "--autoremove")) {
					remove(func(n string) bool { return manual[n] })
				}
			case r.Manager == c.Manager && (r.Sub.Value == "remove" || r.Sub.Value == "erase" || r.Sub.Value == "autoremove" || r.Sub.Value == "rm"):
			default:
				continue
			}
			remove(func(n string) bool { return !removed[n] })
		}
	}
	return func(install int, name string) bool { return gone[key{install, name}] }
}

// aptMarks reads the apt-mark commands that follow the install command c
// in its script: the index of the first `apt-mark auto` (-1 if none) and
// the packages a later `apt-mark manual` names.
func aptMarks(c *Command) (int, map[string]bool) {
	mark, manual := -1, map[string]bool{}
	for _, sc := range c.Script.Commands[c.Index+1:] {
		pos := sc.Positionals()
		if !sc.Is("apt-mark") || len(pos) == 0 {
			continue
		}
		switch pos[0].Value {
		case "showmanual":
			// `saved="$(apt-mark showmanual)"` after the install and
			// before the mark: `apt-mark manual $saved` keeps the package
			// (`apt-mark showmanual | xargs apt-mark auto` is the mark)
			if mark < 0 && (sc.PipeTo == nil || !sc.PipeTo.Is("apt-mark")) {
				return -1, nil
			}
		case "auto":
			if mark < 0 {
				mark = sc.Index
			}
		case "manual":
			for _, w := range pos[1:] {
				for _, n := range strings.Fields(w.Value) {
					manual[n] = true
				}
			}
		}
	}
	return mark, manual
}

// optionValue returns the value of the first of opts on c (`--virtual
// .build-deps`, `--virtual=.build-deps`, `-t .build-deps`), or "".
func optionValue(c *Command, opts ...string) string {
	for j, a := range c.Args {
		for _, o := range opts {
			if a.Value == o && j+1 < len(c.Args) {
				return c.Args[j+1].Value
			}
			if v, ok := strings.CutPrefix(a.Value, o+"="); ok {
				return v
			}
		}
	}
	return ""
}
