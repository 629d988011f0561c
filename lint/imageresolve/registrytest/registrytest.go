// Package registrytest runs go-containerregistry's in-memory registry
// (pkg/registry) on an httptest server and pushes test images to it, for
// the tests of image resolution, `lint --resolve-images` and `pin`. It is
// a real registry speaking the distribution API over HTTP, not a mock.
package registrytest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Registry is a running in-memory registry.
type Registry struct {
	Host string // "127.0.0.1:PORT": go-containerregistry and docker speak plain HTTP to loopback
	t    testing.TB
	// Requests counts the manifest requests served (GET and HEAD of
	// /v2/<name>/manifests/<ref>), to tell cache hits from registry reads.
	manifests, gets atomic.Int64
}

// Start runs a registry until the test ends.
func Start(t testing.TB) *Registry {
	t.Helper()
	r := &Registry{t: t}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.Contains(req.URL.Path, "/manifests/") && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
			r.manifests.Add(1)
			if req.Method == http.MethodGet {
				r.gets.Add(1)
			}
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.Host = strings.TrimPrefix(srv.URL, "http://")
	return r
}

// ManifestRequests is the number of manifest reads (GET or HEAD) served so far.
func (r *Registry) ManifestRequests() int64 { return r.manifests.Load() }

// ManifestGets is the number of manifest GETs served so far (Docker Hub
// counts those as pulls, not HEADs).
func (r *Registry) ManifestGets() int64 { return r.gets.Load() }

// Image makes an image (no layers) whose configuration has cfg and the
// platform os/arch.
func Image(t testing.TB, cfg v1.Config, os, arch string) v1.Image {
	t.Helper()
	cf, err := empty.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.Config = cfg
	cf.OS, cf.Architecture = os, arch
	img, err := mutate.ConfigFile(empty.Image, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// PushImage pushes img as repo:tag ("app:1") and returns its manifest digest.
func (r *Registry) PushImage(repoTag string, img v1.Image) string {
	r.t.Helper()
	ref, err := name.ParseReference(r.Host + "/" + repoTag)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := remote.Write(ref, img); err != nil {
		r.t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		r.t.Fatal(err)
	}
	return d.String()
}

// PushIndex pushes a multi-platform index of imgs (each with the platform
// of its configuration) as repo:tag, and returns the index digest.
func (r *Registry) PushIndex(repoTag string, imgs ...v1.Image) string {
	r.t.Helper()
	var idx v1.ImageIndex = empty.Index
	for _, img := range imgs {
		cf, err := img.ConfigFile()
		if err != nil {
			r.t.Fatal(err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{
			Platform: &v1.Platform{OS: cf.OS, Architecture: cf.Architecture},
		}})
	}
	ref, err := name.ParseReference(r.Host + "/" + repoTag)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		r.t.Fatal(err)
	}
	d, err := idx.Digest()
	if err != nil {
		r.t.Fatal(err)
	}
	return d.String()
}

// Digest is the digest of img.
func Digest(t testing.TB, img v1.Image) string {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}
