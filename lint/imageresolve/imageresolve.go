// Package imageresolve reads what an image's registry says about it: the
// digest `docker pull` resolves a reference to, and from the image's
// configuration its default user, HEALTHCHECK and exposed ports. It is
// what `dockguard lint --resolve-images` and `dockguard pin` use; nothing
// else in dockguard touches the network, and this package only does when
// one of those is asked for.
//
// Registries are read with github.com/google/go-containerregistry, with the
// credentials of the Docker configuration (docker login, credential
// helpers) and anonymously otherwise. Results are cached on disk: a
// reference by digest forever, a tag for a TTL.
package imageresolve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"golang.org/x/sync/errgroup"
)

// Image is what a registry says about one image reference.
type Image struct {
	// Ref is the reference as asked for, fully qualified
	// ("index.docker.io/library/alpine:3.20"); the key of the cache.
	Ref string `json:"ref"`
	// Digest is the digest `docker pull` resolves the reference to: the
	// digest of the index (manifest list) for a multi-platform image, so a
	// reference pinned to it keeps working on every platform, else of the
	// image manifest.
	Digest string `json:"digest"`
	// MultiPlatform is set when Digest is an index.
	MultiPlatform bool `json:"multi_platform,omitempty"`
	// Platform is the platform whose configuration was read ("linux/amd64");
	// ManifestDigest is that platform's image manifest (Digest itself for a
	// single-platform image).
	Platform       string `json:"platform,omitempty"`
	ManifestDigest string `json:"manifest_digest,omitempty"`
	// Config is the image configuration's facts; nil when it could not be
	// read (ConfigErr says why, e.g. an index with no image for Platform).
	Config    *Config `json:"config,omitempty"`
	ConfigErr string  `json:"config_error,omitempty"`
	// Fetched is when the registry was asked.
	Fetched time.Time `json:"fetched"`
}

// Config holds the facts of an image configuration that rules read.
type Config struct {
	// User is the configured default user ("" when none: the container
	// runs as root unless told otherwise).
	User string `json:"user,omitempty"`
	// Healthcheck is the image's HEALTHCHECK; nil when it declares none.
	Healthcheck *Healthcheck `json:"healthcheck,omitempty"`
	// ExposedPorts are the EXPOSEd ports, "80/tcp", sorted.
	ExposedPorts []string `json:"exposed_ports,omitempty"`
}

// Healthcheck is an image's HEALTHCHECK.
type Healthcheck struct {
	// Test is the command: ["CMD", ...], ["CMD-SHELL", "..."], or ["NONE"]
	// for HEALTHCHECK NONE.
	Test []string `json:"test,omitempty"`
}

// Disabled reports HEALTHCHECK NONE.
func (h *Healthcheck) Disabled() bool {
	return h != nil && len(h.Test) > 0 && strings.EqualFold(h.Test[0], "NONE")
}

// RunsAsRoot reports whether a container of the image runs as root when
// nothing else sets its user: the configured user is empty (root; on
// Windows ContainerAdministrator), root or UID 0 (with or without a group),
// or Windows' ContainerAdministrator or SYSTEM (the users
// dockerfile.IsRootUser knows).
func (c *Config) RunsAsRoot() bool {
	u, _, _ := strings.Cut(strings.Trim(strings.TrimSpace(c.User), `"'`), ":")
	switch strings.ToLower(strings.TrimSpace(u)) {
	case "", "root", "0", "containeradministrator", `nt authority\system`:
		return true
	}
	return false
}

// Options configure a Resolver. The zero value is usable.
type Options struct {
	// Platform whose configuration is read from multi-platform images;
	// "" = linux/amd64.
	Platform string
	// CacheDir holds cached results; "" = os.UserCacheDir()/dockguard/images.
	// NoCache turns the cache off.
	CacheDir string
	NoCache  bool
	// TTL is how long a cached tag stays fresh; 0 = DefaultTTL, negative =
	// never use a cached tag (always ask the registry; it is still cached
	// for later runs). References by digest are cached forever.
	TTL time.Duration
	// Timeout bounds the lookup of one image; 0 = DefaultTimeout.
	Timeout time.Duration
	// Jobs bounds the images looked up at once; 0 = DefaultJobs.
	Jobs int
	// Keychain finds credentials; nil = the Docker configuration
	// ($DOCKER_CONFIG, ~/.docker/config.json and its credential helpers),
	// anonymous when it has none or fails.
	Keychain authn.Keychain
	// Transport is the HTTP transport; nil = remote's default.
	Transport http.RoundTripper
	// UserAgent is sent to registries.
	UserAgent string
	// Now is the clock; nil = time.Now.
	Now func() time.Time
	// DigestOnly asks only for the digest (pin): a HEAD request, which
	// Docker Hub does not count as a pull, and no configuration read
	// (Image.Config is nil). Its results are not cached.
	DigestOnly bool
}

// Defaults.
const (
	DefaultTTL     = 24 * time.Hour
	DefaultTimeout = 30 * time.Second
	DefaultJobs    = 8
)

// Resolver looks images up. It is safe for concurrent use.
type Resolver struct {
	opts     Options
	platform v1.Platform
	cacheDir string // "" = no cache

	mu   sync.Mutex
	memo map[string]*Image
	// down holds the registries that could not be reached (DNS, TCP,
	// TLS): their other images are not asked for in this run.
	down map[string]error
}

// New makes a Resolver. It fails only on a malformed Options.Platform.
func New(opts Options) (*Resolver, error) {
	if opts.Platform == "" {
		opts.Platform = "linux/amd64"
	}
	plat, err := v1.ParsePlatform(opts.Platform)
	if err != nil || plat.OS == "" || plat.Architecture == "" {
		return nil, fmt.Errorf("platform %q: want OS/ARCH[/VARIANT], e.g. linux/amd64", opts.Platform)
	}
	if opts.TTL == 0 {
		opts.TTL = DefaultTTL
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Jobs <= 0 {
		opts.Jobs = DefaultJobs
	}
	if opts.Keychain == nil {
		opts.Keychain = fallbackKeychain{authn.DefaultKeychain}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Resolver{opts: opts, platform: *plat, memo: map[string]*Image{}, down: map[string]error{}}
	if !opts.NoCache {
		r.cacheDir = opts.CacheDir
		if r.cacheDir == "" {
			if dir, err := os.UserCacheDir(); err == nil {
				r.cacheDir = filepath.Join(dir, "dockguard", "images")
			}
		}
	}
	return r, nil
}

// Platform is the platform whose configurations the resolver reads.
func (r *Resolver) Platform() string { return r.opts.Platform }

// Key is the fully qualified form of an image reference, as the cache and
// Results key it: Docker Hub names get their registry and `library/`, a
// reference with no tag gets `:latest`, and a reference with a digest
// loses its tag (docker pulls by the digest).
func Key(ref string) (string, error) {
	nr, err := name.ParseReference(strings.TrimSpace(ref))
	if err != nil {
		return "", err
	}
	return nr.Name(), nil
}

// Warning is one image that could not be looked up, or a registry that
// could not be reached.
type Warning struct {
	Ref string // as given; for an unreachable registry, its first image
	Err error
	// Others is, for an unreachable registry, how many more of the
	// references were on it (not looked up either).
	Others int
}

func (w Warning) Error() string {
	if w.Others > 0 {
		return fmt.Sprintf("%s: %v (and %d more images of that registry)", w.Ref, w.Err, w.Others)
	}
	return w.Ref + ": " + w.Err.Error()
}

// ErrUnreachable wraps the error of a registry that could not be reached.
type ErrUnreachable struct {
	Registry string
	Err      error
}

func (e *ErrUnreachable) Error() string {
	return "registry " + e.Registry + " unreachable: " + e.Err.Error()
}
func (e *ErrUnreachable) Unwrap() error { return e.Err }

// Results are the images a Resolve call found, by Key.
type Results map[string]*Image

// Lookup finds the result for a reference as written ("alpine:3.20");
// nil when it was not looked up or failed.
func (rs Results) Lookup(ref string) *Image {
	if rs == nil {
		return nil
	}
	k, err := Key(ref)
	if err != nil {
		return nil
	}
	return rs[k]
}

// Resolve looks up every reference, at most Options.Jobs at once. A
// reference that cannot be looked up is a warning, never an error: the
// others go on. Warnings are in the order of refs.
func (r *Resolver) Resolve(ctx context.Context, refs []string) (Results, []Warning) {
	// One lookup per key: "alpine" and "docker.io/library/alpine:latest"
	// are one image.
	var uniq []string
	seen := map[string]bool{}
	for _, ref := range refs {
		k, err := Key(ref)
		if err != nil {
			k = "\x00" + ref // invalid: looked up to report it
		}
		if !seen[k] {
			seen[k] = true
			uniq = append(uniq, ref)
		}
	}
	imgs := make([]*Image, len(uniq))
	errs := make([]error, len(uniq))
	var g errgroup.Group
	g.SetLimit(r.opts.Jobs)
	for i, ref := range uniq {
		g.Go(func() error {
			imgs[i], errs[i] = r.Lookup(ctx, ref)
			return nil
		})
	}
	_ = g.Wait()
	out := Results{}
	var warns []Warning
	downAt := map[string]int{} // registry -> index of its warning
	for i, ref := range uniq {
		if errs[i] != nil {
			var ue *ErrUnreachable
			if errors.As(errs[i], &ue) {
				if j, ok := downAt[ue.Registry]; ok {
					warns[j].Others++
					continue
				}
				downAt[ue.Registry] = len(warns)
			}
			warns = append(warns, Warning{Ref: ref, Err: errs[i]})
			continue
		}
		out[imgs[i].Ref] = imgs[i]
		if imgs[i].ConfigErr != "" {
			warns = append(warns, Warning{Ref: ref, Err: errors.New(imgs[i].ConfigErr)})
		}
	}
	return out, warns
}

// Lookup resolves one reference: from this run's memo, else the cache
// (when fresh), else the registry.
func (r *Resolver) Lookup(ctx context.Context, ref string) (*Image, error) {
	nr, err := name.ParseReference(strings.TrimSpace(ref))
	if err != nil {
		return nil, fmt.Errorf("not an image reference: %w", err)
	}
	key := nr.Name()
	r.mu.Lock()
	img := r.memo[key]
	r.mu.Unlock()
	if img != nil {
		return img, nil
	}
	_, byDigest := nr.(name.Digest)
	if img = r.readCache(key, byDigest); img == nil {
		reg := nr.Context().RegistryStr()
		r.mu.Lock()
		down := r.down[reg]
		r.mu.Unlock()
		if down != nil {
			return nil, down
		}
		if img, err = r.fetch(ctx, nr); err != nil {
			var ue *ErrUnreachable
			if errors.As(err, &ue) {
				r.mu.Lock()
				r.down[reg] = err
				r.mu.Unlock()
			}
			return nil, err
		}
		r.writeCache(img)
	}
	r.mu.Lock()
	r.memo[key] = img
	r.mu.Unlock()
	return img, nil
}

// fetch asks the registry.
func (r *Resolver) fetch(ctx context.Context, nr name.Reference) (*Image, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	ropts := []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuthFromKeychain(r.opts.Keychain),
		remote.WithPlatform(r.platform),
	}
	if r.opts.Transport != nil {
		ropts = append(ropts, remote.WithTransport(r.opts.Transport))
	}
	if r.opts.UserAgent != "" {
		ropts = append(ropts, remote.WithUserAgent(r.opts.UserAgent))
	}
	if r.opts.DigestOnly {
		d, err := remote.Head(nr, ropts...)
		if err == nil {
			return &Image{Ref: nr.Name(), Digest: d.Digest.String(), MultiPlatform: d.MediaType.IsIndex(), Fetched: r.opts.Now().UTC()}, nil
		}
		if ue := unreachable(ctx, nr, err); ue != nil {
			return nil, ue
		}
		// Some registries answer HEAD badly: ask with GET.
	}
	desc, err := remote.Get(nr, ropts...)
	if err != nil {
		if ue := unreachable(ctx, nr, err); ue != nil {
			return nil, ue
		}
		return nil, shorten(ctx, err)
	}
	img := &Image{
		Ref: nr.Name(), Digest: desc.Digest.String(), MultiPlatform: desc.MediaType.IsIndex(),
		Platform: r.opts.Platform, Fetched: r.opts.Now().UTC(),
	}
	if r.opts.DigestOnly {
		img.Platform = ""
		return img, nil
	}
	if !desc.MediaType.IsIndex() && !desc.MediaType.IsImage() {
		img.ConfigErr = fmt.Sprintf("the registry serves a %s, not an image or index: no configuration read", desc.MediaType)
		return img, nil
	}
	cfg, mdig, err := readConfig(desc)
	if err != nil {
		img.ConfigErr = "configuration not read: " + shorten(ctx, err).Error()
		return img, nil
	}
	img.ManifestDigest, img.Config = mdig, cfg
	return img, nil
}

// readConfig reads the configuration of the image desc names (for an
// index, of its child for the resolver's platform).
func readConfig(desc *remote.Descriptor) (*Config, string, error) {
	im, err := desc.Image()
	if err != nil {
		return nil, "", err
	}
	d, err := im.Digest()
	if err != nil {
		return nil, "", err
	}
	cf, err := im.ConfigFile()
	if err != nil {
		return nil, "", err
	}
	c := &Config{User: cf.Config.User}
	if h := cf.Config.Healthcheck; h != nil && len(h.Test) > 0 {
		c.Healthcheck = &Healthcheck{Test: append([]string(nil), h.Test...)}
	}
	for p := range cf.Config.ExposedPorts {
		c.ExposedPorts = append(c.ExposedPorts, p)
	}
	sort.Strings(c.ExposedPorts)
	return c, d.String(), nil
}

// shorten makes a registry error one line, and says "timed out" for a
// deadline.
func shorten(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errors.New("timed out")
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return errors.New(msg)
}

// unreachable returns an *ErrUnreachable when err is a network error
// (DNS, TCP, TLS) rather than the registry's answer or our own timeout.
func unreachable(ctx context.Context, nr name.Reference, err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ctx.Err() == nil {
		return &ErrUnreachable{Registry: nr.Context().RegistryStr(), Err: shortNet(err)}
	}
	return nil
}

// shortNet keeps the innermost network error ("dial tcp: lookup
// index.docker.io: no such host"), without the URL around it.
func shortNet(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return de
	}
	return errors.New(firstLine(err.Error()))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// fallbackKeychain is a keychain that answers anonymously when the inner
// one fails (a credential helper that is missing or errors): public images
// keep resolving on a machine with a broken Docker configuration.
type fallbackKeychain struct{ inner authn.Keychain }

func (k fallbackKeychain) Resolve(res authn.Resource) (authn.Authenticator, error) {
	a, err := k.inner.Resolve(res)
	if err != nil || a == nil {
		return authn.Anonymous, nil
	}
	return a, nil
}

// Resolve implements imagefacts.Resolver: the configured user and
// HEALTHCHECK of ref, when it was read. imagefacts.DB asks it after the
// configuration's `images:` and before its built-in table.
func (rs Results) Resolve(ref imageref.Ref) (imagefacts.Facts, bool) {
	img := rs.Lookup(ref.String())
	if img == nil || img.Config == nil {
		return imagefacts.Facts{}, false
	}
	c := img.Config
	f := imagefacts.Facts{Image: ref.FamiliarName(), User: c.User, UserKnown: true, Source: "registry: " + img.Ref}
	if c.User == "" {
		f.User = "root"
	}
	if hc := c.Healthcheck; hc != nil && len(hc.Test) > 0 && hc.Test[0] != "NONE" {
		f.Healthcheck = true
	}
	return f, true
}
