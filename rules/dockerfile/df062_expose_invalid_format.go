package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// ExposeInvalidFormat flags EXPOSE ports with an IP address or a host port.
var ExposeInvalidFormat = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF062",
		Name:       "expose-invalid-format",
		Severity:   rule.Warning,
		Summary:    "EXPOSE only the container port: no IP address, no host:container mapping",
		Tags:       []string{"correctness", "buildkit"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.BuildKit: {"ExposeInvalidFormat"}},
		Doc: rule.Doc{
			Why: "`EXPOSE` documents which container ports the image listens on; it publishes nothing. " +
				"An address or a host port (`EXPOSE 127.0.0.1:8080:80`, `EXPOSE 8080:80`) is ignored — " +
				"only the container port `80` is recorded — so the author's intent (bind to localhost, " +
				"publish on 8080) does not happen. BuildKit says this will become an error." +
				buildKitDoc("ExposeInvalidFormat", "expose-invalid-format"),
			Bad:  "FROM nginx:1.27\nEXPOSE 8080:80\n",
			Good: "FROM nginx:1.27\nEXPOSE 80\n",
			Fix:  "Keep the container port (the fix does: the image is the same); publish with `docker run -p 127.0.0.1:8080:80` or compose `ports:`.",
		},
	},
	Dockerfile: checkExposeInvalidFormat,
}

func checkExposeInvalidFormat(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, ep := range exposePorts(in) {
				if ep.IP == "" && ep.HostPort == "" {
					continue
				}
				d := rule.Diagnostic{Range: ep.Tok.Range, Subject: s.DisplayName(),
					Message: fmt.Sprintf("EXPOSE %s sets an IP address or host port, which EXPOSE ignores: expose only the container port %s and publish at run time", ep.Raw, ep.Raw[ep.ContStart:])}
				if ep.Literal {
					d.Fix = &rule.Fix{Description: "keep only the container port", Class: rule.FixSafe,
						Edits: []rule.Edit{{Range: in.SubRange(ep.Tok, 0, ep.ContStart)}}}
				}
				p.Report(d)
			}
		}
	}
}
