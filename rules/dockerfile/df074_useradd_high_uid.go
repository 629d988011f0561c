package dockerfile

import (
	"strconv"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// UseraddHighUID flags `useradd` with a large UID and no -l.
var UseraddHighUID = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF074",
		Name:       "useradd-high-uid",
		Severity:   rule.Warning,
		Summary:    "add -l (--no-log-init) to useradd with a large UID",
		Tags:       []string{"correctness", "image-size"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3046"}},
		Doc: rule.Doc{
			Why: "`useradd` writes the new user's entry into `/var/log/lastlog` and `/var/log/faillog` at an " +
				"offset proportional to the UID. On disk the file is sparse, but an image layer is a tar archive " +
				"that stores it in full: a UID of 1,000,000 adds about 300 MB of zeros to the layer (a known " +
				"Docker issue, moby/moby#5419). The rule reports `useradd -u <UID>` with a UID of 100000 or more " +
				"(hadolint's threshold), resolved through ARG and ENV, without `-l`/`--no-log-init`.",
			Bad:  "FROM debian:12\nRUN useradd -u 1000000 app\nUSER app\n",
			Good: "FROM debian:12\nRUN useradd -l -u 1000000 app\nUSER app\n",
			Fix:  "Add `-l` (`--no-log-init`); `dockguard lint --fix` does it.",
		},
	},
	Dockerfile: checkUseraddHighUID,
}

func checkUseraddHighUID(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		for _, c := range sc.Commands {
			if !c.Is("useradd") || c.HasOption("-l", "--no-log-init") {
				continue
			}
			uid, ok := uidArg(c)
			if !ok || !uid.Known {
				continue
			}
			n, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimPrefix(uid.Value, "--uid="), "-u"), 10, 64)
			if err != nil || n < 100000 {
				continue
			}
			p.Report(rule.Diagnostic{Range: uid.Range, Subject: in.Stage.DisplayName(),
				Message: "add -l to useradd: with UID " + strconv.FormatUint(n, 10) + " the lastlog file adds about " + strconv.FormatUint(n*292>>20, 10) + " MB of zeros to the layer",
				Fix: &rule.Fix{Description: "add -l", Class: rule.FixSafe,
					Edits: []rule.Edit{{Range: endOf(c.Name.Range), NewText: " -l"}}}})
		}
	}
}

// uidArg returns the word that holds useradd's UID (`-u N`, `-uN`,
// `--uid N`, `--uid=N`), with the value alone when it is a separate word.
func uidArg(c *dockerfile.Command) (dockerfile.Word, bool) {
	for i, a := range c.Args {
		switch {
		case a.Value == "-u" || a.Value == "--uid":
			if i+1 < len(c.Args) {
				return c.Args[i+1], true
			}
		case strings.HasPrefix(a.Value, "--uid=") || strings.HasPrefix(a.Value, "-u") && len(a.Value) > 2 && a.Value[2] >= '0' && a.Value[2] <= '9':
			return a, true
		}
	}
	return dockerfile.Word{}, false
}
