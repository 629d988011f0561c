package compose

import (
	"context"
	"math/rand"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// localeCompare must order ASCII strings as ICU's root collation does
// (what dclint's JavaScript localeCompare uses), with and without numeric
// ordering: checked against golang.org/x/text/collate, except for runs of
// digits that start with 0 in numeric mode, where x/text disagrees with
// ICU (Node.js); those are checked against values Node.js gave.
func TestLocaleCompareMatchesICU(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{ // node -e 'console.log(a.localeCompare(b, "en", {numeric: true}))'
		{"0\"", "8", -1}, {"b$0%", "b$2", -1}, {"A3{=A", "A0a ", 1}, {"3&&", "0; ~&<", 1}, {"@04!:", "@0=0)B6A", 1},
	} {
		if got := localeCompare(c.a, c.b, true); got != c.want {
			t.Errorf("localeCompare(%q, %q, numeric) = %d, Node.js says %d", c.a, c.b, got, c.want)
		}
	}
	zeroRun := regexp.MustCompile(`(^|[^0-9])0`)
	const alphabet = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~"
	rng := rand.New(rand.NewSource(1))
	word := func() string {
		b := make([]byte, 1+rng.Intn(6))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(b)
	}
	sign := func(x int) int {
		switch {
		case x < 0:
			return -1
		case x > 0:
			return 1
		}
		return 0
	}
	for _, numeric := range []bool{false, true} {
		opts := []collate.Option{}
		if numeric {
			opts = append(opts, collate.Numeric)
		}
		icu := collate.New(language.Und, opts...)
		pairs := [][2]string{{"api_v3", "API-v2"}, {"web10", "web2"}, {"aB", "Ab"}, {"x-a", "x-b"}, {"8080", "443"}, {"127.0.0.1", "443"}, {"", "${PORT}"}}
		for i := 0; i < 50000; i++ {
			a, b := word(), word()
			if rng.Intn(3) == 0 { // share a prefix, to reach ties and case
				b = a[:rng.Intn(len(a)+1)] + b
			}
			pairs = append(pairs, [2]string{a, b})
		}
		bad := 0
		for _, p := range pairs {
			want := icu.CompareString(p[0], p[1])
			if want == 0 || numeric && (zeroRun.MatchString(p[0]) || zeroRun.MatchString(p[1])) {
				continue // ICU ties (leading zeros in numeric mode): any order will do
			}
			if got := sign(localeCompare(p[0], p[1], numeric)); got != want {
				if bad++; bad <= 10 {
					t.Errorf("numeric=%v: localeCompare(%q, %q) = %d, ICU says %d", numeric, p[0], p[1], got, want)
				}
			}
		}
	}
}

func TestPlainSafe(t *testing.T) {
	for s, want := range map[string]bool{
		"./site:/usr/share/nginx/html:ro": true,
		"data:/data":                      true,
		"${HOME}/.cache:/cache":           true,
		"~/.ssh:/root/.ssh:ro":            true,
		"C:\\data:/data":                  true,
		"./notes #1:/notes":               false, // " #" starts a comment
		"./a: b:/b":                       false, // ": " makes a mapping
		"*glob:/glob":                     false, // alias
		"&x:/x":                           false,
		"!tag:/tag":                       false,
		"[x]:/y":                          false,
		"{x}:/z":                          false,
		"@at:/at":                         false,
		"`bt:/bt":                         false,
		"%p:/p":                           false,
		"- dash:/dash":                    false,
		"? q:/q":                          false,
		"'q:/q":                           false,
		" lead:/lead":                     false,
		"trail:/trail ":                   false,
		"":                                false,
		"yes":                             false, // a boolean to YAML 1.1
		"null":                            false,
		"~":                               false,
		"12:30":                           false, // base 60 to YAML 1.1
		"1e3":                             false, // a float to YAML 1.2
		"0x1F":                            false,
		".inf":                            false,
		"a\nb":                            false,
	} {
		if got := plainSafe(s); got != want {
			t.Errorf("plainSafe(%q) = %v, want %v", s, got, want)
		}
	}
}

// The fixes of DC050, DC057 and DC058, applied to the text, give the file
// the good form, which no longer triggers the rule.
func TestStyleFixes(t *testing.T) {
	for _, c := range []struct {
		r         *rule.Rule
		src, want string
	}{
		{VersionObsolete, "version: \"3.8\" # old\nservices:\n  web:\n    image: nginx:1.27\n", "services:\n  web:\n    image: nginx:1.27\n"},
		{VersionObsolete, "services:\n  web:\n    image: nginx:1.27\nversion: '3'", "services:\n  web:\n    image: nginx:1.27\n"},
		{PortUnquoted, "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 127.0.0.1:2222:22 # ssh\n    expose: [3000]\n",
			"services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:2222:22\" # ssh\n    expose: [\"3000\"]\n"},
		{VolumeQuoted, "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - \"./site:/srv:ro\"\n      - 'data:/data'\nvolumes:\n  data: {}\n",
			"services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./site:/srv:ro\n      - data:/data\nvolumes:\n  data: {}\n"},
	} {
		dir := writeFiles(t, map[string]string{"compose.yaml": c.src})
		file := filepath.Join(dir, "compose.yaml")
		proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{file}, Root: dir})
		if proj == nil || len(problems) > 0 {
			t.Fatalf("%s: %v", c.r.ID, problems)
		}
		fs := runRule(c.r, proj, file)
		if len(fs) == 0 {
			t.Fatalf("%s: no finding in %q", c.r.ID, c.src)
		}
		src := source.NewFile(file, []byte(c.src))
		var edits []rule.Edit
		for _, f := range fs {
			if f.Fix == nil {
				t.Fatalf("%s: finding without a fix: %s", c.r.ID, f.Message)
			}
			edits = append(edits, f.Fix.Edits...)
		}
		// Apply from the end so that earlier offsets stay valid.
		sort.Slice(edits, func(i, j int) bool { return edits[j].Range.Start.Before(edits[i].Range.Start) })
		out := []byte(c.src)
		for _, e := range edits {
			s, en := src.Offset(e.Range.Start), src.Offset(e.Range.End)
			out = append(append(append([]byte{}, out[:s]...), e.NewText...), out[en:]...)
		}
		if string(out) != c.want {
			t.Errorf("%s: fixed\n%q\nwant\n%q", c.r.ID, out, c.want)
		}
	}
}
