package general

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// EndOfLifeImage flags FROM images and compose service images whose
// release line (or the operating system their tag names) is past its end
// of life on the run's date.
var EndOfLifeImage = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DG002",
		Name:       "end-of-life-image",
		Severity:   rule.Warning,
		Summary:    "move images off release lines past their end of life (ubuntu:16.04, node:14, python:3.7, centos:7)",
		Tags:       []string{"security", "supply-chain", "end-of-life"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CWE: {"CWE-1104"}},
		Doc: rule.Doc{
			Why: "A release line past its end of life gets no security fixes, and its Official Image is no longer " +
				"rebuilt: every vulnerability found since stays in the image, and scanners report them all. The rule " +
				"reads the tag of every `FROM` image (after `ARG` expansion, in every stage: a builder's toolchain " +
				"compiles its standard library into the binary) and of every compose service's `image:` (after " +
				"interpolation), for the Official Images most used as bases: ubuntu, debian, alpine, node, python, " +
				"golang, eclipse-temurin and the deprecated openjdk, php, ruby, nginx, postgres, mysql, redis and centos. " +
				"A tag that names a release line (`node:14`, `node:14-alpine`, `python:3.7.4-slim`, `ubuntu:xenial`, " +
				"a tag with a digest) is judged against dockguard's dated table of end-of-life dates, and so is the " +
				"operating system a tag names (`python:3.11-slim-buster` is built on Debian 10, `node:22-alpine3.18` " +
				"on Alpine 3.18). Debian's and Ubuntu's dates come from Debian's distro-info-data (Debian: the end of " +
				"LTS; Ubuntu: the end of standard support, as ESM needs a subscription the image lacks); the others cite " +
				"their project's release policy. Dates are compared with the day of the run (`--date YYYY-MM-DD` or " +
				"`DOCKGUARD_DATE` set another), and the message says the table's date, so that a stale table is not " +
				"mistaken for news. Tags that name no line (`latest`, `lts`, `3`) and images of other publishers are " +
				"not judged.",
			Bad:  "FROM node:14-alpine\nCMD [\"node\", \"server.js\"]\n",
			Good: "FROM node:22-alpine\nCMD [\"node\", \"server.js\"]\n",
			Fix: "Move to a supported release line and test the application on it. When the old line is needed for " +
				"a while, suppress the finding with a reason and a date: `# dockguard ignore=DG002 -- node 14 until the Q3 migration`.",
		},
	},
	Dockerfile: checkEOLDockerfile,
	Compose:    checkEOLCompose,
}

func checkEOLDockerfile(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		b := &st.Base
		if !b.IsImage() {
			continue
		}
		msg, ok := eolMessage(p, b.Ref)
		if !ok {
			continue
		}
		p.Report(rule.Diagnostic{Range: b.Token.Range, Subject: st.DisplayName(),
			Message: "base image " + writtenRef(b.Ref, b.Token.Value) + " " + msg})
	}
}

func checkEOLCompose(p *rule.Pass, proj *compose.Project) {
	for _, s := range proj.Services {
		if s.Config.Build != nil || s.Config.Image == "" {
			continue // the image built is named by image:; its FROM is judged
		}
		ref, err := imageref.Parse(s.Config.Image)
		if err != nil {
			continue
		}
		msg, ok := eolMessage(p, ref)
		if !ok {
			continue
		}
		w, _ := proj.Written(s.Name, "image")
		where := proj.Locate(s.Name, "image")
		p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Subject: s.Name,
			Message: fmt.Sprintf("service %q: image %s %s", s.Name, writtenRef(ref, w), msg)})
	}
}

// writtenRef quotes the image as resolved, and as written when a
// variable gave it ("node:14" (from "${NODE_IMAGE}")). A value from the
// environment is an image name, never a secret.
func writtenRef(ref imageref.Ref, written string) string {
	name := ref.Familiar()
	if written != "" && written != name && strings.ContainsAny(written, "$") {
		return fmt.Sprintf("%q (from %q)", name, written)
	}
	return fmt.Sprintf("%q", name)
}

// replacements name what to use instead of a line of an image whose
// project has no supported line left.
var replacements = map[string]string{
	"openjdk": "the openjdk image is deprecated: move to eclipse-temurin, amazoncorretto or another maintained JDK image",
	"centos":  "CentOS Linux is discontinued: move to a maintained distribution such as rockylinux, almalinux or centos stream (quay.io/centos/centos:stream9)",
}

// eolMessage says why ref is past its end of life on the run's date (the
// first line that is), or false.
func eolMessage(p *rule.Pass, ref imageref.Ref) (string, bool) {
	day := p.Settings.Today
	for i, r := range imagefacts.EndOfLife(ref) {
		if !r.Ended(day) {
			continue
		}
		what := "is end-of-life: " + r.Product
		if i > 0 || r.Image != officialImage(ref) {
			what = "is built on " + r.Product + ", which"
		}
		msg := fmt.Sprintf("%s reached its end of life on %s (dockguard's table of %s; judged on %s); ", what, r.EOL, r.Checked, day.UTC().Format("2006-01-02"))
		switch next, ok := imagefacts.Supported(r.Image, day); {
		case replacements[r.Image] != "":
			msg += replacements[r.Image]
		case ok && r.Image == officialImage(ref):
			msg += fmt.Sprintf("move to a supported release line, such as %s:%s or later", r.Image, next.Line)
		case ok:
			msg += fmt.Sprintf("use a tag built on a supported release, such as %s or later", next.Product)
		default:
			msg += "move to a supported release line"
		}
		return msg, true
	}
	return "", false
}

// officialImage is the Official Image name of ref ("node"), or "".
func officialImage(ref imageref.Ref) string {
	switch {
	case ref.IsOfficial():
		return strings.TrimPrefix(ref.Repository, "library/")
	case ref.Registry == "public.ecr.aws":
		return strings.TrimPrefix(ref.Repository, "docker/library/")
	}
	return ""
}
