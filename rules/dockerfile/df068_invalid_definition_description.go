package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// InvalidDefinitionDescription flags a comment right above FROM ... AS or
// ARG that does not start with the stage or argument name.
var InvalidDefinitionDescription = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF068",
		Name:       "invalid-definition-description",
		Severity:   rule.Info,
		Summary:    "start the comment above a stage or ARG with its name, or separate it with an empty `#` line",
		Tags:       []string{"style", "buildkit"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"InvalidDefinitionDescription"}},
		Doc: rule.Doc{
			Why: "`docker buildx build --call=outline` and `--call=targets` show the comment right above a " +
				"named `FROM` or an `ARG` as its description when the comment starts with the stage or " +
				"argument name (`# VERSION the release to build`). A comment there that does not start " +
				"with the name is shown as nothing and reads like a broken description.\n\n" +
				"This follows BuildKit's code, which differs from its documentation in two ways worth " +
				"knowing: an empty line between the comment and the instruction does not separate them " +
				"(only an empty `#` line or another instruction does), and the stage name is compared in " +
				"lowercase; an indented comment is always reported (BuildKit keeps its `#` in the text). In BuildKit the check is experimental: `docker build --check` runs it only " +
				"with `# check=experimental=InvalidDefinitionDescription`." +
				buildKitDoc("InvalidDefinitionDescription", "invalid-definition-description"),
			Bad:  "# Build the binary\nFROM golang:1.23 AS build\n",
			Good: "# build compiles the binary\nFROM golang:1.23 AS build\n",
			Fix:  "Start the comment with the name, or put an empty `#` line between the comment and the instruction.",
		},
	},
	Dockerfile: checkInvalidDefinitionDescription,
}

func checkInvalidDefinitionDescription(p *rule.Pass, f *dockerfile.File) {
	for _, w := range buildKitWarnings(f, "InvalidDefinitionDescription") {
		in := w.Instruction
		prev := in.Node.PrevComment
		if len(prev) == 0 {
			continue
		}
		text := prev[len(prev)-1]
		rng := in.KeywordRange
		for n := in.StartLine - 1; n >= 1; n-- {
			line := f.Source.Line(n)
			t := strings.TrimSpace(line)
			if t == "" {
				continue
			}
			// BuildKit keeps the line after its first byte: an indented
			// comment keeps its '#'
			if strings.HasPrefix(t, "#") && (strings.TrimSpace(t[1:]) == text || strings.TrimSpace(line[1:]) == text) {
				lead := len([]rune(line)) - len([]rune(strings.TrimLeft(line, " \t")))
				rng = source.Range{Start: source.Pos{Line: n, Col: lead + 1}, End: source.Pos{Line: n, Col: lead + 1 + len([]rune(t))}}
			}
			break
		}
		what := "ARG"
		name := "<name>"
		if in.Keyword == "FROM" && in.Stage != nil {
			what, name = "stage "+quote(in.Stage.Name), in.Stage.Name
		} else if len(in.Vars) == 1 {
			what, name = "ARG "+in.Vars[0].Key, in.Vars[0].Key
		}
		p.Report(rule.Diagnostic{Range: rng, Subject: in.Stage.DisplayName(),
			Message: fmt.Sprintf("the comment above %s is read as its description: start it with %q (`# %s <description>`), or put an empty `#` line between them", what, name, name)})
	}
}
