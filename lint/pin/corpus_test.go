package pin

import (
	"bytes"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageresolve"
)

const corpusDir = "../../../shared/corpus"

// TestCorpus pins every file of the shared corpus (when present) with a
// made-up digest for every reference, and checks that the only change is
// "@digest" inserted after references, that every Dockerfile still parses
// with the same image references now pinned, and that every compose file
// decodes to the same YAML but for the pinned image: values.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("no shared corpus")
	}
	targets, _, err := discover.Discover([]string{corpusDir}, discover.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var files, found, pinned int
	reasons := map[string]int{}
	for _, tg := range targets {
		kind := Dockerfile
		if tg.Kind == discover.Compose {
			kind = Compose
		}
		for _, path := range tg.Files {
			content, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			refs, err := Find(kind, path, content, Options{})
			if err != nil {
				continue // unparsable: pin reports it and leaves the file
			}
			files++
			res := imageresolve.Results{}
			for _, r := range refs {
				found++
				if r.Skip != "" {
					reasons[strings.SplitN(strings.SplitN(r.Skip, ":", 2)[0], " (", 2)[0]]++
					continue
				}
				if k, err := imageresolve.Key(r.Lookup); err == nil {
					res[k] = &imageresolve.Image{Ref: k, Digest: dA}
				} else {
					t.Errorf("%s:%s: %q is looked up but has no key: %v", path, r.Range.Start, r.Lookup, err)
				}
			}
			out, changes := Apply(content, refs, res)
			pinned += len(changes)
			if got := bytes.Count(out, []byte("@"+dA)) - bytes.Count(content, []byte("@"+dA)); got != len(changes) ||
				!bytes.Equal(bytes.ReplaceAll(out, []byte("@"+dA), nil), content) {
				t.Errorf("%s: the edit is more than %d digest insertions", path, len(changes))
				continue
			}
			if kind == Dockerfile {
				checkDockerfile(t, path, content, out)
			} else {
				checkCompose(t, path, content, out)
			}
		}
	}
	var rs []string
	for k, n := range reasons {
		rs = append(rs, k+": "+strconv.Itoa(n))
	}
	sort.Strings(rs)
	t.Logf("%d files, %d references, %d pinned; skipped: %s", files, found, pinned, strings.Join(rs, "; "))
}

func checkDockerfile(t *testing.T, path string, before, after []byte) {
	a, err1 := dockerfile.Parse(path, before, dockerfile.ParseOptions{})
	b, err2 := dockerfile.Parse(path, after, dockerfile.ParseOptions{})
	if err1 != nil || err2 != nil {
		t.Errorf("%s: parse before %v, after %v", path, err1, err2)
		return
	}
	ra, rb := a.ImageRefs(), b.ImageRefs()
	if len(ra) != len(rb) || len(a.Stages) != len(b.Stages) || len(a.Instructions) != len(b.Instructions) {
		t.Errorf("%s: the model changed shape", path)
		return
	}
	for i := range ra {
		if ra[i].IsImage() && rb[i].IsImage() && ra[i].Ref.Name() != rb[i].Ref.Name() {
			t.Errorf("%s: image %q became %q", path, ra[i].Ref, rb[i].Ref)
		}
	}
}

func checkCompose(t *testing.T, path string, before, after []byte) {
	decode := func(b []byte) []any {
		var docs []any
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				break
			}
			docs = append(docs, v)
		}
		return docs
	}
	a, b := decode(before), decode(after)
	strip(b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s: the YAML changed beyond image digests", path)
	}
}

// strip removes the made-up digest from every string of v, in place.
func strip(v any) any {
	switch x := v.(type) {
	case string:
		return strings.ReplaceAll(x, "@"+dA, "")
	case []any:
		for i := range x {
			x[i] = strip(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = strip(x[k])
		}
	}
	return v
}
