package format

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestJSONContent(t *testing.T) {
	out := render(t, "json", Options{}, fixture())
	var got struct {
		Version     int `json:"version"`
		Tool        map[string]string
		FilesLinted int `json:"files_linted"`
		Findings    []map[string]any
		Summary     map[string]int
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.FilesLinted != 5 {
		t.Errorf("version %d, files_linted %d", got.Version, got.FilesLinted)
	}
	if want := map[string]string{"name": "dockguard", "version": "1.2.3", "information_uri": "https://github.com/dockguard/dockguard"}; !reflect.DeepEqual(got.Tool, want) {
		t.Errorf("tool = %v", got.Tool)
	}
	if want := map[string]int{"errors": 3, "warnings": 2, "info": 1, "baselined": 0}; !reflect.DeepEqual(got.Summary, want) {
		t.Errorf("summary = %v", got.Summary)
	}
	fx := fixture().Findings
	if len(got.Findings) != len(fx) {
		t.Fatalf("%d findings, want %d", len(got.Findings), len(fx))
	}
	for i, f := range fx {
		g := got.Findings[i]
		want := map[string]any{
			"rule_id": f.RuleID, "rule_name": f.RuleName, "severity": f.Severity.String(),
			"path": f.Path, "message": f.Message, "fingerprint": f.Fingerprint,
			"line": float64(f.Range.Start.Line), "column": float64(f.Range.Start.Col),
			"end_line": float64(f.Range.End.Line), "end_column": float64(f.Range.End.Col),
		}
		if f.Subject != "" {
			want["subject"] = f.Subject
		}
		if f.Fix != nil {
			want["fix"] = map[string]any{"description": f.Fix.Description, "class": f.Fix.Class.String()}
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("finding %d:\n got %v\nwant %v", i, g, want)
		}
	}
}

func TestJSONEmpty(t *testing.T) {
	out := string(render(t, "json", Options{}, &Report{}))
	if !strings.Contains(out, `"findings": []`) || strings.Contains(out, "null") {
		t.Errorf("empty report:\n%s", out)
	}
	if !json.Valid([]byte(out)) {
		t.Error("invalid JSON")
	}
}
