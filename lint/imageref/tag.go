package imageref

import (
	"sort"
	"strings"
)

// Floating tags.
//
// A tag such as `node:lts`, `golang:alpine` or `debian:sid-slim` moves like
// `latest`: it names a release channel or a variant, not a release, and the
// registry points it at each new release. A tag is floating when it carries
// neither a version number nor a release codename. The classifier splits
// the tag on `-` and `_` and sorts each part, case-insensitively, into one
// of these kinds:
//
//   - a channel word (ChannelWords: `latest`, `lts`, `stable`, `mainline`,
//     `edge`, `sid`, `nightly`, ...): a name that moves by design;
//   - a variant word (VariantWords: `alpine`, `slim`, `apache`, `fpm`,
//     `jre`, `nonroot`, `amd64`, ...): says how the image is built, not which
//     release it is;
//   - a release codename (Codenames: Debian's `bookworm`, Ubuntu's
//     `jammy`, ...): a fixed release, as good as a version number;
//   - a qualified version: a qualifier word glued to a number
//     (QualifierWords: `alpine3.20`, `jdk17`, `python3.12`, `ltsc2022`,
//     `ubi9`): pins the OS or runtime the image is built on;
//   - a version: any other part with a digit (`20`, `3.20`, `v1.2.0`,
//     `2024.01`): pins the release;
//   - anything else (`install`, `test`, `prod`): a word dockguard does not
//     know, so the tag is not judged (a project's own tag names are its
//     business).
//
// A tag is floating when it has no version and no unknown word, and either
// a channel word or no codename or qualified version:
//
//   - `lts`, `mainline-alpine`, `alpine`, `slim`, `sid-slim`, `stable`,
//     `lts-buster-slim`, `lts-alpine3.20`, `lts-jdk17` float: a channel moves
//     the application even when the OS or runtime under it is pinned;
//   - `20-alpine`, `1.27-alpine3.20`, `3.20`, `bookworm-slim`, `jammy`,
//     `ltsc2022`, `python3.12-slim` do not.
//
// A codename or qualified version alone counts as a version even on an
// application image: `golang:bookworm` and `golang:alpine3.20` fix the OS
// release but not the Go release. Telling the two apart needs knowing
// which images are operating systems, which the tag alone does not say;
// such tags are left to the digest rules.
//
// `latest` is a channel word, but Ref.Unpinned reports it (with the
// missing tag) and Ref.Floating does not, so that callers can say which
// case they found.

// ChannelWords are tag words that name a moving release channel.
var ChannelWords = words(
	"latest", "lts", "stable", "oldstable", "oldoldstable", "mainline", "edge", "rolling",
	"current", "sid", "testing", "unstable", "experimental", "devel", "rawhide",
	"tumbleweed", "nightly", "beta", "alpha", "canary", "next", "preview", "insiders",
	"snapshot", "master", "main", "develop", "tip",
)

// VariantWords are tag words that name a build variant of an image
// (libc, size, server, runtime, architecture), not a release.
var VariantWords = words(
	// size and base
	"alpine", "slim", "minimal", "full", "core", "busybox", "musl", "glibc", "uclibc",
	"distroless", "scratch",
	// what is bundled
	"perl", "scm", "curl", "git", "otel", "browsers", "onbuild", "dind", "rootless",
	"nonroot", "debug", "cli", "fpm", "apache", "zts", "jdk", "jre", "sdk", "runtime",
	// JDK builds
	"eclipse", "temurin", "openjdk", "corretto", "zulu", "liberica", "semeru", "sapmachine",
	"graalvm", "ibmjava", "openj9", "hotspot",
	// Windows
	"windowsservercore", "servercore", "nanoserver",
	// architectures
	"amd64", "arm64", "arm64v8", "arm32v7", "arm32v6", "arm32v5", "armhf", "armel",
	"i386", "ppc64le", "s390x", "riscv64", "mips64le",
)

// Codenames are release codenames of Debian and Ubuntu, which image tags
// use as versions (`debian:bookworm-slim`, `ubuntu:jammy`). Debian's
// `sid` is a channel (unstable, always), not a release.
var Codenames = words(
	// Debian
	"buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge", "etch", "lenny",
	"squeeze", "wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie",
	"forky", "duke",
	// Ubuntu
	"warty", "hoary", "breezy", "dapper", "edgy", "feisty", "gutsy", "hardy", "intrepid",
	"jaunty", "karmic", "lucid", "maverick", "natty", "oneiric", "precise", "quantal",
	"raring", "saucy", "trusty", "utopic", "vivid", "wily", "xenial", "yakkety", "zesty",
	"artful", "bionic", "cosmic", "disco", "eoan", "focal", "groovy", "hirsute", "impish",
	"jammy", "kinetic", "lunar", "mantic", "noble", "oracular", "plucky", "questing",
	"resolute",
)

// QualifierWords are words that, glued to a version number, pin the OS or
// runtime an image is built on rather than the image's own release:
// `alpine3.20`, `jdk17`, `python3.12`, `ltsc2022`, `ubi9`.
var QualifierWords = words(
	"alpine", "debian", "ubuntu", "ubi", "centos", "stream", "rocky", "rockylinux",
	"alma", "almalinux", "el", "fedora", "amzn", "amazonlinux", "al", "ltsc",
	"jdk", "jre", "java", "openjdk", "temurin", "corretto", "graalvm",
	"php", "python", "py", "node", "nodejs", "ruby", "go", "golang", "dotnet", "net",
	"windowsservercore", "nanoserver", "servercore", "cuda", "cudnn",
)

func words(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// SortedWords returns the words of a word list in order, for docs and tests.
func SortedWords(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// TagKind is what a part of a tag says about the release.
type TagKind int

// The kinds of tag parts; see the package documentation of floating tags.
const (
	TagUnknown   TagKind = iota // a word dockguard does not know
	TagChannel                  // lts, stable, mainline, latest
	TagVariant                  // alpine, slim, apache
	TagCodename                 // bookworm, jammy
	TagQualified                // alpine3.20, jdk17, ltsc2022
	TagVersion                  // 20, 3.20, v1.2.0
)

// tagParts splits a tag into lower-case parts on `-` and `_`.
func tagParts(tag string) []string {
	return strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
}

// classifyPart sorts one part of a tag.
func classifyPart(p string) TagKind {
	switch {
	case ChannelWords[p]:
		return TagChannel
	case VariantWords[p]: // before the digit test: arm64, s390x
		return TagVariant
	case Codenames[p]:
		return TagCodename
	}
	i := strings.IndexAny(p, "0123456789")
	if i < 0 {
		return TagUnknown
	}
	if i > 0 && QualifierWords[strings.TrimRight(p[:i], ".")] {
		return TagQualified
	}
	return TagVersion
}

// FloatingTag reports whether tag names a moving channel or only a
// variant (`lts`, `alpine`, `mainline-alpine`, `sid-slim`, `latest`)
// rather than a release (`20-alpine`, `bookworm-slim`, `3.20`). An empty
// tag is not floating (it is a missing tag).
func FloatingTag(tag string) bool {
	parts := tagParts(tag)
	if len(parts) == 0 {
		return false
	}
	var channel, pinnedBase bool
	for _, p := range parts {
		switch classifyPart(p) {
		case TagVersion, TagUnknown:
			return false
		case TagChannel:
			channel = true
		case TagCodename, TagQualified:
			pinnedBase = true
		}
	}
	return channel || !pinnedBase
}

// Floating reports whether r has no digest and a floating tag other than
// `latest` (which Unpinned reports): `node:lts`, `golang:alpine`.
func (r Ref) Floating() bool {
	return r.Digest == "" && r.Tag != "" && r.Tag != "latest" && FloatingTag(r.Tag)
}

// VersionedTag suggests the pinned form of a floating tag, with
// `<version>` in place of the channel: `lts` -> `<version>`, `alpine` ->
// `<version>-alpine`, `mainline-alpine` -> `<version>-alpine`,
// `lts-buster-slim` -> `<version>-buster-slim`.
func VersionedTag(tag string) string {
	var out []string
	placed := false
	for _, p := range strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' }) {
		if classifyPart(strings.ToLower(p)) == TagChannel {
			if !placed {
				out = append(out, "<version>")
				placed = true
			}
			continue
		}
		out = append(out, p)
	}
	if !placed {
		out = append([]string{"<version>"}, out...)
	}
	return strings.Join(out, "-")
}

// FloatingTagDoc describes floating tags and lists the words, for the
// docs of the rules that report them (DF004, DC011).
func FloatingTagDoc() string {
	list := func(m map[string]bool) string {
		return "`" + strings.Join(SortedWords(m), "`, `") + "`"
	}
	return "A floating tag moves like `latest`: `node:lts`, `golang:alpine`, `nginx:mainline`, " +
		"`debian:sid-slim` name a release channel or a variant, not a release. A tag floats when it " +
		"has no version number and no release codename. The tag is split on `-` and `_`; each part " +
		"is a channel word, a variant word, a release codename, a qualified version (a qualifier " +
		"word glued to a number: `alpine3.20`, `jdk17`, `ltsc2022`), a version (any other part with " +
		"a digit) or an unknown word. The tag floats when it has no version and no unknown word, and " +
		"either has a channel word or has no codename and no qualified version: `lts`, `alpine`, " +
		"`mainline-alpine`, `sid-slim`, `lts-buster-slim` and `lts-alpine3.20` float (a channel " +
		"moves the application even when the OS under it is pinned); `22-alpine`, `1.27-alpine3.20`, " +
		"`bookworm-slim`, `jammy`, `ltsc2022` do not. Tags with words dockguard does not know " +
		"(`install`, `test`, a project's own names) are not reported. A codename or qualified " +
		"version alone counts as a version even on an application image (`golang:bookworm` pins " +
		"Debian, not Go): the tag does not say which images are operating systems.\n\n" +
		"- Channel words: " + list(ChannelWords) + "\n" +
		"- Variant words: " + list(VariantWords) + "\n" +
		"- Release codenames (Debian, Ubuntu; `sid` is a channel): " + list(Codenames) + "\n" +
		"- Qualifier words: " + list(QualifierWords)
}
