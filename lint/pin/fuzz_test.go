package pin

import (
	"bytes"
	"testing"

	"github.com/dockguard/dockguard/lint/imageresolve"
)

// FuzzFind: no input makes Find or Apply panic, and Apply only inserts
// digests.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"FROM alpine:3.20\nCOPY --from=busybox:1 / /\n",
		"# escape=`\nFROM a `\n  AS b\n",
		"FROM \"alpine\"\nRUN --mount=type=bind,from='x:1' true\n",
		"services:\n  a: &x\n    image: \"r:1\"\n  b:\n    <<: *x\n",
		"x: &a [*a]\nservices: {a: {image: 'q:1'}}\n",
		"services:\n  a:\n    image: !!str r:1\n  b: &b\n    image: &i r:2\n  c:\n    image: *i\n",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, isCompose bool) {
		kind := Dockerfile
		if isCompose {
			kind = Compose
		}
		refs, err := Find(kind, "f", []byte(s), Options{})
		if err != nil {
			return
		}
		res := imageresolve.Results{}
		for _, r := range refs {
			if k, err := imageresolve.Key(r.Lookup); err == nil {
				res[k] = &imageresolve.Image{Ref: k, Digest: dA}
			}
		}
		out, _ := Apply([]byte(s), refs, res)
		if !bytes.Contains([]byte(s), []byte(dA)) && !bytes.Equal(bytes.ReplaceAll(out, []byte("@"+dA), nil), []byte(s)) {
			t.Fatalf("Apply changed more than digests:\n%q\n%q", s, out)
		}
	})
}
