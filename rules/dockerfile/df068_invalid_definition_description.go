package dockerfile

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// InvalidDefinitionDescription flags a comment right above FROM ... AS or
// ARG that does not describe it in the `# <name> <description>` form.
var InvalidDefinitionDescription = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF068",
		Name:       "invalid-definition-description",
		Severity:   rule.Info,
		Summary:    "start the comment right above a stage or ARG with its name, or separate it with an empty line",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"InvalidDefinitionDescription"}},
		Doc: rule.Doc{
			Why: "`docker buildx build --call=outline` and `--call=targets` show the comment right above a " +
				"named `FROM` or an `ARG` as its description when one of its lines starts with the stage or " +
				"argument name (`# VERSION the release to build`). A comment there in another form is read " +
				"as nothing and looks like a broken description.\n\n" +
				"The rule follows BuildKit's documentation and its outline: the comment lines directly above " +
				"the instruction (an empty line or an empty `#` line ends them; suppression comments such as " +
				"`# hadolint ignore=` are skipped) need one line that starts with the name (for an `ARG` " +
				"with several keys, any of them; stage names in lowercase, as BuildKit stores them). " +
				"BuildKit 0.34's own check, which is experimental and runs only with " +
				"`# check=experimental=InvalidDefinitionDescription`, looks at the last comment line only " +
				"and also across empty lines, so it flags multi-line descriptions and unrelated comments " +
				"that its documentation calls fine; dockguard does not." +
				buildKitDoc("InvalidDefinitionDescription", "invalid-definition-description"),
			Bad:  "# Build the binary\nFROM golang:1.23 AS build\n",
			Good: "# build compiles the binary\nFROM golang:1.23 AS build\n",
			Fix:  "Start a line of the comment with the name, or put an empty line between the comment and the instruction.",
		},
	},
	Dockerfile: checkInvalidDefinitionDescription,
}

// pragmaRE matches comments addressed to tools, which are not prose.
var pragmaRE = regexp.MustCompile(`(?i)^#\s*(dockguard\b|hadolint\b|trivy:|checkov:|kics-scan\b|check\s*=|syntax\s*=|escape\s*=|shellcheck\b|nosec\b|noqa\b)`)

func checkInvalidDefinitionDescription(p *rule.Pass, f *dockerfile.File) {
	directive := map[int]bool{}
	for _, d := range f.Directives {
		directive[d.Range.Start.Line] = true
	}
	for _, in := range f.Instructions {
		var names []string
		what := ""
		switch {
		case in.Keyword == "FROM" && in.Stage != nil && in.Stage.Name != "":
			names, what = []string{in.Stage.Name}, "stage "+quote(in.Stage.Name)
		case in.Keyword == "ARG" && len(in.Vars) > 0:
			for _, v := range in.Vars {
				names = append(names, v.Key)
			}
			what = "ARG " + strings.Join(names, " ")
		default:
			continue
		}
		var block []int // comment lines right above, nearest first
		for n := in.StartLine - 1; n >= 1 && !directive[n]; n-- {
			t := strings.TrimSpace(f.Source.Line(n))
			if !strings.HasPrefix(t, "#") || strings.TrimSpace(t[1:]) == "" {
				break
			}
			if pragmaRE.MatchString(t) {
				continue
			}
			block = append(block, n)
		}
		if len(block) == 0 || describes(f, block, names) {
			continue
		}
		n := block[0]
		line := f.Source.Line(n)
		lead := len([]rune(line)) - len([]rune(strings.TrimLeft(line, " \t")))
		rng := source.Range{Start: source.Pos{Line: n, Col: lead + 1}, End: source.Pos{Line: n, Col: lead + 1 + len([]rune(strings.TrimSpace(line)))}}
		p.Report(rule.Diagnostic{Range: rng, Subject: in.Stage.DisplayName(),
			Message: fmt.Sprintf("the comment right above %s is not a description in BuildKit's form: start a line with %q (`# %s <description>`), or put an empty line between them", what, names[0], names[0])})
	}
}

// describes reports whether a line of the comment block starts with one of
// the names followed by a blank (BuildKit's getDocComment).
func describes(f *dockerfile.File, block []int, names []string) bool {
	for _, n := range block {
		t := strings.TrimSpace(strings.TrimSpace(f.Source.Line(n))[1:])
		for _, name := range names {
			if strings.HasPrefix(t, name+" ") {
				return true
			}
		}
	}
	return false
}
