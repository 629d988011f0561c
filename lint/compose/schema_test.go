package compose

import (
	"errors"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSchemaSkipsMetaschema pins how jsonschema v6 decides to skip the
// metaschema check, which composeSpec relies on for speed (about 10 ms
// per process): a schema added under specURL's host is compiled without
// it, one added under any other address is checked. If an upgrade of
// jsonschema changes that, this test fails: compile the Compose schema
// another way (or accept the cost) before taking the upgrade.
func TestSchemaSkipsMetaschema(t *testing.T) {
	// Invalid against the metaschema (minLength must be a non-negative
	// integer) but compilable.
	const bad = `{"type": "string", "minLength": -1}`
	compile := func(url string) error {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource(url, doc); err != nil {
			t.Fatalf("AddResource(%s): %v", url, err)
		}
		_, err = c.Compile(url)
		return err
	}
	host := specURL[:strings.Index(specURL, "/dockguard/")] + "/dockguard/bad.json"
	if err := compile(host); err != nil {
		t.Fatalf("jsonschema checked a schema under %s against the metaschema (%v): "+
			"composeSpec no longer skips that check, and every compose run pays for it", host, err)
	}
	var sv *jsonschema.SchemaValidationError
	if err := compile("mem://dockguard/bad.json"); !errors.As(err, &sv) {
		t.Fatalf("jsonschema no longer checks schemas against the metaschema (err %v): "+
			"revisit specURL in schema.go", err)
	}
	// The real schema compiles under specURL, the service definition too.
	if sch, err := composeSpec(); err != nil || sch == nil {
		t.Fatalf("composeSpec: %v", err)
	}
	if serviceSchema == nil {
		t.Fatal("the Compose schema has no #/$defs/service: extends bases are not checked (see extendsError)")
	}
}

// TestSchemaAgreesWithComposeGo: the schema compiled here accepts and
// rejects what compose-go's own validation does.
func TestSchemaAgreesWithComposeGo(t *testing.T) {
	docs := map[string]bool{ // document: valid
		`{"services": {"web": {"image": "nginx"}}}`:                                       true,
		`{"services": {"web": {"image": "nginx", "privilegd": true}}}`:                    false,
		`{"services": {"web": {"image": "nginx", "ports": ["8080:80", {"target": 80}]}}}`: true,
		`{"services": {"web": {"privileged": [1]}}}`:                                      false,
		`{"services": {"web": {"healthcheck": {"interval": "10s"}}}}`:                     true,
		`{"services": {"web": {"healthcheck": {"interval": "ten"}}}}`:                     true, // format is not asserted (draft 2020-12)
		`{"services": {"web": {"container_name": "-x"}}}`:                                 false,
		`{"foo": 1}`:                   false,
		`{"x-foo": 1, "version": "3"}`: true,
	}
	sch, err := composeSpec()
	if err != nil {
		t.Fatal(err)
	}
	for doc, valid := range docs {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		ours := sch.Validate(inst) == nil
		m := inst.(map[string]any)
		theirs := schema.Validate(m) == nil
		if ours != valid || theirs != valid {
			t.Errorf("%s: dockguard valid=%v, compose-go valid=%v, want %v", doc, ours, theirs, valid)
		}
	}
}
