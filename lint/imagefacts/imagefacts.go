// Package imagefacts is what dockguard knows about well-known container
// images without pulling them: the user an image runs as, whether its
// entrypoint drops root itself, whether it declares a HEALTHCHECK, how far
// its publisher is trusted, and when its release lines reach their end of
// life.
//
// Every entry is curated, embedded in the binary, and carries its source (a
// URL or document) and the date it was checked against that source, so
// that a message built on it can say how old the knowledge is. Three layers
// answer a Lookup, the first that knows winning:
//
//  1. overrides from `.dockguard.yaml` (`images:`), the team's own word;
//  2. a Resolver, when one is set: facts read live from the registry
//     (`--resolve-images`), implemented outside this package;
//  3. the built-in table.
//
// The package is a leaf: it imports lint/imageref for references and
// nothing that parses files.
package imagefacts

import (
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dockguard/dockguard/lint/imageref"
)

// Tier is how far an image's publisher is trusted by default.
type Tier int

const (
	// TierOther is everything else: personal Docker Hub namespaces, unknown
	// registries, anyone's namespace on a public registry.
	TierOther Tier = iota
	// TierOfficial is the Docker Official Images (docker.io/library/*) and
	// their mirrors.
	TierOfficial
	// TierPublisher is well-known publisher namespaces and vendor registries
	// (Docker Verified Publisher and Docker-Sponsored Open Source projects,
	// as far as they can be listed offline; a project's own registry).
	TierPublisher
)

func (t Tier) String() string {
	switch t {
	case TierOfficial:
		return "Docker Official Image"
	case TierPublisher:
		return "well-known publisher"
	}
	return "other"
}

// Origin says where a fact came from.
type Origin string

const (
	Builtin  Origin = "built-in"        // the embedded table
	Config   Origin = ".dockguard.yaml" // an `images:` override
	Registry Origin = "registry"        // read live by a Resolver
)

// Facts is what is known about one image. The zero value knows nothing.
type Facts struct {
	// Image is the table entry that matched ("grafana/grafana",
	// "bitnami/*"); "" when nothing matched.
	Image string
	// User is the image's default user as its configuration declares it
	// ("472", "nobody", "root"); "" when unknown.
	User string
	// UserKnown says User was looked up; a known User of "" or "root" means
	// the image runs as root.
	UserKnown bool
	// DropsRoot names how the image's entrypoint drops root before it
	// starts the server ("gosu", "su-exec", "s6-overlay"); DropsTo is the
	// user it drops to. The container's first process still runs as root.
	DropsRoot, DropsTo string
	// Healthcheck says the image declares a HEALTHCHECK.
	Healthcheck bool
	// Hint is how to run the image as non-root when it runs as root
	// ("the image has a node user (uid 1000)"); "" when none is known.
	Hint string
	// Tier is the publisher's trust tier (always set by Lookup).
	Tier Tier
	// Source is where the user and health check facts were read (a URL or
	// document); Checked is the date they were checked (YYYY-MM-DD).
	Source, Checked string
	// Origin is the layer that answered.
	Origin Origin
}

// NonRoot reports whether the image is known to run as a non-root user
// out of the box.
func (f Facts) NonRoot() bool {
	if !f.UserKnown || f.User == "" {
		return false
	}
	u, _, _ := strings.Cut(f.User, ":")
	return u != "root" && u != "0"
}

// Root reports whether the image is known to run as root (and does not
// drop it itself).
func (f Facts) Root() bool {
	return f.UserKnown && !f.NonRoot() && f.DropsRoot == ""
}

// Resolver supplies facts read from an image's registry (its config's
// User and Healthcheck). lint/imageresolve implements it; ok is false when
// the image could not be read, and Lookup then falls back to the table.
type Resolver interface {
	Resolve(ref imageref.Ref) (f Facts, ok bool)
}

// Override is one `images:` entry of the configuration: an image name
// (familiar or fully qualified, `*` globs within a path segment, a
// trailing `/*` for a whole namespace) and the facts the team states.
type Override struct {
	Image string
	// User, when non-nil, is the image's default user ("" or "root": root).
	User *string
	// Healthcheck, when non-nil, says whether the image declares one.
	Healthcheck *bool
	// Where names the configuration entry, for Facts.Source ("file:line").
	Where string
}

// DB answers Lookup. The zero value and nil use the built-in table only.
type DB struct {
	overrides []Override
	resolver  Resolver
}

// Default is the built-in table alone.
func Default() *DB { return &DB{} }

// WithOverrides returns a copy of db that applies the configuration's
// overrides first (later entries win over earlier ones).
func (db *DB) WithOverrides(ov []Override) *DB {
	out := db.clone()
	out.overrides = append(out.overrides, ov...)
	return out
}

// WithResolver returns a copy of db that asks r before the built-in table.
func (db *DB) WithResolver(r Resolver) *DB {
	out := db.clone()
	out.resolver = r
	return out
}

func (db *DB) clone() *DB {
	if db == nil {
		return &DB{}
	}
	c := *db
	c.overrides = append([]Override(nil), db.overrides...)
	return &c
}

// Lookup returns what is known about ref. Tier is always set.
func (db *DB) Lookup(ref imageref.Ref) Facts {
	tier := TierOf(ref)
	if db != nil {
		for i := len(db.overrides) - 1; i >= 0; i-- {
			o := db.overrides[i]
			if !matchName(o.Image, ref) {
				continue
			}
			f := builtin(ref)
			f.Image, f.Origin, f.Source, f.Checked = o.Image, Config, o.Where, ""
			if o.User != nil {
				f.User, f.UserKnown, f.DropsRoot, f.DropsTo = *o.User, true, "", ""
			}
			if o.Healthcheck != nil {
				f.Healthcheck = *o.Healthcheck
			}
			f.Tier = tier
			return f
		}
		if db.resolver != nil {
			if f, ok := db.resolver.Resolve(ref); ok {
				if b := builtin(ref); b.DropsRoot != "" && f.Root() {
					// The registry says root; the table knows the entrypoint drops it.
					f.DropsRoot, f.DropsTo = b.DropsRoot, b.DropsTo
				}
				f.Origin, f.Tier = Registry, tier
				return f
			}
		}
	}
	f := builtin(ref)
	f.Tier = tier
	return f
}

// builtin looks ref up in the embedded table.
func builtin(ref imageref.Ref) Facts {
	key := ref.String()
	builtinCache.Lock()
	f, ok := builtinCache.m[key]
	builtinCache.Unlock()
	if ok {
		return f
	}
	f = builtinLookup(ref)
	builtinCache.Lock()
	if len(builtinCache.m) < 4096 { // a bound, for trees naming many images
		builtinCache.m[key] = f
	}
	builtinCache.Unlock()
	return f
}

// builtinCache memoizes builtin: the table is fixed, and a run asks about
// the same images for every stage and service.
var builtinCache = struct {
	sync.Mutex
	m map[string]Facts
}{m: map[string]Facts{}}

func builtinLookup(ref imageref.Ref) Facts {
	name := ref.Name()
	full := qualifiedNames()
	for i := range images {
		e := &images[i]
		if e.tag != nil && !e.tag(ref.Tag) || !slices.ContainsFunc(full[i], func(p string) bool { return matchQualified(p, name) }) {
			continue
		}
		return Facts{
			Image: e.names[0], User: e.user, UserKnown: e.userKnown,
			DropsRoot: e.drops, DropsTo: e.dropsTo, Healthcheck: e.healthcheck, Hint: e.hint,
			Source: e.source, Checked: e.checked, Origin: Builtin,
		}
	}
	return Facts{}
}

// matchName matches a configured or table name against ref: familiar
// ("grafana/grafana", "postgres") or fully qualified
// ("docker.io/library/postgres", "ghcr.io/org/*") names, with path.Match
// globs and a trailing "/*" for everything below a namespace.
func matchName(pattern string, ref imageref.Ref) bool {
	pattern = strings.TrimSpace(pattern)
	if pattern == "" {
		return false
	}
	return matchQualified(qualify(pattern), ref.Name())
}

// qualifiedNames are the names of the table's entries, fully qualified
// once (lookups run for every image of every file).
var qualifiedNames = sync.OnceValue(func() [][]string {
	out := make([][]string, len(images))
	for i := range images {
		for _, n := range images[i].names {
			out[i] = append(out[i], qualify(strings.TrimSpace(n)))
		}
	}
	return out
})

// matchQualified matches a fully qualified name pattern against name.
func matchQualified(full, name string) bool {
	if prefix, ok := strings.CutSuffix(full, "/*"); ok && !strings.ContainsAny(prefix, "*?[") {
		return strings.HasPrefix(name, prefix+"/")
	}
	ok, _ := path.Match(full, name)
	return ok
}

// qualify turns a familiar name pattern into a fully qualified one.
func qualify(p string) string {
	first, _, hasSlash := strings.Cut(p, "/")
	switch {
	case hasSlash && (strings.ContainsAny(first, ".:") || first == "localhost"):
		return p
	case hasSlash:
		return imageref.DockerHub + "/" + p
	}
	return imageref.DockerHub + "/library/" + p
}

// ParseDate reads a YYYY-MM-DD date (for --date and DOCKGUARD_DATE).
func ParseDate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}
