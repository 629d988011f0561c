package compose

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/compose-spec/compose-go/v2/validation"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Compose files are validated here, not by compose-go (which is told to
// skip validation): compose-go compiles its embedded schema in every
// process after checking it against the JSON Schema metaschema, about
// 10 ms of a 20 ms single-file run, and its check stops at one violation
// chosen by Go's map order. The same schema (compose-go's embedded copy)
// is compiled here once, without the metaschema pass (see specURL), and
// every violation of a file is reported, sorted.
var (
	specOnce      sync.Once
	specSchema    *jsonschema.Schema
	serviceSchema *jsonschema.Schema // #/$defs/service
	specErr       error
)

// specURL is the address the Compose schema is compiled under.
// jsonschema v6 validates every schema document it compiles against its
// metaschema, except documents whose address starts with
// http(s)://json-schema.org/ (roots.addRoot takes them for metaschemas,
// which need no check). compose-go's schema is a fixed document known to
// be valid (compose-go itself checks it in its tests), so it is compiled
// under such an address; an address that names one of jsonschema's
// embedded metaschemas would be refused by AddResource, this one does
// not. TestSchemaSkipsMetaschema fails loudly if an upgrade of jsonschema
// changes either rule.
const specURL = "https://json-schema.org/dockguard/compose-spec.json"

func composeSpec() (*jsonschema.Schema, error) {
	specOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
		if err != nil {
			specErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if specErr = c.AddResource(specURL, doc); specErr != nil {
			return
		}
		c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("expected string")
			}
			_, err := time.ParseDuration(s)
			return err
		}})
		if specSchema, specErr = c.Compile(specURL); specErr != nil {
			return
		}
		// Nil if a new schema moves it: extends bases are then unchecked
		// (TestSchemaSkipsMetaschema fails).
		serviceSchema, _ = c.Compile(specURL + "#/$defs/service")
	})
	return specSchema, specErr
}

// schemaViolation is one place where a file breaks the Compose schema.
type schemaViolation struct {
	path string // dotted, as compose-go prints it: services.web.ports.0
	msg  string
}

// schemaViolations validates one compose file (after interpolation with
// its variables, as compose-go does) and returns every violation at the
// deepest places that fail, one message per place, sorted by path.
func schemaViolations(f *yfile) []schemaViolation {
	if len(f.docs) == 0 {
		return nil
	}
	return docViolations(f.docs[0], f.env)
}

// docViolations validates one document of a compose file (see
// schemaViolations).
func docViolations(doc *yaml.Node, env lookupFunc) []schemaViolation {
	sch, err := composeSpec()
	if err != nil || doc == nil {
		return nil
	}
	var v any
	if err := doc.Decode(&v); err != nil {
		return nil
	}
	return violations(sch, interpolated(v, env))
}

// violations validates v (decoded YAML) against sch (see schemaViolations).
func violations(sch *jsonschema.Schema, v any) []schemaViolation {
	inst, ok := jsonValue(v)
	if !ok {
		// A value JSON has no plain form for (a timestamp, NaN): through
		// JSON, as compose-go validates (an error: nothing to report).
		data, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		if inst, err = jsonschema.UnmarshalJSON(strings.NewReader(string(data))); err != nil {
			return nil
		}
	}
	verr, ok := sch.Validate(inst).(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var leaves []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(verr)
	// When a branch of an allOf fails, the properties it covered count as
	// unevaluated, and unevaluatedProperties: false then flags every one of
	// them ("services.web.image false schema"): such leaves are noise
	// beside a real error in the same object, and the finding itself when
	// alone (an unknown key).
	isUnevaluated := func(e *jsonschema.ValidationError) bool {
		_, f := e.ErrorKind.(*kind.FalseSchema)
		return f && strings.HasSuffix(e.SchemaURL, "/unevaluatedProperties")
	}
	parent := func(loc []string) string {
		if len(loc) == 0 {
			return ""
		}
		return strings.Join(loc[:len(loc)-1], ".")
	}
	realIn := map[string]bool{}
	for _, l := range leaves {
		if !isUnevaluated(l) {
			for i := 0; i <= len(l.InstanceLocation); i++ {
				realIn[strings.Join(l.InstanceLocation[:i], ".")] = true
			}
		}
	}
	// Keep the deepest failing places: a oneOf that fails reports every
	// branch at the same place; a parent's failure is its child's fault.
	byPath := map[string][]string{}
	p := message.NewPrinter(language.English)
	for _, l := range leaves {
		if isUnevaluated(l) && realIn[parent(l.InstanceLocation)] {
			continue
		}
		path := strings.Join(l.InstanceLocation, ".")
		byPath[path] = append(byPath[path], describeKind(l, p))
	}
	var out []schemaViolation
	for path, msgs := range byPath {
		deeper := false
		for other := range byPath {
			if other != path && (path == "" || strings.HasPrefix(other, path+".")) {
				deeper = true
				break
			}
		}
		if deeper {
			continue
		}
		sort.Strings(msgs)
		out = append(out, schemaViolation{path: path, msg: msgs[0]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// interpolated substitutes variables in every string of v, as compose-go
// does before it validates; strings that fail to interpolate are kept.
func interpolated(v any, env lookupFunc) any {
	switch x := v.(type) {
	case string:
		if env == nil || !strings.Contains(x, "$") {
			return x
		}
		s, err := template.Substitute(x, template.Mapping(env))
		if err != nil {
			return x
		}
		return s
	case map[string]any:
		for k, e := range x {
			x[k] = interpolated(e, env)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = interpolated(e, env)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = interpolated(e, env)
		}
		return x
	}
	return v
}

// jsonValue returns v as jsonschema validates it (JSON's types: maps
// with string keys, slices, strings, numbers, booleans, nil), converting
// in place, without a trip through encoding/json. ok is false when v
// holds any other value.
func jsonValue(v any) (any, bool) {
	switch x := v.(type) {
	case nil, string, bool, int, int64, uint64:
		return v, true
	case float64:
		return v, !math.IsNaN(x) && !math.IsInf(x, 0)
	case map[string]any:
		for k, e := range x {
			c, ok := jsonValue(e)
			if !ok {
				return nil, false
			}
			x[k] = c
		}
		return x, true
	case []any:
		for i, e := range x {
			c, ok := jsonValue(e)
			if !ok {
				return nil, false
			}
			x[i] = c
		}
		return x, true
	}
	return nil, false
}

// describeKind words a violation as compose-go does, except for unknown
// keys, which compose-go calls a "false schema".
func describeKind(e *jsonschema.ValidationError, p *message.Printer) string {
	switch k := e.ErrorKind.(type) {
	case *kind.FalseSchema:
		if strings.HasSuffix(e.SchemaURL, "/unevaluatedProperties") || strings.HasSuffix(e.SchemaURL, "/additionalProperties") {
			return "is not a Compose key here (check its spelling and indentation)"
		}
	case *kind.Type:
		want := k.Want
		if len(want) == 1 {
			return "must be a " + want[0]
		}
		return "must be a " + strings.Join(want[:len(want)-1], ", ") + " or " + want[len(want)-1]
	// The kinds below would quote the offending value; it may be a secret
	// (or come from a variable), so only the expectation is said.
	case *kind.Pattern:
		return fmt.Sprintf("does not match the pattern %q", k.Want)
	case *kind.Format:
		return fmt.Sprintf("is not a valid %s", k.Want)
	case *kind.Enum:
		return "is not one of the allowed values"
	case *kind.Const:
		return "is not the allowed value"
	case *kind.Minimum:
		return fmt.Sprintf("must be greater than or equal to %s", k.Want.Num())
	case *kind.Maximum:
		return fmt.Sprintf("must be less than or equal to %s", k.Want.Num())
	}
	return e.ErrorKind.LocalizedString(p)
}

// allSchemaViolations replaces compose-go's one schema error for a file
// ("validating compose.yaml: services.web.x ...") by every violation in
// that file, sorted, so that runs agree and nothing is left for later.
func (l *loadState) allSchemaViolations(msgs []string) []string {
	var out []string
	for _, msg := range msgs {
		rest, ok := strings.CutPrefix(msg, "validating ")
		var file *yfile
		if ok {
			for _, f := range l.order {
				if strings.HasPrefix(rest, f.abs+":") || strings.HasPrefix(rest, f.src.Path+":") || strings.HasPrefix(rest, filepath.Base(f.abs)+":") {
					file = f
					break
				}
			}
		}
		var vs []schemaViolation
		if file != nil {
			vs = schemaViolations(file)
		}
		if len(vs) == 0 {
			out = append(out, msg)
			continue
		}
		name, _, _ := strings.Cut(rest, ":")
		for _, v := range vs {
			out = append(out, fmt.Sprintf("validating %s: %s %s", name, v.path, v.msg))
		}
	}
	return out
}

// loadModel builds the merged model with compose-go, unvalidated. The
// files are only checked against the schema afterwards (compose-go's
// errors that come before its validation, such as an unset required
// variable, are reported first, as compose-go does), so compose-go may
// meet a file that breaks the schema: a panic there is the schema
// violation's doing, and reported as that violation.
func (l *loadState) loadModel(cd types.ConfigDetails) (dict map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			if serr := l.schemaError(); serr != nil {
				dict, err = nil, serr
				return
			}
			panic(r)
		}
	}()
	return loader.LoadModelWithContext(l.ctx, cd, l.options(false))
}

// schemaError checks the files compose-go would validate (the main and
// override files as handed to it, and the files they include), in
// compose-go's order, and words the first violation as compose-go does
// ("validating FILE: PATH MESSAGE"; errorProblem then reports every
// violation of that file). nil when they all follow the schema.
func (l *loadState) schemaError() error {
	var walk func(set *fileSet) error
	walk = func(set *fileSet) error {
		if !l.skipInclude {
			for _, sub := range set.includes {
				if err := walk(sub); err != nil {
					return err
				}
			}
		}
		for _, f := range set.files {
			if f.v1 {
				continue
			}
			for _, d := range f.docs {
				if set == l.top && len(l.cut) > 0 {
					d = pruned(d, l.cut, 0)
				}
				if vs := docViolations(d, f.env); len(vs) > 0 {
					return fmt.Errorf("validating %s: %s %s", f.abs, vs[0].path, vs[0].msg)
				}
			}
		}
		return nil
	}
	if l.top == nil {
		return nil
	}
	return walk(l.top)
}

// modelError runs compose-go's semantic checks (mutually exclusive keys,
// host IP addresses...) on the merged model, as its loader does when it
// validates. The model follows the schema, which those checks assume; a
// panic is not taken for an error.
func modelError(dict map[string]any) (err error) {
	defer func() {
		if recover() != nil {
			err = nil
		}
	}()
	return validation.Validate(dict)
}

// extendsError checks the merged services that extend another against the
// schema of a service: what they take from their base was not checked
// with any file (compose-go validates the merged model of each file, an
// extends base's part included). Worded as compose-go words it, against
// the file that defines the service.
func (l *loadState) extendsError(dict map[string]any) error {
	if _, err := composeSpec(); err != nil || serviceSchema == nil {
		return nil
	}
	services, _ := dict["services"].(map[string]any)
	names := make([]string, 0, len(services))
	for name := range services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		def := l.extending(name)
		if def == nil {
			continue
		}
		if vs := violations(serviceSchema, services[name]); len(vs) > 0 {
			path := "services." + name
			if vs[0].path != "" {
				path += "." + vs[0].path
			}
			return fmt.Errorf("validating %s: %s %s", def.abs, path, vs[0].msg)
		}
	}
	return nil
}

// extending returns the main or override file that defines service name
// with an extends entry compose-go applied, or nil.
func (l *loadState) extending(name string) *yfile {
	if l.skipExtends || l.cutExtends[name] {
		return nil
	}
	for _, f := range l.top.files {
		for _, d := range f.docs {
			_, svcs := child(d, "services")
			_, svc := child(svcs, name)
			if k, _ := child(svc, "extends"); k != nil && !l.cut[k] {
				return f
			}
		}
	}
	return nil
}
