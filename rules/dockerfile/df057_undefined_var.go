package dockerfile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/moby/buildkit/util/suggest"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// UndefinedVar flags variables used by instructions that expand them
// (ENV, ARG, LABEL, COPY, ADD, WORKDIR, USER, VOLUME, STOPSIGNAL, RUN
// --mount) but not defined in the stage.
var UndefinedVar = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF057",
		Name:       "undefined-var",
		Severity:   rule.Warning,
		Summary:    "define the variables an instruction uses (ARG or ENV in the stage) before using them",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"UndefinedVar"}},
		Doc: rule.Doc{
			Why: "Docker expands `$VAR` in `ENV`, `ARG`, `LABEL`, `COPY`, `ADD`, `WORKDIR`, `USER`, `VOLUME`, " +
				"`STOPSIGNAL` and `RUN --mount` itself, and an undefined variable becomes an empty string: " +
				"`COPY app-${TARGETARCH} /app` copies `app-`, `WORKDIR $APP_HOME` goes to `/`. The usual " +
				"causes: a global `ARG` (before the first `FROM`) used in a stage without `ARG NAME` in " +
				"that stage, a platform ARG (`TARGETARCH`) not declared in the stage, a variable defined " +
				"only later, in another stage, or in the same `ENV` instruction (`ENV A=1 B=$A` does not " +
				"see `A`), and typos. `RUN`, `CMD` and `ENTRYPOINT` are not checked: their shell expands " +
				"variables at run time.\n\n" +
				"BuildKit also knows the `ENV` of the base image, which it reads from the registry. " +
				"dockguard works offline, so in a stage built on an image it reports a variable only when " +
				"the Dockerfile itself shows the mistake (the name is a global or platform ARG, or is " +
				"defined elsewhere in the file); in a stage built on `scratch` or on the official " +
				"`alpine`, `busybox`, `debian` and `ubuntu` images (whose only variable is `PATH`) every " +
				"undefined variable is reported. As in BuildKit, `${VAR:-default}` counts as a use, and an `ARG VAR` without " +
				"a value defines `VAR`." +
				buildKitDoc("UndefinedVar", "undefined-var"),
			Bad:  "ARG VERSION=1.4.2\nFROM alpine:3.20\nLABEL org.opencontainers.image.version=$VERSION\n",
			Good: "ARG VERSION=1.4.2\nFROM alpine:3.20\nARG VERSION\nLABEL org.opencontainers.image.version=$VERSION\n",
		},
	},
	Dockerfile: checkUndefinedVar,
}

// nonEnvArgs are build args BuildKit never puts in the environment.
var nonEnvArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

type varDef struct {
	line  int // where it is defined (0: inherited)
	stage *dockerfile.Stage
}

func checkUndefinedVar(p *rule.Pass, f *dockerfile.File) {
	esc := escByte(f)
	// every name the file defines, and where first
	elsewhere := map[string][]varDef{}
	globals := map[string]bool{}
	for _, in := range f.Instructions {
		if in.Keyword != "ARG" && in.Keyword != "ENV" {
			continue
		}
		for _, v := range in.Vars {
			elsewhere[v.Key] = append(elsewhere[v.Key], varDef{line: in.StartLine, stage: in.Stage})
			if in.Stage == nil {
				globals[v.Key] = true
			}
		}
	}
	ends := map[*dockerfile.Stage]map[string]bool{}
	for _, s := range f.Stages {
		defs := map[string]bool{"PATH": true}
		if parent := s.Parent(); parent != nil {
			for k := range ends[parent] {
				defs[k] = true
			}
		}
		complete := knownEnvBase(&s.Root().Base) // no base image ENV to guess about
		check := func(in *dockerfile.Instruction, tok dockerfile.Token, literalQuotes bool, rangeOf func(r varRef) source.Range, own map[string]bool) {
			for _, r := range varRefs(tok.Value, esc, literalQuotes) {
				if defs[r.name] || nonEnvArgs[r.name] {
					continue
				}
				msg, ok := undefinedVarMessage(r.name, in, s, own, elsewhere, globals, complete)
				if !ok {
					continue
				}
				if m, found := suggest.Search(r.name, sortedKeys(defs), true); found && m != r.name {
					msg += fmt.Sprintf(" (did you mean $%s?)", m)
				}
				if !r.plain && strings.Contains(tok.Value[r.s:r.e], "-") {
					// ${X:-d}: the default, not an empty string
					msg = strings.Replace(msg, "it expands to an empty string", "its default is always used", 1)
				}
				p.Report(rule.Diagnostic{Range: rangeOf(r), Subject: s.DisplayName(), Message: msg})
			}
		}
		inTok := func(in *dockerfile.Instruction, tok dockerfile.Token) func(varRef) source.Range {
			return func(r varRef) source.Range { return in.SubRange(tok, r.s, r.e) }
		}
		for _, in := range s.Instructions {
			var toks []dockerfile.Token
			switch in.Keyword {
			case "ARG":
				for _, v := range in.Vars {
					if v.HasValue {
						tok := dockerfile.Token{Value: v.Value, Range: v.ValueRange}
						check(in, tok, false, inTok(in, tok), nil)
					}
					defs[v.Key] = true
				}
				continue
			case "ENV":
				own := map[string]bool{}
				for _, v := range in.Vars {
					own[v.Key] = true
				}
				for _, v := range in.Vars {
					others := map[string]bool{} // ENV A=$A refers to the A from before
					for k := range own {
						others[k] = k != v.Key
					}
					tok := dockerfile.Token{Value: v.Value, Range: v.ValueRange}
					check(in, tok, false, inTok(in, tok), others)
				}
				for k := range own {
					defs[k] = true
				}
				continue
			case "LABEL", "WORKDIR", "USER", "VOLUME", "STOPSIGNAL":
				toks = in.Args
			case "COPY", "ADD":
				for _, name := range []string{"chown", "chmod", "checksum"} {
					if t, ok := flagToken(in, name); ok {
						toks = append(toks, t)
					}
				}
				toks = append(toks, in.Args...)
				for _, hd := range in.Heredocs {
					if hd.Expand {
						tok := dockerfile.Token{Value: hd.Content}
						check(in, tok, true, func(r varRef) source.Range { return findInLines(f, hd.First, hd.Last, hd.Content[r.s:r.e]) }, nil)
					}
				}
			case "RUN":
				for _, fl := range in.Flags {
					if fl.Name != "mount" {
						continue
					}
					if t, ok := in.TokenAt(fl.Range); ok {
						toks = append(toks, t)
					}
				}
			}
			for _, tok := range toks {
				check(in, tok, false, inTok(in, tok), nil)
			}
		}
		ends[s] = defs
	}
}

// undefinedVarMessage says why name is undefined at in, and whether to
// report it at all (a stage built on an image may get it from the image).
func undefinedVarMessage(name string, in *dockerfile.Instruction, s *dockerfile.Stage, own map[string]bool,
	elsewhere map[string][]varDef, globals map[string]bool, complete bool) (string, bool) {
	var later, other *varDef
	for i, d := range elsewhere[name] {
		if d.stage == s && d.line > in.StartLine && later == nil {
			later = &elsewhere[name][i]
		}
		if d.stage != nil && d.stage != s && other == nil {
			other = &elsewhere[name][i]
		}
	}
	switch {
	case own[name]:
		return fmt.Sprintf("$%s is set by this same ENV instruction, which does not see its own values: set it in an earlier ENV", name), true
	case later != nil:
		return fmt.Sprintf("$%s is used before its definition on line %d: it expands to an empty string here", name, later.line), true
	case globals[name]:
		return fmt.Sprintf("$%s is a global ARG, which a stage does not see: add `ARG %s` after the FROM of stage %q", name, name, s.DisplayName()), true
	case platformArgs[name]:
		return fmt.Sprintf("$%s is empty in a stage that does not declare it: add `ARG %s` after the FROM", name, name), true
	case other != nil:
		return fmt.Sprintf("$%s is defined in stage %q, not in this stage or a stage it is built on: it expands to an empty string", name, other.stage.DisplayName()), true
	case complete:
		return fmt.Sprintf("$%s is not defined: it expands to an empty string", name), true
	}
	return "", false
}

// knownEnvBase reports whether a stage built on b gets no variable but
// PATH from it: scratch, and the official distribution images whose
// config sets only PATH (alpine, busybox, debian, ubuntu).
func knownEnvBase(b *dockerfile.Base) bool {
	if b.Scratch {
		return true
	}
	if !b.IsImage() || !b.Ref.IsOfficial() {
		return false
	}
	switch b.Ref.FamiliarName() {
	case "alpine", "busybox", "debian", "ubuntu":
		return true
	}
	return false
}

// findInLines returns the range of the first occurrence of text on lines
// first..last, or the start of line first.
func findInLines(f *dockerfile.File, first, last int, text string) source.Range {
	for n := first; n <= last; n++ {
		if r, ok := f.Source.Find(n, 1, text); ok {
			return r
		}
	}
	return source.Range{Start: source.Pos{Line: first, Col: 1}, End: source.Pos{Line: first, Col: 1}}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
