package discover

import (
	"sort"
	"strings"
)

// notDockerfile are endings of files named like Dockerfiles that are not
// (BuildKit's per-Dockerfile ignore files, docs, editor and patch leftovers).
var notDockerfile = []string{".dockerignore", ".md", ".bak", ".orig", ".rej", ".swp", "~"}

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
	variant string // "" for a base, "override", "prod", ...
}

func parseComposeName(name string) (composeName, bool) {
	return parseLowerComposeName(strings.ToLower(name))
}

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
		if strings.HasPrefix(stem, fam+".") && len(stem) > len(fam)+1 {
			return composeName{family: fam, variant: stem[len(fam)+1:]}, true
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

func isOverride(name string) bool {
	cn, _ := parseComposeName(name)
	return cn.variant == "override"
}

// groupCompose splits the compose file names of one directory into
// projects (see the package doc). Each name is in at least one project.
func groupCompose(names []string) [][]string {
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
	var groups [][]string
	grouped := map[string]bool{}
	if winner != "" {
		g := []string{winner}
		grouped[winner] = true
		if o := first(defaultOverrides); o != "" {
			g = append(g, o)
			grouped[o] = true
		}
		groups = append(groups, g)
	}
	for _, n := range names {
		if grouped[n] {
			continue
		}
		cn, _ := parseComposeName(n)
		if cn.variant == "" && lower[strings.ToLower(n)] == n {
			groups = append(groups, []string{n}) // a base that lost to the winner
			continue
		}
		base := familyBase[cn.family]
		if base == "" || base == n {
			base = winner
		}
		if base == "" || base == n {
			groups = append(groups, []string{n})
		} else {
			groups = append(groups, []string{base, n})
		}
	}
	return groups
}
