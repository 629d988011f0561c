package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// SudoInRun reports sudo in RUN commands.
var SudoInRun = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF014",
		Name:       "sudo-in-run",
		Severity:   rule.Warning,
		Summary:    "drop sudo from RUN; switch with USER, or run the command as root before USER",
		Tags:       []string{"security", "privilege"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3004"}, rule.Trivy: {"DS-0010"}, rule.Checkov: {"CKV2_DOCKER_1"}, rule.KICS: {"Run Using Sudo"}, rule.Semgrep: {"no-sudo-in-dockerfile"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A RUN runs as the stage's `USER`. `sudo` inside it means the image ships sudo and a sudoers " +
				"rule that lets the image's user become root, which undoes the point of a non-root `USER`; " +
				"it also behaves unpredictably in a build (no TTY, environment reset, password prompts). " +
				"The rule reports the `sudo` word wherever it appears: in the RUN line, continuation lines, " +
				"`sh -c` bodies and heredoc scripts (like hadolint DL3004 and Trivy DS-0010, which read only the RUN line).",
			Bad:  "FROM ubuntu:24.04\nRUN useradd -m app\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n",
			Good: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\nRUN useradd -m app\nUSER app\n",
			Fix: "Run the privileged commands before the `USER` instruction (or after `USER root`, then switch back), " +
				"and do not install sudo. To run one step as another user use `USER name` for that RUN, or " +
				"`gosu`/`su-exec`. If the image is a development box whose user is meant to have sudo, " +
				"disable the rule for that file. The fix (hardening: sudo resets the environment, so removing it can change " +
				"`PATH` or `HOME` for the command) removes a `sudo` without options from a RUN that already runs as root.",
		},
	},
	Dockerfile: checkSudo,
}

// runsAsRoot reports whether a RUN runs as root: the last USER before it
// in its stage (or the stages it is built on) is root, or there is none
// and the stage is built on an official library image (which run as root).
func runsAsRoot(in *dockerfile.Instruction) bool {
	st := in.Stage
	if st == nil {
		return false
	}
	for i, s := range st.Chain() {
		for j := len(s.Instructions) - 1; j >= 0; j-- {
			x := s.Instructions[j]
			if i == 0 && x.StartLine >= in.StartLine || x.Keyword != "USER" || len(x.Args) == 0 {
				continue
			}
			return dockerfile.IsRootUser(x.Expand(x.Args[0].Value).Value)
		}
	}
	name := st.Root().Base.Name
	name = strings.TrimPrefix(strings.TrimPrefix(name, "docker.io/"), "library/")
	repo, _, _ := strings.Cut(name, ":")
	repo, _, _ = strings.Cut(repo, "@")
	switch repo {
	case "elasticsearch", "kibana", "logstash", "sonarqube", "jenkins", "solr", "neo4j", "nats", "eclipse-temurin-nonroot":
		return false // official images that set a non-root USER
	}
	return repo != "" && !strings.Contains(repo, "/") && st.Root().Base.IsImage()
}

func checkSudo(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		w, ok := c.Wrapped("sudo")
		if !ok && c.Is("sudo") {
			w, ok = c.Name, true
		}
		if !ok {
			return
		}
		d := rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: "remove sudo from this RUN: run it as root before USER (or after USER root) instead"}
		if ok && c.Name.Range != w.Range && runsAsRoot(in) {
			// sudo with no options in a RUN that already runs as root.
			next := c.Name
			for i, x := range c.Wrappers {
				if x.Range == w.Range && i+1 < len(c.Wrappers) {
					next = c.Wrappers[i+1]
				}
			}
			if e, ok := removeWordEdit(f.Source, w); ok && e.Range.End == next.Range.Start {
				d.Fix = &rule.Fix{Description: "remove sudo (the RUN already runs as root)", Class: rule.FixHardening, Edits: []rule.Edit{e}}
			}
		}
		p.Report(d)
	})
}
