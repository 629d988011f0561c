package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// NoEffectCommand flags RUN commands that cannot do what they say in an
// image build: a service started as the last thing a RUN does, a shutdown,
// an interactive editor or top waiting for a terminal.
var NoEffectCommand = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF100",
		Name:       "no-effect-command",
		Severity:   rule.Warning,
		Summary:    "start services in CMD/ENTRYPOINT, not at the end of a RUN; drop shutdown, editors and top from RUN",
		Tags:       []string{"correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3001"}, rule.KICS: {"Run Utilities And POSIX Commands"}, rule.Semgrep: {"nonsensical-command"}},
		Doc: rule.Doc{
			Why: "A RUN runs in a throw-away container whose processes are killed when the layer is committed: " +
				"a service started by the last command of a RUN (`service nginx start`, `/etc/init.d/x start`, " +
				"`systemctl start x`, `rc-service x start`) is gone before the next instruction, and the image " +
				"does not start it either. `shutdown`, `reboot`, `halt` and `poweroff` cannot stop a build " +
				"container, and `vim`, `nano`, `emacs` or `top` wait for a terminal the build does not have. " +
				"Starting a service in the middle of a RUN to use it (`service mysql start && mysql < init.sql`) " +
				"works and is not reported, nor are harmless diagnostics (`ps`, `free`, `ifconfig`, `kill`) or " +
				"`ssh`, which hadolint's DL3001 and Semgrep's nonsensical-command also list: they either work in a " +
				"build or fail it loudly. `mount` is left out for the same reason (without privileges it fails " +
				"the build).",
			Bad:  "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && service nginx start\n",
			Good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
			Fix:  "Start the service from CMD or ENTRYPOINT (or an init script they run); remove the shutdown, editor or top command. Use `vim -es`/`emacs --batch`/`top -b` for scripted use.",
		},
	},
	Dockerfile: checkNoEffectCommand,
}

func checkNoEffectCommand(p *rule.Pass, f *dockerfile.File) {
	for _, in := range f.Instructions {
		sc := in.Script()
		if sc == nil {
			continue
		}
		// The trailing service starts: nothing but other starts runs after them.
		// (no-ops like `|| true` or `echo done` after them do not count).
		trailing := len(sc.Commands)
		for trailing > 0 && (serviceStart(sc.Commands[trailing-1]) || sc.Commands[trailing-1].Is("true", ":", "echo", "sleep", "printf")) {
			trailing--
		}
		for _, c := range sc.Commands {
			msg := ""
			switch {
			case c.Index >= trailing && serviceStart(c):
				msg = "`" + commandText(c) + "` is the last thing this RUN does: the service stops when the layer is committed; start it from CMD or ENTRYPOINT"
			case c.Is("shutdown", "reboot", "halt", "poweroff"):
				msg = "`" + c.Base() + "` cannot stop or restart a build container: remove it"
			case c.Is("vim", "vi", "nano", "emacs", "pico") && interactiveEditor(c):
				msg = "`" + c.Base() + "` waits for a terminal the build does not have: edit files with sed or COPY them"
			case c.Is("top") && !c.HasOption("-b", "--batch"):
				msg = "`top` waits for a terminal the build does not have: remove it (or use `top -b -n 1`)"
			}
			if msg != "" {
				p.Report(rule.Diagnostic{Range: c.Name.Range, Subject: in.Stage.DisplayName(), Message: msg})
			}
		}
	}
}

// serviceStart reports whether c starts (or restarts) a system service.
func serviceStart(c *dockerfile.Command) bool {
	action := func(w dockerfile.Word) bool {
		switch w.Value {
		case "start", "restart", "reload", "force-reload", "try-restart":
			return true
		}
		return false
	}
	pos := c.Positionals()
	switch {
	case c.Is("service", "rc-service"):
		return len(pos) >= 2 && action(pos[1])
	case c.Is("systemctl"):
		return len(pos) >= 2 && action(pos[0])
	case strings.HasPrefix(c.Name.Value, "/etc/init.d/") || strings.HasPrefix(c.Name.Value, "/etc/rc.d/init.d/"):
		return len(pos) >= 1 && action(pos[0])
	}
	return false
}

func commandText(c *dockerfile.Command) string {
	parts := []string{c.Name.Value}
	for _, a := range c.Args {
		parts = append(parts, a.Value)
	}
	return strings.Join(parts, " ")
}

// interactiveEditor reports whether an editor command opens the editor
// for a user (no batch/script options).
func interactiveEditor(c *dockerfile.Command) bool {
	for _, a := range c.Args {
		v := a.Value
		switch {
		case v == "--version" || v == "--help" || v == "-h" || v == "--batch" || v == "-batch" || v == "--script":
			return false
		case strings.HasPrefix(v, "+") || v == "-c" || v == "-s" || v == "-e" || v == "-es" || v == "-E" || v == "-Es" || strings.HasPrefix(v, "--cmd") || v == "-u" && c.Is("emacs"):
			return false
		}
	}
	// `vim < script` or a heredoc feeds commands.
	for _, r := range c.Redirects {
		if strings.HasPrefix(r.Op, "<") {
			return false
		}
	}
	return c.PipeFrom == nil
}
