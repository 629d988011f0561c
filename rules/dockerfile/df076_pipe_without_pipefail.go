package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// PipeWithoutPipefail flags RUN pipelines whose failures are hidden.
var PipeWithoutPipefail = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF076",
		Name:       "pipe-without-pipefail",
		Severity:   rule.Info,
		Summary:    "set -o pipefail (or SHELL with -o pipefail) before a pipe in RUN",
		Tags:       []string{"hygiene", "correctness"},
		RuleSet:    rule.Strict,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL4006"}, rule.KICS: {"Shell Running A Pipe Without Pipefail Flag"}, rule.Semgrep: {"set-pipefail"}},
		Doc: rule.Doc{
			Why: "A pipeline's exit status is that of its last command: in `RUN wget -O- https://x | tar xz` a " +
				"failed download still lets the step succeed, and the image is built without the files. With " +
				"`set -o pipefail` (bash, zsh, ksh, and busybox ash) any failing command fails the pipeline. The " +
				"rule reports the first pipe of a RUN in a POSIX shell form when neither the stage's `SHELL` " +
				"has `-o pipefail` nor the RUN runs `set -o pipefail` (or `set -euo pipefail`) before it; a pipe " +
				"out of `echo` or `printf` is not reported (it cannot fail in a way that matters). " +
				"Debian's and Ubuntu's `/bin/sh` is dash, and dash 0.5.12 (Debian 12 and 13, Ubuntu 24.04) has no " +
				"pipefail (`set: Illegal option -o pipefail` fails the build; dash added the option after 0.5.12): use " +
				"`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` there. The Docker official images do not " +
				"set it, which is why the rule is in the strict set.",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates\nRUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n",
			Fix:  "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN (Debian, Ubuntu), or start the RUN with `set -o pipefail &&` (Alpine's ash has it).",
		},
	},
	Dockerfile: checkPipeWithoutPipefail,
}

func checkPipeWithoutPipefail(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil || sc.Skipped != "" || !sc.Exec && hasPipefail(sc.Shell) {
			continue
		}
		set := map[int]bool{0: false} // per script depth: pipefail set so far
		for _, c := range sc.Commands {
			if c.Is("set") && hasPipefail(wordValues(c.Args)) {
				set[c.Depth] = true
			}
			// echo and printf of a value cannot fail in a way pipefail would catch.
			if c.PipeTo != nil && !set[c.Depth] && !c.PipeTo.Is("true") && !c.Is("echo", "printf") {
				advice := "use SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"], or start the RUN with set -o pipefail where /bin/sh has it (busybox ash, not Debian's dash)"
				if !sc.Exec && busyboxBased(in.Stage) && len(sc.Shell) > 0 && sc.Shell[0] == "/bin/sh" {
					advice = "start the script with set -o pipefail (BusyBox's sh has it)"
				}
				p.Report(rule.Diagnostic{Range: c.PipeTo.Name.Range, Subject: in.Stage.DisplayName(),
					Message: "the pipe into " + c.PipeTo.Base() + " hides a failure of " + c.Base() + ": " + advice})
				break // one per RUN
			}
		}
	}
}

// hasPipefail reports whether shell options include pipefail
// (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`).
func hasPipefail(args []string) bool {
	for i, a := range args {
		if a == "pipefail" && i > 0 && len(args[i-1]) > 1 && args[i-1][0] == '-' && args[i-1][len(args[i-1])-1] == 'o' {
			return true
		}
	}
	return false
}

func wordValues(ws []dockerfile.Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Value
	}
	return out
}
