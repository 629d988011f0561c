package dockerfile

import (
	"errors"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// UntrustedImage flags images (FROM, COPY --from, RUN --mount from=) from
// outside the trusted sources.
var UntrustedImage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF003",
		Name:       "untrusted-base-image",
		Severity:   rule.Error,
		Summary:    "use images (FROM, COPY --from, RUN --mount) of trusted registries or namespaces only",
		Tags:       []string{"security", "untrusted-image", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.1",
		Changed:    "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3026"}, rule.CIS: {"4.2"}, rule.CWE: {"CWE-829"}},
		Doc: rule.Doc{
			Why: "A base image is code you run with full trust, and so is an image you copy or mount " +
				"files from: anyone who can push to its repository can put anything in your image. The rule " +
				"checks every `FROM` image (after `ARG` expansion) and every image named by " +
				"`COPY --from=` or `RUN --mount=...,from=`, and the frontend image named by a `# syntax=` directive " +
				"(BuildKit pulls it and runs it to build the file), against the trust policy. By default it trusts two tiers: " +
				"the Docker Official Images (`alpine`, `docker.io/library/*`, and their ECR Public mirror) and " +
				"well-known publishers (dockguard's dated list of vendor and sponsored open-source namespaces and " +
				"registries: `grafana/*`, `prom/*`, `bitnami/*`, `linuxserver/*`, `hashicorp/*`, `docker.elastic.co`, " +
				"`quay.io/prometheus/*`, `gcr.io/distroless/*`, `mcr.microsoft.com`, `cgr.dev/chainguard/*`, " +
				"`registry.k8s.io`, ...); personal namespaces and unknown registries are not trusted. " +
				"`trusted-registries` in `.dockguard.yaml` adds hosts and namespaces (`ghcr.io/myorg/*`, " +
				"`*.corp.example`); `trusted-registries-mode: narrow` keeps 0.1's narrower built-in list (Official " +
				"Images, distroless, Chainguard, mcr.microsoft.com, registry.k8s.io) and `replace` uses only your list. `scratch` and earlier stages (by name " +
				"or index) are never reported, nor is Docker's own frontend (`docker/dockerfile`, " +
				"`docker/dockerfile-upstream`) in a `# syntax=` line, whatever the policy. An image name built from an `ARG` " +
				"that has no default cannot be checked and is reported with its own message, unless BuildKit's checks " +
				"already report that FROM (an undeclared ARG: DF055; a default that gives an invalid name, like " +
				"`FROM ${BASE_IMAGE}` with `ARG BASE_IMAGE`: DF059), whose fix (a valid default) lets this rule check " +
				"the image; so is a " +
				"variable in `--from` or `from=`, which BuildKit does not expand.",
			Bad:  "FROM randomuser/python-tools:1.0\nCMD [\"python3\"]\n",
			Good: "FROM python:3.12-slim\nCMD [\"python3\"]\n",
			Fix:  "Use an official or vendor image, mirror the image into your own registry, or add your registry or namespace to `trusted-registries`.",
		},
	},
	Dockerfile: checkUntrustedImage,
}

func checkUntrustedImage(p *rule.Pass, f *dockerfile.File) {
	pol := p.Settings.Trust
	var invalid map[*dockerfile.Stage]string
	for _, r := range f.ImageRefs() {
		b := &r.Base
		st := r.InStage()
		if r.Use == dockerfile.UseFrom && len(b.Unresolved) > 0 {
			if invalid == nil {
				invalid = invalidDefaultFroms(f)
			}
			if _, ok := invalid[st]; ok || usesUndeclared(f, b.Token.Value) {
				continue // DF055 or DF059 reports this FROM and says how to fix it
			}
		}
		switch {
		case b.Scratch || r.StageRef || b.Stage != nil:
			continue
		case errors.Is(b.RefErr, dockerfile.ErrFromVariable):
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: st.DisplayName(), Message: imageNoun(r) + " " + quote(b.Token.Value) + " cannot be resolved: BuildKit does not expand variables in " + fromWord(r) +
				"; name a stage FROM the image and use that stage instead"})
		case len(b.Unresolved) > 0:
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: st.DisplayName(), Message: imageNoun(r) + " " + quote(b.Token.Value) + " cannot be resolved: " + strings.Join(b.Unresolved, ", ") +
				" has no value; give the ARG a default or pass it with --build-arg so the image can be checked"})
		case b.RefErr != nil:
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: st.DisplayName(), Message: imageNoun(r) + " " + imageDesc(b) + " is not a valid image reference; fix the name so it can be checked"})
		case r.Use == dockerfile.UseSyntax && dockerFrontend(b.Ref):
			continue
		case !pol.Trusted(b.Ref):
			p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: st.DisplayName(), Message: imageNoun(r) + " " + familiar(b) + " is not from a trusted source; use a trusted image or add " + quote(imagefacts.TrustHint(b.Ref)) + " to trusted-registries"})
		}
	}
}

// fromWord is the option that names the image of r.
func fromWord(r *dockerfile.ImageRef) string {
	if r.Use == dockerfile.UseMountFrom {
		return "from="
	}
	return "--from"
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// familiar names a resolved image for messages.
func familiar(b *dockerfile.Base) string {
	name := b.Ref.Familiar()
	if b.Token.Value != "" && b.Token.Value != b.Name {
		return quote(name) + " (from " + quote(b.Token.Value) + ")"
	}
	return quote(name)
}

// dockerFrontend reports Docker's own Dockerfile frontends, which a
// `# syntax=` directive may name whatever the trust policy says: they are
// the frontend `docker build` runs anyway, released from BuildKit's
// repository. Their tags are judged by DF004 and DF005.
func dockerFrontend(r imageref.Ref) bool {
	return r.Registry == imageref.DockerHub && (r.Repository == "docker/dockerfile" || r.Repository == "docker/dockerfile-upstream")
}
