package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// WorldWritable reports chmod modes that let every user write.
var WorldWritable = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF015",
		Name:       "world-writable-chmod",
		Severity:   rule.Warning,
		Summary:    "do not make files world-writable; give the owning user or group write access instead",
		Tags:       []string{"security", "permissions"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-732"}},
		Doc: rule.Doc{
			Why: "`chmod 777` (or any mode that gives others write access: `666`, `o+w`, `a+w`, `a=rwx`) lets every " +
				"user and process in the container change the files: a compromised unprivileged process can then " +
				"rewrite the application's code, its configuration or a script that root runs later. It is " +
				"usually written to fix a permission error for a non-root `USER`, which ownership fixes without " +
				"opening the files to everyone. The rule reads `chmod`, `install -m` and `mkdir -m`; a mode with the " +
				"sticky bit (`1777`, `+t`), the usual mode of shared temporary directories, is not reported, nor is a path under " +
				"`/tmp` or `/dev` or a `mktemp` directory variable (`$tempDir`), which does not outlive the build.",
			Bad:  "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN chmod -R 777 /app\nUSER node\n",
			Good: "FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\n",
			Fix: "Give the files to the user that needs to write them (`COPY --chown=app:app`, `chown -R app /data`) " +
				"and keep `755`/`644`; for a directory several users share, use a group (`chmod 775` with a shared " +
				"group) or the sticky bit (`1777`). If the path is truly meant to be writable by all, disable the " +
				"rule on that instruction.",
		},
	},
	Dockerfile: checkWorldWritable,
}

// modeWord returns the mode argument of chmod, `install -m` or `mkdir -m`.
func modeWords(c *dockerfile.Command) []dockerfile.Word {
	switch {
	case c.Is("chmod"):
		for _, a := range c.Args {
			v := a.Value
			if v == "--" {
				continue
			}
			if strings.HasPrefix(v, "--") || strings.HasPrefix(v, "-") && !isSymbolicMode(v) {
				continue // -R, -v, --reference=...
			}
			return []dockerfile.Word{a}
		}
	case c.Is("install", "mkdir"):
		if w, ok := optionValue(c, "-m", "--mode"); ok {
			return []dockerfile.Word{w}
		}
		for _, a := range c.Args {
			if strings.HasPrefix(a.Value, "-m") && len(a.Value) > 2 && !strings.HasPrefix(a.Value, "--") {
				w := a
				w.Value = a.Value[2:]
				return []dockerfile.Word{w}
			}
		}
	}
	return nil
}

// isSymbolicMode reports a symbolic mode that starts with "-" (`-w`, `o-rwx`).
func isSymbolicMode(v string) bool {
	return len(v) > 1 && v[0] == '-' && strings.Trim(v[1:], "rwxXst") == ""
}

// octal parses a numeric mode; ok is false for other words.
func octal(v string) (int, bool) {
	if len(v) < 3 || len(v) > 5 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '7' {
			return 0, false
		}
		n = n*8 + int(c-'0')
	}
	return n, true
}

// modeBits returns what a mode adds: others' write access, setuid,
// setgid, and the sticky bit. Unknown words add nothing.
func modeBits(v string) (otherWrite, setuid, setgid, sticky bool) {
	if n, ok := octal(v); ok {
		return n&0o002 != 0, n&0o4000 != 0, n&0o2000 != 0, n&0o1000 != 0
	}
	for _, clause := range strings.Split(v, ",") {
		who := strings.TrimLeft(clause, "ugoa")
		whoSet := clause[:len(clause)-len(who)]
		if who == "" || (who[0] != '+' && who[0] != '=' && who[0] != '-') {
			return false, false, false, false
		}
		// Each operator applies to whoSet ("" means all, filtered by umask).
		for _, op := range splitOps(who) {
			if op[0] == '-' {
				continue
			}
			perms := op[1:]
			others := whoSet == "" || strings.ContainsAny(whoSet, "oa")
			if strings.Contains(perms, "w") && strings.ContainsAny(whoSet, "oa") {
				otherWrite = true
			}
			if strings.Contains(perms, "s") {
				if whoSet == "" || strings.ContainsAny(whoSet, "ua") {
					setuid = true
				}
				if strings.ContainsAny(whoSet, "ga") {
					setgid = true
				}
			}
			if strings.Contains(perms, "t") && others {
				sticky = true
			}
		}
	}
	return
}

// splitOps splits "+rw-x" into "+rw", "-x".
func splitOps(s string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || s[i] == '+' || s[i] == '-' || s[i] == '=' {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}

func checkWorldWritable(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		for _, w := range modeWords(c) {
			if !w.Known {
				continue
			}
			ow, _, _, sticky := modeBits(w.Value)
			if !ow || sticky || tempTargets(c, w) {
				continue
			}
			p.Report(rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: c.Base() + " mode " + w.Value + " makes the files writable by every user; give write access to the owning user or group instead (chown, COPY --chown)"})
		}
	})
}

// tempTargets reports a command whose paths are all temporary: under
// /tmp, /var/tmp or /dev, or a variable named like a temporary directory
// (`tempDir="$(mktemp -d)"`), removed before the layer is committed.
func tempTargets(c *dockerfile.Command, mode dockerfile.Word) bool {
	n := 0
	for _, a := range c.Positionals() {
		if a.Range == mode.Range {
			continue
		}
		n++
		v := strings.ToLower(a.Value)
		raw := strings.ToLower(a.Raw)
		switch {
		case strings.HasPrefix(v, "/tmp/") || v == "/tmp" || strings.HasPrefix(v, "/var/tmp") || strings.HasPrefix(v, "/dev/"):
		case !a.Known && (strings.Contains(raw, "tmp") || strings.Contains(raw, "temp")):
		default:
			return false
		}
	}
	return n > 0
}
