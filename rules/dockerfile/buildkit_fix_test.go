package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// fixClasses applies the rule's fixes to src and returns the result and
// the class of each fix.
func fixClasses(t *testing.T, r *rule.Rule, src string) (string, []rule.FixClass) {
	t.Helper()
	out, found := applyFixes(t, r, src)
	var classes []rule.FixClass
	for _, f := range found {
		if f.Fix != nil {
			classes = append(classes, f.Fix.Class)
		}
	}
	return out, classes
}

func TestBuildKitFixes(t *testing.T) {
	for _, c := range []struct {
		name  string
		r     *rule.Rule
		in    string
		want  string
		class rule.FixClass
	}{
		{"maintainer", MaintainerDeprecated,
			"FROM alpine:3.20\nMAINTAINER Jane \"JD\" Doe <jane@example.com> $5\n",
			"FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe <jane@example.com> \\$5\"\n", rule.FixSafe},
		{"maintainer lower", MaintainerDeprecated,
			"from alpine:3.20\nmaintainer Jane\n",
			"from alpine:3.20\nlabel org.opencontainers.image.authors=\"Jane\"\n", rule.FixSafe},
		{"from as", FromAsCasing,
			"FROM alpine:3.20 as base\nfrom base AS b\n",
			"FROM alpine:3.20 AS base\nfrom base as b\n", rule.FixSafe},
		{"instruction casing", ConsistentInstructionCasing,
			"FROM alpine:3.20\nrun true\nCopy a /a\nCMD [\"sh\"]\n",
			"FROM alpine:3.20\nRUN true\nCOPY a /a\nCMD [\"sh\"]\n", rule.FixSafe},
		{"expose proto", ExposeProtoCasing,
			"FROM scratch\nEXPOSE 80/TCP 53/Udp\n",
			"FROM scratch\nEXPOSE 80/tcp 53/udp\n", rule.FixSafe},
		{"expose mapping", ExposeInvalidFormat,
			"FROM scratch\nEXPOSE 127.0.0.1:8080:80/udp 5000:5000\n",
			"FROM scratch\nEXPOSE 80/udp 5000\n", rule.FixSafe},
		{"legacy env", LegacyKeyValueFormat,
			"FROM alpine:3.20\nENV PATH /usr/local/bin:$PATH\nLABEL description A small  image\nENV Q \"a b\"\nENV R \"a b\" c\nENV S \\\n    x y\n",
			"FROM alpine:3.20\nENV PATH=/usr/local/bin:$PATH\nLABEL description=\"A small  image\"\nENV Q=\"a b\"\nENV R \"a b\" c\nENV S=\"x y\"\n", rule.FixSafe},
		{"stage name", StageNameCasing,
			"FROM golang:1.23 AS Builder\nFROM Builder AS test\nFROM alpine:3.20\nCOPY --from=Builder /app /app\nRUN --mount=type=bind,from=BUILDER,target=/b true\n",
			"FROM golang:1.23 AS builder\nFROM builder AS test\nFROM alpine:3.20\nCOPY --from=builder /app /app\nRUN --mount=type=bind,from=builder,target=/b true\n", rule.FixSafe},
		{"empty continuation", NoEmptyContinuation,
			"FROM alpine:3.20\nRUN apk add \\\n\n  \n    curl\n",
			"FROM alpine:3.20\nRUN apk add \\\n    curl\n", rule.FixSafe},
		{"empty continuation swallowing", NoEmptyContinuation,
			"FROM alpine:3.20\nRUN apk add curl \\\n\nRUN make\n",
			"FROM alpine:3.20\nRUN apk add curl \\\n\nRUN make\n", rule.FixSafe},
		{"json args", JSONArgsRecommended,
			"FROM node:22\nCMD node server.js --port=8080\nENTRYPOINT /docker-entrypoint.sh\nCMD npm start && echo\n",
			"FROM node:22\nCMD [\"node\", \"server.js\", \"--port=8080\"]\nENTRYPOINT /docker-entrypoint.sh\nCMD npm start && echo\n", rule.FixHardening},
		{"json args entrypoint", JSONArgsRecommended,
			"FROM node:22\nENTRYPOINT /docker-entrypoint.sh \\\n  serve\nCMD exec node\n",
			"FROM node:22\nENTRYPOINT /docker-entrypoint.sh \\\n  serve\nCMD exec node\n", rule.FixHardening},
		{"json args entrypoint alone", JSONArgsRecommended,
			"FROM node:22\nENTRYPOINT /docker-entrypoint.sh \\\n  serve\n",
			"FROM node:22\nENTRYPOINT [\"/docker-entrypoint.sh\", \"serve\"]\n", rule.FixHardening},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, classes := fixClasses(t, c.r, c.in)
			if got != c.want {
				t.Errorf("fixed file:\n%s\nwant:\n%s", got, c.want)
			}
			for _, cl := range classes {
				if cl != c.class {
					t.Errorf("fix class %v, want %v", cl, c.class)
				}
			}
			// a fixed file must not trigger the rule again (unless no fix was offered)
			if got != c.in {
				if again, _ := fixClasses(t, c.r, got); again != got {
					t.Errorf("fixing twice changes the file again:\n%s", again)
				}
			}
		})
	}
}

// The LABEL written for MAINTAINER holds the same text once BuildKit has
// processed its quotes and escapes.
func TestMaintainerFixKeepsText(t *testing.T) {
	for _, esc := range []string{"", "# escape=`\n"} {
		in := esc + "FROM alpine:3.20\nMAINTAINER Jane \"JD\" Doe <jane@example.com> $5 \\ `x` y\n"
		got, _ := fixClasses(t, MaintainerDeprecated, in)
		f, err := dockerfile.Parse("Dockerfile", []byte(got), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatalf("parse %q: %v", got, err)
		}
		lbl := f.Stages[0].Instructions[0]
		e := lbl.Expand(lbl.Args[0].Value)
		if want := "org.opencontainers.image.authors=Jane \"JD\" Doe <jane@example.com> $5 \\ `x` y"; e.Value != want || e.Err != nil {
			t.Errorf("%q: LABEL reads %q (%v), want %q", got, e.Value, e.Err, want)
		}
	}
}
