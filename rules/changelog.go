package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/rule"
)

// Released lists the releases (X.Y) published so far, oldest first. A
// version that rules name in Since or Changed but that is not here is the
// next release, headed "Unreleased" in CHANGELOG.md. The release process
// (RELEASING.md) adds the version here on the release commit.
var Released = []string{"0.1"}

// releaseVersion matches what the top-level VERSION file says on a
// release commit (X.Y.Z, optionally with a pre-release suffix).
var releaseVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// Changelog renders CHANGELOG.md from the rules' Since and Changed: one
// section per release, newest first, listing the rules it added and the
// rules whose findings it changed.
func Changelog(reg *rule.Registry) string {
	added := map[string][]*rule.Rule{}
	changed := map[string][]*rule.Rule{}
	versions := slices.Clone(Released)
	for _, r := range reg.All() {
		added[r.Since] = append(added[r.Since], r)
		if r.Changed != "" && r.Changed != r.Since {
			changed[r.Changed] = append(changed[r.Changed], r)
		}
		for _, v := range []string{r.Since, r.Changed} {
			if v != "" && !slices.Contains(versions, v) {
				versions = append(versions, v)
			}
		}
	}
	slices.SortFunc(versions, func(a, b string) int { return finding.CompareVersions(b, a) })

	var b strings.Builder
	b.WriteString("# Changelog\n\n")
	b.WriteString("<!-- generated from the rules' since and changed: DOCKGUARD_UPDATE_GOLDEN=1 go test ./rules -->\n\n")
	b.WriteString("The rules each release added, and the rules whose findings it changed. A workflow pinned to a\n" +
		"moving major tag (`uses: dockguard/dockguard@v1`) gets new rules with each release; set\n" +
		"`ruleset-version` to the release you last reviewed to keep to its rules (see the README).\n")
	for _, v := range versions {
		if slices.Contains(Released, v) {
			fmt.Fprintf(&b, "\n## %s\n", v)
		} else {
			fmt.Fprintf(&b, "\n## Unreleased (%s)\n", v)
		}
		if len(added[v]) == 0 && len(changed[v]) == 0 {
			b.WriteString("\nNo rule added or changed.\n")
		}
		for _, part := range []struct {
			title string
			rules []*rule.Rule
		}{{"Added", added[v]}, {"Changed", changed[v]}} {
			if len(part.rules) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n### %s\n\n", part.title)
			rules := slices.SortedFunc(slices.Values(part.rules), func(a, b *rule.Rule) int { return strings.Compare(a.ID, b.ID) })
			for _, r := range rules {
				fmt.Fprintf(&b, "- [%s](docs/rules/%s.md) %s (%s): %s\n", r.ID, r.ID, r.Name, r.RuleSet, r.Summary)
			}
		}
	}
	return b.String()
}
