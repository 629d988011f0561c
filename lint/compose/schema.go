package compose

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// compose-go's schema check stops at one violation, chosen by Go's map
// order: with two bad services, runs disagree on which is reported. When
// it fails, the file is checked again here, against the same schema
// (compose-go's embedded copy), and every violation is reported, sorted.
var (
	specOnce   sync.Once
	specSchema *jsonschema.Schema
	specErr    error
)

func composeSpec() (*jsonschema.Schema, error) {
	specOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
		if err != nil {
			specErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if specErr = c.AddResource("compose-spec.json", doc); specErr != nil {
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
		specSchema, specErr = c.Compile("compose-spec.json")
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
	sch, err := composeSpec()
	if err != nil || len(f.docs) == 0 || f.docs[0] == nil {
		return nil
	}
	var v any
	if err := f.docs[0].Decode(&v); err != nil {
		return nil
	}
	v = interpolated(v, f.env)
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		return nil
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
