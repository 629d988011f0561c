// Package layers answers the questions of the rules about what a RUN leaves
// in an image: which stages end up as images, and which directories a RUN
// mounts (a cache or tmpfs mount leaves nothing in the layer).
package layers

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

// ImageStages returns the stages whose layers end up in an image: the
// final stage and the stages it is built on, the stages no other stage
// uses (each can be a --target), and the stages copied wholesale (`COPY
// --from=stage / /`) into one of those. A builder stage that other stages
// only copy files from is left out: what its RUNs leave behind is not
// shipped.
func ImageStages(f *dockerfile.File) map[*dockerfile.Stage]bool {
	out := map[*dockerfile.Stage]bool{}
	used := map[*dockerfile.Stage]bool{}
	wholesale := map[*dockerfile.Stage][]*dockerfile.Stage{} // copied stage -> stages copying it whole
	for _, r := range f.ImageRefs() {
		if r.Stage == nil { // FROM <stage> has Stage set, COPY --from=<stage> StageRef too
			continue
		}
		used[r.Stage] = true
		if r.Use == dockerfile.UseCopyFrom && r.In != nil && copiesRoot(r.In) && r.In.Stage != nil {
			wholesale[r.Stage] = append(wholesale[r.Stage], r.In.Stage)
		}
	}
	var mark func(s *dockerfile.Stage)
	mark = func(s *dockerfile.Stage) {
		for _, st := range s.Chain() {
			if out[st] {
				continue
			}
			out[st] = true
			for copied, by := range wholesale {
				for _, b := range by {
					if b == st {
						mark(copied)
					}
				}
			}
		}
	}
	for _, s := range f.Stages {
		if s.IsFinal() || !used[s] {
			mark(s)
		}
	}
	return out
}

// copiesRoot reports whether a COPY copies the root of its source.
func copiesRoot(in *dockerfile.Instruction) bool {
	srcs, _, ok := in.CopySources()
	if !ok {
		return false
	}
	for _, src := range srcs {
		if c := path.Clean(strings.Trim(src.Value, `"'`)); c == "/" || c == "." {
			return true
		}
	}
	return false
}

// Mounted reports whether the RUN mounts a cache or tmpfs at dir or at a
// directory above it: what the commands write there is not kept in the
// layer.
func Mounted(in *dockerfile.Instruction, dir string) bool {
	for _, t := range MountTargets(in) {
		if t == dir || strings.HasPrefix(dir, strings.TrimSuffix(t, "/")+"/") {
			return true
		}
	}
	return false
}

// MountTargets returns the targets of the RUN's cache and tmpfs mounts,
// cleaned, variables expanded where known.
func MountTargets(in *dockerfile.Instruction) []string {
	var out []string
	for _, fl := range in.Flags {
		if fl.Name != "mount" {
			continue
		}
		typ, target := "bind", ""
		for _, kv := range strings.Split(fl.Value, ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "type":
				typ = strings.ToLower(v)
			case "target", "dst", "destination":
				target = in.Expand(v).Value
			}
		}
		if (typ == "cache" || typ == "tmpfs") && target != "" {
			out = append(out, path.Clean(target))
		}
	}
	return out
}
