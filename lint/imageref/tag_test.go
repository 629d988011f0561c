package imageref

import "testing"

func TestFloatingTag(t *testing.T) {
	for _, c := range []struct {
		tag      string
		floating bool
	}{
		// channels
		{"latest", true},
		{"lts", true},
		{"stable", true},
		{"mainline", true},
		{"edge", true},
		{"rolling", true},
		{"current", true},
		{"testing", true},
		{"unstable", true},
		{"nightly", true},
		{"LTS", true},
		// channel with variants, and with a pinned OS or runtime under it
		{"mainline-alpine", true},
		{"stable-alpine-slim", true},
		{"lts-buster", true},
		{"lts-buster-slim", true},
		{"lts-alpine3.20", true},
		{"lts-jdk17", true},
		{"stable-alpine3.20-perl", true},
		{"latest-alpine", true},
		// Debian's sid is unstable forever
		{"sid", true},
		{"sid-slim", true},
		// variants only
		{"alpine", true},
		{"slim", true},
		{"alpine-slim", true},
		{"apache", true},
		{"fpm-alpine", true},
		{"dind-rootless", true},
		{"nanoserver", true},
		{"nonroot", true},
		{"arm64v8", true},
		{"jre", true},
		// versions
		{"3.20", false},
		{"20", false},
		{"20-alpine", false},
		{"1.27-alpine3.20", false},
		{"v1.0.0", false},
		{"3.9-slim", false},
		{"17-jre-focal", false},
		{"2024.01.01", false},
		{"lts-20", false},
		{"stable-1.27", false},
		{"8.0.9-apache", false},
		{"1.26.7-windowsservercore-ltsc2022", false},
		// release codenames are versions
		{"bookworm", false},
		{"bookworm-slim", false},
		{"bullseye-slim", false},
		{"jammy", false},
		{"noble", false},
		{"focal", false},
		{"trixie-scm", false},
		// an OS or runtime version alone pins the tag (see the package doc)
		{"alpine3.20", false},
		{"ltsc2022", false},
		{"python3.9-slim", false},
		{"jdk17", false},
		// words dockguard does not know: not judged
		{"install", false},
		{"test", false},
		{"prod", false},
		{"hydrogen", false},
		{"stable-custom", false},
		{"", false},
		{"-", false},
	} {
		if got := FloatingTag(c.tag); got != c.floating {
			t.Errorf("FloatingTag(%q) = %v, want %v", c.tag, got, c.floating)
		}
	}
}

func TestFloatingRef(t *testing.T) {
	for in, want := range map[string][3]bool{ // floating, unpinned, tagOnly
		"node:lts":                 {true, false, false},
		"golang:alpine":            {true, false, false},
		"debian:sid-slim":          {true, false, false},
		"node":                     {false, true, false},
		"node:latest":              {false, true, false},
		"node:Latest":              {true, false, false},
		"node:22-alpine":           {false, false, true},
		"debian:bookworm-slim":     {false, false, true},
		"node:lts@sha256:" + zeros: {false, false, false},
	} {
		r, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]bool{r.Floating(), r.Unpinned(), r.TagOnly()}; got != want {
			t.Errorf("%q: floating, unpinned, tagOnly = %v, want %v", in, got, want)
		}
	}
}

const zeros = "0000000000000000000000000000000000000000000000000000000000000000"

func TestVersionedTag(t *testing.T) {
	for tag, want := range map[string]string{
		"lts":                    "<version>",
		"alpine":                 "<version>-alpine",
		"mainline-alpine":        "<version>-alpine",
		"lts-buster-slim":        "<version>-buster-slim",
		"sid-slim":               "<version>-slim",
		"stable-alpine3.20-perl": "<version>-alpine3.20-perl",
		"Stable_Alpine":          "<version>-Alpine",
	} {
		if got := VersionedTag(tag); got != want {
			t.Errorf("VersionedTag(%q) = %q, want %q", tag, got, want)
		}
	}
}

// The word lists do not overlap, so that each word has one kind.
func TestWordListsDisjoint(t *testing.T) {
	lists := map[string]map[string]bool{"channel": ChannelWords, "variant": VariantWords, "codename": Codenames}
	seen := map[string]string{}
	for name, l := range lists {
		for w := range l {
			if other, ok := seen[w]; ok {
				t.Errorf("%q is both a %s and a %s word", w, other, name)
			}
			seen[w] = name
		}
	}
}
