package compose

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/internal/fileread"
)

// builds parses the Dockerfiles services build from, once per file and
// set of build args.
type builds struct {
	l     *loadState
	cache map[string]builtDockerfile
}

type builtDockerfile struct {
	d      *Dockerfile
	unread string
}

func isRemoteContext(c string) bool {
	return strings.Contains(c, "://") || strings.HasPrefix(c, "git@") || strings.HasPrefix(c, "github.com/")
}

// dockerfile finds, checks and parses the Dockerfile of s; nil when there is
// none to read (remote context, missing file, outside the root), with the
// reason (see Service.DockerfileUnread).
func (b *builds) dockerfile(p *Project, s *Service) (*Dockerfile, string) {
	bc := s.Config.Build
	args := map[string]string{}
	for k, v := range b.l.opts.BuildArgs {
		args[k] = v
	}
	for k, v := range bc.Args {
		if v != nil {
			args[k] = *v
		}
	}
	var (
		abs, display string
		content      []byte
		inline       = bc.DockerfileInline != ""
	)
	var place *InlineDockerfile
	if inline {
		loc := p.Locate(s.Name, "build.dockerfile_inline")
		display = loc.Path
		abs = "inline:" + s.Name
		content = []byte(bc.DockerfileInline)
		if f, n := p.loc.node(s.Name, "build.dockerfile_inline"); n != nil && n.Kind == yaml.ScalarNode {
			place = newInline(f, n, bc.DockerfileInline)
			abs = fmt.Sprintf("inline:%p", n)
		}
	} else {
		ctxDir := bc.Context
		if ctxDir == "" {
			ctxDir = "."
		}
		if isRemoteContext(ctxDir) {
			return nil, "builds from a remote context"
		}
		ctxDir = b.l.abs(b.l.projectDir, ctxDir)
		name := bc.Dockerfile
		if name == "" {
			name = "Dockerfile"
		}
		abs = b.l.abs(ctxDir, name)
		display = b.l.display(abs)
		if !b.l.inside(abs) {
			loc := p.Locate(s.Name, "build.dockerfile")
			if _, ok := p.Lookup(s.Name, "build.dockerfile"); !ok {
				loc = p.Locate(s.Name, "build")
			}
			b.l.problems = append(b.l.problems, Problem{Location: loc,
				Message: "Dockerfile " + display + " of service " + s.Name + " is outside the linted tree; not read"})
			return nil, "builds a Dockerfile outside the linted tree"
		}
	}
	key := abs + "\x00" + argsKey(args) + "\x00" + bc.Target
	if c, ok := b.cache[key]; ok {
		return c.d, c.unread
	}
	d, f, unread, err := b.read(abs, display, inline, content, args, bc.Target)
	if place != nil {
		// The engine runs the Dockerfile rules on it, once per place.
		place.Service, place.File, place.Err = s.Name, f, err
		p.inline = append(p.inline, place)
	}
	b.cache[key] = builtDockerfile{d, unread}
	return d, unread
}

// read reads and parses a Dockerfile: the model compose rules use (nil
// when there is none, with the reason it is unread) and the parse itself.
func (b *builds) read(abs, display string, inline bool, content []byte, args map[string]string, target string) (d *Dockerfile, f *dockerfile.File, unread string, err error) {
	if !inline {
		var err error
		if content, err = fileread.Read(abs, b.l.maxSize); err != nil {
			// Missing or unreadable: nothing to judge (the Dockerfile
			// linter reports the rest).
			name := "Dockerfile " + strconv.Quote(display)
			if filepath.IsAbs(display) {
				name = "a Dockerfile" // no path outside the display root in messages
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil, "builds " + name + ", which does not exist", nil
			}
			return nil, nil, "builds " + name + ", which could not be read", nil
		}
	}
	f, err = dockerfile.Parse(display, content, dockerfile.ParseOptions{BuildArgs: args})
	if err != nil || f == nil {
		return nil, f, "", err // a syntax error is reported when the Dockerfile itself is linted
	}
	d = &Dockerfile{Path: display, Inline: inline, File: f, Alone: f, Stage: f.Target(target)}
	if !maps.Equal(args, b.l.opts.BuildArgs) {
		// The service's build.args changed the parse: keep the file as the
		// Dockerfile rules see it (the run's build args only) too.
		if alone, err := dockerfile.Parse(display, content, dockerfile.ParseOptions{BuildArgs: b.l.opts.BuildArgs}); err == nil && alone != nil {
			d.Alone = alone
		}
	}
	return d, f, "", nil
}

func argsKey(args map[string]string) string {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(k)
		sb.WriteByte('=')
		sb.WriteString(args[k])
		sb.WriteByte(0)
	}
	return sb.String()
}
