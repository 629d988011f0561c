package discover

import (
	"regexp"
	"sort"
	"strings"
)

// notDockerfile are endings of files named like Dockerfiles that are not
// (BuildKit's per-Dockerfile ignore files, docs, editor and patch leftovers).
var notDockerfile = []string{".dockerignore", ".md", ".bak", ".orig", ".rej", ".swp", "~"}

// HookExclude is the pre-commit hooks' `exclude` pattern, built from
// notDockerfile so that the hooks and discovery skip the same names
// (.pre-commit-hooks.yaml must carry exactly this; a test checks it).
func HookExclude() string {
	alts := make([]string, len(notDockerfile))
	for i, s := range notDockerfile {
		alts[i] = regexp.QuoteMeta(s)
	}
	return "(?i)(" + strings.Join(alts, "|") + ")$"
}

func isDockerfileLower(n string) bool {
	switch {
	case n == "dockerfile", n == "containerfile":
		return true
	case strings.HasPrefix(n, "dockerfile."), strings.HasPrefix(n, "containerfile."),
		strings.HasSuffix(n, ".dockerfile"), strings.HasSuffix(n, ".containerfile"):
		for _, s := range notDockerfile {
			if strings.HasSuffix(n, s) {
				return false
			}
		}
		return true
	}
	return false
}

// IsComposeName reports whether a base name is a compose file's,
// case-insensitively.
func IsComposeName(name string) bool {
	_, ok := parseComposeName(name)
	return ok
}

// kindOfName classifies a base name; 0 means neither.
func kindOfName(name string) Kind {
	n := strings.ToLower(name)
	if isDockerfileLower(n) {
		return Dockerfile
	}
	if _, ok := parseLowerComposeName(n); ok {
		return Compose
	}
	return 0
}

// composeName is a compose file name taken apart (lower case).
type composeName struct {
	family  string // "compose" or "docker-compose"
	variant string // "" for a base; "override", "prod", "dev", ...
}

func parseComposeName(name string) (composeName, bool) {
	return parseLowerComposeName(strings.ToLower(name))
}

// parseLowerComposeName recognises compose.yaml, docker-compose.yml, the
// dotted variants compose.<x>.yaml and the dashed ones compose-<x>.yaml
// (docker-compose-<x>.yml too), .yaml or .yml. Keep
// .pre-commit-hooks.yaml's pattern in step (TestPreCommitPattern).
func parseLowerComposeName(n string) (composeName, bool) {
	var stem string
	switch {
	case strings.HasSuffix(n, ".yaml"):
		stem = n[:len(n)-5]
	case strings.HasSuffix(n, ".yml"):
		stem = n[:len(n)-4]
	default:
		return composeName{}, false
	}
	for _, fam := range []string{"docker-compose", "compose"} {
		if stem == fam {
			return composeName{family: fam}, true
		}
		for _, sep := range []string{".", "-"} {
			if strings.HasPrefix(stem, fam+sep) && len(stem) > len(fam)+1 {
				return composeName{family: fam, variant: stem[len(fam)+1:]}, true
			}
		}
	}
	return composeName{}, false
}

// Docker compose's default names, in its order of preference
// (compose-go cli.DefaultFileNames and DefaultOverrideFileNames).
var (
	defaultBases     = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}
	defaultOverrides = []string{"compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"}
)

// Grouping says why a target holds the files it holds.
type Grouping string

const (
	// GroupDefault: the directory's default project, as `docker compose`
	// loads it with no -f: the base and its override.
	GroupDefault Grouping = "default"
	// GroupOtherBase: a second base file beside the one docker compose
	// prefers, alone (as `docker compose -f` loads it).
	GroupOtherBase Grouping = "other-base"
	// GroupOnBase: a variant that patches the base's services (some
	// service has neither image nor build), laid on top of its base.
	GroupOnBase Grouping = "variant-on-base"
	// GroupComplete: a variant that is a complete project by itself
	// (every service has an image, a build or extends), alone.
	GroupComplete Grouping = "complete-variant"
	// GroupUnreadable: a variant that could not be read or parsed to
	// tell, alone (where its error is reported once).
	GroupUnreadable Grouping = "unreadable-variant"
	// GroupNoBase: a variant or override with no base in its directory, alone.
	GroupNoBase Grouping = "no-base"
	// GroupStack: the -f list, in the order given.
	GroupStack Grouping = "stack"
	// GroupNamed: a file without a compose name named on the command line
	// (compose by --type or by its content), or standard input; alone.
	GroupNamed Grouping = "named"
	// GroupNone: a Dockerfile.
	GroupNone Grouping = ""
)

// Describe says in words why a target was grouped so.
func (g Grouping) Describe() string {
	switch g {
	case GroupDefault:
		return "default project: what docker compose loads without -f"
	case GroupOtherBase:
		return "another base beside the preferred one: alone"
	case GroupOnBase:
		return "variant patching its base's services: on top of the base"
	case GroupComplete:
		return "variant that is a complete project: alone"
	case GroupUnreadable:
		return "variant that could not be read: alone"
	case GroupNoBase:
		return "no base file in its directory: alone"
	case GroupStack:
		return "-f files, in the order given"
	case GroupNamed:
		return "named on the command line: alone"
	}
	return ""
}

// group is one compose project of a directory.
type group struct {
	files []string
	why   Grouping
}

// of reports whether the project is the one docker compose forms for
// name: the default project for its base and its override, else the
// project a file ends.
func (g group) of(name string) bool {
	if g.why == GroupDefault {
		return containsName(g.files, name)
	}
	return g.files[len(g.files)-1] == name
}

// groupCompose splits the compose file names of one directory into
// projects (see the package doc). Each name is in at least one project.
// variant says whether a variant is a complete project by itself; it is
// called only for variants that have a base to go on.
func groupCompose(names []string, variant func(name string) Grouping) []group {
	names = append([]string(nil), names...)
	sort.Strings(names)
	lower := make(map[string]string, len(names)) // lower-case -> first name
	for _, n := range names {
		l := strings.ToLower(n)
		if _, dup := lower[l]; !dup {
			lower[l] = n
		}
	}
	first := func(cands []string) string {
		for _, c := range cands {
			if n, ok := lower[c]; ok {
				return n
			}
		}
		return ""
	}
	winner := first(defaultBases)
	familyBase := map[string]string{
		"compose":        first(defaultBases[:2]),
		"docker-compose": first(defaultBases[2:]),
	}
	var groups []group
	grouped := map[string]bool{}
	if winner != "" {
		g := []string{winner}
		grouped[winner] = true
		if o := first(defaultOverrides); o != "" {
			g = append(g, o)
			grouped[o] = true
		}
		groups = append(groups, group{g, GroupDefault})
	}
	for _, n := range names {
		if grouped[n] {
			continue
		}
		cn, _ := parseComposeName(n)
		if cn.variant == "" && lower[strings.ToLower(n)] == n {
			groups = append(groups, group{[]string{n}, GroupOtherBase}) // a base that lost to the winner
			continue
		}
		base := familyBase[cn.family]
		if base == "" || base == n {
			base = winner
		}
		if base == "" || base == n {
			groups = append(groups, group{[]string{n}, GroupNoBase})
			continue
		}
		if why := variant(n); why != GroupOnBase {
			groups = append(groups, group{[]string{n}, why})
			continue
		}
		groups = append(groups, group{[]string{base, n}, GroupOnBase})
	}
	return groups
}
