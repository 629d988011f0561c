package compose

import (
	"errors"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/source"
)

func isConsistencyError(err error) bool {
	return strings.HasSuffix(err.Error(), "invalid compose project")
}

// consistencyErrors lists every service's consistency error, sorted.
// compose-go stops at the first inconsistent service it meets in map
// order, which differs from run to run; so each offending service is
// replaced by a placeholder that passes (keeping its name, so references
// to it still resolve) and the check is repeated.
func (l *loadState) consistencyErrors(dict map[string]any, opts *loader.Options, cd types.ConfigDetails, first error) []error {
	services, _ := dict["services"].(map[string]any)
	patched := make(map[string]any, len(services))
	for k, v := range services {
		patched[k] = v
	}
	errs := []error{first}
	for err := first; len(errs) <= len(services); {
		name, ok := errService(err.Error())
		if !ok {
			break
		}
		if _, ok := patched[name]; !ok {
			break
		}
		patched[name] = map[string]any{"image": "dockguard-placeholder"}
		d := shallowCopy(dict)
		d["services"] = patched
		if _, err = loader.ModelToProject(d, opts, cd); err == nil || !isConsistencyError(err) {
			break
		}
		errs = append(errs, err)
		// Copy before the next round: ModelToProject may keep the map.
		next := make(map[string]any, len(patched))
		for k, v := range patched {
			next[k] = v
		}
		patched = next
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errs
}

// errService names the service a consistency error is about.
func errService(msg string) (string, bool) {
	if m := errServiceRE.FindStringSubmatch(msg); m != nil {
		return m[1], true
	}
	return scaledContainerName(msg)
}

// scaledContainerName recognises compose-go's refusal of container_name on
// a service with several replicas, and names the service (compose-go
// swaps the service and the key in the message: "services.scale: can't
// set container_name and web as ..."). The DC038 rule reports it, at
// container_name, for every service; the loader does not.
func scaledContainerName(msg string) (string, bool) {
	m := errScaledNameRE.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	if m[1] == "scale" || m[1] == "deploy.replicas" {
		return m[2], true
	}
	return m[1], true
}

var (
	errScaledNameRE = regexp.MustCompile(`services\.(\S+?): can't set container_name and (\S+) as container name must be unique`)
	errPathRE       = regexp.MustCompile(`(?:^|[\s"'])((?:services|networks|volumes|secrets|configs|models|include|jobs|name|x-[^\s.:]*)(?:\.[^\s:"']+)?)`)
	errExtraRE      = regexp.MustCompile(`additional propert(?:y|ies) '([^']+)'`)
	errServiceRE    = regexp.MustCompile(`service "([^"]+)"`)
)

// errorProblem turns a compose-go error into problems placed through the
// locator: schema and semantic errors name a dotted path at best. It
// returns the problems it could not place (put at line 1).
func (l *loadState) errorProblem(err error) (unplaced map[int]bool) {
	var msgs []string
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) && len(joined.Unwrap()) > 1 {
		for _, e := range joined.Unwrap() {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = []string{err.Error()}
	}
	return l.placeMessages(l.allSchemaViolations(msgs))
}

// placeMessages adds a problem per compose-go message, placed by the model
// path it names (see errorProblem).
func (l *loadState) placeMessages(msgs []string) (unplaced map[int]bool) {
	loc := l.locator()
	unplaced = map[int]bool{}
	for _, msg := range msgs {
		msg = l.cleanMessage(msg)
		where, ok := source.Location{}, false
		if m := errPathRE.FindStringSubmatch(msg); m != nil {
			path := m[1]
			if x := errExtraRE.FindStringSubmatch(msg); x != nil {
				path += "." + x[1]
			}
			where, ok = loc.lookupPath(path)
		} else if x := errExtraRE.FindStringSubmatch(msg); x != nil {
			where, ok = loc.lookupPath(x[1])
		}
		if !ok {
			if m := errServiceRE.FindStringSubmatch(msg); m != nil {
				where, ok = loc.serviceKey(m[1])
			}
		}
		if !ok {
			where = source.Location{Path: l.main.src.Path, Range: l.main.src.LineSpan(1)}
			unplaced[len(l.problems)] = true
		}
		l.problems = append(l.problems, Problem{Location: where, Message: msg})
	}
	return unplaced
}

// cleanMessage words a compose-go error for a finding: paths as displayed,
// no process-environment values.
func (l *loadState) cleanMessage(msg string) string {
	for _, f := range l.order {
		msg = strings.ReplaceAll(msg, f.abs, f.src.Path)
	}
	msg = strings.ReplaceAll(msg, l.projectDir+string(filepath.Separator), "")
	msg = strings.TrimSuffix(msg, ": invalid compose project")
	// compose-go quotes offending values ("invalid boolean: ..."):
	// never echo one that came from the process environment.
	for _, v := range l.fromEnv {
		msg = strings.ReplaceAll(msg, v, "***")
	}
	// One line: compose-go's decoding errors span several.
	msg = strings.TrimPrefix(msg, "decoding failed due to the following error(s):")
	return strings.Join(strings.Fields(msg), " ")
}
