package lint

import (
	"context"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/discover"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/imageresolve"
)

// ImageResolver reads image configurations from registries
// (--resolve-images); *imageresolve.Resolver is one.
type ImageResolver interface {
	Resolve(ctx context.Context, refs []string) (imageresolve.Results, []imageresolve.Warning)
}

// resolveImages reads the configuration of every image the targets name
// (each stage's FROM image, each compose service's image:) with the
// resolver, before any rule runs, so that rules see the same facts
// whatever order they run in. Files that cannot be read or parsed are
// skipped here: linting reports them.
func (e *engine) resolveImages(ctx context.Context, targets []discover.Target) (imageresolve.Results, []imageresolve.Warning) {
	var refs []string
	for _, t := range targets {
		if ctx.Err() != nil {
			break
		}
		refs = append(refs, e.imageRefs(ctx, t)...)
	}
	return e.opts.Images.Resolve(ctx, refs)
}

// imageRefs lists the registry images one target names.
func (e *engine) imageRefs(ctx context.Context, t discover.Target) (refs []string) {
	defer func() {
		if recover() != nil {
			refs = nil // a parser panic is reported when the target is linted
		}
	}()
	if t.Kind == discover.Compose {
		proj, _ := compose.Load(ctx, compose.LoadOptions{
			Files: t.Files, Root: e.composeRoot(t), EnvFiles: e.opts.EnvFiles, Profiles: e.opts.Profiles,
			UseEnv: e.opts.UseEnv, Getenv: e.opts.Getenv, BuildArgs: e.cfg.BuildArgs,
			MaxFileSize: e.maxSize, MaxNodes: e.opts.MaxYAMLNodes, MaxDepth: e.opts.MaxYAMLDepth,
			Stdin: e.stdin,
		})
		if proj == nil {
			return nil
		}
		built := map[string]bool{} // images the project builds (or never pulls) are in no registry
		for _, s := range proj.Services {
			if s.Config.Build != nil && s.Config.Image != "" {
				built[s.Config.Image] = true
			}
		}
		for _, s := range proj.Services {
			pull := s.Config.PullPolicy != "never" && s.Config.PullPolicy != "build"
			if s.Config.Image != "" && s.Config.Build == nil && !built[s.Config.Image] && pull {
				if r, err := imageref.Parse(s.Config.Image); err == nil { // DC000 reports the others
					refs = append(refs, r.String())
				}
			}
			if d := s.Dockerfile; d != nil && d.File != nil {
				refs = append(refs, fromImages(d.File)...)
			}
		}
		return refs
	}
	path := "-"
	if !t.Stdin && len(t.Files) > 0 {
		path = t.Files[0]
	}
	content, err := e.readFile(path)
	if err != nil || int64(len(content)) > e.maxSize {
		return nil
	}
	f, err := dockerfile.Parse(path, content, dockerfile.ParseOptions{BuildArgs: e.cfg.BuildArgs})
	if err != nil {
		return nil
	}
	return fromImages(f)
}

// fromImages lists the images the stages of f are built FROM.
func fromImages(f *dockerfile.File) []string {
	var refs []string
	for _, r := range f.ImageRefs() {
		if r.Use == dockerfile.UseFrom && r.IsImage() {
			refs = append(refs, r.Ref.String())
		}
	}
	return refs
}
