package compose

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/source"
)

// locator maps model paths back to the YAML that supplied them. It is
// read-only once loading is done, so rules may use it concurrently.
type locator struct {
	top   *fileSet
	files map[string]*yfile
	main  *yfile
	// chains are every service's definitions (see chain), indexed once:
	// looking each service up in a mapping of n services would cost O(n²).
	chains map[string][]svcRef
}

func (l *loadState) locator() locator {
	lc := locator{top: l.top, files: l.files, main: l.main, chains: map[string][]svcRef{}}
	if lc.top != nil {
		lc.indexSet(lc.top, 0)
	}
	return lc
}

// svcRef is one definition of a service in one file.
type svcRef struct {
	f        *yfile
	key, val *yaml.Node
}

// chain lists the definitions of a service, highest precedence first: the
// last override file down to the main file (each followed by its extends
// bases), then included projects.
func (lc *locator) chain(name string) []svcRef {
	return lc.chains[name]
}

// indexSet builds chains for every service of a file set, in chain order.
func (lc *locator) indexSet(set *fileSet, depth int) {
	if depth > 20 {
		return
	}
	for i := len(set.files) - 1; i >= 0; i-- {
		f := set.files[i]
		for d := len(f.docs) - 1; d >= 0; d-- {
			_, svcs := child(f.docs[d], "services")
			eachEntry(svcs, func(name string, k, v *yaml.Node) {
				out := lc.chains[name]
				out = append(out, svcRef{f, k, v})
				lc.extendsChain(f, v, &out, 0)
				lc.chains[name] = out
			})
		}
	}
	for _, inc := range set.includes {
		lc.indexSet(inc, depth+1)
	}
}

func (lc *locator) extendsChain(f *yfile, svc *yaml.Node, out *[]svcRef, depth int) {
	if depth > 20 {
		return
	}
	_, ext := child(svc, "extends")
	base := f
	name, ok := scalar(ext)
	if !ok {
		_, s := child(ext, "service")
		if name, ok = scalar(s); !ok {
			return
		}
		if _, file := child(ext, "file"); file != nil {
			p, ok := scalar(file)
			if !ok {
				return
			}
			p = expand(f.env, p)
			if !filepath.IsAbs(p) {
				p = filepath.Join(f.wd, p)
			}
			if base = lc.files[filepath.Clean(p)]; base == nil {
				return
			}
		}
	}
	name = expand(f.env, name)
	for d := len(base.docs) - 1; d >= 0; d-- {
		_, svcs := child(base.docs[d], "services")
		if k, v := child(svcs, name); v != nil && v != svc {
			*out = append(*out, svcRef{base, k, v})
			lc.extendsChain(base, v, out, depth+1)
			return
		}
	}
}

// walk follows a dotted path (keys may themselves contain dots; `[N]` or
// N indexes a sequence) from n. k is the last key node (nil after an index).
func walk(n *yaml.Node, segs []string) (k, v *yaml.Node, ok bool) {
	if len(segs) == 0 {
		return nil, n, true
	}
	n = resolve(n)
	if n == nil {
		return nil, nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		for j := len(segs); j >= 1; j-- {
			if kn, vn := child(n, strings.Join(segs[:j], ".")); vn != nil {
				if j == len(segs) {
					return kn, vn, true
				}
				if k2, v2, ok := walk(vn, segs[j:]); ok {
					if k2 == nil && len(segs[j:]) == 0 {
						k2 = kn
					}
					return k2, v2, true
				}
			}
		}
	case yaml.SequenceNode:
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(segs[0], "["), "]"))
		if err != nil || i < 0 || i >= len(n.Content) {
			return nil, nil, false
		}
		if len(segs) == 1 {
			return nil, n.Content[i], true
		}
		return walk(n.Content[i], segs[1:])
	}
	return nil, nil, false
}

func splitPath(path string) []string {
	if path == "" {
		return nil
	}
	return strings.Split(path, ".")
}

func location(f *yfile, k, v *yaml.Node) source.Location {
	if k != nil {
		return source.Location{Path: f.src.Path, Range: keyRange(f.src, k, v)}
	}
	return source.Location{Path: f.src.Path, Range: nodeRange(f.src, resolve(v))}
}

func (lc *locator) serviceKey(name string) (source.Location, bool) {
	for _, r := range lc.chain(name) {
		if r.key != nil {
			return source.Location{Path: r.f.src.Path, Range: scalarRange(r.f.src, r.key)}, true
		}
	}
	return source.Location{}, false
}

func (lc *locator) fallback() source.Location {
	if lc.main == nil {
		return source.Location{Range: source.LineRange(1, 1)}
	}
	return source.Location{Path: lc.main.src.Path, Range: lc.main.src.LineSpan(1)}
}

func (lc *locator) lookup(service, path string) (source.Location, bool) {
	segs := splitPath(path)
	for _, r := range lc.chain(service) {
		if k, v, ok := walk(r.val, segs); ok {
			if k == nil && len(segs) == 0 {
				k = r.key
			}
			return location(r.f, k, v), true
		}
	}
	return source.Location{}, false
}

// lookupPath places a dotted model path such as services.web.ports.[0]
// (from a compose-go error) in whichever file supplies it, or else its
// closest existing parent.
func (lc *locator) lookupPath(path string) (source.Location, bool) {
	if loc, ok := lc.lookupExact(path); ok {
		return loc, true
	}
	if segs := splitPath(path); len(segs) > 1 { // the closest existing parent
		return lc.lookupPath(strings.Join(segs[:len(segs)-1], "."))
	}
	return source.Location{}, false
}

// lookupExact is lookupPath without the fallback to a parent.
func (lc *locator) lookupExact(path string) (source.Location, bool) {
	segs := splitPath(path)
	if len(segs) >= 2 && segs[0] == "services" {
		for j := len(segs); j >= 2; j-- {
			name := strings.Join(segs[1:j], ".")
			if len(lc.chain(name)) == 0 {
				continue
			}
			if loc, ok := lc.lookup(name, strings.Join(segs[j:], ".")); ok {
				return loc, true
			}
			return lc.serviceKey(name)
		}
	}
	var found source.Location
	var ok bool
	var visit func(set *fileSet, depth int)
	visit = func(set *fileSet, depth int) {
		for i := len(set.files) - 1; i >= 0 && !ok && depth < 20; i-- {
			f := set.files[i]
			for d := len(f.docs) - 1; d >= 0 && !ok; d-- {
				if k, v, hit := walk(f.docs[d], segs); hit {
					found, ok = location(f, k, v), true
				}
			}
		}
		for _, inc := range set.includes {
			if !ok {
				visit(inc, depth+1)
			}
		}
	}
	if lc.top != nil {
		visit(lc.top, 0)
	}
	return found, ok
}

// expandCopy returns a copy of n with aliases resolved and scalar values
// interpolated with env; positions are kept.
func expandCopy(n *yaml.Node, env lookupFunc, depth int) *yaml.Node {
	n = resolve(n)
	if n == nil || depth > MaxDepth {
		return &yaml.Node{}
	}
	c := *n
	if c.Kind == yaml.ScalarNode {
		c.Value = expand(env, c.Value)
		return &c
	}
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = expandCopy(x, env, depth+1)
	}
	return &c
}

// Lookup returns where path (dotted, relative to the service, e.g.
// "privileged" or "logging.driver"; "" = the service key) is set for
// service, following overrides, extends, include, merge keys and aliases.
// The range runs from the key to the end of a scalar value on its line.
func (p *Project) Lookup(service, path string) (source.Location, bool) {
	return p.loc.lookup(service, path)
}

// LookupTop returns where a top-level path such as "networks.back" is set,
// in the highest-precedence file that sets it (included projects last);
// false when no file does.
func (p *Project) LookupTop(path string) (source.Location, bool) {
	return p.loc.lookupExact(path)
}

// Locate is Lookup with fallbacks: the service key, then line 1 of the
// main compose file.
func (p *Project) Locate(service, path string) source.Location {
	if loc, ok := p.loc.lookup(service, path); ok {
		return loc
	}
	return p.ServiceLocation(service)
}

// ServiceLocation is the key of the service's highest-precedence
// definition (falling back to line 1 of the main file).
func (p *Project) ServiceLocation(service string) source.Location {
	if loc, ok := p.loc.serviceKey(service); ok {
		return loc
	}
	return p.loc.fallback()
}

// locateItem finds the first item of the list at path (for example
// "cap_add", "ports", "security_opt") for which match returns true, over
// every file that defines the service, highest precedence first. match
// receives a copy of the item with aliases resolved and scalar values
// interpolated (so matching is by value, not index). The location is the
// item as written; with no match, Locate(service, path).
func (p *Project) locateItem(service, path string, match func(item *yaml.Node) bool) source.Location {
	if f, item, _ := p.findItem(service, path, match); item != nil {
		return location(f, nil, item)
	}
	return p.Locate(service, path)
}

// findItem returns the first matching item, its file and its interpolated copy.
func (p *Project) findItem(service, path string, match func(item *yaml.Node) bool) (*yfile, *yaml.Node, *yaml.Node) {
	segs := splitPath(path)
	for _, r := range p.loc.chain(service) {
		_, v, ok := walk(r.val, segs)
		if v = resolve(v); !ok || v == nil || v.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range v.Content {
			if c := expandCopy(item, r.f.env, 0); match(c) {
				return r.f, item, c
			}
		}
	}
	return nil, nil, nil
}

// LocateString is locateItem for lists of strings: match gets the
// interpolated value of each scalar item.
func (p *Project) LocateString(service, path string, match func(value string) bool) source.Location {
	return p.locateItem(service, path, func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && match(n.Value)
	})
}

// LocatePort finds the `ports` item (short or long syntax) that yields
// port; a short-syntax range matches each port it expands to.
func (p *Project) LocatePort(service string, port types.ServicePortConfig) source.Location {
	return p.locateItem(service, "ports", p.portMatcher(port))
}

// portKey is what identifies a published port.
type portKey struct {
	target            uint32
	published, hostIP string
	protocol          string
}

func keyOf(c types.ServicePortConfig) portKey {
	return portKey{c.Target, c.Published, c.HostIP, normProto(c.Protocol)}
}

// portSet is the set of ports a short-syntax item expands to.
type portSet map[portKey]bool

// shortPorts returns the ports a short-syntax item expands to, parsed
// once per value.
func (p *Project) shortPorts(value string) portSet {
	if s, ok := p.portSets.Load(value); ok {
		return s.(portSet)
	}
	set := portSet{}
	if cs, err := types.ParsePortConfig(value); err == nil {
		for _, c := range cs {
			set[keyOf(c)] = true
		}
	}
	p.portSets.Store(value, set)
	return set
}

// portMatcher matches the `ports` item (short or long syntax) that yields
// port; a short-syntax range matches each port it expands to.
func (p *Project) portMatcher(port types.ServicePortConfig) func(*yaml.Node) bool {
	want := keyOf(port)
	return func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.ScalarNode:
			return p.shortPorts(n.Value)[want]
		case yaml.MappingNode:
			var c types.ServicePortConfig
			if _, t := child(n, "target"); t != nil {
				v, _ := scalar(t)
				x, _ := strconv.ParseUint(v, 10, 32)
				c.Target = uint32(x)
			}
			_, pub := child(n, "published")
			c.Published, _ = scalar(pub)
			_, ip := child(n, "host_ip")
			c.HostIP, _ = scalar(ip)
			_, proto := child(n, "protocol")
			c.Protocol, _ = scalar(proto)
			return keyOf(c) == want
		}
		return false
	}
}

func normProto(s string) string {
	if s == "" {
		return "tcp"
	}
	return strings.ToLower(s)
}

// LocateVolume finds the `volumes` item (short or long syntax) that mounts
// at vol.Target.
func (p *Project) LocateVolume(service string, vol types.ServiceVolumeConfig) source.Location {
	return p.locateItem(service, "volumes", volumeMatcher(vol))
}

// VolumeSource returns the host side of a volume as written in the
// compose file (interpolated, but before compose-go made relative paths and
// `~` absolute), so rules can tell `/etc` from `./etc`.
func (p *Project) VolumeSource(service string, vol types.ServiceVolumeConfig) (string, bool) {
	_, _, c := p.findItem(service, "volumes", volumeMatcher(vol))
	switch {
	case c == nil:
		return "", false
	case c.Kind == yaml.ScalarNode:
		v, err := format.ParseVolume(c.Value)
		return v.Source, err == nil
	default:
		_, s := child(c, "source")
		return scalar(s)
	}
}

func volumeMatcher(vol types.ServiceVolumeConfig) func(*yaml.Node) bool {
	return func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.ScalarNode:
			v, err := format.ParseVolume(n.Value)
			return err == nil && filepath.Clean(v.Target) == filepath.Clean(vol.Target)
		case yaml.MappingNode:
			_, t := child(n, "target")
			s, _ := scalar(t)
			return s != "" && filepath.Clean(s) == filepath.Clean(vol.Target)
		}
		return false
	}
}

// Expand interpolates s with the project's variables (.env and defaults),
// as compose-go did when loading.
func (p *Project) Expand(s string) string {
	if p.loc.top == nil {
		return s
	}
	return expand(p.loc.top.lookup, s)
}

// Written returns the scalar at path as written in the file that supplies
// it, before interpolation: messages quote it so that a value taken from
// the environment (possibly a secret) is never echoed.
func (p *Project) Written(service, path string) (string, bool) {
	segs := splitPath(path)
	for _, r := range p.loc.chain(service) {
		if _, v, ok := walk(r.val, segs); ok {
			return scalar(v)
		}
	}
	return "", false
}
