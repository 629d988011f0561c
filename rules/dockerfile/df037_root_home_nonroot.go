package dockerfile

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// RootHomeNonRoot flags WORKDIR and COPY/ADD destinations in /root used by
// a non-root user, who cannot enter root's home.
var RootHomeNonRoot = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF037",
		Name:       "root-home-for-non-root-user",
		Severity:   rule.Warning,
		Summary:    "do not put a non-root user's working directory or files in /root",
		Tags:       []string{"security", "correctness", "root-user"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-276"}},
		Doc: rule.Doc{
			Why: "`/root` is root's home and is mode 700 in Debian, Ubuntu, Alpine, Fedora and UBI images: " +
				"no other user can enter it. A Dockerfile that switches to a non-root `USER` (the right " +
				"thing) and keeps working in `/root` breaks: a `RUN` as that user cannot `chdir` there, a " +
				"container whose working directory is under `/root` fails to start (\"permission " +
				"denied\"), and files copied there cannot be read. A common response is to go back to " +
				"`USER root`. The rule reports, for a `USER` that is known and not root: a `WORKDIR` under " +
				"`/root` that a later `RUN` of that user, or the container, starts in; and a `COPY`/`ADD` " +
				"to an absolute path in `/root` made while that user is in effect, or with `--chown` to a " +
				"non-root user (a relative one under a `/root` `WORKDIR` is that `WORKDIR`'s finding). A " +
				"stage that opens `/root` with `chmod` or `chown` in a `RUN` is not reported.",
			Bad:  "FROM python:3.12-slim\nRUN useradd -m -u 10001 app\nUSER 10001\nWORKDIR /root/app\nCOPY --chown=10001 . .\nCMD [\"python\", \"main.py\"]\n",
			Good: "FROM python:3.12-slim\nRUN useradd -m -u 10001 app\nUSER 10001\nWORKDIR /home/app\nCOPY --chown=10001 . .\nCMD [\"python\", \"main.py\"]\n",
			Fix:  "Use a directory the user owns: `/app` (created with `WORKDIR` and `chown`), or the user's home (`/home/app`).",
		},
	},
	Dockerfile: checkRootHomeNonRoot,
}

func checkRootHomeNonRoot(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		if opensRoot(st) {
			continue
		}
		var wd *dockerfile.Instruction // last WORKDIR under /root not yet judged
		wdPath := ""
		var lastUser *dockerfile.Instruction // the last USER before in
		for i, in := range st.Instructions {
			if prev := i - 1; prev >= 0 && st.Instructions[prev].Keyword == "USER" && len(st.Instructions[prev].Args) > 0 {
				lastUser = st.Instructions[prev]
			}
			user, at, known := userBefore(st, lastUser)
			nonRoot := known && !dockerfile.IsRootUser(user)
			switch in.Keyword {
			case "WORKDIR":
				wd, wdPath = nil, ""
				if len(in.Args) > 0 {
					if w, ok := expandWord(in, strings.TrimSpace(in.Args[0].Value)); ok && underRoot(w) {
						wd, wdPath = in, w
					}
				}
			case "RUN":
				if wd != nil && nonRoot {
					reportRootHome(p, st, wd, "WORKDIR "+wdPath+" is in root's home, which "+userDesc(user, at)+" cannot enter to RUN; use a directory the user owns, such as /app or /home/<user>")
					wd = nil
				}
			case "COPY", "ADD":
				_, dest, ok := in.CopySources()
				if !ok {
					continue
				}
				w, ok := expandWord(in, dest.Value)
				if !ok {
					continue
				}
				if !path.IsAbs(w) || !underRoot(w) {
					// a relative destination under a /root WORKDIR: the WORKDIR is reported
					continue
				}
				chown := in.Flag("chown")
				switch {
				case nonRoot:
					p.Report(rule.Diagnostic{Range: dest.Range, Subject: st.DisplayName(),
						Message: in.Keyword + " writes to " + w + " in root's home while " + userDesc(user, at) + " is in effect, which cannot read it; copy to a directory the user owns, such as /app"})
				case chown != nil && chown.Value != "" && !dockerfile.IsRootUser(chown.Value) && !strings.Contains(chown.Value, "$"):
					p.Report(rule.Diagnostic{Range: dest.Range, Subject: st.DisplayName(),
						Message: in.Keyword + " --chown=" + chown.Value + " writes to " + w + " in root's home, which that user cannot enter; copy to a directory the user owns, such as /app"})
				}
			}
		}
		if wd != nil {
			if user, at := st.EffectiveUser(); at != nil && !strings.Contains(user, "$") && !dockerfile.IsRootUser(user) {
				reportRootHome(p, st, wd, "WORKDIR "+wdPath+" is in root's home, where the container starts as "+userDesc(user, at)+", which cannot enter it; use a directory the user owns, such as /app or /home/<user>")
			}
		}
	}
}

func reportRootHome(p *rule.Pass, st *dockerfile.Stage, wd *dockerfile.Instruction, msg string) {
	p.Report(rule.Diagnostic{Range: wd.Args[0].Range, Subject: st.DisplayName(), Message: msg})
}

func underRoot(p string) bool {
	c := path.Clean(p)
	return c == "/root" || strings.HasPrefix(c, "/root/")
}

// userBefore returns the user in effect after lastUser, the stage's last
// USER so far (nil: none yet); known is false when no USER sets it (the
// base image's user) or its value is unresolved.
func userBefore(st *dockerfile.Stage, lastUser *dockerfile.Instruction) (user string, at *dockerfile.Instruction, known bool) {
	if lastUser != nil {
		return userValue(lastUser)
	}
	if parent := st.Parent(); parent != nil {
		if u, in := parent.EffectiveUser(); in != nil {
			return u, in, !strings.Contains(u, "$")
		}
	}
	return "", nil, false
}

func userValue(in *dockerfile.Instruction) (string, *dockerfile.Instruction, bool) {
	e := in.Expand(in.Args[0].Value)
	if !e.Resolved() {
		return strings.TrimSpace(in.Args[0].Value), in, false
	}
	return strings.TrimSpace(e.Value), in, true
}

func userDesc(user string, at *dockerfile.Instruction) string {
	return fmt.Sprintf("user %q (USER at line %d)", user, at.StartLine)
}

// opensRoot reports a RUN of the stage or its parents that changes the
// mode or owner of /root (chmod or chown with /root as an argument).
func opensRoot(st *dockerfile.Stage) bool {
	for _, s := range st.Chain() {
		for _, sc := range s.Scripts() {
			for _, c := range sc.Commands {
				if !c.Is("chmod", "chown") {
					continue
				}
				for _, a := range c.Args {
					if a.Value == "/root" || a.Value == "/root/" {
						return true
					}
				}
			}
		}
	}
	return false
}
