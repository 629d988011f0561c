package imageresolve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/imageresolve/registrytest"
)

// hermetic keeps the tests away from the user's Docker credentials.
func hermetic(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir())
}

type fixture struct {
	reg                                 *registrytest.Registry
	indexDigest, amd64Digest, appDigest string
}

// setup pushes a multi-platform index "multi:1" (linux/amd64 runs as
// root with no HEALTHCHECK, linux/arm64 as 1000) and a single image
// "app:2" with a USER, a HEALTHCHECK and exposed ports.
func setup(t *testing.T) fixture {
	hermetic(t)
	reg := registrytest.Start(t)
	amd := registrytest.Image(t, v1.Config{Cmd: []string{"sh"}}, "linux", "amd64")
	arm := registrytest.Image(t, v1.Config{User: "1000"}, "linux", "arm64")
	app := registrytest.Image(t, v1.Config{
		User:         "app:app",
		Healthcheck:  &v1.HealthConfig{Test: []string{"CMD", "/bin/health"}},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}, "443/tcp": {}},
	}, "linux", "amd64")
	return fixture{
		reg:         reg,
		indexDigest: reg.PushIndex("multi:1", amd, arm),
		amd64Digest: registrytest.Digest(t, amd),
		appDigest:   reg.PushImage("team/app:2", app),
	}
}

func newResolver(t *testing.T, o imageresolve.Options) *imageresolve.Resolver {
	t.Helper()
	if o.CacheDir == "" && !o.NoCache {
		o.CacheDir = t.TempDir()
	}
	r, err := imageresolve.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestIndexDigestAndPlatformConfig(t *testing.T) {
	fx := setup(t)
	r := newResolver(t, imageresolve.Options{})
	img, err := r.Lookup(context.Background(), fx.reg.Host+"/multi:1")
	if err != nil {
		t.Fatal(err)
	}
	if img.Digest != fx.indexDigest || !img.MultiPlatform {
		t.Errorf("digest = %s (multi %v), want the index digest %s", img.Digest, img.MultiPlatform, fx.indexDigest)
	}
	if img.ManifestDigest != fx.amd64Digest || img.Platform != "linux/amd64" {
		t.Errorf("manifest digest = %s for %s, want linux/amd64's %s", img.ManifestDigest, img.Platform, fx.amd64Digest)
	}
	if img.Config == nil || img.Config.User != "" || !img.Config.RunsAsRoot() || img.Config.Healthcheck != nil {
		t.Errorf("config = %+v, want linux/amd64's: no user, no healthcheck", img.Config)
	}

	arm := newResolver(t, imageresolve.Options{Platform: "linux/arm64"})
	img, err = arm.Lookup(context.Background(), fx.reg.Host+"/multi:1")
	if err != nil {
		t.Fatal(err)
	}
	if img.Digest != fx.indexDigest || img.Config == nil || img.Config.User != "1000" || img.Config.RunsAsRoot() {
		t.Errorf("linux/arm64: %+v config %+v, want the same index digest and user 1000", img, img.Config)
	}

	// A platform the index lacks: the digest (all pin needs) is known, the
	// configuration is not, and Resolve says so as a warning.
	s390 := newResolver(t, imageresolve.Options{Platform: "linux/s390x"})
	res, warns := s390.Resolve(context.Background(), []string{fx.reg.Host + "/multi:1"})
	got := res.Lookup(fx.reg.Host + "/multi:1")
	if got == nil || got.Digest != fx.indexDigest || got.Config != nil || len(warns) != 1 || !strings.Contains(warns[0].Error(), "configuration not read") {
		t.Errorf("linux/s390x: %+v, warnings %v", got, warns)
	}
}

func TestSingleImageConfig(t *testing.T) {
	fx := setup(t)
	r := newResolver(t, imageresolve.Options{})
	img, err := r.Lookup(context.Background(), fx.reg.Host+"/team/app:2")
	if err != nil {
		t.Fatal(err)
	}
	if img.Digest != fx.appDigest || img.MultiPlatform || img.ManifestDigest != fx.appDigest {
		t.Errorf("digest = %s / %s (multi %v), want the manifest digest %s", img.Digest, img.ManifestDigest, img.MultiPlatform, fx.appDigest)
	}
	c := img.Config
	if c == nil || c.User != "app:app" || c.RunsAsRoot() {
		t.Fatalf("config = %+v, want user app:app", c)
	}
	if c.Healthcheck == nil || strings.Join(c.Healthcheck.Test, " ") != "CMD /bin/health" || c.Healthcheck.Disabled() {
		t.Errorf("healthcheck = %+v", c.Healthcheck)
	}
	if strings.Join(c.ExposedPorts, ",") != "443/tcp,8080/tcp" {
		t.Errorf("exposed ports = %v", c.ExposedPorts)
	}
	// By digest: the same image, keyed by the digest.
	byDigest, err := r.Lookup(context.Background(), fx.reg.Host+"/team/app:2@"+fx.appDigest)
	if err != nil || byDigest.Digest != fx.appDigest || byDigest.Ref != fx.reg.Host+"/team/app@"+fx.appDigest {
		t.Errorf("by digest: %+v, %v", byDigest, err)
	}
}

func TestErrorsAreWarnings(t *testing.T) {
	fx := setup(t)
	r := newResolver(t, imageresolve.Options{Timeout: 5 * time.Second})
	refs := []string{fx.reg.Host + "/missing:1", "Not A Ref", fx.reg.Host + "/team/app:2", "127.0.0.1:1/closed:1", "127.0.0.1:1/closed:2", "127.0.0.1:1/closed:3"}
	res, warns := r.Resolve(context.Background(), refs)
	if len(res) != 1 || res.Lookup(fx.reg.Host+"/team/app:2") == nil {
		t.Errorf("results = %v, want only team/app:2", res)
	}
	if len(warns) != 3 {
		t.Fatalf("warnings = %v, want 3", warns)
	}
	for i, w := range warns {
		if w.Ref != refs[[]int{0, 1, 3}[i]] || strings.Contains(w.Error(), "\n") {
			t.Errorf("warning %d = %q", i, w.Error())
		}
	}
	// An unreachable registry is one warning for all its images.
	if w := warns[2].Error(); !strings.Contains(w, "registry 127.0.0.1:1 unreachable: ") || !strings.HasSuffix(w, "(and 2 more images of that registry)") || strings.Contains(w, "http") {
		t.Errorf("unreachable registry warning = %q", w)
	}
}

func TestCache(t *testing.T) {
	fx := setup(t)
	dir := t.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ref := fx.reg.Host + "/team/app:2"
	lookup := func(o imageresolve.Options) *imageresolve.Image {
		t.Helper()
		o.CacheDir, o.Now = dir, clock
		img, err := newResolver(t, o).Lookup(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	reads := func() int64 { return fx.reg.ManifestRequests() }

	n := reads()
	lookup(imageresolve.Options{}) // miss: asks the registry, writes the cache
	if reads() == n {
		t.Fatal("first lookup did not ask the registry")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files = %v, want 1", files)
	}

	n = reads()
	if img := lookup(imageresolve.Options{}); img.Config == nil || img.Config.User != "app:app" || reads() != n {
		t.Errorf("fresh cache: %+v, %d registry reads, want a hit", img, reads()-n)
	}

	now = now.Add(imageresolve.DefaultTTL + time.Minute) // the tag is stale
	n = reads()
	lookup(imageresolve.Options{})
	if reads() == n {
		t.Error("stale tag was not looked up again")
	}
	n = reads()
	lookup(imageresolve.Options{TTL: -1}) // never trust a cached tag (pin)
	if reads() == n {
		t.Error("TTL<0 used the cache")
	}

	// A digest reference is cached forever.
	dref := fx.reg.Host + "/team/app@" + fx.appDigest
	o := imageresolve.Options{CacheDir: dir, Now: clock}
	if _, err := newResolver(t, o).Lookup(context.Background(), dref); err != nil {
		t.Fatal(err)
	}
	now = now.AddDate(5, 0, 0)
	n = reads()
	if _, err := newResolver(t, o).Lookup(context.Background(), dref); err != nil || reads() != n {
		t.Errorf("digest reference after 5 years: %v, %d registry reads, want a cache hit", err, reads()-n)
	}

	// Corrupt files are ignored and replaced.
	files, _ = filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		if err := os.WriteFile(f, []byte("{not json"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n = reads()
	if img, err := newResolver(t, o).Lookup(context.Background(), dref); err != nil || img.Digest != fx.appDigest || reads() == n {
		t.Errorf("corrupt cache: %+v, %v, %d reads, want a registry read", img, err, reads()-n)
	}
	n = reads()
	if _, err := newResolver(t, o).Lookup(context.Background(), dref); err != nil || reads() != n {
		t.Errorf("rewritten cache not used: %v", err)
	}

	// NoCache never reads nor writes.
	empty := t.TempDir()
	if _, err := newResolver(t, imageresolve.Options{NoCache: true, CacheDir: empty}).Lookup(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(empty, "*")); len(files) != 0 {
		t.Errorf("NoCache wrote %v", files)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"alpine":                     "index.docker.io/library/alpine:latest",
		"alpine:3.20":                "index.docker.io/library/alpine:3.20",
		"docker.io/library/alpine:3": "index.docker.io/library/alpine:3",
		"ghcr.io/o/a:1@sha256:" + strings.Repeat("a", 64): "ghcr.io/o/a@sha256:" + strings.Repeat("a", 64),
	} {
		if got, err := imageresolve.Key(in); err != nil || got != want {
			t.Errorf("Key(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestBadPlatform(t *testing.T) {
	if _, err := imageresolve.New(imageresolve.Options{Platform: "amd64"}); err == nil {
		t.Error("platform without OS accepted")
	}
}

func TestRunsAsRoot(t *testing.T) {
	for u, want := range map[string]bool{
		"": true, "root": true, "0": true, "0:0": true, "root:wheel": true, "ContainerAdministrator": true,
		`NT AUTHORITY\SYSTEM`: true, "1000": false, "app:app": false, "ContainerUser": false, "nobody": false, "65532:65532": false,
	} {
		if got := (&imageresolve.Config{User: u}).RunsAsRoot(); got != want {
			t.Errorf("RunsAsRoot(%q) = %v", u, got)
		}
	}
}

// TestDigestOnly is what pin asks: HEAD requests only, the index digest,
// nothing cached.
func TestDigestOnly(t *testing.T) {
	fx := setup(t)
	dir := t.TempDir()
	r := newResolver(t, imageresolve.Options{DigestOnly: true, CacheDir: dir})
	gets := fx.reg.ManifestGets()
	res, warns := r.Resolve(context.Background(), []string{fx.reg.Host + "/multi:1", fx.reg.Host + "/team/app:2"})
	if len(warns) != 0 {
		t.Fatal(warns)
	}
	if img := res.Lookup(fx.reg.Host + "/multi:1"); img == nil || img.Digest != fx.indexDigest || !img.MultiPlatform || img.Config != nil {
		t.Errorf("multi:1 = %+v", img)
	}
	if img := res.Lookup(fx.reg.Host + "/team/app:2"); img == nil || img.Digest != fx.appDigest || img.MultiPlatform {
		t.Errorf("team/app:2 = %+v", img)
	}
	if n := fx.reg.ManifestGets() - gets; n != 0 {
		t.Errorf("%d manifest GETs, want HEAD only", n)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
		t.Errorf("digest-only results cached: %v", files)
	}
}

// TestOneLookupPerImage: spellings of one reference are looked up once.
func TestOneLookupPerImage(t *testing.T) {
	fx := setup(t)
	fx.reg.PushImage("team/app:latest", registrytest.Image(t, v1.Config{User: "x"}, "linux", "amd64"))
	count := func(refs ...string) int64 {
		n := fx.reg.ManifestRequests()
		res, warns := newResolver(t, imageresolve.Options{NoCache: true}).Resolve(context.Background(), refs)
		if len(warns) != 0 || len(res) != 1 {
			t.Fatalf("%v: %v %v", refs, res, warns)
		}
		return fx.reg.ManifestRequests() - n
	}
	one := count(fx.reg.Host + "/team/app")
	if both := count(fx.reg.Host+"/team/app", " "+fx.reg.Host+"/team/app:latest"); both != one {
		t.Errorf("two spellings: %d manifest requests, one: %d", both, one)
	}
}
