// Command sarifcheck validates SARIF files against the official SARIF
// 2.1.0 schema (the copy under lint/format/testdata) and checks the
// properties GitHub code scanning needs. It exits 1 on any problem.
//
//	go run ./scripts/sarifcheck FILE...
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func main() {
	_, self, _, _ := runtime.Caller(0)
	schemaPath := filepath.Join(filepath.Dir(self), "..", "..", "lint", "format", "testdata", "sarif-schema-2.1.0.json")
	schemaData, err := os.ReadFile(schemaPath)
	if err != nil {
		fail("reading schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaData))
	if err != nil {
		fail("schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		fail("schema: %v", err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		fail("schema: %v", err)
	}
	bad := 0
	for _, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			fail("%v", err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			fmt.Printf("%s: not JSON: %v\n", path, err)
			bad++
			continue
		}
		if err := sch.Validate(inst); err != nil {
			fmt.Printf("%s: schema: %v\n", path, err)
			bad++
		}
		for _, p := range githubChecks(data) {
			fmt.Printf("%s: %s\n", path, p)
			bad++
		}
		if bad == 0 {
			fmt.Printf("%s: valid SARIF 2.1.0\n", path)
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
}

// githubChecks are code scanning's requirements beyond the schema.
func githubChecks(data []byte) []string {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string `json:"id"`
						FullDescription  *struct{ Text string }
						ShortDescription *struct{ Text string }
						Help             *struct{ Text, Markdown string }
						Properties       map[string]any
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           *int              `json:"ruleIndex"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct {
							StartLine, StartColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	var problems []string
	if err := json.Unmarshal(data, &log); err != nil {
		return []string{err.Error()}
	}
	if bytes.Contains(data, []byte(": -1")) {
		problems = append(problems, "contains a -1 placeholder")
	}
	for _, run := range log.Runs {
		rules := run.Tool.Driver.Rules
		for _, r := range rules {
			if r.FullDescription == nil || r.FullDescription.Text == "" || r.ShortDescription == nil || r.Help == nil || r.Help.Markdown == "" {
				problems = append(problems, fmt.Sprintf("rule %s lacks descriptions or help", r.ID))
			}
			// Security rules (tagged "security") carry a security-severity
			// for code scanning; the others (correctness, hygiene, style)
			// must not, or they are shown as security alerts.
			sev, hasSev := r.Properties["security-severity"]
			_, isString := sev.(string)
			switch security := hasTag(r.Properties["tags"], "security"); {
			case security && !isString:
				problems = append(problems, fmt.Sprintf("rule %s is tagged security but lacks a security-severity string", r.ID))
			case !security && hasSev:
				problems = append(problems, fmt.Sprintf("rule %s has a security-severity but no security tag", r.ID))
			}
		}
		for i, res := range run.Results {
			if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
				problems = append(problems, fmt.Sprintf("result %d: ruleIndex does not point at %s", i, res.RuleID))
			}
			if len(res.PartialFingerprints) == 0 {
				problems = append(problems, fmt.Sprintf("result %d: no partialFingerprints", i))
			}
			if len(res.Locations) == 0 {
				problems = append(problems, fmt.Sprintf("result %d: no location", i))
				continue
			}
			loc := res.Locations[0].PhysicalLocation
			if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 || loc.ArtifactLocation.URI == "" {
				problems = append(problems, fmt.Sprintf("result %d: bad location %+v", i, loc))
			}
		}
	}
	return problems
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sarifcheck: "+format+"\n", args...)
	os.Exit(2)
}

// hasTag reports whether a SARIF tags property (a JSON array) holds tag.
func hasTag(tags any, tag string) bool {
	list, _ := tags.([]any)
	for _, t := range list {
		if s, _ := t.(string); s == tag {
			return true
		}
	}
	return false
}
