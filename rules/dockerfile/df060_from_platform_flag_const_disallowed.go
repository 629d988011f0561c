package dockerfile

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// FromPlatformFlagConstDisallowed flags FROM --platform with a constant value.
var FromPlatformFlagConstDisallowed = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF060",
		Name:     "from-platform-flag-const-disallowed",
		Severity: rule.Warning,
		Summary:  "use $BUILDPLATFORM or $TARGETPLATFORM in FROM --platform, not a constant",
		Tags:     []string{"correctness", "buildkit"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		References: rule.Refs{rule.BuildKit: {"FromPlatformFlagConstDisallowed"}, rule.Hadolint: {"DL3029"},
			rule.KICS: {"Using Platform Flag with FROM Command"}, rule.Semgrep: {"avoid-platform-with-from"}},
		Doc: rule.Doc{
			Why: "`FROM --platform=linux/amd64` pins the stage to one platform whatever `docker build " +
				"--platform` asks for: a multi-platform build, or a build on an arm64 machine, silently " +
				"gets amd64 binaries (run under emulation, or in the wrong image). Use `$BUILDPLATFORM` for " +
				"stages that cross-compile and `$TARGETPLATFORM` (the default) for the others. As in " +
				"BuildKit, a stage whose name contains the OS or architecture (`AS build-amd64`) is taken " +
				"as deliberate and not reported. hadolint's DL3029 is the same check (it allows $BUILDPLATFORM and " +
				"$TARGETPLATFORM); KICS and Semgrep report every `--platform`, but `--platform=$BUILDPLATFORM` is " +
				"the documented way to cross-compile, so a variable is never reported (a redundant " +
				"`$TARGETPLATFORM` is DF061's)." +
				buildKitDoc("FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed"),
			Bad:  "FROM --platform=linux/amd64 golang:1.23 AS build\nRUN go build -o /app .\n",
			Good: "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n",
			Fix:  "Use `--platform=$BUILDPLATFORM` (cross-compiling stage) or drop the flag; if the stage must be one platform, say so in its name (`AS tools-amd64`) or suppress the finding.",
		},
	},
	Dockerfile: checkFromPlatformFlagConstDisallowed,
}

func checkFromPlatformFlagConstDisallowed(p *rule.Pass, f *dockerfile.File) {
	for _, s := range f.Stages {
		tok, ok := flagToken(s.From, "platform")
		if !ok || strings.Contains(tok.Value, "$") {
			continue
		}
		val := strings.Trim(tok.Value, `"'`)
		os, arch, ok := parsePlatform(val)
		if !ok || strings.Contains(s.Name, os) || strings.Contains(s.Name, arch) {
			continue
		}
		p.Report(rule.Diagnostic{Range: tok.Range, Subject: s.DisplayName(),
			Message: fmt.Sprintf("FROM --platform uses the constant %q: use $BUILDPLATFORM or $TARGETPLATFORM, or name the stage after the platform", val)})
	}
}

// parsePlatform reads os[/arch[/variant]] or a lone arch (or OS) as
// containerd's platforms.Parse does, normalising the architecture.
func parsePlatform(s string) (os, arch string, ok bool) {
	if s == "" {
		return "", "", false
	}
	parts := strings.Split(strings.ToLower(s), "/")
	for _, p := range parts {
		if p == "" {
			return "", "", false
		}
		for _, c := range p {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
				return "", "", false
			}
		}
	}
	switch len(parts) {
	case 1:
		if isKnownOS(parts[0]) {
			return parts[0], "amd64", true
		}
		return "linux", normalizeArch(parts[0]), true
	case 2, 3:
		return parts[0], normalizeArch(parts[1]), true
	}
	return "", "", false
}

func isKnownOS(s string) bool {
	switch s {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos", "wasip1":
		return true
	}
	return false
}

func normalizeArch(a string) string {
	switch a {
	case "i386":
		return "386"
	case "x86_64", "x86-64", "amd64":
		return "amd64"
	case "aarch64", "arm64":
		return "arm64"
	case "armhf", "armel", "arm":
		return "arm"
	}
	return a
}
