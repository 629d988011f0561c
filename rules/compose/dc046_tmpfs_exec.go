package compose

import (
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// TmpfsExec notes tmpfs mounts that allow executables, setuid files or
// device nodes.
var TmpfsExec = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC046",
		Name:       "tmpfs-exec-suid",
		Severity:   rule.Info,
		Summary:    "keep tmpfs mounts noexec,nosuid,nodev: drop exec, suid and dev from tmpfs options",
		Tags:       []string{"security", "isolation"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0022"}},
		Doc: rule.Doc{
			Why: "A tmpfs is writable scratch space, and the natural place for an attacker to drop a payload " +
				"and run it, or to plant a setuid binary. Docker mounts every tmpfs of a service — `tmpfs:` " +
				"entries and `type: tmpfs` volumes alike — `noexec,nosuid,nodev` by default, so `tmpfs: /tmp` " +
				"is already safe and is not reported, and the long syntax (`tmpfs: {size, mode}`) cannot change " +
				"those flags. What turns them off is an option: `tmpfs: /tmp:exec` (or `suid`, `dev`) replaces " +
				"the default, and the last of `exec`/`noexec` wins as in mount(8). The rule reports such " +
				"`tmpfs:` entries, and the mounts of named volumes backed by tmpfs (`driver_opts: {type: " +
				"tmpfs, device: tmpfs}` with the local driver): the engine mounts those with exactly the " +
				"options in `o:` and adds no default, so without `noexec,nosuid,nodev` there they allow all " +
				"three. One finding per service, at its first such mount, in whichever file sets it; the " +
				"other mounts and the volumes' `driver_opts` are related locations. Keep `exec` only where " +
				"the service must run or load files from the mount (Java libraries that unpack native code " +
				"into /tmp, such as sqlite-jdbc or Netty, JIT caches, package installers), and ignore the rule " +
				"for that service. compose-lint's CL-0022 reports the same `tmpfs:` options, once per entry; " +
				"it does not look at tmpfs-backed volumes.",
			Bad:  "services:\n  app:\n    image: ghcr.io/acme/app:1.4\n    read_only: true\n    tmpfs:\n      - /tmp:exec,size=64m\n",
			Good: "services:\n  app:\n    image: ghcr.io/acme/app:1.4\n    read_only: true\n    tmpfs:\n      - /tmp:size=64m\n",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			// One finding per service, at its first such mount; the
			// others are related locations.
			var offs []tmpfsOffence
			for _, entry := range s.Config.Tmpfs {
				path, opts, _ := strings.Cut(entry, ":")
				on := allowed(append([]string{"noexec", "nosuid", "nodev"}, strings.Split(opts, ",")...))
				if len(on) == 0 {
					continue
				}
				name := fmt.Sprintf("tmpfs %q", path)
				offs = append(offs, tmpfsOffence{
					where: proj.LocateString(s.Name, "tmpfs", func(v string) bool { return v == entry }),
					name:  name,
					what:  fmt.Sprintf("%s is mounted with %s", name, strings.Join(on, ",")),
					msg: fmt.Sprintf("service %q: %s is mounted with %s, which turns off Docker's default %s; remove %s from its options unless the service must %s",
						s.Name, name, strings.Join(on, ","), negate(on), strings.Join(on, ", "), needs(on)),
				})
			}
			for _, v := range s.Config.Volumes {
				if v.Type != types.VolumeTypeVolume || v.Source == "" {
					continue
				}
				vol, ok := proj.Model.Volumes[v.Source]
				if !ok || bool(vol.External) || (vol.Driver != "" && vol.Driver != "local") || vol.DriverOpts["type"] != "tmpfs" {
					continue
				}
				on := allowed(strings.Split(vol.DriverOpts["o"], ","))
				if len(on) == 0 {
					continue
				}
				o := tmpfsOffence{
					where: proj.LocateVolume(s.Name, v),
					name:  fmt.Sprintf("volume %q", v.Source),
					what:  fmt.Sprintf("volume %q is a tmpfs whose driver_opts o: lacks %s", v.Source, negate(on)),
					msg: fmt.Sprintf("service %q mounts volume %q, a tmpfs whose driver_opts o: lacks %s (the engine adds no default to a volume); add %s to o:",
						s.Name, v.Source, negate(on), negate(on)),
				}
				def, ok := proj.LookupTop("volumes." + v.Source + ".driver_opts.o")
				if !ok {
					def, ok = proj.LookupTop("volumes." + v.Source + ".driver_opts")
				}
				if ok {
					o.related = []rule.Related{{Path: def.Path, Range: def.Range, Message: fmt.Sprintf("volume %q is a tmpfs mounted with the options of driver_opts o: only", v.Source)}}
				}
				offs = append(offs, o)
			}
			if len(offs) == 0 {
				continue
			}
			first, msg, related := offs[0], offs[0].msg, offs[0].related
			if len(offs) > 1 {
				var names []string
				for _, o := range offs[1:] {
					names = append(names, o.name)
					related = append(related, rule.Related{Path: o.where.Path, Range: o.where.Range, Message: o.what})
					related = append(related, o.related...)
				}
				msg += fmt.Sprintf(" (the same goes for %s: see the related locations)", strings.Join(names, ", "))
			}
			p.Report(rule.Diagnostic{Path: first.where.Path, Range: first.where.Range, Subject: s.Name, Related: related, Message: msg})
		}
	},
}

// tmpfsOffence is one tmpfs mount of a service that allows exec, suid or dev.
type tmpfsOffence struct {
	where   source.Location
	name    string // `tmpfs "/tmp"`, `volume "scratch"`
	what    string // as a related location
	msg     string // as the finding
	related []rule.Related
}

// allowed returns, in the order exec, suid, dev, the protections that the
// mount options (in order: the last of a pair wins) leave off.
func allowed(opts []string) []string {
	var on []string
	for _, flag := range []string{"exec", "suid", "dev"} {
		state := flag // no option: allowed (mount(8) default)
		for _, o := range opts {
			if o = strings.TrimSpace(o); o == flag || o == "no"+flag {
				state = o
			}
		}
		if state == flag {
			on = append(on, flag)
		}
	}
	return on
}

// needs says what a service would need the flags for, for messages.
func needs(flags []string) string {
	var out []string
	for _, f := range flags {
		out = append(out, map[string]string{"exec": "run or load files from it", "suid": "run setuid programs from it", "dev": "use device nodes on it"}[f])
	}
	return strings.Join(out, " and ")
}

// negate lists the no- form of flags: [exec suid] -> "noexec,nosuid".
func negate(flags []string) string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = "no" + f
	}
	return strings.Join(out, ",")
}
