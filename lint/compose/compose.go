// Package compose loads a Docker Compose project with compose-go, offline
// and inside the linted tree, and maps model paths back to the exact file,
// line and column that supplied each value.
//
// Loading never reads outside LoadOptions.Root: env_file, label_file,
// extends.file, include paths and Dockerfiles that leave it are reported as
// Problems and not followed. Variables come from .env files (or
// LoadOptions.EnvFiles) and defaults only, never from the process
// environment unless UseEnv is set. Every file is parsed once into YAML
// nodes, checked against size, MaxNodes and MaxDepth, and indexed so
// that rules can ask where a value came from (see Project.Locate).
package compose

import (
	"context"
	"sync"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/source"
)

// LoadOptions say which project to load and how.
type LoadOptions struct {
	// Files are the project's compose files in order (as `-f` would give
	// them); "-" is Stdin, with the working directory as its directory.
	Files []string
	// Stdin is the content of the file "-" (standard input).
	Stdin []byte
	// Root bounds what may be read: env_file, extends.file, include and
	// build contexts outside it are reported, not followed. Empty = the
	// directory of the first file.
	Root string
	// EnvFiles replace the default <project dir>/.env.
	EnvFiles []string
	// Profiles to enable; empty = every profile.
	Profiles []string
	// UseEnv lets interpolation read the process environment.
	UseEnv bool
	// Getenv reads the process environment when UseEnv is set; nil =
	// os.LookupEnv. An empty value counts as unset.
	Getenv func(string) string
	// MaxFileSize bounds each compose, env and Dockerfile read; 0 =
	// DefaultMaxFileSize.
	MaxFileSize int64
	// MaxNodes bounds the YAML nodes of one file, counting alias
	// expansions; 0 = MaxNodes. MaxDepth bounds its nesting; 0 = MaxDepth.
	MaxNodes, MaxDepth int
	// BuildArgs are extra values for Dockerfile ARG expansion.
	BuildArgs map[string]string
}

// Problem is something that stopped or limited loading: reported as DC000.
type Problem struct {
	Location source.Location
	Message  string
}

// Project is a loaded, merged compose project.
type Project struct {
	// Sources are every file that contributed, for suppression comments.
	Sources []*source.File
	// Model is the merged, interpolated compose-go project.
	Model *types.Project
	// Services are the enabled services, sorted by name.
	Services []*Service

	byName map[string]*Service
	loc    locator
	inline []*InlineDockerfile
	files  []*yfile // as Sources, for Files

	// For reading env files (see entries.go): the loader's bounds.
	dotEnv  []string
	inside  func(abs string) bool
	display func(abs string) string
	maxSize int64

	// portSets caches the ports each short-syntax `ports` item expands
	// to (value -> portSet): locating every port of a range item would
	// otherwise expand the range once per port.
	portSets sync.Map
}

// Service is one merged service and what was learnt about the image it builds.
type Service struct {
	Name   string
	Config types.ServiceConfig
	// Dockerfile is the Dockerfile the service builds from; nil when the
	// service has no build section or the Dockerfile could not be read.
	Dockerfile *Dockerfile
	// DockerfileUnread says why the Dockerfile of a service that builds
	// could not be read, as a phrase for messages ("builds from a remote
	// context", "Dockerfile app/Dockerfile does not exist"); "" when it was
	// read, could not be parsed (the Dockerfile linter reports that), or
	// the service does not build.
	DockerfileUnread string
}

// Dockerfile is a service's build recipe, parsed with the Dockerfile model
// (compose build.args feed ARG expansion).
type Dockerfile struct {
	// Path is the display path of the Dockerfile, or of the compose file
	// for dockerfile_inline.
	Path   string
	Inline bool
	File   *dockerfile.File
	// Alone is the Dockerfile as the Dockerfile rules see it when it is
	// linted on its own: without compose's build.args (File when the
	// service passes none).
	Alone *dockerfile.File
	// Stage is the build target (build.target, else the last stage); nil
	// when the target names no stage.
	Stage *dockerfile.Stage
}

// Service returns the enabled service called name, or nil.
func (p *Project) Service(name string) *Service { return p.byName[name] }

// Load loads a project. It returns a nil Project when nothing could be
// loaded; problems are returned either way.
func Load(ctx context.Context, opts LoadOptions) (*Project, []Problem) {
	l := &loadState{ctx: ctx, opts: opts}
	proj := l.run()
	return proj, l.problems
}
