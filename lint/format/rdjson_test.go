package format

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// decodedRD is an rdjson report read back, with its streamed diagnostics typed.
type decodedRD struct {
	rdReport
	Diagnostics []rdDiagnostic `json:"diagnostics"` // shadows rdReport.Diagnostics (any)
}

func decodeRDJSON(t *testing.T, out []byte) decodedRD {
	t.Helper()
	var got decodedRD
	dec := json.NewDecoder(strings.NewReader(string(out)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRDJSONContent(t *testing.T) {
	got := decodeRDJSON(t, render(t, "rdjson", Options{}, fixture()))
	if got.Source != (rdSource{Name: "dockguard", URL: "https://github.com/dockguard/dockguard"}) || len(got.Diagnostics) != 6 {
		t.Fatalf("report = %+v", got)
	}
	d := got.Diagnostics[1]
	want := rdDiagnostic{
		Message:     `base image "alpine" has no tag or digest`,
		Location:    rdLocation{Path: "deploy/Dockerfile", Range: rdRange{Start: rdPos{3, 6}, End: rdPos{3, 12}}},
		Severity:    "WARNING",
		Code:        rdCode{Value: "DF004", URL: finding.DocsBaseURL + "DF004.md"},
		Suggestions: []rdSuggestion{{Range: rdRange{Start: rdPos{3, 6}, End: rdPos{3, 12}}, Text: "alpine:3.20"}},
		RelatedLocations: []rdRelated{{
			Message:  `service "web" builds this stage`,
			Location: rdLocation{Path: "compose.yaml", Range: rdRange{Start: rdPos{4, 5}, End: rdPos{4, 10}}},
		}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("diagnostic = %+v\nwant %+v", d, want)
	}
	if d := got.Diagnostics[4]; d.Message != hostileMsg || d.Location.Path != hostilePath || d.Location.Range != (rdRange{rdPos{2, 0}, rdPos{2, 0}}) || d.Severity != "ERROR" {
		t.Errorf("hostile = %+v", d)
	}
	if got.Diagnostics[2].Severity != "INFO" {
		t.Errorf("info = %+v", got.Diagnostics[2])
	}
	if empty := decodeRDJSON(t, render(t, "rdjson", Options{}, emptyReport())); empty.Diagnostics == nil || len(empty.Diagnostics) != 0 {
		t.Errorf("empty = %+v", empty)
	}
}

// With the file content, rune columns become the UTF-8 byte columns
// reviewdog expects.
func TestRDJSONByteColumns(t *testing.T) {
	file := source.NewFile("Dockerfile", []byte("FROM alpine\nLABEL a=\"café ✓\" b=x\n"))
	calls := 0
	r := &Report{
		Findings: []finding.Finding{
			{RuleID: "DF001", Path: "Dockerfile", Range: source.Range{Start: source.Pos{Line: 2, Col: 17}, End: source.Pos{Line: 2, Col: 20}}},
			{RuleID: "DF001", Path: "Dockerfile", Range: source.Range{Start: source.Pos{Line: 1, Col: 6}, End: source.Pos{Line: 1, Col: 12}}},
		},
		Sources: func(p string) *source.File {
			calls++
			if p == "Dockerfile" {
				return file
			}
			return nil
		},
	}
	got := decodeRDJSON(t, render(t, "rdjson", Options{}, r))
	// "b=x" starts at rune 17 = byte 20 ("é" and "✓" take 2 and 3 bytes).
	if rg := got.Diagnostics[0].Location.Range; rg != (rdRange{rdPos{2, 20}, rdPos{2, 23}}) {
		t.Errorf("range = %+v", rg)
	}
	if rg := got.Diagnostics[1].Location.Range; rg != (rdRange{rdPos{1, 6}, rdPos{1, 12}}) {
		t.Errorf("ascii range = %+v", rg)
	}
	if calls != 1 {
		t.Errorf("Sources called %d times, want once per file", calls)
	}
}
