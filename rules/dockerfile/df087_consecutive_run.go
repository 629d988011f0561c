package dockerfile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// ConsecutiveRun flags short RUN instructions that directly follow
// another one and could be merged with it.
var ConsecutiveRun = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF087",
		Name:     "consecutive-run",
		Severity: rule.Info,
		Summary:  "merge consecutive short RUN instructions into one",
		Tags:     []string{"hygiene", "image-size"},
		RuleSet:  rule.Strict,
		Since:    "0.2",
		References: rule.Refs{
			rule.Hadolint: {"DL3059"},
			rule.KICS:     {"Multiple RUN, ADD, COPY, Instructions Listed"},
		},
		Doc: rule.Doc{
			Why: "Every RUN makes a layer. Two RUNs in a row cost a layer and a build step each, and a file the " +
				"first one creates and the second one deletes still ships in the first layer. The rule follows " +
				"hadolint's DL3059: it reports a RUN that directly follows another RUN of the same stage (comments " +
				"between them do not count) with the same flags (`--mount`, `--network`...), when neither runs more " +
				"than two commands: RUNs that already chain several commands were most likely split on purpose " +
				"(to cache a slow step, for instance).",
			Bad:  "FROM debian:12\nRUN useradd -r app\nRUN mkdir -p /data\n",
			Good: "FROM debian:12\nRUN useradd -r app && mkdir -p /data\n",
			Fix: "Join the commands with `&&` in one RUN (or one `RUN <<EOF` heredoc). Keep them apart where a " +
				"separate layer is wanted for caching, and say so with `# dockguard ignore=DF087` above the RUN.",
		},
	},
	Dockerfile: checkConsecutiveRun,
}

func checkConsecutiveRun(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		var prev *dockerfile.Instruction
		for _, in := range st.Instructions {
			if !in.Is("RUN") {
				prev = nil
				continue
			}
			if prev != nil && runFlags(prev) == runFlags(in) && runCommands(prev) <= 2 && runCommands(in) <= 2 && !updateThenInstall(prev, in) {
				p.Report(rule.Diagnostic{Range: in.KeywordRange, Subject: st.DisplayName(),
					Message: fmt.Sprintf("merge this RUN into the RUN on line %d (join the commands with `&&`): each RUN makes a layer", prev.StartLine),
					Related: []rule.Related{{Range: prev.KeywordRange, Message: "the previous RUN"}}})
			}
			prev = in
		}
	}
}

// runFlags is the RUN's flags as a comparable string.
func runFlags(in *dockerfile.Instruction) string {
	var fl []string
	for _, f := range in.Flags {
		fl = append(fl, f.Name+"="+f.Value)
	}
	sort.Strings(fl)
	return strings.Join(fl, "\x00")
}

// runCommands counts the commands the RUN's own script runs (not those of
// `sh -c` bodies); a RUN that is not read as shell counts as one.
func runCommands(in *dockerfile.Instruction) int {
	sc := in.Script()
	if sc == nil || sc.Skipped != "" || sc.Err != nil {
		return 1
	}
	n := 0
	for _, c := range sc.Commands {
		if c.Depth == 0 {
			n++
		}
	}
	return n
}

// updateThenInstall reports whether prev refreshes a package index that
// only in installs from: DF073 reports that pair (update and install in
// the same RUN), at a higher severity.
func updateThenInstall(prev, in *dockerfile.Instruction) bool {
	pc := pkgmgr.Commands(prev.Script())
	ic := pkgmgr.Commands(in.Script())
	for i, c := range pc {
		if updateWithoutInstall(pc, i) && installsFrom(ic, c.Manager) {
			return true
		}
	}
	return false
}
